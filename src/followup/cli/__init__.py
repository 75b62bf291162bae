"""The `followup` command line: parses arguments, calls `followup.api`, renders. Nothing else.

Heavy modules (durable_rules, pendulum, the policies) are imported inside the commands so that
`followup --help` starts fast. User errors exit 2 with one line on stderr and no traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from followup import __version__
from followup.errors import FollowupError
from followup.render.terminal import echo


class UserError(click.ClickException):
    """Bad input or a bad policy: one line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        echo(f"Error: {self.format_message()}", err=True)


class _OneLineUsageError(click.UsageError):
    """A click usage error shown as one line, `Error: MESSAGE (see `followup CMD --help`)`."""

    def __init__(self, error: click.UsageError) -> None:
        message = " ".join(line.strip() for line in error.format_message().splitlines())
        super().__init__(message, error.ctx)

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        hint = f" (see `{self.ctx.command_path} --help`)" if self.ctx is not None else ""
        echo(f"Error: {self.format_message()}{hint}", err=True)


# click >= 8.2 signals "group called without a subcommand: print its help" with this
# UsageError subclass; it must keep printing the help (older clicks exit 0 instead).
_NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _os_error_message(error: OSError) -> str:
    """`PATH: reason` for an operating-system error about a path, else its own text."""
    if error.filename is None:
        return error.strerror or str(error)
    return f"{os.fsdecode(error.filename)}: {error.strerror or error}"


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """The one place errors become exit 2: the library's `FollowupError`, click's four-line
    usage errors and stray path errors, each as one `Error:` line (pre-commit's error_handler)."""
    try:
        yield
    except FollowupError as error:
        raise UserError(str(error)) from None
    except (_OneLineUsageError, _NO_ARGS_IS_HELP):
        raise
    except click.UsageError as error:
        raise _OneLineUsageError(error) from error
    except BrokenPipeError:
        raise  # `main()` (and click) close quietly on a closed pipe
    except OSError as error:
        raise UserError(_os_error_message(error)) from error
    except RuntimeError as error:
        # pathlib before Python 3.13: RuntimeError("Symlink loop from '/path'")
        text = str(error)
        if not text.startswith("Symlink loop"):
            raise
        path = text.removeprefix("Symlink loop from ").strip("'\"")
        raise UserError(f"{path}: symlink loop") from error


class _Cli(click.Group):
    """The root group: every usage error and stray path error below it is one `Error:` line."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _one_line_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _one_line_errors():
            return super().invoke(ctx)


@click.group("followup", cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
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
    "act_commands",
    "audit_commands",
    "config_commands",
    "daily_commands",
    "import_commands",
    "init_commands",
    "plan_commands",
    "policy_commands",
    "policytest_commands",
    "record_commands",
    "serve_commands",
    "status_commands",
    "timeline_commands",
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
