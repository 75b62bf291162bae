"""Where every application stands: `followup status`, one row per application.

A pure function of a plan (its events, actions and `as_of`): the stage the application has
reached (also the one `followup timeline` shows), the days since the last contact with the
employer, and the next open action.

Stages, from the events known at `as_of` in time order: `applied` until an interview,
`interviewing` from the first interview, then `offer`, `rejected` or `withdrawn` from the event
that says so (a later interview reopens the application: `interviewing` again). An application
whose open move-on action has come due (or whose move-on is done) is `moved on`: the rules say
to stop waiting on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pendulum

from followup.actions import Action
from followup.events import Application, Event
from followup.facts import happened_events, whole_days
from followup.frozen import frozen
from followup.planner import Plan

STAGES = ("applied", "interviewing", "offer", "rejected", "withdrawn", "moved on")
_STAGE_OF_EVENT = {
    "interview": "interviewing",
    "offer_received": "offer",
    "rejected": "rejected",
    "withdrawn": "withdrawn",
}
_URGENCY = {"overdue": 0, "due": 1, "upcoming": 2}


@frozen
class Row:
    application: Application
    stage: str
    last_contact: Event | None
    days_since_last_contact: int | None
    next_action: Action | None


def stage(app: Application, actions: Sequence[Action], as_of: pendulum.DateTime) -> str:
    """Where the application stands at `as_of`, one of STAGES (see the module), from the events
    that have happened and its actions (`followup status` and `followup timeline`)."""
    reached = "applied"
    for event in happened_events(app, as_of):
        reached = _STAGE_OF_EVENT.get(event.type, reached)
    if reached in ("applied", "interviewing") and any(
        a.kind == "move_on" and ((a.is_open and a.not_before <= as_of) or a.status == "done")
        for a in actions
    ):
        return "moved on"
    return reached


def urgency(action: Action) -> tuple[int, dt.datetime, dt.datetime, str]:
    """Most urgent first, of open actions: overdue, then due (the earliest deadline first), then
    upcoming (what opens first)."""
    rank = _URGENCY[action.status]
    if rank == 2:
        return (rank, action.not_before, action.due_by, action.id)
    return (rank, action.due_by, action.not_before, action.id)


def board(plan: Plan) -> list[Row]:
    """One row per application, in file order."""
    rows = []
    for app, actions in plan.by_application():
        events = happened_events(app, plan.as_of)
        last = events[-1] if events else None  # decisions (notes to oneself) are not events
        days = whole_days(last.at.timestamp(), plan.as_of.timestamp()) if last else None
        next_action = min((a for a in actions if a.is_open), key=urgency, default=None)
        rows.append(Row(app, stage(app, actions, plan.as_of), last, days, next_action))
    return rows


def stage_counts(rows: list[Row]) -> dict[str, int]:
    """Applications per stage, every stage listed, in STAGES order."""
    return {stage: sum(1 for r in rows if r.stage == stage) for stage in STAGES}
