"""Issue 15's ratios in instructions: what `followup plan` executes per application against the
plain-Python floor (`floor.py`), counted by valgrind's cachegrind.

    python benchmarks/instructions.py            # JSON in and YAML in, 300 and 3,000 apps
    python benchmarks/instructions.py --json     # the raw counts

The timed ratios (`run.py --ratios`) are the issue's targets, but on this shared 2-CPU machine
the floor's own rate moved by 1.5x between runs minutes apart, so a timed run cannot tell a 5 %
step from the noise. An instruction count is the same for the same program, input and
environment whatever else the machine is doing: each step of the performance rounds in
docs/performance.md was measured this way. Per application is marginal, as for the timed
ratios: (count on 3,000 applications - count on 300) / 2,700, so start-up cancels out. Each
command runs once first (bytecode written, caches warm), then once under cachegrind, with
`PYTHONHASHSEED=0` (set and dict orders fixed). Instructions are not seconds: the floor's C
code (json, zoneinfo) does more per cycle than our Python, so the instruction ratio reads
higher than the timed one (docs/performance.md gives both).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ratios  # noqa: E402
from synth import generate, write_document  # noqa: E402

AS_OF = "2026-11-15T09:00"
SEED = 1
SIZES = (300, 3_000)
_REFS = re.compile(r"^==\d+== I\s+refs:\s+([\d,]+)\s*$", re.MULTILINE)


def instruction_count(valgrind_output: str) -> int:
    """The `I refs` total of a cachegrind run's report (its stderr)."""
    found = _REFS.search(valgrind_output)
    if found is None:
        raise ValueError("no 'I refs' line in valgrind's output")
    return int(found.group(1).replace(",", ""))


def count(command: list[str]) -> int:
    """Instructions `command` executes (run once first, so bytecode and caches are warm)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    done = subprocess.run(
        [
            *("valgrind", "--tool=cachegrind", "--cache-sim=no"),
            "--cachegrind-out-file=/dev/null",
            *command,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    return instruction_count(done.stderr)


def per_application(
    command: Callable[[Path], list[str]], small: Path, large: Path, apps: int
) -> float:
    """Marginal instructions per application between `small` and `large` (`apps` more)."""
    return (count(command(large)) - count(command(small))) / apps


def measure(seed: int = SEED, as_of: str = AS_OF) -> dict[str, float]:
    small_n, large_n = SIZES
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[tuple[int, str], Path] = {}
        for n in SIZES:
            document = generate(n, seed)
            for suffix in ("json", "yaml"):
                files[n, suffix] = Path(tmp) / f"apps-{n}.{suffix}"
                write_document(document, files[n, suffix])
        extra = large_n - small_n

        def plan(path: Path) -> list[str]:
            return ratios.plan_command(path, as_of)

        return {
            "floor": per_application(
                ratios.floor_command, files[small_n, "json"], files[large_n, "json"], extra
            ),
            "json": per_application(plan, files[small_n, "json"], files[large_n, "json"], extra),
            "yaml": per_application(plan, files[small_n, "yaml"], files[large_n, "yaml"], extra),
        }


def render(found: dict[str, float]) -> str:
    floor = found["floor"]
    rows = [
        ("floor (`benchmarks/floor.py`), JSON in", floor, 1.0, ""),
        ("`followup plan --format json`, JSON in", found["json"], found["json"] / floor, "6"),
        ("`followup plan --format json`, YAML in", found["yaml"], found["yaml"] / floor, "10"),
    ]
    small_n, large_n = SIZES
    lines = [
        f"Instructions per application (cachegrind; marginal: {large_n:,} minus {small_n:,} "
        f"applications, seed {SEED}, as of {AS_OF})",
        "",
        "| command | instructions per application (M) | x the floor | timed target (x) |",
        "|---|---|---|---|",
        *(f"| {name} | {n / 1e6:.3f} | {x:.1f} | {t} |" for name, n, x, t in rows),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the raw counts as JSON")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("benchmarks/instructions.py: needs valgrind (Debian: apt-get install valgrind)")
    found = measure()
    print(json.dumps(found, indent=2) if args.json else render(found), end="")


if __name__ == "__main__":
    main()
