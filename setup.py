"""Builds interview-followup: metadata lives in pyproject.toml; this file only adds the compiled
hot path.

`pip install .` compiles the modules that plan and write a plan (`COMPILED`) to C with mypyc, as
black and mypy ship themselves: the same typed source, run without the interpreter's dispatch
(docs/performance.md, "Round 17"). The `.py` files are installed as well, and each module runs
as plain Python when it is not compiled:
- an editable install (`pip install -e .`) never compiles, so an edit to a `.py` file is what
  runs;
- `FOLLOWUP_PURE_PYTHON=1 pip install .` does not compile;
- without mypyc (`--no-build-isolation` in an environment without mypy), or when the C compiler
  fails, the build says so and installs plain Python.
The output is the same bytes either way (tests/install/test_compiled.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent

COMPILED = [
    "src/followup/actions.py",
    "src/followup/events.py",
    "src/followup/explain.py",
    "src/followup/facts.py",
    "src/followup/format.py",
    "src/followup/limits.py",
    "src/followup/peers.py",
    "src/followup/planner.py",
    "src/followup/dates/action_windows.py",
    "src/followup/dates/durations.py",
    "src/followup/dates/formatting.py",
    "src/followup/dates/reading.py",
    "src/followup/dates/windows.py",
    "src/followup/dates/zones.py",
    "src/followup/engine/durable_engine.py",
    "src/followup/render/json_render.py",
]
"""The modules compiled: what `followup plan` spends its time in from reading the events to
writing the plan (not durable_rules' callback, `engine.compile.no_action`, whose `__code__`
durable reads, nor `dates.calendars`, whose records accept any iterable for a set). A
compiled class that plain Python subclasses (`Checker`, `EventsReader`, `PolicyChooser`) says so
with `mypyc_attr(allow_interpreted_subclasses=True)`.
Each must pass `mypy --strict` (the suite's lint) and keep the same bytes of output."""


_BUILDS = {"bdist_wheel", "build", "build_ext", "install"}
"""The commands that build the package's files: pip's other steps (its build requirements, the
metadata) also run this file, and need no C generated."""
_EDITABLE = {"editable_wheel", "develop"}


def _extensions() -> list[Any]:
    commands = set(sys.argv[1:])
    if os.environ.get("FOLLOWUP_PURE_PYTHON") or commands & _EDITABLE or not commands & _BUILDS:
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("mypyc is not installed: interview-followup is installed as plain Python")
        return []
    options = ["--config-file", str(HERE / "mypyc.ini")]
    return mypycify([*options, *COMPILED], opt_level="3")


class _BuildExt(build_ext):
    """Plain Python when the C compiler fails, rather than no install (as PyYAML does)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # any failure of the compiler means plain Python
            for built in self.get_outputs():
                Path(built).unlink(missing_ok=True)
            print(f"compiling failed ({error}): interview-followup is installed as plain Python")


setup(ext_modules=_extensions(), cmdclass={"build_ext": _BuildExt})
