"""docs/architecture.md names every module of src/followup, and nothing that does not exist."""

from __future__ import annotations

import ast
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


CLI_MAY_IMPORT = ("followup.api", "followup.render", "followup.errors", "followup.cli")


def _imported(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (at the top or inside a function), with its line."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and not node.level:
            found += [(node.lineno, node.module)]
            found += [
                (node.lineno, f"{node.module}.{a.name}")
                for a in node.names
                if not a.name.startswith("__")  # `from followup import __version__`
            ]
    return found


def test_the_cli_reaches_the_library_only_through_its_door() -> None:
    """cli/ imports only followup.api, followup.render and followup.errors (and itself)."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((SOURCE / "cli").glob("*.py"))
        for line, name in _imported(path)
        if name.startswith("followup.")
        and not any(name == m or name.startswith(f"{m}.") for m in CLI_MAY_IMPORT)
    ]
    assert not wrong, "import these through followup.api:\n" + "\n".join(wrong)
