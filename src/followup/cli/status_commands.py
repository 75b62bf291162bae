"""`followup status`: where every application stands, one line each."""

from __future__ import annotations

from pathlib import Path

from followup.cli import cli
from followup.cli.daily_commands import OPTIONAL_EVENTS_ARGUMENT
from followup.cli.options import (
    format_option,
    input_size_option,
    planned,
    planning_options,
)
from followup.render import renderer
from followup.render.terminal import echo


@cli.command("status")
@OPTIONAL_EVENTS_ARGUMENT
@planning_options
@format_option("status")
@input_size_option
def status_command(events_path: Path | None, output_format: str) -> None:
    """Where every application stands: one line each with its stage (applied, interviewing,
    offer, rejected, withdrawn, moved on), the days since the last contact with the employer
    (CONTACT: any event but a note to yourself) and the next open action with its window; the
    number per stage at the end. `--format json` adds the action ids.

    EVENTS defaults to the file `followup add` edits. Colour on a terminal only, never with
    NO_COLOR set."""
    plan = planned(events_path)
    echo(renderer("status", output_format)(plan), nl=False)
