"""Running `followup` from a test: in this process (CliRunner) or in a process of its own."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from followup.cli import cli


def load_commands() -> dict[str, click.Command]:
    """Every top-level command, each command module imported (as `followup CMD` imports one)."""
    ctx = click.Context(cli)
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `followup ARGS` in this process; never a traceback."""
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def run_process(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """In a process of its own: a regression would block or spin, and must fail, not hang."""
    return subprocess.run(
        [sys.executable, "-m", "followup", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
