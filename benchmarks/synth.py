"""Seeded synthetic events: realistic application histories for benchmarks and tests.

    python benchmarks/synth.py 10000 --seed 1 -o /tmp/apps.yaml

The same seed gives byte-identical output. Applications stream from `iter_applications`, so a
very large set never has to be held in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

INDUSTRIES = (
    "technology",
    "sales",
    "government",
    "academia",
    "non-profit",
    "healthcare",
    "finance",
    "retail",
    "insurance",
)
FORMATS = ("one_on_one", "panel", "phone", "video")
NAMES = (
    "Grace Hopper",
    "Alan Turing",
    "Katherine Johnson",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Donald Knuth",
    "Frances Allen",
    "John Backus",
)


def _stamp(moment: datetime, naive: bool) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return text if naive else text + "+00:00"


def _people(rng: random.Random, fmt: str) -> list[dict[str, Any]]:
    count = rng.randint(2, 4) if fmt == "panel" else rng.randint(1, 2)
    chosen = rng.sample(NAMES, count)
    people = [{"name": n, "email": n.split()[0].lower() + "@corp.example"} for n in chosen]
    if fmt == "panel" and rng.random() < 0.9:
        people[0]["lead"] = True
    return people


def _application(rng: random.Random, index: int, start: datetime) -> dict[str, Any]:
    naive = rng.random() < 0.5
    at = start + timedelta(days=rng.randint(0, 70), hours=rng.randint(0, 8))
    events: list[dict[str, Any]] = []
    rounds = rng.choice((1, 1, 2, 2, 3))
    for round_ in range(1, rounds + 1):
        fmt = rng.choice(FORMATS)
        interview: dict[str, Any] = {
            "type": "interview",
            "at": _stamp(at, naive),
            "round": round_,
            "format": fmt,
            "interviewers": _people(rng, fmt),
        }
        if rng.random() < 0.5:
            interview["decision_by"] = (at + timedelta(days=rng.randint(3, 14))).strftime(
                "%Y-%m-%d"
            )
        events.append(interview)
        if rng.random() < 0.6:
            sent = at + timedelta(hours=rng.randint(2, 72))
            events.append({"type": "thank_you_sent", "at": _stamp(sent, naive)})
        # Mostly one to three weeks between rounds; now and then a drawn-out process (G31).
        at += timedelta(days=rng.randint(7, 21) if rng.random() < 0.8 else rng.randint(45, 75))
    for _ in range(rng.choice((0, 0, 1, 2))):
        events.append({"type": "follow_up_sent", "at": _stamp(at, naive)})
        at += timedelta(days=rng.randint(5, 12))
    if rng.random() < 0.25:
        reply: dict[str, Any] = {"type": "response_received", "at": _stamp(at, naive)}
        if rng.random() < 0.5:
            reply["decision_by"] = (at + timedelta(days=7)).strftime("%Y-%m-%d")
        events.append(reply)
        at += timedelta(days=rng.randint(2, 10))
    ending = rng.random()
    if ending < 0.20:
        events.append({"type": "rejected", "at": _stamp(at, naive)})
    elif ending < 0.28:
        events.append({"type": "offer_received", "at": _stamp(at, naive)})
    elif ending < 0.31:
        events.append({"type": "withdrawn", "at": _stamp(at, naive)})
    rng.shuffle(events)  # files list events in any order
    app: dict[str, Any] = {
        "id": f"app-{index:06d}",
        "company": f"Company {index}",
        "role": "Engineer",
        "industry": rng.choice(INDUSTRIES),
        "events": events,
    }
    if rng.random() < 0.5:
        app["recruiter"] = {"name": "Sam Reed", "email": "sam@corp.example"}
    return app


def iter_applications(
    n: int, seed: int, *, start: str = "2026-09-01T09:00:00"
) -> Iterator[dict[str, Any]]:
    """`n` applications, generated one at a time from `seed`."""
    rng = random.Random(seed)
    origin = datetime.fromisoformat(start)
    for index in range(n):
        yield _application(rng, index, origin)


def generate(n: int, seed: int, *, timezone: str = "Europe/London") -> dict[str, Any]:
    """A whole events document."""
    return {
        "candidate": {"name": "Synthetic Candidate", "timezone": timezone},
        "applications": list(iter_applications(n, seed)),
    }


def write_document(document: dict[str, Any], path: Path) -> None:
    """Write YAML or JSON (by extension) atomically: a temp file in the same folder, renamed."""
    if path.suffix == ".json":
        text = json.dumps(document, indent=1)
    else:
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(document, Dumper=dumper, default_flow_style=False, sort_keys=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="how many applications")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write_document(generate(args.n, args.seed), args.output)


if __name__ == "__main__":
    main()
