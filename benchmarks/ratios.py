"""Issue 15's ratios: `followup plan` against the plain-Python floor (`floor.py`), measured side
by side in one run, so that the machine's speed cancels out.

- **end to end**: the marginal rate of `followup plan FILE.json --format json` (a run of the
  large file minus a run of the small one, so start-up cancels out) over the floor's on the
  same files; and the same with the YAML copy of the file (YAML in) against the same floor;
- **start-up**: `followup --help` over `python -c "import click"`, and a plan of a
  one-application file over `python -c "import click, yaml, pendulum, durable.engine"`;
- **memory**: peak RSS of `followup plan --format json` over the floor's, on the same file;
- **`--jobs`**: `--jobs 2` over `--jobs 1` on one large file (wall time), JSON and text out.

Times are the CPU time (user + system) of each child process: this machine is shared, and CPU
time is what other processes disturb least. The end-to-end ratios are taken in rounds: each
round runs the floor, the JSON plan and the YAML plan on the large file and the small one, one
after another, and gives its own ratios; the medians of the rounds are printed. Measured in
blocks (the floor's best of three, then the plan's), the ratio moved from 4x to 12x between
runs of one install: the machine's speed changed between the blocks, and the floor's marginal
time (about 0.1 s) is as small as a process start-up's own noise. The start-up ratios and
`--jobs` are taken in rounds too (each round runs `import click`, `--help`, the libraries and the
one-application plan, or `--jobs 1` and `--jobs 2`, one after another): measured in blocks of 21
runs each, `--help` over `import click` read 1.07 in one run and 1.30 in the next. `--jobs` is
timed by the wall clock, since that is what more processes buy. Peak RSS is the child's own
`ru_maxrss` (wait4), started from a small launcher process.
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
STARTUP_ROUNDS = 21


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


def paired_rounds(
    commands: dict[str, list[str]],
    pairs: dict[str, tuple[str, str]],
    rounds: int,
    env: dict[str, str] | None = None,
    wall: bool = False,
) -> dict[str, float]:
    """Each command's median cost (`NAME`: CPU seconds, or wall seconds with `wall`) over
    `rounds` rounds that run every command once, one after another, and each pair's ratio
    (`PAIR`: the median of the rounds' own `first / second`). One warm-up run of each writes
    the bytecode cache."""
    for command in commands.values():
        run_child(command, env)
    found: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            cost = run_child(command, env)
            found[name].append(cost.wall if wall else cost.cpu)
    out = {name: statistics.median(costs) for name, costs in found.items()}
    for pair, (first, second) in pairs.items():
        ratios = (a / b for a, b in zip(found[first], found[second], strict=True))
        out[pair] = statistics.median(ratios)
    return out


def plan_command(path: Path, as_of: str, *extra: str, output_format: str = "json") -> list[str]:
    return [
        *(sys.executable, "-m", "followup", "plan", str(path), "--as-of", as_of),
        *("--format", output_format, "--max-input-size", "1000", *extra),
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
        jobs = {
            f"{form}jobs{n}_wall": plan_command(jobs_file, as_of, "--jobs", n, output_format=name)
            for form, name in (("", "json"), ("text_", "text"))
            for n in ("1", "2")
        }
        pairs = {
            "jobs_ratio": ("jobs2_wall", "jobs1_wall"),
            "text_jobs_ratio": ("text_jobs2_wall", "text_jobs1_wall"),
        }
        out |= paired_rounds(jobs, pairs, 3 * max(runs, 1), wall=True)
        with tempfile.TemporaryDirectory() as cache:
            out |= startup(files[1, "json"], as_of, cache, STARTUP_ROUNDS)
    return out


def cached_bytecode_env(cache: str) -> dict[str, str]:
    """This environment with bytecode cached in `cache`, as an installed package has it
    (PYTHONDONTWRITEBYTECODE would compile every module on every start)."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def startup(one_app: Path, as_of: str, cache: str, rounds: int) -> dict[str, float]:
    """`--help` over `import click` and a one-application plan over the libraries it needs, in
    rounds, with bytecode cached in `cache` as an installed package has it."""
    env = cached_bytecode_env(cache)
    python = sys.executable
    commands = {
        "click_cpu": [python, "-c", "import click"],
        "help_cpu": [python, "-m", "followup", "--help"],
        "libraries_cpu": [python, "-c", LIBRARIES],
        "one_app_cpu": plan_command(one_app, as_of),
    }
    pairs = {
        "help_ratio": ("help_cpu", "click_cpu"),
        "one_app_ratio": ("one_app_cpu", "libraries_cpu"),
    }
    return paired_rounds(commands, pairs, rounds, env)


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
    # Older raw numbers have no ratios of rounds: the ratio of the medians stands in.
    help_ratio = raw.get("help_ratio", raw["help_cpu"] / raw["click_cpu"])
    one_app = raw.get("one_app_ratio", raw["one_app_cpu"] / raw["libraries_cpu"])
    rss = raw["rss_followup_mb"] / raw["rss_floor_mb"]
    jobs = raw.get("jobs_ratio", raw["jobs2_wall"] / raw["jobs1_wall"])
    text_jobs = raw.get("text_jobs_ratio")  # older raw numbers have JSON's only
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
            f"`--jobs 2` / `--jobs 1` on one file of {large_n:,} apps, JSON out (wall)",
            f"{jobs:.2f}",
            "<= 1",
            verdict(jobs <= 1.0),
        ),
    ]
    if text_jobs is not None:
        label = f"`--jobs 2` / `--jobs 1` on one file of {large_n:,} apps, text out (wall)"
        rows.append((label, f"{text_jobs:.2f}", "<= 1", verdict(text_jobs <= 1.0)))
    lines = [
        f"Issue 15 ratios (marginal: {large_n:,} minus {small_n:,} applications, medians of "
        f"{raw.get('rounds', 1)} rounds each running the floor and both plans; start-up: "
        f"medians of {STARTUP_ROUNDS} rounds, CPU time (ms): click "
        f"{raw['click_cpu'] * 1000:.0f}, --help {raw['help_cpu'] * 1000:.0f}, libraries "
        f"{raw['libraries_cpu'] * 1000:.0f}, one-app plan {raw['one_app_cpu'] * 1000:.0f})",
        "",
        "| measure | value | target | |",
        "|---|---|---|---|",
        *("| " + " | ".join((*row, "", "")[:4]) + " |" for row in rows),
    ]
    return "\n".join(lines) + "\n"
