"""Where the repository's folders are, for every test wherever it sits in tests/ (one place
instead of counting `.parent`s from each test file)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root: src/, docs/, examples/, benchmarks/ and tests/ are below it."""
TESTS = ROOT / "tests"


def _compiled_list() -> list[str]:
    """setup.py's `COMPILED`, read as text (importing setup.py would run `setup()`)."""
    text = (ROOT / "setup.py").read_text(encoding="utf-8")
    listed: list[str] = ast.literal_eval("[" + text.split("COMPILED = [")[1].split("]")[0] + "]")
    return listed


COMPILED = _compiled_list()
"""The source files setup.py compiles with mypyc."""
COMPILED_MODULES = [
    name.removeprefix("src/").removesuffix(".py").replace("/", ".") for name in COMPILED
]
"""The same, as module names."""


def compiled_modules() -> list[str]:
    """The modules of `COMPILED_MODULES` this run imports compiled: none from an editable
    install or a plain-Python one."""
    import importlib

    return [
        name
        for name in COMPILED_MODULES
        if not str(importlib.import_module(name).__file__).endswith(".py")
    ]


SKIPPED_COMPILED = "compiled: run as plain Python by tests/install/test_compiled.py"
"""Why conftest skips a `python_internals` test when the installed package is compiled."""
