"""`followup audit verify` and the helpers behind `followup plan --audit-log`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from followup.cli import cli
from followup.cli.options import current_clock, format_option, input_size_option, max_input_bytes
from followup.render import renderer
from followup.render.terminal import echo

if TYPE_CHECKING:
    from followup.api import Plan


def write_audit_log(log_path: Path, plans: Sequence[Plan], policy_ref: str | None) -> None:
    """Append the audit line of a `followup plan` run; errors become `UserError` (exit 2)."""
    from followup.api import log_run

    note = log_run(log_path, plans, clock=current_clock(), policy_override=policy_ref)
    if note is not None:
        echo(f"Warning: {note}", err=True)


AUDIT_LOG_OPTION = click.option(
    "--audit-log",
    "audit_log",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append one JSON line about this run to FILE: time of run, as-of, version, the "
    "policies and events files with their sha256, every action's id, rule and status.",
)


@cli.group("audit")
def audit_group() -> None:
    """Check what earlier `followup plan --audit-log` runs recommended."""


@audit_group.command("verify")
@click.argument("log_path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--head",
    metavar="HASH",
    help="A record hash kept from an earlier `audit verify` (its `head`): fail unless the log "
    "still holds that record, which detects records removed from the end.",
)
@format_option("audit verify")
@input_size_option
def verify_command(log_path: Path, head: str | None, output_format: str) -> None:
    """Check FILE's hash chain, re-run every plan logged in it and say whether it still gives
    the same actions.

    Per line: `same`, `differs` (with the actions whose status changed), `policy changed` (a
    policy's sha256 is not the logged one; the differing actions follow) or `inputs missing`.
    Then the chain: `intact` with its head (the last record's hash), or each record edited,
    deleted, duplicated or reordered (see docs/auditing.md for what is and is not detected).
    Exit 0 when every line is the same and the chain intact, 1 otherwise, 2 when FILE cannot
    be read.
    """
    from followup.api import check_audit_log

    check = check_audit_log(log_path, max_input_bytes(), head)
    echo(renderer("audit verify", output_format)(check), nl=False)
    if not check.ok:
        raise click.exceptions.Exit(1)
