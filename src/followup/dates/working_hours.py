"""Working windows: a message to a person kept to whole working days and hours in the
recipient's zone (`working_window`)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import Duration
from followup.dates.formatting import hh_mm, padded_day, short_day
from followup.dates.windows import MAX_SEARCH_DAYS, NO_WEEKENDS, SendWindow, first_inside
from followup.dates.zones import (
    Zone,
    as_date,
    at_wall,
    in_zone,
    utc,
    wall_time,
    zone_named,
    zone_of,
)

_DAY = dt.timedelta(days=1)


class ActionWindow(NamedTuple):
    """When an action may be done: it opens at `opens`, is due by `due`, late after `late` and
    lapses after `lapses` (each None when the rule gives none); `notes` say what moved it.
    (A tuple: made ten thousand times in a large plan, where a frozen dataclass's fields each
    cost a slot-wrapper call.)"""

    opens: dt.datetime
    due: dt.datetime
    late: dt.datetime | None
    lapses: dt.datetime | None
    notes: tuple[str, ...]


def _first_allowed_day(day: dt.date, window: SendWindow, calendar: BusinessCalendar) -> dt.date:
    for _ in range(MAX_SEARCH_DAYS):
        if window.day_block(day, calendar) is None:
            return day
        day += _DAY
    raise ValueError(f"no allowed send day within {MAX_SEARCH_DAYS} days of {day}")


def _end_of_working_day(
    moment: dt.datetime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> dt.datetime:
    """The close of the working day `moment` falls on (in `zone`), or of the next working day
    when that day is not one."""
    day = _first_allowed_day(as_date(in_zone(moment, zone)), window, calendar)
    return at_wall(day, window.latest, zone)


def _open_from(
    moment: dt.datetime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> dt.datetime:
    """The first instant at or after `moment` inside working hours, never at the closing time
    itself (a window opening at 17:00 sharp opens at the next working day's start)."""
    local = in_zone(moment, zone)
    if wall_time(local).time() >= window.latest:
        local = at_wall(as_date(local) + _DAY, dt.time(0, 0), zone)
    return first_inside(local, window, calendar, zone)


def working_window(
    anchor: dt.datetime,
    not_before: Duration,
    due_by: Duration,
    late_after: Duration | None,
    window: SendWindow,
    calendar: BusinessCalendar,
    zone_name: str,
    *,
    not_earlier_than: dt.datetime | None = None,
    lapses: dt.datetime | None = None,
) -> ActionWindow:
    """The window of a message to a person, in whole working days of the recipient.

    The durations are added in the recipient's zone `zone_name` (business days skip their
    weekends and holidays). The window opens at the start of working hours on the day
    `anchor + not_before` falls on when that day is a working day and its start is not before
    the anchor; otherwise at the first working instant at or after `anchor + not_before`. It
    closes at the end of working hours of the day `anchor + due_by` falls on (the next working
    day's when that day is not one), and never before the end of the opening day. `late_after`
    is moved to the end of its working day the same way. `not_earlier_than` (a decision date
    still pending) holds the opening back to the first working instant after it; `lapses`
    (counted in the policy's own calendar) is passed through. Results are in the anchor's own
    zone (`action_windows.TimingPlan` remembers them per anchor: actions of many applications
    share an anchor, durations and zone).
    """
    own = zone_of(anchor)
    zone = zone_named(zone_name)
    local_anchor = in_zone(anchor, zone)
    raw_open = not_before.add_to(local_anchor, calendar)
    raw_due = due_by.add_to(local_anchor, calendar)
    day = as_date(raw_open)
    start = at_wall(day, window.earliest, zone)
    notes: list[str] = []
    if window.day_block(day, calendar) is None and utc(start) >= utc(local_anchor):
        opens = start
    else:
        opens = _open_from(raw_open, window, calendar, zone)
    if not_earlier_than is not None and utc(opens) <= utc(not_earlier_than):
        opens = _open_from(not_earlier_than, window, calendar, zone)
        notes.append(
            "opens only after the decision date they gave "
            f"({short_day(in_zone(not_earlier_than, zone))}): "
            "no chase before it (G21)"
        )
    due = _end_of_working_day(raw_due, window, calendar, zone)
    opening_day_end = at_wall(as_date(opens), window.latest, zone)
    due = max(due, opening_day_end, key=utc)
    late = None
    if late_after is not None:
        late = max(
            _end_of_working_day(late_after.add_to(local_anchor, calendar), window, calendar, zone),
            due,
            key=utc,
        )
    notes.insert(
        0,
        f"{_hours_text(window)} in {zone.name}: "
        f"{short_day(raw_open)} -> {short_day(raw_due)} becomes "
        f"{short_day(opens)} -> {short_day(due)}"
        + _skipped_note(as_date(raw_open), as_date(due), window, calendar),
    )
    return ActionWindow(
        in_zone(opens, own),
        in_zone(due, own),
        in_zone(late, own) if late is not None else None,
        lapses,
        tuple(notes),
    )


def _skipped_note(
    first: dt.date, last: dt.date, window: SendWindow, calendar: BusinessCalendar
) -> str:
    names: list[str] = []
    day = first
    while day <= last and len(names) < 5:
        reason = window.day_block(day, calendar)
        if reason is not None and reason != NO_WEEKENDS:
            names.append(f"{padded_day(day)} {reason}")
        day += _DAY
    return f" (skipping {', '.join(names)})" if names else ""


@lru_cache(maxsize=64)
def _hours_text(window: SendWindow) -> str:
    """`working hours 09:00-17:00 on working days` (each working window's note starts so)."""
    days = "every day" if window.weekends else "working days"
    return f"working hours {hh_mm(window.earliest)}-{hh_mm(window.latest)} on {days}"
