"""Act on an action by its id: `followup done`, `followup dismiss`, `followup snooze`.

Each records one entry in the events file (the same locked, checked, atomic edit with a `.bak`
as `followup add`) and prints the actions whose status (or open window) changed. `done` records
the event that completes the action (a thank-you to everyone it reached, a follow-up, a
reply); an action no event of yours completes (a move-on, a note to yourself) gets a decision
entry instead, as `dismiss` and `snooze` do (see `followup.edits` and `followup.decisions`).
"""

from __future__ import annotations

import click

from followup.cli import cli
from followup.cli.record_commands import AT_OPTION, _edit_options, edit_request, say

ACTION_ID = click.argument("action_id", metavar="ACTION_ID")


@cli.command("done")
@ACTION_ID
@AT_OPTION
@click.option("--note", metavar="TEXT", help="A note kept with the event.")
@_edit_options
def done_command(
    action_id: str,
    at: str | None,
    note: str | None,
) -> None:
    """You did it: record the event that completes ACTION_ID (a thank-you to everyone it
    reached, a follow-up, a reply to an offer). A move-on closes the application's waits
    (without recording a withdrawal); a note to yourself is marked done."""
    from followup.api import act, completing

    say(act(edit_request(), action_id, at, completing(note)))


@cli.command("dismiss")
@ACTION_ID
@click.option("--reason", required=True, metavar="TEXT", help="Why (shown with the action).")
@AT_OPTION
@_edit_options
def dismiss_command(
    action_id: str,
    reason: str,
    at: str | None,
) -> None:
    """You will not do it: ACTION_ID is no longer recommended. `followup plan --all` lists it
    as dismissed with the reason and when; `followup explain` says so."""
    from followup.api import act, dismissal

    say(act(edit_request(), action_id, at, dismissal(reason)))


@cli.command("snooze")
@ACTION_ID
@click.option(
    "--until",
    "until",
    required=True,
    metavar="DATETIME",
    help="When it should come back (a date alone: 09:00 that day).",
)
@AT_OPTION
@_edit_options
def snooze_command(
    action_id: str,
    until: str,
    at: str | None,
) -> None:
    """Not now: ACTION_ID reopens at --until (its window starts no earlier and stays open at
    least as long as it was)."""
    from followup.api import act, snoozing

    say(act(edit_request(), action_id, at, snoozing(until)))
