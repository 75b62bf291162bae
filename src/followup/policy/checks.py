"""Checks of a policy that need more than its shape: one small function per problem code.

Like yamllint's rules, a check declares nothing but what it finds: it takes the values the reader
has already checked against the declaration (`policy/schema.py`; None where a value is absent or
wrong) and yields `Finding`s, each below the path of what it was given. The reader stamps the code
from the registry it runs (`POLICY`, `RULE`, and `SECTIONS` for each mapping they hold), so a
code cannot drift from its check; a new check is one function and one registry line. One check
needs the whole policy, so the reader runs it on the model: `send_day_problems` (a send window
that never opens is refused when the policy is read, not when a plan searches ten years).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pendulum

from followup.dates.calendars import AUTO_COUNTRY, BusinessCalendar
from followup.dates.windows import MAX_CLOSED_STRETCH, longest_closed_stretch
from followup.errors import Location, Problem, quote
from followup.events import CANDIDATE_EVENTS, EVENT_TYPES
from followup.format import Check, Finding
from followup.guidelines import load_guidelines
from followup.policy.model import Policy
from followup.policy.schema import DONE_CHOICES, FORMAT_VERSION

Values = Mapping[str, Any]

_REFERENCE = pendulum.datetime(2026, 1, 5, 10, 0, tz="UTC")  # a Monday, for comparing durations


def unsupported_version(values: Values) -> Iterator[Finding]:
    version = values.get("format_version")
    if version is not None and version != FORMAT_VERSION:
        yield Finding(
            ("format_version",),
            f"format_version {version} is not supported by this version of followup "
            f"(supports {FORMAT_VERSION})",
        )


def unknown_guideline(values: Values) -> Iterator[Finding]:
    known = load_guidelines()
    for i, gid in enumerate(values.get("cites") or ()):
        if gid not in known:
            message = f"{quote(gid)} is not a guideline id (G1...G31)"
            yield Finding(("cites", i), message, "warning")


def employer_event(item: Any) -> bool:
    return isinstance(item, str) and item in EVENT_TYPES and item not in CANDIDATE_EVENTS


def done_by_employer_event(values: Values) -> Iterator[Finding]:
    """`done_when` as written: an employer's event can cancel an action, never complete it."""
    raw = values.get("done_when")
    items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    for i, item in enumerate(items):
        if employer_event(item):
            yield Finding(
                ("done_when",) if isinstance(raw, str) else ("done_when", i),
                f"{quote(item)} is the employer's event: it can cancel an action "
                f"(cancelled_by), only your own message completes it ({', '.join(DONE_CHOICES)})",
            )


_ANCHOR_NEEDS = {
    "decision_date": ("has_decision_date", "sets_decision_date", "decision_date_pending"),
    "last_follow_up": ("follow_ups_sent", "follow_up_number", "unanswered_follow_ups"),
    "answer_date": ("has_answer_date",),
}


def anchor_may_be_missing(values: Values) -> Iterator[Finding]:
    conditions, timing = values.get("when"), values.get("timing")
    if conditions is None or timing is None:
        return
    wanted = _ANCHOR_NEEDS.get(timing["anchor"])
    if wanted is None or any(c.fact in wanted for c in conditions):
        return
    event = next((c.value for c in conditions if c.fact == "event"), None)
    if timing["anchor"] == "last_follow_up" and event == "follow_up_sent":
        return
    yield Finding(
        ("timing", "anchor"),
        f"anchored at {timing['anchor']} but no condition on {' or '.join(wanted)}: the rule "
        "yields nothing when that moment is unknown",
        "warning",
    )


def bad_channel(values: Values) -> Iterator[Finding]:
    if values.get("to") == "candidate" and values.get("channel") not in (None, "note"):
        yield Finding(("channel",), "an action for yourself uses channel: note")


def _after(values: Values, key: str) -> pendulum.DateTime | None:
    duration = values.get(key)
    return None if duration is None else duration.add_to(_REFERENCE, None)


def _not_earlier(key: str, *than: str, then: str = "") -> Check:
    """A timing's `key` may not end earlier than the first of `than` it gives."""

    def check(values: Values) -> Iterator[Finding]:
        other = next((k for k in than if values.get(k) is not None), than[-1])
        before, after = _after(values, other), _after(values, key)
        if before is not None and after is not None and after < before:
            message = f"{key} {values[key]} is earlier than {other} {values[other]}{then}"
            yield Finding((key,), message)

    return check


def empty_window(values: Values) -> Iterator[Finding]:
    earliest, latest = values.get("earliest"), values.get("latest")
    if earliest is not None and latest is not None and latest <= earliest:
        yield Finding((), "latest must be after earliest")


def unknown_holidays(values: Values) -> Iterator[Finding]:
    country, subdivision = values.get("country"), values.get("subdivision")
    try:
        if country == AUTO_COUNTRY:
            if subdivision is not None:
                raise ValueError("a subdivision needs a fixed country, not auto")
        else:
            BusinessCalendar(country=country, subdivision=subdivision)
    except ValueError as exc:
        yield Finding((), clip_values(str(exc), country, subdivision))


def clip_values(message: str, *values: Any) -> str:
    """A message from elsewhere that repeats `values` (as repr), each repeated value shortened."""
    for value in values:
        for shown in {value, value.strip()} if isinstance(value, str) else {value}:
            message = message.replace(repr(shown), quote(shown))
    return message


def send_day_problems(policy: Policy) -> list[Problem]:
    """A `no-send-day` problem when weekends and holidays close the send window for more than
    MAX_CLOSED_STRETCH days in a row (`plan` would look ten years ahead and fail)."""
    settings = policy.settings
    window = settings.send_window
    if window is None:
        return []
    days, start = longest_closed_stretch(window, settings.calendar)
    if days <= MAX_CLOSED_STRETCH:
        return []
    origins = settings.origins
    loc = origins.get("holidays") or origins.get("send_window") or Location(policy.source)
    message = (
        f"the send window allows no day for {days} days in a row from {start} (weekends and "
        f"holidays.extra), more than the {MAX_CLOSED_STRETCH} a plan can look past"
    )
    return [Problem(loc, "no-send-day", message, field="settings.holidays")]


POLICY: dict[str, Check] = {
    "unsupported-version": unsupported_version,
}
RULE: dict[str, Check] = {
    "done-by-employer-event": done_by_employer_event,
    "unknown-guideline": unknown_guideline,
    "anchor-may-be-missing": anchor_may_be_missing,
}
SECTIONS: dict[str, dict[str, Check]] = {
    "action": {"bad-channel": bad_channel},
    "timing": {
        "window-closes-before-it-opens": _not_earlier(
            "due_by", "not_before", then=": the window is empty"
        ),
        "late-before-due": _not_earlier("late_after", "due_by"),
        "lapse-before-due": _not_earlier("lapse_after", "late_after", "due_by"),
    },
    "send_window": {"empty-window": empty_window},
    "holidays": {"unknown-holidays": unknown_holidays},
}
"""The checks of each mapping a policy holds, by its key."""
