"""Export a plan's actions as an iCalendar file: events with alarms (VEVENT + VALARM, what
Google Calendar, Outlook and Apple Calendar show) or to-dos (VTODO), one per action.

Open actions are exported as they stand; an action that is no longer open (done, dismissed,
lapsed, cancelled) is exported under the same UID with `STATUS:CANCELLED` (an event) or
`STATUS:COMPLETED` / `STATUS:CANCELLED` (a to-do) and a higher `SEQUENCE`, so that importing a
newer export updates or removes what an older one put in the calendar (RFC 5545 3.8.7.4: the
organizer's copy with the higher SEQUENCE wins).

The output depends only on its input: DTSTAMP is the plan's `as_of` (passed as `stamp`), never the
wall clock, SEQUENCE comes from the action (see `followup.messages.sequence_for`), times are
written in UTC, and components are sorted by `not_before`, then by id, so the same plan always
gives byte-identical bytes. `write_calendar` replaces the target atomically.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import icalendar

from followup.atomic import write_atomically
from followup.errors import InputError
from followup.kinds import KINDS

PRODID = "-//interview-followup//interview-followup//EN"
UID_DOMAIN = "interview-followup"
OPEN_STATUSES = frozenset({"upcoming", "due", "overdue", "planned"})
COMPLETED_STATUSES = frozenset({"done"})
PRIORITY_OVERDUE = 1
PRIORITY_NORMAL = 5
CLOSING_ALARM = timedelta(hours=2)
"""An event's second alarm rings this long before its window closes (windows longer than
twice this only)."""

_TITLES: dict[str, str] = {name: k.calendar_title for name, k in KINDS.items()}
_MEDIUM = {"phone": "call", "email": "email"}


def build_calendar(
    actions: Sequence[Mapping[str, Any]],
    *,
    stamp: str,
    calendar_name: str = "Interview follow-ups",
    companies: Mapping[str, str] | None = None,
    todo: bool = False,
) -> bytes:
    """An iCalendar file with one VEVENT (or, with `todo`, one VTODO) per action.

    `stamp` is the plan's `as_of` (an ISO date-time with offset) and becomes every DTSTAMP.
    `companies` maps application ids to company names for the titles; the id is used otherwise.
    An action's optional `sequence` (an int, default 0) becomes SEQUENCE, and `completed` (an
    ISO date-time) the COMPLETED time of a done to-do.
    """
    dtstamp = parse_moment(stamp, "stamp")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    build = build_todo if todo else build_event
    for action in sorted(actions, key=_sort_key):
        calendar.add_component(build(action, dtstamp, companies or {}))
    data: bytes = calendar.to_ical()
    return data


def is_open(action: Mapping[str, Any]) -> bool:
    return str(action.get("status", "")) in OPEN_STATUSES


def sorted_open_actions(actions: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Open actions (see OPEN_STATUSES), sorted by `not_before` (as UTC), then id."""
    return sorted((a for a in actions if is_open(a)), key=_sort_key)


def _common(
    component: icalendar.cal.Component,
    action: Mapping[str, Any],
    dtstamp: datetime,
    companies: Mapping[str, str],
) -> tuple[str, datetime, datetime]:
    action_id = _required(action, "id")
    start = parse_moment(_required(action, "not_before"), f"{action_id}: not_before")
    end = parse_moment(_required(action, "due_by"), f"{action_id}: due_by")
    component.add("uid", uid_for(action_id))
    component.add("dtstamp", dtstamp)
    component.add("sequence", sequence_of(action))
    component.add("dtstart", start)
    return action_id, start, end


def build_event(
    action: Mapping[str, Any], dtstamp: datetime, companies: Mapping[str, str]
) -> icalendar.Event:
    """One VEVENT for one action: the window from DTSTART to DTEND (none when the window is an
    instant: RFC 5545 wants DTEND later than DTSTART), free time (TRANSP:TRANSPARENT), and for
    an open action an alarm when the window opens and one CLOSING_ALARM before it closes."""
    event = icalendar.Event()
    _, start, end = _common(event, action, dtstamp, companies)
    if end > start:
        event.add("dtend", end)
    title = title_for(action, companies)
    event.add("summary", title)
    event.add("description", description_for(action))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED" if is_open(action) else "CANCELLED")
    event.add("priority", priority_for(action))
    event.add("categories", [_required(action, "kind")])
    if is_open(action):
        event.add_component(_alarm(title, timedelta(0), related_end=False))
        if end - start > 2 * CLOSING_ALARM:
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


def build_todo(
    action: Mapping[str, Any], dtstamp: datetime, companies: Mapping[str, str]
) -> icalendar.Todo:
    """One VTODO for one action: NEEDS-ACTION while open, COMPLETED (with the COMPLETED time
    when the action gives one) when done, CANCELLED otherwise."""
    todo = icalendar.Todo()
    action_id, _start, end = _common(todo, action, dtstamp, companies)
    todo.add("due", end)
    todo.add("summary", title_for(action, companies))
    todo.add("description", description_for(action))
    status = str(action.get("status", ""))
    if is_open(action):
        todo.add("status", "NEEDS-ACTION")
    elif status in COMPLETED_STATUSES:
        todo.add("status", "COMPLETED")
        todo.add("percent-complete", 100)
        if action.get("completed"):
            todo.add("completed", parse_moment(action["completed"], f"{action_id}: completed"))
    else:
        todo.add("status", "CANCELLED")
    todo.add("priority", priority_for(action))
    todo.add("categories", [_required(action, "kind")])
    return todo


def sequence_of(action: Mapping[str, Any]) -> int:
    value = action.get("sequence", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{action.get('id')}: sequence: expected a whole number, got {value!r}")
    return value


def uid_for(action_id: str) -> str:
    """A stable UID: the SHA-1 of the action id, at the tool's domain."""
    digest = hashlib.sha1(action_id.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{digest}@{UID_DOMAIN}"


def priority_for(action: Mapping[str, Any]) -> int:
    """RFC 5545 priority: 1 (highest) for an overdue action, 5 otherwise."""
    return PRIORITY_OVERDUE if action.get("status") == "overdue" else PRIORITY_NORMAL


def title_for(action: Mapping[str, Any], companies: Mapping[str, str]) -> str:
    """A short human title, e.g. "Thank-you note to Grace Hopper — Acme"."""
    kind = _required(action, "kind")
    names = _names(action.get("to") or [])
    pattern = _TITLES.get(kind, kind.replace("_", " ").capitalize() + " to {to}")
    if not names:
        pattern = pattern.replace(" to {to}", "").replace(" from {to}", "").replace("{to}", "them")
    medium = _MEDIUM.get(str(action.get("channel", "")), str(action.get("channel", "message")))
    title = pattern.format(to=_join(names), medium=medium)
    application = str(action.get("application") or "")
    company = companies.get(application, application)
    return f"{title} — {company}" if company else title


def description_for(action: Mapping[str, Any]) -> str:
    """Recipients, the plan's explanation and the action id, one item per line."""
    explanation = action.get("explanation")
    if not isinstance(explanation, Mapping):
        explanation = {}
    lines = [
        _line("To", ", ".join(action.get("to") or [])),
        _line("Cc", ", ".join(action.get("cc") or [])),
        _line("Channel", str(action.get("channel") or "")),
        _line("What", str(explanation.get("summary") or "")),
        _line("Because", str(explanation.get("because") or "")),
        _line("Timing", str(explanation.get("timing") or "")),
        _line("Guidelines", ", ".join(explanation.get("cites") or [])),
        _line("Rule", _rule_text(action, explanation)),
        _line("Action", str(action.get("id") or "")),
    ]
    return "\n".join(line for line in lines if line)


def write_calendar(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` atomically: a temporary file in the same directory, then rename."""
    write_atomically(Path(path), data)


def parse_moment(text: object, what: str) -> datetime:
    """An ISO date-time with a UTC offset, converted to UTC; anything else is an InputError."""
    if not isinstance(text, str):
        raise InputError(f"{what}: expected an ISO date-time, got {type(text).__name__}")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what}: not an ISO date-time: {text!r}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(f"{what}: date-time needs a UTC offset: {text!r}")
    return moment.astimezone(UTC)


def _sort_key(action: Mapping[str, Any]) -> tuple[datetime, str]:
    action_id = _required(action, "id")
    return parse_moment(action.get("not_before"), f"{action_id}: not_before"), action_id


def _required(action: Mapping[str, Any], key: str) -> str:
    value = action.get(key)
    if not isinstance(value, str) or not value:
        who = action.get("id") if isinstance(action.get("id"), str) else "action"
        raise InputError(f"{who}: {key}: missing or not text")
    return value


def _names(addresses: Sequence[str]) -> list[str]:
    return [name or email for name, email in getaddresses(list(addresses)) if name or email]


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _line(label: str, value: str) -> str:
    return f"{label}: {value}" if value else ""


def _rule_text(action: Mapping[str, Any], explanation: Mapping[str, Any]) -> str:
    source = str(explanation.get("rule_source") or "")
    rule = str(action.get("rule") or "")
    if source and rule:
        return f"{rule} ({source})"
    return rule or source
