"""Load `followup serve` on 127.0.0.1: N concurrent clients for S seconds, plus one client that
keeps sending malformed and oversized bodies; prints requests/s, p50/p99 latency and errors.

    python benchmarks/serve_load.py --clients 16 --seconds 10
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "api"))
from test_serve import AS_OF, TECH, Server  # a real uvicorn server on a free port


def _post(port: int, data: bytes) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/plan", data=data, method="POST",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as error:
        error.read()
        return int(error.code)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    body = json.dumps({"events": TECH, "as_of": AS_OF}).encode()
    latencies: list[float] = []
    errors: list[int] = []
    refused: dict[int, int] = {}
    lock = threading.Lock()
    with Server(Path("/dev/null")) as server:
        stop = time.perf_counter() + args.seconds

        def client() -> None:
            while time.perf_counter() < stop:
                start = time.perf_counter()
                code = _post(server.port, body)
                with lock:
                    (latencies.append(time.perf_counter() - start) if code == 200
                     else errors.append(code))  # fmt: skip

        def hostile() -> None:
            bad = [b'{"events": [', b"x" * (70 * 1024)]
            n = 0
            while time.perf_counter() < stop:
                code = _post(server.port, bad[n % 2])
                n += 1
                with lock:
                    refused[code] = refused.get(code, 0) + 1

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        threads.append(threading.Thread(target=hostile))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    print(f"clients {args.clients}, {args.seconds:g} s, /v1/plan on examples/tech-panel.yaml")
    print(f"requests/s {len(latencies) / args.seconds:.1f}")
    print(f"p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms")
    print(f"errors among good requests: {len(errors)}")
    print(f"hostile requests answered: {dict(sorted(refused.items()))}")


if __name__ == "__main__":
    main()
