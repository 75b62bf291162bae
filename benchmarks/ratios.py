"""Issue 15's ratios: `followup plan` against the plain-Python floor (`floor.py`), measured side
by side in one run, so that the machine's speed cancels out.

- **end to end**: the marginal rate of `followup plan FILE.json --format json` (a run of the
  large file minus a run of the small one, so start-up cancels out) over the floor's on the
  same files; and the same with the YAML copy of the file (YAML in) against the same floor;
- **start-up**: `followup --help` over `python -c "import click"`, and a plan of a
  one-application file over `python -c "import click, yaml, pendulum, durable.engine"`;
- **memory**: peak RSS of `followup plan --format json` over the floor's, on the same file;
- **`--jobs`**: `--jobs 2` over `--jobs 1` on one large file (wall time).

Times are the CPU time (user + system) of each child process: this machine is shared, and CPU
time is what other processes disturb least. The end-to-end ratios are taken in rounds: each
round runs the floor, the JSON plan and the YAML plan on the large file and the small one, one
after another, and gives its own ratios; the medians of the rounds are printed. Measured in
blocks (the floor's best of three, then the plan's), the ratio moved from 4x to 12x between
runs of one install: the machine's speed changed between the blocks, and the floor's marginal
time (about 0.1 s) is as small as a process start-up's own noise. `--jobs` is timed by the wall
clock, since that is what more processes buy. Peak RSS is the child's own `ru_maxrss` (wait4),
started from a small launcher process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FLOOR = HERE / "floor.py"

TARGET_E2E = 6.0  # followup at least 1/6 of the floor's rate
TARGET_YAML = 10.0
TARGET_HELP = 1.25
TARGET_ONE_APP = 1.5
TARGET_RSS = 3.0
LIBRARIES = "import click, yaml, pendulum, durable.engine"


@dataclass(frozen=True)
class Cost:
    cpu: float  # seconds, user + system
    wall: float
    rss_mb: float


def run_child(command: list[str], env: dict[str, str] | None = None) -> Cost:
    """Run `command` (output discarded) and return its own CPU time, wall time and peak RSS."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, command)
    return Cost(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


_RSS_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
print(os.wait4(child.pid, 0)[2].ru_maxrss)
"""


def peak_rss_mb(command: list[str]) -> float:
    """Peak RSS (MB) of `command`, started from a small launcher: Linux keeps a process's
    high-water mark across exec, so a child forked from this (large) process would report this
    process's size."""
    found = subprocess.run(
        [sys.executable, "-c", _RSS_LAUNCHER, *command], check=True, capture_output=True
    )
    return int(found.stdout) / 1024


def best(command: list[str], runs: int, env: dict[str, str] | None = None) -> Cost:
    costs = [run_child(command, env) for _ in range(runs)]
    return Cost(min(c.cpu for c in costs), min(c.wall for c in costs), min(c.rss_mb for c in costs))


def median_cpu(command: list[str], runs: int, env: dict[str, str]) -> float:
    run_child(command, env)  # warm: writes the bytecode cache
    return statistics.median(run_child(command, env).cpu for _ in range(runs))


def plan_command(path: Path, as_of: str, *extra: str) -> list[str]:
    return [
        *(sys.executable, "-m", "followup", "plan", str(path), "--as-of", as_of),
        *("--format", "json", "--max-input-size", "1000", *extra),
    ]


def floor_command(path: Path) -> list[str]:
    return [sys.executable, str(FLOOR), str(path)]


def rounds_of_marginals(
    commands: dict[str, tuple[list[str], list[str]]], rounds: int
) -> dict[str, list[float]]:
    """Each command's marginal CPU seconds (its large run minus its small run) in each round;
    every round runs every command once, one after another, so the commands of one round share
    the machine's speed of the moment."""
    found: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (large, small) in commands.items():
            found[name].append(max(run_child(large).cpu - run_child(small).cpu, 1e-9))
    return found


def end_to_end(
    floor: tuple[list[str], list[str]],
    plans: dict[str, tuple[list[str], list[str]]],
    apps: int,
    rounds: int,
) -> dict[str, float]:
    """The floor's and each plan's marginal rate (applications per CPU second; medians of the
    rounds) and each plan's ratio to the floor (`NAME_ratio`: the median of the rounds' own
    ratios)."""
    marginals = rounds_of_marginals({"floor": floor, **plans}, rounds)
    out = {"floor_rate": apps / statistics.median(marginals["floor"])}
    for name in plans:
        pairs = zip(marginals[name], marginals["floor"], strict=True)
        out[f"{name}_rate"] = apps / statistics.median(marginals[name])
        out[f"{name}_ratio"] = statistics.median(mine / floor for mine, floor in pairs)
    out["rounds"] = rounds
    return out


def measure(
    sizes: tuple[int, int], rss_size: int, runs: int, as_of: str, seed: int
) -> dict[str, Any]:
    from synth import generate, write_document

    small_n, large_n = sizes
    out: dict[str, Any] = {"sizes": sizes, "rss_size": rss_size}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files: dict[tuple[int, str], Path] = {}
        for n in {small_n, large_n, rss_size, 1}:
            document = generate(n, seed)
            for suffix in ("json", "yaml"):
                files[n, suffix] = folder / f"apps-{n}.{suffix}"
                write_document(document, files[n, suffix])
        extra = large_n - small_n
        small_json, large_json = files[small_n, "json"], files[large_n, "json"]
        small_yaml, large_yaml = files[small_n, "yaml"], files[large_n, "yaml"]
        out |= end_to_end(
            (floor_command(large_json), floor_command(small_json)),
            {
                "json": (plan_command(large_json, as_of), plan_command(small_json, as_of)),
                "yaml": (plan_command(large_yaml, as_of), plan_command(small_yaml, as_of)),
            },
            extra,
            3 * max(runs, 1),
        )
        rss_file = files[rss_size, "json"]
        out["rss_followup_mb"] = peak_rss_mb(plan_command(rss_file, as_of))
        out["rss_floor_mb"] = peak_rss_mb(floor_command(rss_file))
        jobs_file = files[large_n, "json"]
        out["jobs1_wall"] = best(plan_command(jobs_file, as_of, "--jobs", "1"), runs).wall
        out["jobs2_wall"] = best(plan_command(jobs_file, as_of, "--jobs", "2"), runs).wall
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            python = sys.executable
            out["click_cpu"] = median_cpu([python, "-c", "import click"], 21, env)
            out["help_cpu"] = median_cpu([python, "-m", "followup", "--help"], 21, env)
            out["libraries_cpu"] = median_cpu([python, "-c", LIBRARIES], 21, env)
            out["one_app_cpu"] = median_cpu(plan_command(files[1, "json"], as_of), 21, env)
    return out


def engine_share(raw: dict[str, Any], durable_match_rate: float | None) -> float | None:
    """The share of `followup plan`'s marginal time spent matching in durable_rules."""
    if not durable_match_rate:
        return None
    return raw["json_rate"] / durable_match_rate


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def render(raw: dict[str, Any], durable_match_rate: float | None = None) -> str:
    small_n, large_n = raw["sizes"]
    floor = raw["floor_rate"]
    e2e = raw.get("json_ratio", floor / raw["json_rate"])  # older raw numbers have no ratios
    yaml_in = raw.get("yaml_ratio", floor / raw["yaml_rate"])
    help_ratio = raw["help_cpu"] / raw["click_cpu"]
    one_app = raw["one_app_cpu"] / raw["libraries_cpu"]
    rss = raw["rss_followup_mb"] / raw["rss_floor_mb"]
    jobs = raw["jobs2_wall"] / raw["jobs1_wall"]
    share = engine_share(raw, durable_match_rate)
    rows = [
        ("floor (`benchmarks/floor.py`), marginal (apps/CPU s)", f"{floor:,.0f}", "", ""),
        ("`followup plan` JSON in, JSON out, marginal (apps/CPU s)", f"{raw['json_rate']:,.0f}"),
        ("`followup plan` YAML in, JSON out, marginal (apps/CPU s)", f"{raw['yaml_rate']:,.0f}"),
        (
            "end to end, JSON in: x slower than the floor",
            f"{e2e:.1f}",
            f"<= {TARGET_E2E:g}",
            verdict(e2e <= TARGET_E2E),
        ),
        (
            "end to end, YAML in: x slower than the floor",
            f"{yaml_in:.1f}",
            f"<= {TARGET_YAML:g}",
            verdict(yaml_in <= TARGET_YAML),
        ),
    ]
    if share is not None:
        rows.append(
            ("durable_rules matching, share of the plan's marginal time", f"{share:.0%}", "", "")
        )
    rows += [
        (
            "`followup --help` / `python -c 'import click'` (CPU)",
            f"{help_ratio:.2f}",
            f"<= {TARGET_HELP:g}",
            verdict(help_ratio <= TARGET_HELP),
        ),
        (
            f"one-application plan / `python -c '{LIBRARIES}'` (CPU)",
            f"{one_app:.2f}",
            f"<= {TARGET_ONE_APP:g}",
            verdict(one_app <= TARGET_ONE_APP),
        ),
        (
            f"peak RSS, `plan --format json` on {raw['rss_size']:,} apps (MB)",
            f"{raw['rss_followup_mb']:.0f}",
            "",
            "",
        ),
        ("peak RSS, floor on the same file (MB)", f"{raw['rss_floor_mb']:.0f}", "", ""),
        ("peak RSS ratio", f"{rss:.1f}", f"<= {TARGET_RSS:g}", verdict(rss <= TARGET_RSS)),
        (
            f"`--jobs 2` / `--jobs 1` on one file of {large_n:,} apps (wall)",
            f"{jobs:.2f}",
            "<= 1",
            verdict(jobs <= 1.0),
        ),
    ]
    lines = [
        f"Issue 15 ratios (marginal: {large_n:,} minus {small_n:,} applications, medians of "
        f"{raw.get('rounds', 1)} rounds each running the floor and both plans; start-up: "
        f"medians of 21 runs, CPU time (ms): click {raw['click_cpu'] * 1000:.0f}, --help "
        f"{raw['help_cpu'] * 1000:.0f}, libraries {raw['libraries_cpu'] * 1000:.0f}, one-app "
        f"plan {raw['one_app_cpu'] * 1000:.0f})",
        "",
        "| measure | value | target | |",
        "|---|---|---|---|",
        *("| " + " | ".join((*row, "", "")[:4]) + " |" for row in rows),
    ]
    return "\n".join(lines) + "\n"
