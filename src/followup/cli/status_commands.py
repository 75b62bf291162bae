"""`followup status`: where every application stands, one line each."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from followup.cli import cli
from followup.cli.daily_commands import (
    OPTIONAL_EVENTS_ARGUMENT,
    STATUS_HUES,
    echo_wrapped,
    short_moment,
    use_colour,
)
from followup.cli.options import (
    as_of_option,
    events_file_or_default,
    format_option,
    input_size_option,
    policy_dir_option,
    policy_option,
)
from followup.cli.plan_commands import build_plan
from followup.terminal import echo, style

if TYPE_CHECKING:
    from followup.actions import Action
    from followup.board import Row

_STAGE_HUES = {
    "applied": "blue",
    "interviewing": "cyan",
    "offer": "green",
    "rejected": "red",
    "withdrawn": "magenta",
    "moved on": "magenta",
}
_MAX_COLUMN = 34


@cli.command("status")
@OPTIONAL_EVENTS_ARGUMENT
@policy_option
@policy_dir_option
@as_of_option
@format_option
@input_size_option
def status_command(
    events_path: Path | None,
    policy_ref: str | None,
    as_of: str | None,
    output_format: str,
    max_mb: int,
) -> None:
    """Where every application stands: one line each with its stage (applied, interviewing,
    offer, rejected, withdrawn, moved on), the days since the last contact with the employer
    (CONTACT: any event but a note to yourself) and the next open action with its window; the
    number per stage at the end. `--format json` adds the action ids.

    EVENTS defaults to the file `followup add` edits. Colour on a terminal only, never with
    NO_COLOR set."""
    from followup.board import board, board_to_dict, stage_counts
    from followup.dates.formatting import when

    plan = build_plan(events_file_or_default(events_path), policy_ref, as_of, max_mb)
    rows = board(plan)
    if output_format == "json":
        import json

        echo(json.dumps(board_to_dict(plan, rows), indent=2, ensure_ascii=False))
        return
    tz = plan.events.candidate.timezone
    colour = use_colour()
    echo_wrapped(f"Applications of {plan.events.candidate.name} as of {when(plan.as_of)} ({tz})")
    echo("")
    if not rows:
        echo("No applications yet: start one with `followup new`.")
        return
    id_width = min(_MAX_COLUMN, max(len("APPLICATION"), *(len(r.application.id) for r in rows)))
    job_width = max(len("COMPANY, ROLE"), *(len(_job(r)) for r in rows))
    head = (
        f"{'APPLICATION':<{id_width}}  {'COMPANY, ROLE':<{job_width}}  STAGE         CONTACT  NEXT"
    )
    echo(style(head, bold=True), color=colour)
    for row in rows:
        stage = style(f"{row.stage:<12}", fg=_STAGE_HUES[row.stage])
        line = (
            f"{row.application.id:<{id_width}}  {_job(row):<{job_width}}  {stage}  "
            f"{_contact(row):>7}  {_next(row.next_action)}"
        )
        echo_wrapped(line, colour=colour, hang=id_width + 2)
    counts = stage_counts(rows)
    summary = ", ".join(f"{n} {stage}" for stage, n in counts.items() if n)
    echo("")
    plural = "" if len(rows) == 1 else "s"
    echo_wrapped(f"{len(rows)} application{plural}: {summary}.")


def _job(row: Row) -> str:
    """`Company, Role`, cut to _MAX_COLUMN characters."""
    text = f"{row.application.company}, {row.application.role}"
    return text if len(text) <= _MAX_COLUMN else text[: _MAX_COLUMN - 3] + "..."


def _contact(row: Row) -> str:
    days = row.days_since_last_contact
    if days is None:
        return "-"
    return "today" if days == 0 else f"{days}d ago"


def _next(action: Action | None) -> str:
    if action is None:
        return "nothing open"
    from followup.record import action_label

    label = action_label(action.kind, [p.name for p in action.to])
    window = f"{short_moment(action.not_before)} -> {short_moment(action.due_by)}"
    status = style(action.status.upper(), fg=STATUS_HUES[action.status], bold=True)
    return f"{status} {label}, {window}"
