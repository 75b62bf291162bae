"""The compiled install (setup.py: mypyc compiles the planning modules) against plain Python.

A compiled module runs the same source, so what a user gets must be the same bytes: each test
here runs `followup` both ways, the installed (compiled) package and the source tree's `.py`
files (`PYTHONPATH=src`), and compares. Without a compiled install (an editable one, or
`FOLLOWUP_PURE_PYTHON=1`) there is nothing to compare and they are skipped: the rest of the
suite then runs the `.py` files themselves.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from paths import COMPILED_MODULES, ROOT, SKIPPED_COMPILED, compiled_modules

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

pytestmark = pytest.mark.skipif(
    not compiled_modules(), reason="installed as plain Python: nothing compiled to compare"
)


def _plain_env() -> dict[str, str]:
    """The environment of a child that imports followup from the source tree's `.py` files."""
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _followup(args: list[str], env: dict[str, str] | None = None) -> tuple[int, bytes, bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "followup", *args], capture_output=True, env=env, check=False
    )
    return done.returncode, done.stdout, done.stderr


def test_every_listed_module_is_compiled_and_the_source_tree_is_not() -> None:
    # all or none: a half-compiled install would be a build that failed part way
    assert compiled_modules() == COMPILED_MODULES
    # and the source tree, which the comparisons below run as plain Python, has none compiled
    done = subprocess.run(
        [sys.executable, "-c", "from paths import compiled_modules; print(compiled_modules())"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT / 'tests'}"},
        check=True,
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("fmt", ["json", "text", "jsonl"])
def test_a_synthetic_plan_is_the_same_bytes_compiled(tmp_path: Path, fmt: str) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate, write_document

    for suffix in ("json", "yaml"):
        events = tmp_path / f"apps.{suffix}"
        write_document(generate(300, 7), events)
        for as_of in ("2026-10-01T09:00", "2026-11-15T09:00"):
            args = ["plan", str(events), "--as-of", as_of, "--format", fmt, "--all"]
            compiled = _followup(args)
            assert compiled[0] == 0, compiled[2]
            assert compiled == _followup(args, _plain_env()), (suffix, as_of)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_plans_and_explains_the_same_bytes_compiled(example: Path) -> None:
    for args in (
        ["plan", str(example), "--as-of", "2026-10-07T09:00", "--format", "json", "--all"],
        ["plan", str(example), "--as-of", "2026-11-20T09:00", "--format", "text"],
        ["due", str(example), "--as-of", "2026-11-20T09:00"],
    ):
        assert _followup(args) == _followup(args, _plain_env()), args


def test_the_tests_that_watch_internals_pass_as_plain_python() -> None:
    # they replace module functions to watch the calls, which a compiled module does not see
    # (conftest skips them in this run): here they run against the `.py` files
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "python_internals", "-p", "no:cacheprovider", "-rs"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_plain_env(),
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout, done.stdout[-2000:]
    assert SKIPPED_COMPILED not in done.stdout, done.stdout[-2000:]  # they ran, here
