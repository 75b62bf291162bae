"""The `followup` command line: parses arguments, calls `followup.api`, renders. Nothing else.

Heavy modules (durable_rules, pendulum, the policies) are imported inside the commands so that
`followup --help` starts fast. User errors exit 2 with one line on stderr and no traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from followup import __version__


class UserError(click.ClickException):
    """Bad input or a bad policy: one line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="followup")
def cli() -> None:
    """Tells you what to send, to whom and when after a job interview, and shows why.

    The etiquette lives in YAML policies (built-in: fast-paced, generic, conservative);
    `followup plan EVENTS` evaluates them against your interview events.
    """


def main() -> None:
    """Console entry point: closes quietly on a closed pipe (`followup plan ... | head -1`)."""
    try:
        cli.main(prog_name="followup", standalone_mode=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


_COMMAND_MODULES = (
    "audit_commands",
    "daily_commands",
    "init_commands",
    "plan_commands",
    "policy_commands",
    "record_commands",
    "test_commands",
    "validate_commands",
)
"""The modules of this package that register commands on `cli` (listed, not discovered:
`pkgutil` alone costs more start-up than all of them)."""


def _register_commands() -> None:
    """Import every command module: each registers its commands on `cli`."""
    import importlib

    for name in _COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}")


_register_commands()

__all__ = ["UserError", "cli", "main"]
