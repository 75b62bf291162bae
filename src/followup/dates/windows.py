"""Send windows: the days and hours messages may go out, and moving a moment into one.

`shift_into_send_window` moves a moment *forward* to the first instant inside a
`SendWindow`: on an allowed day (a business day of the `BusinessCalendar`, unless the window
allows weekends and/or holidays) with a local wall-clock time between ``earliest`` and
``latest``, both inclusive. "Local" is the recipient's zone when one is given, else the
moment's own zone; the result is returned in the moment's own zone. Windows that cross
midnight are not supported.

DST: when ``earliest`` does not exist on a day (it falls in the skipped hour), the window
opens at the first instant that does exist after it, i.e. the moment the clocks jump
(a window opening at 02:30 on a 02:00 -> 03:00 night opens at 03:00). When ``earliest``
occurs twice, the window opens at its first occurrence (or at the second one when the
moment being shifted lies between the two). Membership is always decided on the local
wall-clock reading, so when the clocks go back into the window (a window closing at 01:30
on a night that falls back from 02:00 to 01:00) it is open again from the change. The result
is therefore the first instant inside the window, never earlier than the input, and
shifting a shifted moment leaves it unchanged.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from followup.dates.calendars import BusinessCalendar
from followup.dates.formatting import hh_mm, long_day
from followup.dates.zones import (
    Zone,
    as_date,
    in_zone,
    instants_at,
    localize,
    transitions_on,
    utc,
    wall_time,
    zone_named,
    zone_of,
)
from followup.frozen import frozen

#: How far `shift_into_send_window` looks ahead before giving up (about ten years).
MAX_SEARCH_DAYS = 3660

NO_WEEKENDS = "no weekend sends"
_DAY = dt.timedelta(days=1)


@frozen
class SendWindow:
    """When messages may go out: between `earliest` and `latest` local time (inclusive)
    on business days, plus weekends and/or holidays when those flags are set."""

    earliest: dt.time = dt.time(8, 0)
    latest: dt.time = dt.time(18, 0)
    weekends: bool = False
    holidays: bool = False

    def __post_init__(self) -> None:
        if self.earliest.tzinfo is not None or self.latest.tzinfo is not None:
            raise ValueError("send window times are local times; give them without a zone")
        if not self.earliest < self.latest:
            raise ValueError(
                f"the send window must open before it closes "
                f"({hh_mm(self.earliest)} is not before {hh_mm(self.latest)})"
            )

    def day_block(self, day: dt.date, calendar: BusinessCalendar) -> str | None:
        """Why no sends are allowed at all on `day` ("no weekend sends", a holiday's
        name), or None when the day is allowed."""
        if not self.weekends and calendar.is_weekend(day):
            return NO_WEEKENDS
        if not self.holidays:
            return calendar.holiday_name(day)
        return None

    def time_block(self, local: dt.datetime) -> str | None:
        """Why the local wall-clock time of `local` is outside the window, or None."""
        clock = wall_time(local).time()
        if clock < self.earliest:
            return f"no sends before {hh_mm(self.earliest)}"
        if clock > self.latest:
            return f"no sends after {hh_mm(self.latest)}"
        return None

    def block(self, local: dt.datetime, calendar: BusinessCalendar) -> str | None:
        """Why `local` (read in its own zone) is outside the window, or None if inside."""
        return self.day_block(as_date(local), calendar) or self.time_block(local)


def shift_into_send_window(
    moment: dt.datetime,
    window: SendWindow,
    calendar: BusinessCalendar,
    recipient_tz: str | None = None,
    *,
    keep_open_after: dt.datetime | None = None,
) -> tuple[dt.datetime, str | None]:
    """Move `moment` forward to the first instant inside `window`.

    The window is judged in `recipient_tz` when given, else in the moment's own zone.
    Returns the new moment in the moment's own zone and a note for the explanation, e.g.
    "moved from Saturday 10:00 to Monday 08:00: no weekend sends"; or `(moment, None)`
    when the moment is already inside the window. The note gives the times in the zone
    the check was made in and says so when that is the recipient's, different zone.
    See the module docstring for DST handling.

    `keep_open_after` is for a deadline: the (already shifted) moment the action's window opens.
    A deadline that would land on it or before it - both ends fell in the same closed stretch,
    a Friday evening and a Saturday say - moves to the end of that day's send hours instead, so
    the window keeps a day to act in rather than closing as it opens.
    """
    own = zone_of(moment)
    zone = zone_named(recipient_tz) if recipient_tz else own
    local = in_zone(moment, zone)
    first_reason = window.block(local, calendar)
    if first_reason is None:
        return moment, None
    target = first_inside(local, window, calendar, zone)
    skipped = _skipped_day_reasons(as_date(local), as_date(target), window, calendar)
    reasons = list(dict.fromkeys([first_reason, *skipped]))
    if keep_open_after is not None and utc(target) <= utc(keep_open_after):
        opens = in_zone(keep_open_after, zone)
        wall = dt.datetime.combine(as_date(opens), window.latest)
        target = max(localize(wall, zone), opens, key=utc)
        reasons.append(f"kept open to the end of that day's send hours ({hh_mm(window.latest)})")
    dated = _mentions_holiday(as_date(local), as_date(target), window, calendar)
    shown_zone = zone.name if zone.name != own.name else None
    note = _move_note(local, target, reasons, dated=dated, recipient_zone=shown_zone)
    return in_zone(target, own), note


def first_inside(
    local: dt.datetime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> dt.datetime:
    """The first instant at or after `local` that lies inside `window`, in `zone`."""
    day = as_date(local)
    for _ in range(MAX_SEARCH_DAYS):
        if window.day_block(day, calendar) is None:
            for opening in _openings(day, window.earliest, zone):
                if utc(opening) >= utc(local) and window.block(opening, calendar) is None:
                    return opening
        day += _DAY
    raise ValueError(f"no allowed send time within {MAX_SEARCH_DAYS} days of {local}")


@lru_cache(maxsize=8192)
def _openings(day: dt.date, earliest: dt.time, zone: Zone) -> tuple[dt.datetime, ...]:
    """The instants at which the window can open on `day`, earliest first (memoised: the
    transition search is the costly part of a working window).

    The wall clock enters the window either by reaching `earliest` (both occurrences
    when it is repeated) or by jumping at a DST transition: forward over `earliest`
    when it is skipped, or back into the window after a fall-back.
    """
    wall = dt.datetime.combine(day, earliest)
    found = instants_at(wall, zone) + transitions_on(day, zone)
    return tuple(sorted(found, key=utc))


def _skipped_day_reasons(
    first: dt.date, last: dt.date, window: SendWindow, calendar: BusinessCalendar
) -> list[str]:
    """Why each whole day strictly between `first` and `last` was passed over."""
    reasons: list[str] = []
    day = first + _DAY
    while day < last:
        reason = window.day_block(day, calendar)
        if reason is not None:
            reasons.append(reason)
        day += _DAY
    return reasons


def _mentions_holiday(
    first: dt.date, last: dt.date, window: SendWindow, calendar: BusinessCalendar
) -> bool:
    """True when a day from `first` up to (not including) `last` was blocked by a holiday,
    or when the move spans a week or more: then the note shows dates, not just weekdays."""
    if (last - first).days >= 7:
        return True
    day = first
    while day < last:
        if window.day_block(day, calendar) not in (None, NO_WEEKENDS):
            return True
        day += _DAY
    return False


def _move_note(
    before: dt.datetime,
    after: dt.datetime,
    reasons: list[str],
    *,
    dated: bool,
    recipient_zone: str | None,
) -> str:
    """'moved from Saturday 10:00 to Monday 08:00: no weekend sends' and its variants."""
    where = f" (recipient's time, {recipient_zone})" if recipient_zone else ""
    return (
        f"moved from {long_day(before, dated)} to {long_day(after, dated)}"
        f"{where}: {'; '.join(reasons)}"
    )


MAX_CLOSED_STRETCH = MAX_SEARCH_DAYS // 2
"""The most consecutive days without a send day a policy may have (five years): searches for the
next send time look about ten years ahead, and a country's holidays (`auto`) may add a few."""


def longest_closed_stretch(
    window: SendWindow, calendar: BusinessCalendar
) -> tuple[int, dt.date | None]:
    """The most consecutive days on which `window` allows no send, and the first of them. Only
    the policy's extra holidays can make a stretch longer than a weekend and its holidays, so
    only their span (and a week either side) is looked at."""
    if not calendar.extra_holidays:
        return 0, None
    day = min(calendar.extra_holidays) - 7 * _DAY
    last = max(calendar.extra_holidays) + 7 * _DAY
    best, best_start, run, start = 0, None, 0, day
    while day <= last:
        if window.day_block(day, calendar) is None:
            run = 0
        else:
            if run == 0:
                start = day
            run += 1
            if run > best:
                best, best_start = run, start
        day += _DAY
    return best, best_start
