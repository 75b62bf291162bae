"""docs/architecture.md names every module of src/followup, and nothing that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "followup"
DOC = ROOT / "docs" / "architecture.md"


def _modules() -> set[str]:
    return {p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*.py")}


def _named() -> set[str]:
    found = re.findall(r"`([a-z_/]+\.py)`", DOC.read_text(encoding="utf-8"))
    return {name for name in found if not name.startswith("tests/")}


def test_every_module_is_in_the_architecture_doc() -> None:
    missing = sorted(_modules() - _named())
    assert not missing, f"add to docs/architecture.md: {', '.join(missing)}"


def test_the_architecture_doc_names_no_module_that_does_not_exist() -> None:
    gone = sorted(_named() - _modules())
    assert not gone, f"docs/architecture.md names modules that do not exist: {', '.join(gone)}"
