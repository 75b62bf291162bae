"""Export a plan's actions as an iCalendar file: events with alarms (VEVENT + VALARM, what
Google Calendar, Outlook and Apple Calendar show) or to-dos (VTODO), one per action.

Open actions are exported as they stand; an action that is no longer open (done, dismissed,
lapsed, cancelled) is exported under the same UID with `STATUS:CANCELLED` (an event) or
`STATUS:COMPLETED` / `STATUS:CANCELLED` (a to-do) and a higher `SEQUENCE`, so that importing a
newer export updates or removes what an older one put in the calendar (RFC 5545 3.8.7.4: the
organizer's copy with the higher SEQUENCE wins).

The output depends only on the plan: DTSTAMP is the plan's `as_of`, never the wall clock,
SEQUENCE is worked out from the events (`sequence_for`), times are written in UTC, and components
are sorted by `not_before`, then by id, so the same plan always gives byte-identical bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta

import icalendar
import pendulum

from followup.actions import Action
from followup.dates.zones import utc
from followup.errors import join_names
from followup.explain import summary, timing_text
from followup.facts import known_events
from followup.kinds import CHANNELS, KINDS, Status

PRODID = "-//interview-followup//interview-followup//EN"
UID_DOMAIN = "interview-followup"
PRIORITY_OVERDUE = 1
PRIORITY_NORMAL = 5
CLOSING_ALARM = timedelta(hours=2)
"""An event's second alarm rings this long before its window closes (windows longer than
twice this only)."""


def build_calendar(
    actions: Iterable[Action],
    *,
    as_of: pendulum.DateTime,
    todo: bool = False,
) -> bytes:
    """An iCalendar file with one VEVENT (or, with `todo`, one VTODO) per action (a plan's
    actions: open ones as they stand, closed ones cancelled or completed with a higher SEQUENCE);
    `as_of` (the plan's) becomes every DTSTAMP and counts what is known for each SEQUENCE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Interview follow-ups")
    build = build_todo if todo else build_event
    for action in sorted(actions, key=Action.sort_key):
        calendar.add_component(build(action, as_of))
    data: bytes = calendar.to_ical()
    return data


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


def _common(component: icalendar.cal.Component, action: Action, as_of: pendulum.DateTime) -> str:
    """What an event and a to-do both hold (icalendar writes properties in its canonical order,
    whatever order they are added in); the title."""
    title = title_for(action)
    component.add("uid", uid_for(action.id))
    component.add("dtstamp", utc(as_of))
    component.add("sequence", sequence_for(action, as_of))
    component.add("dtstart", utc(action.not_before))
    component.add("summary", title)
    component.add("description", description_for(action))
    component.add("priority", priority_for(action))
    component.add("categories", [action.kind])
    return title


def build_event(action: Action, as_of: pendulum.DateTime) -> icalendar.Event:
    """One VEVENT for one action: the window from DTSTART to DTEND (none when the window is an
    instant: RFC 5545 wants DTEND later than DTSTART), free time (TRANSP:TRANSPARENT), and for
    an open action an alarm when the window opens and one CLOSING_ALARM before it closes."""
    event = icalendar.Event()
    title = _common(event, action, as_of)
    start, end = action.not_before, action.due_by
    if end > start:
        event.add("dtend", utc(end))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED" if action.is_open else "CANCELLED")
    if action.is_open:
        event.add_component(_alarm(title, timedelta(0), related_end=False))
        if utc(end) - utc(start) > 2 * CLOSING_ALARM:
            event.add_component(_alarm(f"Closes soon: {title}", -CLOSING_ALARM, related_end=True))
    return event


def _alarm(text: str, offset: timedelta, *, related_end: bool) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    trigger = icalendar.vDuration(offset)
    if related_end:
        trigger.params["RELATED"] = "END"
    alarm.add("trigger", trigger)
    return alarm


def build_todo(action: Action, as_of: pendulum.DateTime) -> icalendar.Todo:
    """One VTODO for one action: NEEDS-ACTION while open, COMPLETED (with the time of the event
    that did it) when done, CANCELLED otherwise."""
    todo = icalendar.Todo()
    _common(todo, action, as_of)
    todo.add("due", utc(action.due_by))
    if action.is_open:
        todo.add("status", "NEEDS-ACTION")
    elif action.status == Status.DONE:
        todo.add("status", "COMPLETED")
        todo.add("percent-complete", 100)
        if action.done_by is not None:
            todo.add("completed", utc(action.done_by.at))
    else:
        todo.add("status", "CANCELLED")
    return todo


def uid_for(action_id: str) -> str:
    """A stable UID: the SHA-1 of the action id, at the tool's domain."""
    digest = hashlib.sha1(action_id.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{digest}@{UID_DOMAIN}"


def priority_for(action: Action) -> int:
    """RFC 5545 priority: 1 (highest) for an overdue action, 5 otherwise."""
    return PRIORITY_OVERDUE if action.status == "overdue" else PRIORITY_NORMAL


def title_for(action: Action) -> str:
    """A short human title, e.g. "Thank-you note to Grace Hopper — Acme"."""
    pattern = KINDS[action.kind].calendar_title
    names = [person.name for person in action.to]
    if not names:
        pattern = pattern.replace(" to {to}", "").replace(" from {to}", "").replace("{to}", "them")
    medium = CHANNELS[action.channel].medium
    title = pattern.format(to=join_names(names), medium=medium)
    return f"{title} — {action.application.company}"


def description_for(action: Action) -> str:
    """Recipients, the plan's explanation and the action id, one item per line."""
    rule = action.rule
    lines = {
        "To": ", ".join(p.display() for p in action.to),
        "Cc": ", ".join(p.display() for p in action.cc),
        "Channel": action.channel,
        "What": summary(action),
        "Because": rule.because,
        "Timing": timing_text(action),
        "Guidelines": ", ".join(rule.cites),
        "Rule": f"{rule.id} ({rule.source})" if rule.source else rule.id,
        "Action": action.id,
    }
    return "\n".join(f"{label}: {value}" for label, value in lines.items() if value)
