"""Measure the engine on seeded synthetic data and print a table against the targets.

    python benchmarks/run.py            # 10k applications end to end, 100k for memory
    python benchmarks/run.py --quick    # smaller, for a fast look

Numbers: applications per second end to end (`followup plan` as a subprocess), in-process
through durable_rules (matching only, and the whole plan per application) and through the
plain-Python reference evaluator in the same run; peak memory when streaming 10k and 100k
applications; start-up of `followup --help` against bare `python -c pass`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import generate, iter_applications, write_document  # noqa: E402

AS_OF = "2026-11-15T09:00"
SEED = 1

_STREAM_SCRIPT = """
import resource, sys
sys.path.insert(0, {here!r})
from synth import iter_applications
from followup.api import PolicyChooser, plan_application
from followup.clock import parse_as_of
from followup.events import parse_events
from followup.source import Document

as_of = parse_as_of({as_of!r}, "Europe/London")
chooser = PolicyChooser()
count = 0
for raw in iter_applications({n}, {seed}):
    doc = Document("stream", {{"candidate": {{"name": "C", "timezone": "Europe/London"}},
                               "applications": [raw]}}, "x", "")
    app = parse_events(doc).applications[0]
    count += len(plan_application(app, chooser.choose(app), as_of))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, count)
"""


def _best_of(runs: int, func: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def end_to_end(n: int, workdir: Path) -> float:
    path = workdir / f"apps-{n}.yaml"
    write_document(generate(n, SEED), path)
    cmd = [sys.executable, "-m", "followup", "plan", str(path), "--as-of", AS_OF,
           "--format", "json", "--max-input-size", "200"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return n / (time.perf_counter() - start)


def in_process(n: int) -> dict[str, float]:
    from followup.api import PolicyChooser, plan_application
    from followup.clock import parse_as_of
    from followup.engine.durable_engine import match_rules_durable
    from followup.engine.reference import match_rules_reference
    from followup.events import parse_events
    from followup.facts import derive_triggers
    from followup.source import Document

    doc = Document("bench", generate(n, SEED), "x", "")
    events = parse_events(doc)
    as_of = parse_as_of(AS_OF, events.candidate.timezone)
    chooser = PolicyChooser()
    pairs = [(app, chooser.choose(app)) for app in events.applications]
    triggers = [(derive_triggers(app, as_of), policy) for app, policy in pairs]
    out: dict[str, float] = {}
    for name, matcher in (("durable", match_rules_durable), ("reference", match_rules_reference)):
        def match_all(m: Any = matcher) -> None:
            for found, policy in triggers:
                m(policy, found)

        def plan_all(m: Any = matcher) -> None:
            for app, policy in pairs:
                plan_application(app, policy, as_of, m)

        out[f"{name}_match"] = n / _best_of(3, match_all)
        out[f"{name}_plan"] = n / _best_of(2, plan_all)
    return out


def streamed_memory_mb(n: int) -> float:
    script = _STREAM_SCRIPT.format(here=str(HERE), as_of=AS_OF, n=n, seed=SEED)
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    return int(result.stdout.split()[0]) / 1024  # ru_maxrss is in KiB on Linux


def startup(command: list[str], runs: int = 10) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description="followup benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--json", action="store_true", help="print the raw numbers as JSON")
    args = parser.parse_args()
    small, large = (2_000, 20_000) if args.quick else (10_000, 100_000)
    with tempfile.TemporaryDirectory() as tmp:
        e2e = end_to_end(small, Path(tmp))
    inproc = in_process(small)
    mem_small, mem_large = streamed_memory_mb(small), streamed_memory_mb(large)
    bare = startup([sys.executable, "-c", "pass"])
    helped = startup([sys.executable, "-m", "followup", "--help"])
    ratio = inproc["reference_match"] / inproc["durable_match"]
    rows = [
        ("end to end, `followup plan` (apps/s)", f"{e2e:,.0f}", "-", ""),
        ("in-process, durable_rules matching (apps/s/core)",
         f"{inproc['durable_match']:,.0f}", ">= 20,000",
         "PASS" if inproc["durable_match"] >= 20_000 else "MISS"),
        ("in-process, reference matching (apps/s/core)", f"{inproc['reference_match']:,.0f}", "-", ""),
        ("durable vs reference, matching (x slower)", f"{ratio:.2f}", "<= 15",
         "PASS" if ratio <= 15 else "MISS"),
        ("in-process, whole plan via durable (apps/s/core)", f"{inproc['durable_plan']:,.0f}", "-", ""),
        ("in-process, whole plan via reference (apps/s/core)", f"{inproc['reference_plan']:,.0f}", "-", ""),
        (f"peak memory streaming {small:,} apps (MB)", f"{mem_small:.0f}", "-", ""),
        (f"peak memory streaming {large:,} apps (MB)", f"{mem_large:.0f}", "-", ""),
        ("memory growth (MB)", f"{mem_large - mem_small:.1f}", "< 50",
         "PASS" if mem_large - mem_small < 50 else "MISS"),
        ("`followup --help` start-up (ms)", f"{helped * 1000:.0f}", "", ""),
        ("`python -c pass` start-up (ms)", f"{bare * 1000:.0f}", "", ""),
        ("start-up ratio (x)", f"{helped / bare:.1f}", "< 3", "PASS" if helped / bare < 3 else "MISS"),
    ]
    if args.json:
        print(json.dumps({"rows": rows}, indent=2))
        return
    print(f"{small:,} applications (seed {SEED}, as of {AS_OF})\n")
    print("| measure | value | target | |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
