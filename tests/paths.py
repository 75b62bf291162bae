"""Where the repository's folders are, for every test wherever it sits in tests/ (one place
instead of counting `.parent`s from each test file)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root: src/, docs/, examples/, benchmarks/ and tests/ are below it."""
TESTS = ROOT / "tests"


def compiled_modules() -> list[str]:
    """The followup modules this run imports compiled (setup.py's mypyc build), by name: none
    from an editable install or a plain-Python one."""
    import importlib

    names = [name.removeprefix("src/").removesuffix(".py").replace("/", ".") for name in COMPILED]
    return [n for n in names if not importlib.import_module(n).__file__.endswith(".py")]  # type: ignore[union-attr]


COMPILED = [
    line.strip().strip('",')
    for line in (ROOT / "setup.py")
    .read_text(encoding="utf-8")
    .split("COMPILED = [")[1]
    .split("]")[0]
    .splitlines()
    if line.strip()
]
"""setup.py's list of the modules mypyc compiles (read as text: setup.py runs setup() when
imported)."""
