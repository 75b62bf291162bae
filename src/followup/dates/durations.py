"""Policy durations: `24h`, `2d`, `3w`, `1mo`, `3 business days` and their arithmetic.

`parse_duration` reads the duration grammar the policies use: one or more parts
``<whole number><unit>``, separated by optional whitespace, each unit at most once::

    24h   2d   3w   1mo   3bd   3 business days   1w 2d   1 week 2 days

Units (case-insensitive): ``h``/``hour``/``hours``, ``d``/``day``/``days``,
``w``/``week``/``weeks``, ``mo``/``month``/``months`` and
``bd``/``business day``/``business days``. Negative numbers, fractions and a bare
number without a unit are rejected with a `ValueError` whose message is meant for the
user. ``str(duration)`` is the normalized text, e.g. ``"1w 2d"`` or ``"3 business days"``.

`Duration.add_to` applies the units left to right in this fixed order, whatever order
they were written in: months, weeks, days, business days, then hours.

* **hours** are exact elapsed time: ``24h`` is 24 real hours, so across a DST change the
  local clock time moves by an hour (10:00 + 24h over the spring-forward night is 11:00).
* **days, weeks, months** are calendar units that keep the local wall-clock time:
  ``2d`` from 10:00 lands at 10:00 local even across a DST change. Months clamp to the
  end of a shorter month (31 Jan + 1mo = 28 Feb).
* **business days** skip the calendar's non-business days (weekends and holidays) and keep
  the local wall-clock time; starting on a non-business day, 1bd is the next business
  day. Without a calendar only Saturdays and Sundays are skipped.

When a kept wall-clock time does not exist or is ambiguous on the target day (DST), the
usual calendar convention is used (RFC 5545, java.time, Temporal's "compatible"): a time in
the skipped hour moves forward by the length of the gap (02:30 on a night that jumps from
02:00 to 03:00 becomes 03:30); a time in the repeated hour takes its first occurrence
(`followup.dates.zones`).
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import re
from dataclasses import field
from typing import Final

import pendulum

from followup.dates.calendars import BusinessCalendar, add_business_days
from followup.dates.zones import ZONE_TYPES, days_later, localize, utc, wall_time, zone_of
from followup.frozen import frozen

_WEEKENDS_ONLY: Final = (
    BusinessCalendar()
)  # business days without a calendar: Saturdays and Sundays off
_EXAMPLES: Final = "write it like 24h, 2d, 3w, 1mo or 3 business days"
_MAX_AMOUNT: Final = 10_000
_UTC: Final = dt.UTC
_NAMED: Final = pendulum.Timezone

_NOTHING: Final = 0
_HOURS_ONLY: Final = 1
_DAYS_ONLY: Final = 2
_MONTHS: Final = 3
_ANY: Final = 4
"""What a duration adds, for `add_to`'s quick ways (`Duration._shape`): nothing, exact hours
alone, weeks and days alone, months (and weeks and days), or anything else (business days,
hours with days or months)."""

#: unit field -> (short form, singular word, plural word), in the order they are applied.
_UNIT_NAMES: Final[dict[str, tuple[str, str, str]]] = {
    "months": ("mo", "month", "months"),
    "weeks": ("w", "week", "weeks"),
    "days": ("d", "day", "days"),
    "business_days": ("bd", "business day", "business days"),
    "hours": ("h", "hour", "hours"),
}

UNIT_OF: Final = {
    spelling: unit for unit, spellings in _UNIT_NAMES.items() for spelling in spellings
}
"""Each spelling of a unit ("bd", "business day", "business days") -> its `Duration` field."""

UNITS: Final = r"h|hours?|d|days?|w|weeks?|mo|months?|bd|business\s+days?"
"""Every spelling of a unit, as a pattern (case-insensitive; also in the policy's JSON Schema)."""
_PART: Final = re.compile(rf"(?P<amount>\d+)\s*(?P<unit>{UNITS})(?![a-z])\s*", re.IGNORECASE)


@frozen
class Duration:
    """A policy duration such as "24h", "2d" or "1w 2d"; see the module docstring.

    `text` is the text as written in the policy (the normalized text when the object is
    built directly); it is not part of equality, so "2d" == "2 days". `str()` gives the
    normalized text.
    """

    hours: int = 0
    days: int = 0
    weeks: int = 0
    months: int = 0
    business_days: int = 0
    text: str = field(default="", compare=False)
    _normalized: str = field(init=False, repr=False, compare=False)
    _days: dt.timedelta = field(init=False, repr=False, compare=False)  # the weeks and days
    _hours: dt.timedelta = field(init=False, repr=False, compare=False)  # the hours
    _shape: int = field(init=False, repr=False, compare=False)  # `_NOTHING`, ... `_ANY`

    def __post_init__(self) -> None:
        for unit in _UNIT_NAMES:
            amount = getattr(self, unit)
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise ValueError(f"{unit} must be a whole number >= 0, not {amount!r}")
        # Formatted once: every explanation prints it (tens of thousands of times in a big plan).
        parts = [_format_part(getattr(self, unit), unit) for unit in _UNIT_NAMES]
        object.__setattr__(self, "_normalized", " ".join(p for p in parts if p) or "0h")
        object.__setattr__(self, "_days", dt.timedelta(days=7 * self.weeks + self.days))
        # Made once: `timedelta(hours=...)` parses its keyword on every call (~2,000
        # instructions), and a calendar window adds three or four durations.
        object.__setattr__(self, "_hours", dt.timedelta(hours=self.hours))
        days = self.weeks or self.days
        shape = (
            _ANY
            if self.business_days or (self.hours and (days or self.months))
            else _MONTHS
            if self.months
            else _DAYS_ONLY
            if days
            else _HOURS_ONLY
            if self.hours
            else _NOTHING
        )
        object.__setattr__(self, "_shape", shape)
        if not self.text:
            object.__setattr__(self, "text", self._normalized)

    def __str__(self) -> str:
        return self._normalized

    def add_to(self, start: dt.datetime, calendar: BusinessCalendar | None = None) -> dt.datetime:
        """`start` plus this duration: months, weeks, days (local wall-clock time kept),
        then business days of `calendar` (weekends only when None), then exact hours.

        A duration of hours alone, or of weeks and days alone, added to a plain `datetime` in a
        pendulum zone (every window's anchor), is the general way's own arithmetic without its
        calls (`utc`, `zone_of`, `days_later`): 15,354 of 18,347 additions for 3,000 applications
        (3,857 of them of nothing) go so (`tests/dates/test_window_quick_ways.py` compares)."""
        shape = self._shape
        if shape == _NOTHING:
            return start
        if shape != _ANY and type(start) is dt.datetime:
            zone = start.tzinfo
            if type(zone) is _NAMED:
                # Through UTC by the zone's own C methods, as `zones.in_zone`: `astimezone`
                # asks for them by name (~3,900 instructions a call, two an addition).
                if shape == _HOURS_ONLY:
                    return zone.fromutc(start - zone.utcoffset(start) + self._hours)  # type: ignore[operator]
                if shape == _DAYS_ONLY:
                    moved = start + self._days
                elif start.day <= 28:  # months from a day every month has: nothing to clamp
                    # `_general_add`'s wall-clock arithmetic without its calls (~12,000
                    # instructions -> ~4,000; 1,632 additions for 3,000 applications)
                    year, month = divmod(start.month - 1 + self.months, 12)
                    moved = (
                        dt.datetime(
                            start.year + year,
                            month + 1,
                            start.day,
                            start.hour,
                            start.minute,
                            start.second,
                            start.microsecond,
                            zone,
                        )
                        + self._days
                    )
                else:
                    return self._general_add(start, calendar)
                return zone.fromutc(moved - zone.utcoffset(moved))  # type: ignore[operator]
            if type(zone) in ZONE_TYPES and shape != _MONTHS:
                if shape == _HOURS_ONLY:
                    return (start.astimezone(_UTC) + self._hours).astimezone(zone)
                return (start + self._days).astimezone(_UTC).astimezone(zone)
        return self._general_add(start, calendar)

    def _general_add(self, start: dt.datetime, calendar: BusinessCalendar | None) -> dt.datetime:
        """`add_to` the general way (its quick ways must give what this gives)."""
        moved = start
        if self.months:  # clamped to the end of a shorter month, as pendulum does
            wall = wall_time(start)
            year, month = divmod(wall.month - 1 + self.months, 12)
            year, month = wall.year + year, month + 1
            day = min(wall.day, calendar_module.monthrange(year, month)[1])
            wall = dt.datetime.combine(dt.date(year, month, day), wall.time()) + self._days
            moved = localize(wall, zone_of(start))
        elif self._days:
            moved = days_later(start, self._days)
        if self.business_days:
            moved = add_business_days(moved, self.business_days, calendar or _WEEKENDS_ONLY)
        if self.hours:  # elapsed time: counted in UTC, shown in the zone it started in
            moved = (utc(moved) + self._hours).astimezone(zone_of(start))
        return moved


def _format_part(amount: int, unit: str) -> str:
    """One normalized part: "2d", "1mo", "1 business day", "3 business days"; "" for 0."""
    if not amount:
        return ""
    short, singular, plural = _UNIT_NAMES[unit]
    if unit == "business_days":
        return f"{amount} {singular if amount == 1 else plural}"
    return f"{amount}{short}"


def _reject(text: str, why: str = "") -> ValueError:
    """The user-facing error for text that is not a duration."""
    detail = f": {why}; " if why else "; "
    return ValueError(f"{text!r} is not a duration{detail}{_EXAMPLES}")


def parse_duration(text: object) -> Duration:
    """Read a policy duration ("24h", "2d", "3w", "1mo", "3 business days", "1w 2d").

    Raises ValueError with a message for the user on anything else.
    """
    if not isinstance(text, str):
        raise _reject(str(text), "add a unit" if isinstance(text, int) else "")
    source = text.strip()
    _precheck(source)
    amounts: dict[str, int] = {}
    position = 0
    while position < len(source):
        match = _PART.match(source, position)
        if match is None:
            raise _reject(source)
        unit = UNIT_OF[" ".join(match["unit"].lower().split())]
        if unit in amounts:
            raise _reject(source, f"{_UNIT_NAMES[unit][2]} given twice")
        amount = int(match["amount"])
        if amount > _MAX_AMOUNT:
            raise _reject(source, f"{amount} is too large")
        amounts[unit] = amount
        position = match.end()
    return Duration(**amounts, text=source)


def _precheck(source: str) -> None:
    """Specific messages for the common mistakes: empty, bare number, negative, fraction."""
    if not source:
        raise _reject(source)
    if source.isdigit():
        raise _reject(source, "a bare number is ambiguous, add a unit")
    if re.search(r"-\s*\d", source):
        raise _reject(source, "it cannot be negative")
    if re.search(r"\d[.,]\d", source):
        raise _reject(source, "use whole numbers")
