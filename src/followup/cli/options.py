"""Options shared by several commands, so a flag means the same thing everywhere."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from followup.api import MAX_INPUT_MB
from followup.render.terminal import echo, plain

if TYPE_CHECKING:
    from followup.api import Clock, Plan, PlanRequest

F = TypeVar("F", bound=Callable[..., Any])

A_FILE = click.Path(dir_okay=False, path_type=Path)
"""The type of an option or argument that names one file (which may not exist yet)."""


def output_option(help: str) -> Callable[[F], F]:
    """`-o FILE`: the one file a command writes (`-o -` is standard output for the commands that
    write through `write_or_print`)."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
        help=help,
    )


def remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """The callback of the options a request is built from (`--policy`, `--policy-dir`,
    `--as-of`, `--max-input-size`, `--file`): the value is kept in `ctx.meta`, not passed to
    the command, and `plan_request`/`edit_request` read it back with `remembered`."""
    ctx.meta[f"followup.{param.name}"] = value
    return value


def request_option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """An option a request is built from: `remember`ed, not passed to the command."""
    return click.option(*decls, expose_value=False, callback=remember, **attrs)


def remembered(name: str) -> Any:
    """The value of the current command's option `name` (None when it has no such option)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(f"followup.{name}") if ctx is not None else None


MAX_MAX_MB = 100_000
"""The largest --max-input-size accepted (100 GB): larger numbers only overflowed."""


policy_option = request_option(
    "--policy",
    "policy_ref",
    metavar="NAME|PATH",
    help="Use this policy for every application (a built-in name or a policy file). "
    "Default: chosen by each application's industry.",
)


as_of_option = request_option(
    "--as-of",
    "as_of",
    metavar="DATETIME",
    help="Plan as of this moment (ISO 8601; a date alone means midnight; no offset means the "
    "candidate's time zone). Default: now.",
)


def planning_options(func: F) -> F:
    """`--policy`, `--policy-dir` and `--as-of`: what every planning command takes."""
    return policy_option(policy_dir_option(as_of_option(func)))


def format_option(
    command: str, help: str = "Output for people (text) or programs (json)."
) -> Callable[[F], F]:
    """`--format`, offering the formats `followup.render` registers for `command` (the first
    is the default)."""
    from followup.render import FORMATS

    choices = list(FORMATS[command])
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


input_size_option = request_option(
    "--max-input-size",
    "max_mb",
    type=click.IntRange(min=1, max=MAX_MAX_MB),
    default=MAX_INPUT_MB,
    show_default=True,
    metavar="MB",
    help="Refuse input files larger than this many megabytes.",
)


def max_input_bytes() -> int:
    """`--max-input-size`, in bytes."""
    return int(remembered("max_mb")) * 1024 * 1024


policy_dir_option = request_option(
    "--policy-dir",
    "policy_dirs",
    multiple=True,
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Register the policies in DIR: an application whose industry one of them lists is "
    "planned with it, before the built-ins. Repeatable (the first DIR wins); the directories "
    "in FOLLOWUP_POLICY_DIR (':'-separated) come after these.",
)


def policy_dirs() -> tuple[Path, ...]:
    """The policy directories in search order: `--policy-dir` values, then FOLLOWUP_POLICY_DIR."""
    from followup.api import load_config

    # Like PATH, a directory of the variable that does not exist is skipped (`followup policies`
    # warns about it); a --policy-dir that does not exist is an error. The config file's come
    # last (a missing one skipped too).
    configured = [d for d in load_config().policy_dirs if d.is_dir()]
    given = remembered("policy_dirs") or ()
    return (*given, *env_policy_dirs(existing=True), *configured)


@cache
def _warn_relative(entry: Path) -> None:
    """Once per entry and process: a relative FOLLOWUP_POLICY_DIR entry depends on the folder
    the command runs in."""
    echo(
        f"Warning: FOLLOWUP_POLICY_DIR entry {str(entry)!r} is relative: read from the current "
        f"folder, {Path.cwd() / entry} (give an absolute path to use it from anywhere)",
        err=True,
    )


def env_policy_dirs(*, existing: bool) -> tuple[Path, ...]:
    """The directories FOLLOWUP_POLICY_DIR names that exist (or, not `existing`, that do not
    and are skipped)."""
    from followup.api import POLICY_DIR_ENV_VAR, dirs_from_env

    out = []
    for entry in dirs_from_env(os.environ.get(POLICY_DIR_ENV_VAR)):
        directory = entry
        if not entry.is_absolute():
            directory = Path.cwd() / entry
            _warn_relative(entry)
        if directory.is_dir() == existing:
            out.append(directory)
    return tuple(out)


CLOCK_KEY = "clock"
"""`cli.main(obj={"clock": FixedClock(...)})` (or `CliRunner().invoke(..., obj=...)`) fixes "now"
for every command: the default `--as-of`, the time of run in audit logs, `followup add`'s `--at`.
Without it the wall clock is read."""


def current_clock() -> Clock:
    """The clock in the Click context object, else the system clock."""
    from followup.api import SystemClock

    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    clock = obj.get(CLOCK_KEY) if isinstance(obj, dict) else getattr(obj, CLOCK_KEY, None)
    return clock if clock is not None else SystemClock()


def default_events_file() -> Path:
    """The file `followup add` edits, for a command given no EVENTS (with a hint when it is not
    there)."""
    from followup.api import default_events_path
    from followup.cli import UserError

    path = default_events_path()
    if not path.exists():
        raise UserError(f"{path}: no such file (start one with `followup new`, or give EVENTS)")
    return path


def refuse_overwriting_inputs(output: Path, plans: Sequence[Plan], option: str) -> None:
    """An output file (`-o`, `--audit-log`) must not be one of the command's own input files:
    an events file planned or a policy file (with those it extends) that planned it."""
    from followup.cli import UserError

    if not output.exists():
        return
    inputs = [Path(r.events.name) for r in plans]
    inputs += [Path(f) for r in plans for p in r.policies for f in p.files]
    for source in inputs:
        try:
            same = source.exists() and output.samefile(source)
        except OSError:
            same = False
        if same:
            raise UserError(f"{option} {output}: that is an input of this command ({source})")


def write_or_print(
    output: Path | None, text: str | bytes, plans: Sequence[Plan], *, overwrite: bool = True
) -> None:
    """`-o`: `text` on standard output (no `-o`, or `-o -`), else written to `output` at once,
    without the colours `style` put in and never over one of the command's input files."""
    if output is None or str(output) == "-":
        echo(text if isinstance(text, str) else text.decode("utf-8", "replace"), nl=False)
        return
    refuse_overwriting_inputs(output, plans, "-o")
    from followup.api import write_atomically

    data = plain(text).encode("utf-8") if isinstance(text, str) else text
    write_atomically(output, data, overwrite=overwrite)
    echo(f"wrote {output}", err=True)


def plan_request(events: Sequence[Path], jobs: int = 1) -> PlanRequest:
    """The request to plan `events` (none: the file `followup add` edits) the planning options
    make: `--policy`, `--policy-dir` (then FOLLOWUP_POLICY_DIR and the config file's), `--as-of`
    (else the clock's now), `--max-input-size`, `--jobs`."""
    from followup.api import PlanRequest

    files = tuple(events) or (default_events_file(),)
    policy, as_of = remembered("policy_ref"), remembered("as_of")
    return PlanRequest(
        files, max_input_bytes(), policy, as_of, policy_dirs(), current_clock(), jobs
    )


def planned(events: Path | None) -> Plan:
    """The plan of one events file (None: the file `followup add` edits) as the planning
    options ask."""
    from followup.api import plan_path

    return plan_path(plan_request([events] if events is not None else []))
