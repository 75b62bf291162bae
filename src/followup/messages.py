"""From planned actions to the calendar: `calendar_for(plan)` exports the actions."""

from __future__ import annotations

import pendulum

from followup.actions import Action
from followup.api import Plan
from followup.explain import iso
from followup.facts import known_events
from followup.ics import build_calendar
from followup.render.json_render import action_to_dict


def sequence_for(action: Action, as_of: pendulum.DateTime) -> int:
    """The iCalendar SEQUENCE of an action's event or to-do: it grows whenever what the
    calendar shows may change, and is computed from the events alone, so the same events and
    `as_of` give the same number.

    3 x (events of the application after the action's trigger, and decisions about the action
    (dismissed, snoozed...), known at `as_of`) + 0 while open and not overdue, 1 when overdue,
    2 once closed. Each new entry may change the window or close the action (+3 outweighs
    leaving `overdue` for a snoozed action); with no new entry time only moves an action from
    open to overdue to closed.
    """
    app = action.application
    later = len(known_events(app, as_of)) - action.trigger.position - 1
    later += sum(1 for d in app.decisions if d.action == action.id and d.at <= as_of)
    rank = 2 if not action.is_open else 1 if action.status == "overdue" else 0
    return 3 * max(0, later) + rank


def calendar_for(plan: Plan, *, todo: bool = False) -> bytes:
    """An iCalendar file of the plan's actions, stamped with the plan's as-of time: open ones
    as they stand, closed ones cancelled (completed, for a done to-do) with a higher SEQUENCE."""
    actions = []
    for action in plan.actions:
        entry = action_to_dict(action)
        entry["sequence"] = sequence_for(action, plan.as_of)
        if action.done_by is not None:
            entry["completed"] = iso(action.done_by.at)
        actions.append(entry)
    companies = {app.id: app.company for app in plan.events.applications}
    return build_calendar(actions, stamp=iso(plan.as_of), companies=companies, todo=todo)
