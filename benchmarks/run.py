"""Measure followup on seeded synthetic data and print a table against the targets.

    python benchmarks/run.py             # 10k applications end to end, 10k and 100k for memory
    python benchmarks/run.py --quick     # 2k / 20k, for a fast look
    python benchmarks/run.py --profile   # also: where the in-process plan spends its time

What is measured (docs/performance.md explains the method and records the numbers):
- end to end: `python -m followup plan FILE --format json` as a subprocess on a file of N
  applications (start-up, reading and checking the YAML, planning, rendering), with `--jobs 1`
  and with one job per CPU; and where that time goes, phase by phase, in-process;
- in-process matching through durable_rules and through the plain-Python reference evaluator on
  the same triggers (facts derived beforehand), and the whole per-application plan with each;
- peak memory (VmHWM of a fresh process) while streaming N applications through
  `followup.api.iter_plan_applications`, keeping no plan;
- start-up: `python -m followup --help` against `python -c pass`, in rounds (the median of the
  rounds' own ratios, as `ratios.paired_rounds` takes them).
Timings are the best of a few runs (the least disturbed by other processes).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ratios  # noqa: E402
from synth import generate, write_document  # noqa: E402

AS_OF = "2026-11-15T09:00"
SEED = 1
TZ = "Europe/London"

TARGET_APPS_PER_S = 20_000
TARGET_RATIO = 15.0
TARGET_GROWTH_MB = 50.0
TARGET_STARTUP_RATIO = 3.0

_STREAM_SCRIPT = """
import resource, sys
sys.path.insert(0, {here!r})
from synth import iter_applications
from followup.api import iter_plan_applications
from followup.dates.reading import parse_as_of
from followup.events import parse_events
from followup.source import Document

def applications():
    for raw in iter_applications({n}, {seed}):
        document = {{"candidate": {{"name": "C", "timezone": {tz!r}}}, "applications": [raw]}}
        yield parse_events(Document("stream", document, "", "")).applications[0]

count = 0
for planned in iter_plan_applications(applications(), as_of=parse_as_of({as_of!r}, {tz!r})):
    count += len(planned.actions)
try:  # the peak of this process's own memory (ru_maxrss would include the parent's at fork)
    with open("/proc/self/status") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kib = kib // 1024 if sys.platform == "darwin" else kib
print(kib, count)
"""


def best_of(runs: int, func: Callable[[], object]) -> float:
    """The shortest of `runs` timings, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def end_to_end(path: Path, n: int, jobs: int, runs: int) -> float:
    """Applications per second of `followup plan` as a subprocess."""
    cmd = [
        *(sys.executable, "-m", "followup", "plan", str(path), "--as-of", AS_OF),
        *("--format", "json", "--max-input-size", "1000", "--jobs", str(jobs)),
    ]
    return n / best_of(runs, lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL))


def split_into_files(document: dict[str, Any], folder: Path, count: int) -> Path:
    """The same applications in `count` files of one folder (as a career centre might keep)."""
    folder.mkdir()
    apps = document["applications"]
    size = -(-len(apps) // count)
    for k in range(count):
        part = {**document, "applications": apps[k * size : (k + 1) * size]}
        write_document(part, folder / f"part-{k}.yaml")
    return folder


def phases(path: Path, runs: int) -> dict[str, float]:
    """Seconds per phase of one `followup plan` run, in-process."""
    from followup.api import plan
    from followup.dates.reading import parse_as_of
    from followup.events import parse_events
    from followup.render.json_render import render_json_files
    from followup.render.text_render import render_text
    from followup.source import load_document

    out: dict[str, float] = {}
    doc = load_document(path, max_bytes=10**10)
    out["read YAML (positions only on a problem)"] = best_of(
        runs, lambda: load_document(path, max_bytes=10**10)
    )
    events = parse_events(doc)
    out["check events"] = best_of(runs, lambda: parse_events(doc))
    as_of = parse_as_of(AS_OF, TZ)
    result = plan(events, as_of=as_of)
    out["plan (facts, durable_rules, actions)"] = best_of(runs, lambda: plan(events, as_of=as_of))
    out["render JSON"] = best_of(runs, lambda: render_json_files([result]))
    out["render text"] = best_of(runs, lambda: render_text(result))
    return out


def in_process(n: int, runs: int) -> dict[str, float]:
    """Applications per second in-process: matching only, and the whole per-application plan."""
    from followup.dates.reading import parse_as_of
    from followup.engine.durable_engine import match_rules_durable
    from followup.engine.reference import match_rules_reference
    from followup.events import parse_events
    from followup.facts import derive_triggers
    from followup.planner import PolicyChooser, plan_application
    from followup.source import Document

    events = parse_events(Document("bench", generate(n, SEED), "", ""))
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

        out[f"{name}_match"] = n / best_of(runs, match_all)
        out[f"{name}_plan"] = n / best_of(max(1, runs - 1), plan_all)
    out["derive_facts"] = n / best_of(
        runs, lambda: [derive_triggers(app, as_of) for app, _ in pairs]
    )
    return out


def profile_plan(n: int, top: int = 25) -> str:
    """cProfile of planning `n` applications in-process (after loading), by own time."""
    from followup.api import plan
    from followup.dates.reading import parse_as_of
    from followup.events import parse_events
    from followup.source import Document

    events = parse_events(Document("bench", generate(n, SEED), "", ""))
    as_of = parse_as_of(AS_OF, TZ)
    plan(events, as_of=as_of)  # warm: rulesets, caches
    profiler = cProfile.Profile()
    profiler.runcall(plan, events, as_of=as_of)
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(top)
    return buffer.getvalue()


def streamed_memory_mb(n: int) -> float:
    """Peak resident memory (MB) of a fresh process streaming `n` applications."""
    script = _STREAM_SCRIPT.format(here=str(HERE), as_of=AS_OF, n=n, seed=SEED, tz=TZ)
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    return int(result.stdout.split()[0]) / 1024


def calibrate(runs: int) -> float:
    """Seconds for a fixed pure-Python loop (10 million additions): how fast this machine runs
    Python, so that numbers taken on different machines can be compared."""

    def loop() -> None:
        total = 0
        for i in range(10_000_000):
            total += i

    return best_of(runs, loop)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description="followup benchmarks")
    parser.add_argument("--quick", action="store_true", help="2k / 20k applications")
    parser.add_argument("--runs", type=int, default=3, help="timings per measure (best kept)")
    parser.add_argument("--json", action="store_true", help="print the raw numbers as JSON")
    parser.add_argument("--profile", action="store_true", help="also profile the plan")
    parser.add_argument(
        "--ratios", action="store_true", help="only issue 15's ratios against the floor"
    )
    args = parser.parse_args()
    sizes = (300, 3_000)
    rss_size = 3_000 if args.quick else 10_000  # the most one events file may hold
    if args.ratios:
        found = ratios.measure(sizes, rss_size, args.runs, AS_OF, SEED)
        match_rate = in_process(sizes[1], args.runs)["durable_match"]
        if args.json:
            print(json.dumps({**found, "durable_match": match_rate}, indent=2))
        else:
            print(ratios.render(found, match_rate))
        return
    small, large = (2_000, 20_000) if args.quick else (10_000, 100_000)
    cpus = os.cpu_count() or 1
    raw: dict[str, Any] = {"applications": small, "seed": SEED, "as_of": AS_OF, "cpus": cpus}
    raw["calibration_s"] = calibrate(args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"apps-{small}.yaml"
        write_document(generate(small, SEED), path)
        raw["file_mb"] = path.stat().st_size / 1024 / 1024
        raw["e2e"] = end_to_end(path, small, 1, args.runs)
        raw["e2e_jobs"] = end_to_end(path, small, cpus, args.runs) if cpus > 1 else None
        parts = split_into_files(generate(small, SEED), Path(tmp) / "parts", 4)
        raw["e2e_files"] = end_to_end(parts, small, 1, args.runs)
        raw["e2e_files_jobs"] = end_to_end(parts, small, cpus, args.runs) if cpus > 1 else None
        raw["phases"] = phases(path, args.runs)
    raw.update(in_process(small, args.runs))
    raw["ratios"] = ratios.measure(sizes, rss_size, args.runs, AS_OF, SEED)
    raw["mem_small"], raw["mem_large"] = streamed_memory_mb(small), streamed_memory_mb(large)
    with tempfile.TemporaryDirectory() as cache:
        python = sys.executable
        commands = {
            "bare": [python, "-c", "pass"],
            "click": [python, "-c", "import click"],
            "help": [python, "-m", "followup", "--help"],
        }
        pairs = {"help_over_bare": ("help", "bare")}  # wall medians and the rounds' own ratio
        env = ratios.cached_bytecode_env(cache)
        raw |= ratios.paired_rounds(commands, pairs, ratios.STARTUP_ROUNDS, env, wall=True)
    if args.json:
        print(json.dumps(raw, indent=2))
        return
    print(ratios.render(raw["ratios"], raw["durable_match"]))
    print(render(raw, small, large))
    if args.profile:
        print(profile_plan(min(small, 2_000)))


def render(raw: dict[str, Any], small: int, large: int) -> str:
    ratio = raw["reference_match"] / raw["durable_match"]
    plan_ratio = raw["reference_plan"] / raw["durable_plan"]
    growth = raw["mem_large"] - raw["mem_small"]
    start_ratio = raw.get("help_over_bare", raw["help"] / raw["bare"])  # older raw: no rounds
    rows = [
        (f"end to end, `followup plan` on {small:,} apps (apps/s)", f"{raw['e2e']:,.0f}", "", ""),
    ]
    if raw["e2e_jobs"] is not None:
        label = f"end to end, `--jobs {raw['cpus']}` (apps/s)"
        rows.append((label, f"{raw['e2e_jobs']:,.0f}", "", ""))
    rows.append(("end to end, the same in 4 files (apps/s)", f"{raw['e2e_files']:,.0f}", "", ""))
    if raw["e2e_files_jobs"] is not None:
        label = f"end to end, 4 files, `--jobs {raw['cpus']}` (apps/s)"
        rows.append((label, f"{raw['e2e_files_jobs']:,.0f}", "", ""))
    rows += [
        (
            "in-process, matching through durable_rules (apps/s/core)",
            f"{raw['durable_match']:,.0f}",
            f">= {TARGET_APPS_PER_S:,}",
            verdict(raw["durable_match"] >= TARGET_APPS_PER_S),
        ),
        (
            "in-process, matching through the reference evaluator (apps/s/core)",
            f"{raw['reference_match']:,.0f}",
            "",
            "",
        ),
        (
            "durable_rules vs reference, matching (x slower)",
            f"{ratio:.2f}",
            f"<= {TARGET_RATIO:g}",
            verdict(ratio <= TARGET_RATIO),
        ),
        (
            "in-process, whole plan via durable_rules (apps/s/core)",
            f"{raw['durable_plan']:,.0f}",
            "",
            "",
        ),
        (
            "in-process, whole plan via reference (apps/s/core)",
            f"{raw['reference_plan']:,.0f}",
            "",
            "",
        ),
        ("durable_rules vs reference, whole plan (x slower)", f"{plan_ratio:.2f}", "", ""),
        (f"peak memory streaming {small:,} apps (MB)", f"{raw['mem_small']:.0f}", "", ""),
        (f"peak memory streaming {large:,} apps (MB)", f"{raw['mem_large']:.0f}", "", ""),
        (
            f"memory growth {small:,} -> {large:,} (MB)",
            f"{growth:.1f}",
            f"< {TARGET_GROWTH_MB:g}",
            verdict(growth < TARGET_GROWTH_MB),
        ),
        ("`followup --help` start-up, median (ms)", f"{raw['help'] * 1000:.0f}", "", ""),
        ("`python -c pass` start-up, median (ms)", f"{raw['bare'] * 1000:.0f}", "", ""),
        ("`python -c 'import click'` alone, median (ms)", f"{raw['click'] * 1000:.0f}", "", ""),
        (
            "start-up ratio (x)",
            f"{start_ratio:.2f}",
            f"< {TARGET_STARTUP_RATIO:g}",
            verdict(start_ratio < TARGET_STARTUP_RATIO),
        ),
    ]
    lines = [
        f"{small:,} applications (seed {SEED}, {raw['file_mb']:.1f} MB of YAML, as of {AS_OF}), "
        f"{raw['cpus']} CPU(s), Python {sys.version.split()[0]}; this machine runs a pure-Python "
        f"loop of 10 million additions in {raw['calibration_s']:.2f} s",
        "",
        "| measure | value | target | |",
        "|---|---|---|---|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        f"Where one `followup plan` run on {small:,} applications spends its time (in-process):",
        "",
        "| phase | seconds | apps/s |",
        "|---|---|---|",
        *(f"| {name} | {secs:.2f} | {small / secs:,.0f} |" for name, secs in raw["phases"].items()),
        f"| deriving facts alone (part of the plan) | {small / raw['derive_facts']:.2f} "
        f"| {raw['derive_facts']:,.0f} |",
        f"| matching through durable_rules alone (part of the plan) "
        f"| {small / raw['durable_match']:.2f} | {raw['durable_match']:,.0f} |",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
