"""The daily loop: `followup due`, `followup status`, `followup draft`, `followup ics`."""

from __future__ import annotations

from pathlib import Path

import click

from followup.cli import cli
from followup.cli.options import (
    A_FILE,
    format_option,
    input_size_option,
    output_option,
    planned,
    planning_options,
    write_or_print,
)
from followup.render import renderer
from followup.render.terminal import echo

OPTIONAL_EVENTS_ARGUMENT = click.argument(
    "events_path",
    metavar="[EVENTS]",
    required=False,
    type=A_FILE,
)


@cli.command("due")
@OPTIONAL_EVENTS_ARGUMENT
@click.option("--today", is_flag=True, help="Only what is due by the end of today.")
@click.option("--week", is_flag=True, help="Only what is due within 7 days.")
@click.option(
    "--fail-if-overdue", is_flag=True, help="Exit 1 when something is overdue (for scripts)."
)
@planning_options
@input_size_option
def due_command(
    events_path: Path | None,
    today: bool,
    week: bool,
    fail_if_overdue: bool,
) -> None:
    """What to do now: overdue, due now and coming up, most urgent first, one line each.

    EVENTS defaults to the file `followup add` edits (see `followup add --help`). Colour on a
    terminal only, never with NO_COLOR set. Exit 0 whether or not anything is due."""
    from followup.render.daily_render import render_due

    if today and week:  # one silently won
        raise click.UsageError("--today and --week: give one of them")
    plan = planned(events_path)
    horizon = None
    if today:
        horizon = plan.as_of.end_of("day")
    elif week:
        horizon = plan.as_of.add(days=7)
    echo(render_due(plan, horizon), nl=False)
    if fail_if_overdue and any(a.status == "overdue" for a in plan.actions):
        raise SystemExit(1)


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


EML_SUFFIX = ".eml"


@cli.command("draft")
@click.argument("arguments", nargs=-1, required=True, metavar="[EVENTS] ACTION_ID")
@click.option(
    "--template",
    type=A_FILE,
    help="A Jinja2 template to use instead of the rule's or the built-in one.",
)
@output_option("Write here; a name ending in .eml gets an email draft your mail client opens.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@planning_options
@input_size_option
def draft_command(
    arguments: tuple[str, ...],
    template: Path | None,
    output: Path | None,
    force: bool,
) -> None:
    """Write the message for an action: To/Cc, subject and body, or talking points for a call.

    EVENTS defaults to the file `followup add` edits (see `followup add --help`). With
    `-o NAME.eml` the email is written as a message file (RFC 5322, marked `X-Unsent: 1`) that
    a mail program opens as a draft ready to send."""
    from followup.api import draft_for, find_action, left_out, tone_notes

    if len(arguments) > 2:
        raise click.UsageError(f"expected [EVENTS] ACTION_ID, got {len(arguments)} arguments")
    *given, action_id = arguments
    plan = planned(Path(given[0]) if given else None)
    action = find_action(plan, action_id, plan.events.name)
    draft = draft_for(action, plan.events.candidate, template)
    for note in left_out(action):  # one message for two applications, not yet (followup.peers)
        echo(note, err=True)
    for note in tone_notes(draft):  # an emoji or exclamation mark from the events file (G27)
        echo(note, err=True)
    as_email = output is not None and output.suffix.lower() == EML_SUFFIX
    content: str | bytes = draft.email().as_bytes() if as_email else draft.text()
    if as_email:
        for person in draft.without_address():
            echo(
                f"warning: no email address for {person.name} in the events file: add them"
                " to the draft yourself",
                err=True,
            )
    write_or_print(output, content, [plan], overwrite=force)


@cli.command("ics")
@OPTIONAL_EVENTS_ARGUMENT
@output_option("Write here.")
@click.option(
    "--todo",
    is_flag=True,
    help="To-dos (VTODO) instead of events with alarms (most calendar apps ignore to-dos).",
)
@planning_options
@input_size_option
def ics_command(
    events_path: Path | None,
    output: Path | None,
    todo: bool,
) -> None:
    """Export the actions as an iCalendar file: one event with alarms per action (--todo: one
    to-do), stable UIDs. Re-export after acting: the same UIDs come back cancelled (or
    completed) with a higher SEQUENCE, so importing the new file clears the old reminders.

    EVENTS defaults to the file `followup add` edits (see `followup add --help`)."""
    from followup.api import build_calendar

    plan = planned(events_path)
    write_or_print(output, build_calendar(plan.actions, as_of=plan.as_of, todo=todo), [plan])
