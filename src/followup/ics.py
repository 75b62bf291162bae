"""Export a plan's open actions as an iCalendar file of to-dos (VTODO), one per action.

The output depends only on its input: DTSTAMP is the plan's `as_of` (passed as `stamp`), never the
wall clock, times are written in UTC, and to-dos are sorted by `not_before`, then by id, so the
same plan always gives byte-identical bytes. `write_calendar` replaces the target atomically.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import icalendar

from followup.atomic import write_atomically
from followup.errors import InputError

PRODID = "-//interview-followup//interview-followup//EN"
UID_DOMAIN = "interview-followup"
CLOSED_STATUSES = frozenset({"done", "cancelled"})
PRIORITY_OVERDUE = 1
PRIORITY_NORMAL = 5

_TITLES: dict[str, str] = {
    "thank_you": "Thank-you note to {to}",
    "follow_up": "Follow-up {medium} to {to}",
    "gracious_reply": "Gracious reply to {to}",
    "offer_reply": "Reply to the offer from {to}",
    "keep_in_touch": "Keep in touch with {to}",
    "ask_timeline": "Ask {to} about the timeline",
    "move_on": "Move on and keep applying",
    "reconsider": "Reconsider this application",
}
_MEDIUM = {"phone": "call", "email": "email"}


def build_calendar(
    actions: Sequence[Mapping[str, Any]],
    *,
    stamp: str,
    calendar_name: str = "Interview follow-ups",
    companies: Mapping[str, str] | None = None,
) -> bytes:
    """An iCalendar file with one VTODO per open action (status not done or cancelled).

    `stamp` is the plan's `as_of` (an ISO date-time with offset) and becomes every DTSTAMP.
    `companies` maps application ids to company names for the titles; the id is used otherwise.
    """
    dtstamp = parse_moment(stamp, "stamp")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    for action in sorted_open_actions(actions):
        calendar.add_component(build_todo(action, dtstamp, companies or {}))
    data: bytes = calendar.to_ical()
    return data


def sorted_open_actions(actions: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Actions that are neither done nor cancelled, sorted by `not_before` (as UTC), then id."""
    open_actions = [a for a in actions if str(a.get("status", "")) not in CLOSED_STATUSES]
    return sorted(open_actions, key=_sort_key)


def build_todo(
    action: Mapping[str, Any], dtstamp: datetime, companies: Mapping[str, str]
) -> icalendar.Todo:
    """One VTODO for one action."""
    action_id = _required(action, "id")
    todo = icalendar.Todo()
    todo.add("uid", uid_for(action_id))
    todo.add("dtstamp", dtstamp)
    todo.add("dtstart", parse_moment(_required(action, "not_before"), f"{action_id}: not_before"))
    todo.add("due", parse_moment(_required(action, "due_by"), f"{action_id}: due_by"))
    todo.add("summary", title_for(action, companies))
    todo.add("description", description_for(action))
    todo.add("status", "NEEDS-ACTION")
    todo.add("priority", priority_for(action))
    todo.add("categories", [_required(action, "kind")])
    return todo


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
