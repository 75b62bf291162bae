"""The candidate's decisions about the plan, applied to an application's actions.

`followup dismiss`, `snooze` and `done` (for an action no event of yours completes) record a
*decision* in the events file: an entry of the application's `events` list that names the action
by its id (`{type: snoozed, at: ..., action: ID, until: ...}`). The events reader keeps them apart
(`Application.decisions`), so they never start or settle a rule; here, after the engine has
built the actions, each decision known at `as_of` is applied in time order to the open action it
names (a later decision overrides an earlier one):

- `dismissed`: the action is no longer recommended: status `dismissed`, with the reason and when;
  a message it carried (a timeline question folded into a thank-you) comes back on its own;
- `snoozed`: the window opens no earlier than `until` (and stays open at least as long as it
  was), inside the recipient's working hours when the action keeps to them; the status is then
  upcoming, due or overdue against the new window;
- `done` / `moved_on`: the action is done (a note to yourself, a move-on: the application's
  waits close; `followup status` shows it as moved on).

A decision about an action that is done or cancelled by an event changes nothing; a dismissed
or done action that would since have lapsed stays as decided.
"""

from __future__ import annotations

from dataclasses import replace

import pendulum

from followup.actions import Action, reopened, window_status
from followup.dates.formatting import short_day, when
from followup.dates.zones import as_pendulum, zone_name
from followup.events import Application, Decision
from followup.kinds import OPEN_STATUSES, Status
from followup.names import old_slug_of


def apply_decisions(
    actions: list[Action], app: Application, as_of: pendulum.DateTime
) -> list[Action]:
    """`actions` with the decisions of `app` known at `as_of` applied, sorted as before."""
    known = [d for d in app.decisions if d.at <= as_of]
    if not known:
        return actions
    by_action: dict[str, list[Decision]] = {}
    for decision in known:
        by_action.setdefault(decision.action, []).append(decision)
    out = []
    for action in actions:
        mine = by_action.get(action.id) or by_action.get(old_id(action)) or []
        for decision in mine:
            action = _apply(action, decision, as_of)
        if action.status == Status.DISMISSED and action.carried:
            # The message is not sent: what it carried (the timeline question inside a
            # thank-you) is still to ask, on its own, with its own window and id.
            out += apply_decisions(list(action.carried), app, as_of)
            action = replace(action, covers=(), carried=())
        out.append(action)
    return sorted(out, key=Action.sort_key)


def old_id(action: Action) -> str:
    """The id `action` had before slugs kept accented and non-Latin names (`old_slug_of`:
    ".../mar-a-jos-garc-a" for ".../maria-jose-garcia"), so that a decision recorded with it
    still applies, and a command given it (`followup done ID`) finds the action; its own id
    when that is the same."""
    head, _, slug = action.id.rpartition("/")
    for person in action.to:
        if person.slug() == slug:
            return f"{head}/{old_slug_of(person.name)}"
    return action.id


def _apply(action: Action, decision: Decision, as_of: pendulum.DateTime) -> Action:
    if action.status not in (*OPEN_STATUSES, Status.DISMISSED, Status.LAPSED):
        return action
    if action.status == "lapsed" and decision.type == "snoozed":
        return action  # too late whatever the window says
    decided = when(decision.at.in_timezone(zone_name(action.not_before)))
    why = f": {decision.note}" if decision.note else ""
    if decision.type == "dismissed":
        return replace(action, status=Status.DISMISSED, status_reason=f"dismissed {decided}{why}")
    if decision.type in ("done", "moved_on"):
        reason = f"done {decided} (recorded with `followup done`){why}"
        return replace(action, status=Status.DONE, status_reason=reason)
    if decision.type == "snoozed" and decision.until is not None:
        until = decision.until.in_timezone(zone_name(action.not_before))
        opens, due = action.not_before, action.due_by
        if until > opens:
            # the window keeps its length, as pendulum's calendar-aware difference gives it,
            # and the recipient's working hours, as it first did
            opens, due = reopened(action, until, as_pendulum(due) - as_pendulum(opens))
        note = f"snoozed {decided} until {when(until)}"
        if opens != until:
            note += f", in their working hours from {when(opens)}"
        # the window before and after, as the working-hours note shows its move: the lines
        # above it (`not_before = anchor + 1w = ...`) give the window as it ends up
        moved = (
            f": {short_day(action.not_before)} -> {short_day(action.due_by)} becomes "
            f"{short_day(opens)} -> {short_day(due)}"
            if opens != action.not_before
            else ""
        )
        status, reason = window_status(opens, due, as_of)
        return replace(
            action,
            not_before=opens,
            due_by=due,
            status=status,
            status_reason=f"{reason} ({note})",
            timing_notes=(*action.timing_notes, note + moved),
        )
    return action
