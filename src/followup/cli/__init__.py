"""The `followup` command line: parses arguments, calls `followup.api`, renders. Nothing else.

Heavy modules (durable_rules, pendulum, the policies) are imported inside the commands so that
`followup --help` starts fast. User errors exit 2 with one line on stderr and no traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from followup import __version__
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

    def show(self, file: Any = None) -> None:
        hint = f" (see `{self.ctx.command_path} --help`)" if self.ctx is not None else ""
        echo(f"Error: {self.format_message()}{hint}", err=True)


# click >= 8.2 signals "group called without a subcommand: print its help" with this
# UsageError subclass; it must keep printing the help (older clicks exit 0 instead).
_NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """The one place errors become exit 2: the library's `FollowupError`, click's four-line
    usage errors and stray path errors, each as one `Error:` line (pre-commit's error_handler)."""
    try:
        yield
    except (_OneLineUsageError, _NO_ARGS_IS_HELP):
        raise
    except click.UsageError as error:
        raise _OneLineUsageError(error) from error
    except BrokenPipeError:
        raise  # `main()` (and click) close quietly on a closed pipe
    except OSError as error:  # `PATH: reason` for an error about a path, else the reason
        path = "" if error.filename is None else f"{os.fsdecode(error.filename)}: "
        raise UserError(f"{path}{error.strerror or error}") from error
    except RuntimeError as error:
        # pathlib before Python 3.13: RuntimeError("Symlink loop from '/path'")
        text = str(error)
        if not text.startswith("Symlink loop"):
            raise
        path = text.removeprefix("Symlink loop from ").strip("'\"")
        raise UserError(f"{path}: symlink loop") from error
    except Exception as error:
        # A `FollowupError`. Its module is not imported for `followup --help` (its records cost
        # start-up): until something has imported it, nothing can have raised one.
        errors = sys.modules.get("followup.errors")
        if errors is not None and isinstance(error, errors.FollowupError):
            raise UserError(str(error)) from None
        raise


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

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _COMMANDS:
            import importlib

            importlib.import_module(f"{__name__}.{_COMMANDS[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands' rows of `followup --help`, from `_COMMANDS`: as click writes them from
        the commands themselves, without importing them."""
        limit = formatter.width - 6 - max(len(name) for name in _COMMANDS)
        rows = [
            (name, click.Command(name, help=text).get_short_help_str(limit))
            for name, (_module, text) in sorted(_COMMANDS.items())
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group("followup", cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="followup")
def cli() -> None:
    """Tells you what to send, to whom and when after a job interview, and shows why.

    The etiquette lives in YAML policies (built-in: fast-paced, generic, conservative);
    `followup plan EVENTS` evaluates them against your interview events.
    """


def main() -> None:
    """Console entry point: closes quietly on a closed pipe (`followup plan ... | head -1`).

    The process ends when the command does, so what the command made is left to the exit:
    `gc.freeze()` keeps Python's shutdown from scanning every object for reference cycles one
    last time (about 6 % of a one-application plan; docs/performance.md, start-up round 2).
    Shutdown still joins threads, runs `atexit` handlers, flushes the output and frees each
    object; only garbage cycles still alive then are not collected before the process goes.
    """
    try:
        cli.main(prog_name="followup", standalone_mode=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    finally:
        gc.freeze()


_COMMANDS: dict[str, tuple[str, str]] = {
    "add": (
        "record_commands",
        (
            "Record an event (applied, interview, thank-you, follow-up, reply, rejected, offer, "
            "withdrawn) or a contact."
        ),
    ),
    "audit": ("audit_commands", "Check what earlier `followup plan --audit-log` runs recommended."),
    "config": (
        "config_commands",
        ("The config file: defaults set once (events file, policy folders, your time zone)."),
    ),
    "dismiss": ("act_commands", "You will not do it: ACTION_ID is no longer recommended."),
    "done": (
        "act_commands",
        (
            "You did it: record the event that completes ACTION_ID (a thank-you to everyone it "
            "reached, a follow-up, a reply to an offer)."
        ),
    ),
    "draft": (
        "daily_commands",
        ("Write the message for an action: To/Cc, subject and body, or talking points for a call."),
    ),
    "due": (
        "daily_commands",
        ("What to do now: overdue, due now and coming up, most urgent first, one line each."),
    ),
    "explain": (
        "plan_commands",
        ("Explain one action: its rule and file:line, the guidelines, the events, the window."),
    ),
    "ics": (
        "daily_commands",
        (
            "Export the actions as an iCalendar file: one event with alarms per action (--todo: "
            "one to-do), stable UIDs."
        ),
    ),
    "import": ("import_commands", "Propose events from what you already have (your mailbox)."),
    "init": (
        "policy_commands",
        ("Write a commented starter policy for an industry that validates as is."),
    ),
    "new": (
        "record_commands",
        ("Start tracking an application (and the events file, the first time)."),
    ),
    "plan": (
        "plan_commands",
        (
            "Print the follow-up actions for every application in EVENTS (YAML or JSON files, or "
            "folders of them)."
        ),
    ),
    "policies": ("policy_commands", "List the policies: name, industries, description, file."),
    "schema": (
        "validate_commands",
        (
            "Print a JSON Schema: of the policy format (the default), the events file, or the "
            "plan (`plan --format json`; each line of `--format jsonl` is its `#/$defs/action`)."
        ),
    ),
    "serve": (
        "serve_commands",
        (
            "Answer POST /v1/plan, /v1/explain, /v1/why-not, /v1/draft and /v1/validate and GET "
            "/v1/policies, /v1/schema/{events,plan,policy}, /openapi.json and /health with the "
            "library's JSON (docs/serve.md)."
        ),
    ),
    "reschedule": (
        "record_commands",
        "They moved an interview: it starts at --to instead of --from.",
    ),
    "snooze": (
        "act_commands",
        (
            "Not now: ACTION_ID reopens at --until (its window starts no earlier and stays open "
            "at least as long as it was)."
        ),
    ),
    "status": (
        "daily_commands",
        (
            "Where every application stands: one line each with its stage (applied, interviewing,"
            " offer, rejected, withdrawn, moved on), the days since the last contact with the "
            "employer (CONTACT: any event but a note to yourself) and the next open action with "
            "its window; the number per stage at the end."
        ),
    ),
    "test": (
        "policytest_commands",
        ("Run the policy test files at PATH (files, or directories searched for *.test.yaml)."),
    ),
    "timeline": (
        "timeline_commands",
        (
            "Draw every application of EVENTS on one time axis: its events, each action's window "
            "coloured by status (done and cancelled ones too) and a line at now (--as-of)."
        ),
    ),
    "validate": (
        "validate_commands",
        ("Check input files and report every problem, each as file:line:col."),
    ),
}
"""Each command: the module of this package that defines it, and the first sentence of its help
(what `followup --help` lists). Commands are imported when they are run or asked for their own
help, so `followup --help` imports none of them (tests/project/test_architecture.py checks this
table against the commands themselves)."""


__all__ = ["UserError", "cli", "main"]
