"""Send windows: the days and hours messages may go out, and the first moment inside one.

`first_inside` finds the first instant at or after a moment inside a `SendWindow`: on an
allowed day (a business day of the `BusinessCalendar`, unless the window allows weekends and/or
holidays) with a local wall-clock time between ``earliest`` and ``latest``, both inclusive,
judged in the zone it is given (the recipient's, for a working window). Windows that cross
midnight are not supported.

DST: when ``earliest`` does not exist on a day (it falls in the skipped hour), the window
opens at the first instant that does exist after it, i.e. the moment the clocks jump
(a window opening at 02:30 on a 02:00 -> 03:00 night opens at 03:00). When ``earliest``
occurs twice, the window opens at its first occurrence (or at the second one when the
moment looked from lies between the two). Membership is always decided on the local
wall-clock reading, so when the clocks go back into the window (a window closing at 01:30
on a night that falls back from 02:00 to 01:00) it is open again from the change. The result
is therefore never earlier than the moment given, and a moment inside the window is its own
answer.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Final

from followup.dates.calendars import BusinessCalendar
from followup.dates.formatting import hh_mm
from followup.dates.zones import (
    Zone,
    as_date,
    instants_at,
    transitions_on,
    utc,
)
from followup.frozen import frozen

#: How far `first_inside` looks ahead before giving up (about ten years).
MAX_SEARCH_DAYS: Final = 3660

NO_WEEKENDS: Final = "no weekend sends"
_DAY: Final = dt.timedelta(days=1)


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
        clock = local.time()
        if clock < self.earliest:
            return f"no sends before {hh_mm(self.earliest)}"
        if clock > self.latest:
            return f"no sends after {hh_mm(self.latest)}"
        return None

    def block(self, local: dt.datetime, calendar: BusinessCalendar) -> str | None:
        """Why `local` (read in its own zone) is outside the window, or None if inside."""
        return self.day_block(as_date(local), calendar) or self.time_block(local)


def first_inside(
    local: dt.datetime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> dt.datetime:
    """The first instant at or after `local` that lies inside `window`, in `zone`."""
    if window.block(local, calendar) is None:
        return local
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


MAX_CLOSED_STRETCH: Final = MAX_SEARCH_DAYS // 2
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
