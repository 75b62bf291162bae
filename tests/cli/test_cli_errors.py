"""Every user error is one `Error: ` line on stderr, exit code 2, no traceback.

Covers click's own usage errors (which click prints as four lines: usage, a `Try ... --help`
hint, a blank line, the error) and operating-system errors about paths that would otherwise
escape as tracebacks. Help, version and bare-group invocations must keep working.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from followup.cli import cli

LONG = "a" * 300 + ".yaml"  # longer than NAME_MAX (255) on every common file system


def run(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    """Run `followup ARGS` in TMP_PATH, with a symlink loop and a directory ready there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FOLLOWUP_EVENTS", str(tmp_path / "events.yaml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "DIR").mkdir()
    return CliRunner().invoke(cli, args)


def assert_one_error_line(result: Result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), lines[0]
    return lines[0]


USAGE_ERRORS = [
    (["plan", "x.yaml", "--jobs", "-1"], "plan", "'--jobs'"),
    (["plan", "x.yaml", "--max-input-size", "0"], "plan", "'--max-input-size'"),
    (["plan", "x.yaml", "--format", "yaml"], "plan", "'yaml'"),
    (["plan", "x.yaml", "--policy-dir", "nope"], "plan", "'nope' does not exist"),
    (["plan", "--no-such-option"], "plan", "No such option"),
    (["ics", "-o", "."], "ics", "is a directory"),
    (["draft", "--template", "."], "draft", "is a directory"),
    (["audit", "verify", "DIR"], "audit verify", "is a directory"),
    (["init"], "init", "Missing option"),
    (["nosuchcommand"], "", "No such command 'nosuchcommand'"),
    (["--no-such-option"], "", "No such option"),
    (["validate"], "validate", "Missing argument"),
    (["add", "interview"], "add interview", "Missing argument 'APP'"),
    (["add", "nosuchevent"], "add", "No such command"),
    (["policies", "show"], "policies show", "Missing argument"),
    (["policies", "show", "--bogus"], "policies show", "No such option"),
]


@pytest.mark.parametrize(
    ("args", "command", "text"), USAGE_ERRORS, ids=[" ".join(c[0]) for c in USAGE_ERRORS]
)
def test_usage_error_is_one_line(
    args: list[str], command: str, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = assert_one_error_line(run(args, tmp_path, monkeypatch))
    assert text in line
    path = f"followup {command}".rstrip()
    assert line.endswith(f" (see `{path} --help`)"), line
    assert "Usage:" not in line and "Try '" not in line


OS_ERRORS = [
    (["plan", "loop.yaml"], "loop.yaml: symlink loop"),
    (["plan", LONG], f"{LONG}: File name too long"),
    (["validate", LONG], f"{LONG}: File name too long"),
    (["plan", "--policy", LONG, "x.yaml"], f"{LONG}: File name too long"),
    (["new", "--file", LONG, "--company", "Acme", "--role", "Dev", "acme"], "File name too long"),
    (["add", "interview", "--file", LONG, "acme"], "File name too long"),
]


@pytest.mark.parametrize(
    ("args", "text"), OS_ERRORS, ids=[c[0][0] + "-" + c[1][-8:] for c in OS_ERRORS]
)
def test_path_os_error_is_one_line(
    args: list[str], text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = assert_one_error_line(run(args, tmp_path, monkeypatch))
    assert text in line, line


def test_other_exceptions_are_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    import followup.cli as package

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something else")

    monkeypatch.setattr(package.click.Group, "invoke", boom)
    result = CliRunner().invoke(cli, ["policies"])
    assert isinstance(result.exception, RuntimeError)
    assert str(result.exception) == "something else"


def test_usage_error_still_raised_outside_standalone_mode() -> None:
    import click

    with pytest.raises(click.UsageError):
        cli.main(["plan", "--jobs", "-1"], prog_name="followup", standalone_mode=False)


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["plan", "--help"], ["add", "--help"]])
def test_help_is_unchanged(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: followup")
    assert "Options:" in result.stdout
    assert result.stderr == ""


def test_version_is_unchanged() -> None:
    from followup import __version__

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"followup, version {__version__}\n"
    assert result.stderr == ""


@pytest.mark.parametrize("args", [[], ["add"], ["audit"]])
def test_bare_group_prints_its_full_help(args: list[str]) -> None:
    """As click does for a group called without a subcommand: the whole help, not one line.

    click >= 8.2 writes it to stderr and exits 2; older clicks wrote it to stdout, exit 0.
    """
    result = CliRunner().invoke(cli, args)
    out = result.stderr if result.exit_code == 2 else result.stdout
    assert result.exit_code in (0, 2)
    assert out.startswith(f"Usage: {' '.join(['followup', *args])} [OPTIONS] COMMAND")
    assert "Commands:" in out
    assert "Error" not in result.output + result.stderr
