"""docs/architecture.md names every module of src/followup, and nothing that does not exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click

from paths import ROOT

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


def _library_errors() -> set[str]:
    """The names of the library's error classes (followup.errors)."""
    from followup import errors

    return {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ == errors.__name__
    }


def test_one_place_turns_library_errors_into_exit_2() -> None:
    """No command catches a library error itself: the root group's handler (`_one_line_errors`
    in cli/__init__.py) turns every `FollowupError` into one `Error:` line and exit 2."""
    library = _library_errors()
    assert {"FollowupError", "InputError", "PolicyError"} <= library
    caught = []
    for path in sorted((SOURCE / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {
                    n.id if isinstance(n, ast.Name) else n.attr
                    for n in ast.walk(node.type)
                    if isinstance(n, (ast.Name, ast.Attribute))
                }
                if names & library:
                    caught.append(f"{path.relative_to(ROOT)}:{node.lineno}: {sorted(names)}")
    assert not caught, "let the root group turn these into exit 2:\n" + "\n".join(caught)


def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    from cli_support import load_commands

    load_commands()
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        found[prefix + name] = command
        if isinstance(command, click.Group):
            found.update(_commands(command, f"{prefix}{name} "))
    return found


def test_each_command_offers_exactly_the_formats_it_can_render() -> None:
    from followup.cli import cli
    from followup.render import FORMATS, renderer

    offered = {
        name: list(param.type.choices)
        for name, command in _commands(cli).items()
        for param in command.params
        if param.name == "output_format" and isinstance(param.type, click.Choice)
    }
    assert offered == {name: list(table) for name, table in FORMATS.items()}
    for name, table in FORMATS.items():
        for output_format in table:
            assert callable(renderer(name, output_format)), (name, output_format)


def test_a_format_a_command_cannot_render_is_a_usage_error() -> None:
    from click.testing import CliRunner

    from followup.cli import cli

    result = CliRunner().invoke(cli, ["status", "--format", "html", "x.yaml"])
    assert result.exit_code == 2
    assert "'html' is not one of 'text', 'json'" in result.output


def test_every_test_file_sits_in_the_folder_of_what_it_tests() -> None:
    """The test tree mirrors the source (tests/README.md): no test file directly in tests/, and
    every folder that holds tests is in the README's table."""
    tests = ROOT / "tests"
    loose = sorted(p.name for p in tests.glob("test_*.py"))
    assert not loose, f"move into the folder of what they test (tests/README.md): {loose}"
    listed = set(re.findall(r"^\| `([a-z_]+)/` \|", (tests / "README.md").read_text(), re.M))
    folders = {p.parent.relative_to(tests).as_posix() for p in tests.rglob("test_*.py")}
    assert folders <= listed, f"add to the table of tests/README.md: {sorted(folders - listed)}"
