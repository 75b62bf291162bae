"""Act on an action by its id: `followup done`, `followup dismiss`, `followup snooze`.

Each records one entry in the events file (the same locked, checked, atomic edit with a `.bak`
as `followup add`) and prints the actions whose status changed. `done` records the event that
completes the action (a thank-you to exactly its recipients, a follow-up, a reply); an action
no event of yours completes (a move-on, a note to yourself) gets a decision entry instead, as
`dismiss` and `snooze` do (see `followup.decisions`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followup.cli import UserError, cli
from followup.cli.options import load_policy_ref
from followup.cli.record_commands import (
    AT_OPTION,
    _edit_options,
    _now,
    _path,
    _print_changes,
    _zone,
)
from followup.render.terminal import echo

if TYPE_CHECKING:
    import pendulum

    from followup.api import Action, Journal, Plan

ACTION_ID = click.argument("action_id", metavar="ACTION_ID")
COMPLETING_EVENTS = ("follow_up_sent", "reply_sent", "thank_you_sent")
"""The events of yours `done` may record, in order of preference among a rule's done_when (a
thank-you note's own event first)."""


def _plan(journal: Journal, now: pendulum.DateTime, policy_ref: str | None) -> Plan:
    from followup.api import plan, policy_chooser
    from followup.cli.options import policy_dirs

    assert journal.before is not None  # editing refuses a missing file
    return plan(journal.before, as_of=now, chooser=policy_chooser(policy_ref, policy_dirs))


def _act(
    events_file: Path | None,
    policy_ref: str | None,
    action_id: str,
    at: str | None,
    entry: Any,
) -> None:
    """Find the action as of now, let `entry(action, moment, journal)` make the entry to add
    (an event or a decision) and record it; every problem is one line, nothing written."""
    from followup.api import Journal, find_action, parse_moment

    path = _path(events_file)
    with Journal.editing(path) as journal:
        tz = _zone(journal)
        now = _now(tz)
        moment = now if at is None else parse_moment("--at", at, tz, date_ok=False)
        if moment > now:
            raise UserError(f"--at {at}: that is in the future; record it once it happens")
        action = find_action(_plan(journal, now, policy_ref), action_id, str(path))
        fields: dict[str, Any] = entry(action, moment, journal)
        event = {"type": fields.pop("type"), "at": moment.replace(microsecond=0).isoformat()}
        app_id = action.application.id
        if event["type"] not in ("dismissed", "snoozed", "done", "moved_on"):
            journal.check_event(app_id, event["type"], moment)
        journal.add_event(app_id, {**event, **fields})
        after = journal.save()
    echo(f"recorded {event['type']} for {app_id} in {path}")

    override = load_policy_ref(policy_ref) if policy_ref is not None else None
    _print_changes(journal.before, after, override, tz)


def completing_entry(action: Action, note: str | None) -> dict[str, Any]:
    """What `done` records for an action."""
    if action.status in ("done", "cancelled"):
        raise UserError(f"{action.id} is already {action.status}: {action.status_reason}")
    fields: dict[str, Any] = {}
    if note:
        fields["note"] = note
    first = ("thank_you_sent",) if action.kind == "thank_you" else ()
    for event_type in (*first, *COMPLETING_EVENTS):
        if event_type in action.rule.done_when:
            if action.to:
                fields["to"] = [p.email or p.name for p in action.to]
            if event_type != "thank_you_sent" and action.channel in ("phone", "letter"):
                fields["channel"] = action.channel
            return {"type": event_type, **fields}
    decision = "moved_on" if action.kind == "move_on" else "done"
    return {"type": decision, "action": action.id, **fields}


@cli.command("done")
@ACTION_ID
@AT_OPTION
@click.option("--note", metavar="TEXT", help="A note kept with the event.")
@_edit_options
def done_command(
    action_id: str,
    at: str | None,
    note: str | None,
    events_file: Path | None,
    policy_ref: str | None,
) -> None:
    """You did it: record the event that completes ACTION_ID (a thank-you to exactly its
    recipients, a follow-up, a reply to an offer). A move-on closes the application's waits
    (without recording a withdrawal); a note to yourself is marked done."""
    _act(events_file, policy_ref, action_id, at, lambda a, _m, _j: completing_entry(a, note))


@cli.command("dismiss")
@ACTION_ID
@click.option("--reason", required=True, metavar="TEXT", help="Why (shown with the action).")
@AT_OPTION
@_edit_options
def dismiss_command(
    action_id: str,
    reason: str,
    at: str | None,
    events_file: Path | None,
    policy_ref: str | None,
) -> None:
    """You will not do it: ACTION_ID is no longer recommended. `followup plan --all` lists it
    as dismissed with the reason and when; `followup explain` says so."""
    if not reason.strip():
        raise UserError("--reason: say why (it is shown with the action)")

    def entry(action: Action, _moment: Any, _journal: Any) -> dict[str, Any]:
        if not action.is_open:
            raise UserError(f"{action.id} is {action.status}, not open: nothing to dismiss")
        return {"type": "dismissed", "action": action.id, "note": reason.strip()}

    _act(events_file, policy_ref, action_id, at, entry)


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
    events_file: Path | None,
    policy_ref: str | None,
) -> None:
    """Not now: ACTION_ID reopens at --until (its window starts no earlier and stays open at
    least as long as it was)."""
    from followup.api import is_date_only, parse_moment_text

    def entry(action: Action, moment: pendulum.DateTime, journal: Journal) -> dict[str, Any]:
        if not action.is_open:
            raise UserError(f"{action.id} is {action.status}, not open: nothing to snooze")
        tz = _zone(journal)
        try:
            when = parse_moment_text(until, tz)
        except ValueError as exc:
            raise UserError(
                f"--until {until}: {exc} (e.g. 2026-10-12 or 2026-10-12T09:00)"
            ) from None
        if is_date_only(until):  # a date alone: the start of the working day
            when = when.set(hour=9)
        if when <= moment:
            raise UserError(f"--until {until}: not after now ({moment:%Y-%m-%d %H:%M})")
        return {"type": "snoozed", "action": action.id, "until": when.isoformat()}

    _act(events_file, policy_ref, action_id, at, entry)
