"""Time the way people mean it: durations, business days and send windows.

Pure functions over pendulum `DateTime`s; nothing here reads the wall clock.

Durations
---------
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
02:00 to 03:00 becomes 03:30); a time in the repeated hour takes its first occurrence.

Send windows
------------
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

import calendar as calendar_module
import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pendulum

__all__ = [
    "AUTO_COUNTRY",
    "POLICY_HOLIDAY",
    "BusinessCalendar",
    "Duration",
    "SendWindow",
    "add_business_days",
    "calendar_for_zone",
    "parse_duration",
    "shift_into_send_window",
    "working_window",
]

Zone = pendulum.Timezone | pendulum.FixedTimezone

#: The name `BusinessCalendar.holiday_name` gives a day listed only in `extra_holidays`.
POLICY_HOLIDAY = "policy holiday"

#: `holidays: {country: auto}`: the public holidays of the recipient's time zone's country.
AUTO_COUNTRY = "auto"

#: How far `shift_into_send_window` looks ahead before giving up (about ten years).
_MAX_SEARCH_DAYS = 3660

_NO_WEEKENDS = "no weekend sends"
_DAY = dt.timedelta(days=1)
_UTC = dt.UTC


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Which days are working days: not a weekend day and not a holiday.

    Holidays come from the `holidays` package for `country` (ISO 3166 code such as
    "GB", "US", "DE") and optional `subdivision` ("ENG", "CA"), plus `extra_holidays`
    from the policy. `weekend` holds weekday numbers, Monday=0 ... Sunday=6.
    """

    country: str | None = None
    subdivision: str | None = None
    extra_holidays: frozenset[dt.date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})

    def __post_init__(self) -> None:
        # Accept any iterable (a list from YAML, a set) and keep the object hashable.
        object.__setattr__(self, "extra_holidays", frozenset(self.extra_holidays))
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        _check_weekend(self.weekend)
        _check_region(self.country, self.subdivision)

    def is_weekend(self, day: dt.date) -> bool:
        """True when `day` falls on one of the calendar's weekend days."""
        return day.weekday() in self.weekend

    def is_holiday(self, day: dt.date) -> bool:
        """True when `day` is a public holiday of the region or an extra policy holiday."""
        return self.holiday_name(day) is not None

    def is_business_day(self, day: dt.date) -> bool:
        """True when `day` is neither a weekend day nor a holiday."""
        return not self.is_weekend(day) and not self.is_holiday(day)

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday's name for explanations ("Christmas Day"), or None on other days.

        A day listed only in `extra_holidays` is named `POLICY_HOLIDAY`.
        """
        day = _as_date(day)
        if self.country is not None:
            name = _region_holidays(self.country, self.subdivision, day.year).get(day)
            if name:
                return name
        return POLICY_HOLIDAY if day in self.extra_holidays else None


def _as_date(day: dt.date) -> dt.date:
    """The calendar date of a date or datetime, as a plain `datetime.date`."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return dt.date(day.year, day.month, day.day)


def _check_weekend(weekend: frozenset[int]) -> None:
    """Reject weekday numbers outside 0..6 and a week without working days."""
    bad = sorted(d for d in weekend if not isinstance(d, int) or not 0 <= d <= 6)
    if bad:
        raise ValueError(f"weekend days are numbered 0 (Monday) to 6 (Sunday), not {bad}")
    if len(weekend) == 7:
        raise ValueError("a weekend of all seven days leaves no business days")


def _check_region(country: str | None, subdivision: str | None) -> None:
    """Reject a country or subdivision the `holidays` package does not know."""
    if country is None:
        if subdivision is not None:
            raise ValueError(f"holiday subdivision {subdivision!r} needs a country")
        return
    if country not in _supported_countries():
        raise ValueError(
            f"{country!r} is not a country with holiday data; "
            "use an ISO 3166 code such as GB, US or DE"
        )
    try:
        _holidays().country_holidays(country, subdiv=subdivision)
    except NotImplementedError:
        known = ", ".join(_supported_regions()[country]) or "none"
        raise ValueError(
            f"{subdivision!r} is not a holiday subdivision of {country}; known: {known}"
        ) from None


def _holidays() -> Any:
    """The `holidays` package, imported when a calendar first needs it (about 30 ms)."""
    import holidays

    return holidays


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    """The country codes the `holidays` package knows (aliases included), from its registry:
    `list_supported_countries` would import every country's module (about 60 ms) to list
    their subdivisions, which only an error message needs."""
    try:
        from holidays.registry import EntityLoader

        return frozenset(EntityLoader.get_country_codes(True))
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - another holidays
        return frozenset(_supported_regions())


@lru_cache(maxsize=1)
def _supported_regions() -> dict[str, list[str]]:
    """Country code -> subdivision codes known to the `holidays` package."""
    return {code: list(subs) for code, subs in _holidays().list_supported_countries().items()}


@lru_cache(maxsize=256)
def _region_holidays(country: str, subdivision: str | None, year: int) -> dict[dt.date, str]:
    """The public holidays of one region and year, as date -> name (cached)."""
    found = _holidays().country_holidays(country, subdiv=subdivision, years=year)
    return {_as_date(day): str(name) for day, name in found.items()}


# --------------------------------------------------------------------------- zones


def _zone_of(moment: dt.datetime) -> Zone:
    """The pendulum time zone of an aware datetime; ValueError for a naive one."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no time zone")
    zone = moment.timezone if isinstance(moment, pendulum.DateTime) else None
    if zone is None:
        zone = pendulum.DateTime.instance(moment).timezone
    if zone is None:  # pragma: no cover - pendulum converts every tzinfo it accepts
        raise ValueError(f"cannot use the time zone of {moment}")
    return zone


def _zone_named(name: str) -> Zone:
    """The time zone called `name` (an IANA name); ValueError with a readable message."""
    try:
        return pendulum.timezone(name)
    except (ValueError, LookupError):
        raise ValueError(
            f"{name!r} is not a time zone; use an IANA name such as Europe/London"
        ) from None


def _from_utc(instant: dt.datetime, zone: Zone) -> pendulum.DateTime:
    """A UTC-aware stdlib datetime as a pendulum DateTime in `zone`."""
    return pendulum.DateTime.instance(instant.astimezone(_UTC), tz=pendulum.UTC).in_timezone(zone)


def _utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC. Compare instants this way: Python compares two datetimes of the
    same zone by wall-clock reading, ignoring `fold`, which is wrong in a repeated hour."""
    return moment.astimezone(_UTC)


def _wall(moment: dt.datetime) -> dt.datetime:
    """The local wall-clock reading of `moment`, as a naive stdlib datetime."""
    return dt.datetime(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
    )


def _readings(wall: dt.datetime, zone: Zone) -> list[dt.datetime]:
    """The two UTC instants a wall time can mean: with the zone's offset before (fold=0)
    and after (fold=1) a transition. They are equal away from transitions."""
    return [wall.replace(tzinfo=zone, fold=fold).astimezone(_UTC) for fold in (0, 1)]


def _instants_at(wall: dt.datetime, zone: Zone) -> list[pendulum.DateTime]:
    """Every instant whose local wall-clock time in `zone` is `wall`, earliest first:
    one normally, two in a repeated (fall-back) hour, none in a skipped (spring) hour."""
    found = {utc for utc in _readings(wall, zone) if _wall(utc.astimezone(zone)) == wall}
    return [_from_utc(utc, zone) for utc in sorted(found)]


def _transition_between(low: dt.datetime, high: dt.datetime, zone: Zone) -> pendulum.DateTime:
    """The instant `zone` changes its UTC offset between `low` and `high` (aware datetimes
    with different offsets in `zone`, at most one transition between them)."""
    after = high.astimezone(zone).utcoffset()
    lo, hi = math.floor(low.timestamp()), math.ceil(high.timestamp())
    while hi - lo > 1:  # transitions fall on whole seconds
        mid = (lo + hi) // 2
        if dt.datetime.fromtimestamp(mid, zone).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return _from_utc(dt.datetime.fromtimestamp(hi, _UTC), zone)


def _transitions_on(day: dt.date, zone: Zone) -> list[pendulum.DateTime]:
    """The instant the clocks change on `day` in `zone`, if they do (at most one found).
    A midnight skipped by the change counts as the start of its day."""
    start = min(_readings(dt.datetime.combine(day, dt.time()), zone))
    end = min(_readings(dt.datetime.combine(day + _DAY, dt.time()), zone))
    if start.astimezone(zone).utcoffset() == end.astimezone(zone).utcoffset():
        return []
    return [_transition_between(start, end, zone)]


def _localize_keeping_wall_time(wall: dt.datetime, zone: Zone) -> pendulum.DateTime:
    """`wall` in `zone` the calendar way: first occurrence of a repeated time; a skipped
    time moves forward by the length of the gap."""
    first = wall.replace(tzinfo=zone, fold=0)
    if first.utcoffset() == wall.replace(tzinfo=zone, fold=1).utcoffset():
        # Away from a transition (nearly always): the wall time names exactly one instant.
        return pendulum.DateTime.instance(first, tz=zone)
    instants = _instants_at(wall, zone)
    if instants:
        return instants[0]
    return _from_utc(max(_readings(wall, zone)), zone)


def _same_wall_time_on(start: pendulum.DateTime, day: dt.date) -> pendulum.DateTime:
    """`start`'s local wall-clock time on another `day`, in `start`'s zone."""
    wall = dt.datetime.combine(day, _wall(start).time())
    return _localize_keeping_wall_time(wall, _zone_of(start))


# --------------------------------------------------------------------------- business days


def add_business_days(
    start: pendulum.DateTime, days: int, calendar: BusinessCalendar
) -> pendulum.DateTime:
    """`days` business days after `start`, at the same local wall-clock time.

    Non-business days of `calendar` are skipped; `days` must be >= 0 and 0 returns
    `start` unchanged. From a Saturday, 1 business day is the next working Monday.
    """
    if days < 0:
        raise ValueError(f"business days cannot be negative ({days})")
    if days == 0:
        return start
    day = _as_date(start)
    remaining = days
    while remaining:
        day += _DAY
        if calendar.is_business_day(day):
            remaining -= 1
    return _same_wall_time_on(start, day)


# --------------------------------------------------------------------------- send window


@dataclass(frozen=True, slots=True)
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
                f"({_clock(self.earliest)} is not before {_clock(self.latest)})"
            )

    def day_block(self, day: dt.date, calendar: BusinessCalendar) -> str | None:
        """Why no sends are allowed at all on `day` ("no weekend sends", a holiday's
        name), or None when the day is allowed."""
        if not self.weekends and calendar.is_weekend(day):
            return _NO_WEEKENDS
        if not self.holidays:
            return calendar.holiday_name(day)
        return None

    def time_block(self, local: dt.datetime) -> str | None:
        """Why the local wall-clock time of `local` is outside the window, or None."""
        clock = _wall(local).time()
        if clock < self.earliest:
            return f"no sends before {_clock(self.earliest)}"
        if clock > self.latest:
            return f"no sends after {_clock(self.latest)}"
        return None

    def block(self, local: dt.datetime, calendar: BusinessCalendar) -> str | None:
        """Why `local` (read in its own zone) is outside the window, or None if inside."""
        return self.day_block(_as_date(local), calendar) or self.time_block(local)


def _clock(t: dt.time) -> str:
    """A time of day as HH:MM, with seconds only when it has some."""
    return f"{t:%H:%M:%S}" if t.second or t.microsecond else f"{t:%H:%M}"


def shift_into_send_window(
    moment: pendulum.DateTime,
    window: SendWindow,
    calendar: BusinessCalendar,
    recipient_tz: str | None = None,
    *,
    keep_open_after: pendulum.DateTime | None = None,
) -> tuple[pendulum.DateTime, str | None]:
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
    own = _zone_of(moment)
    zone = _zone_named(recipient_tz) if recipient_tz else own
    local = moment.in_timezone(zone)
    first_reason = window.block(local, calendar)
    if first_reason is None:
        return moment, None
    target = _first_inside(local, window, calendar, zone)
    skipped = _skipped_day_reasons(_as_date(local), _as_date(target), window, calendar)
    reasons = list(dict.fromkeys([first_reason, *skipped]))
    if keep_open_after is not None and _utc(target) <= _utc(keep_open_after):
        opens = keep_open_after.in_timezone(zone)
        wall = dt.datetime.combine(_as_date(opens), window.latest)
        target = max(_localize_keeping_wall_time(wall, zone), opens, key=_utc)
        reasons.append(f"kept open to the end of that day's send hours ({_clock(window.latest)})")
    dated = _mentions_holiday(_as_date(local), _as_date(target), window, calendar)
    shown_zone = zone.name if zone.name != own.name else None
    note = _move_note(local, target, reasons, dated=dated, recipient_zone=shown_zone)
    return target.in_timezone(own), note


def _first_inside(
    local: pendulum.DateTime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> pendulum.DateTime:
    """The first instant at or after `local` that lies inside `window`, in `zone`."""
    day = _as_date(local)
    for _ in range(_MAX_SEARCH_DAYS):
        if window.day_block(day, calendar) is None:
            for opening in _openings(day, window.earliest, zone):
                if _utc(opening) >= _utc(local) and window.block(opening, calendar) is None:
                    return opening
        day += _DAY
    raise ValueError(f"no allowed send time within {_MAX_SEARCH_DAYS} days of {local}")


def _openings(day: dt.date, earliest: dt.time, zone: Zone) -> list[pendulum.DateTime]:
    """The instants at which the window can open on `day`, earliest first.

    The wall clock enters the window either by reaching `earliest` (both occurrences
    when it is repeated) or by jumping at a DST transition: forward over `earliest`
    when it is skipped, or back into the window after a fall-back.
    """
    wall = dt.datetime.combine(day, earliest)
    found = _instants_at(wall, zone) + _transitions_on(day, zone)
    return sorted(found, key=_utc)


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
        if window.day_block(day, calendar) not in (None, _NO_WEEKENDS):
            return True
        day += _DAY
    return False


def _move_note(
    before: pendulum.DateTime,
    after: pendulum.DateTime,
    reasons: list[str],
    *,
    dated: bool,
    recipient_zone: str | None,
) -> str:
    """'moved from Saturday 10:00 to Monday 08:00: no weekend sends' and its variants."""
    where = f" (recipient's time, {recipient_zone})" if recipient_zone else ""
    return (
        f"moved from {_long_day(before, dated)} to {_long_day(after, dated)}"
        f"{where}: {'; '.join(reasons)}"
    )


def _long_day(moment: dt.datetime, dated: bool) -> str:
    """`Saturday 3 Oct 10:00` (dated) or `Saturday 10:00`: pendulum's `dddd D MMM HH:mm` and
    `dddd HH:mm` in English, through strftime (the C locale's names are the English ones)."""
    if dated:
        return f"{moment:%A} {moment.day} {moment:%b %H:%M}"
    return f"{moment:%A %H:%M}"


def _short_day(moment: dt.datetime) -> str:
    """`Sat 3 Oct 10:00`: pendulum's `ddd D MMM HH:mm` in English, through strftime."""
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"


# --------------------------------------------------------------------------- durations

_EXAMPLES = "write it like 24h, 2d, 3w, 1mo or 3 business days"
_MAX_AMOUNT = 10_000

#: unit field -> (short form, singular word, plural word), in the order they are applied.
_UNIT_NAMES: dict[str, tuple[str, str, str]] = {
    "months": ("mo", "month", "months"),
    "weeks": ("w", "week", "weeks"),
    "days": ("d", "day", "days"),
    "business_days": ("bd", "business day", "business days"),
    "hours": ("h", "hour", "hours"),
}

_PART = re.compile(
    r"(?P<amount>\d+)\s*(?P<unit>business\s+days?|bd|months?|mo|weeks?|w|days?|d|hours?|h)"
    r"(?![a-z])\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
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

    def __post_init__(self) -> None:
        for unit in _UNIT_NAMES:
            amount = getattr(self, unit)
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise ValueError(f"{unit} must be a whole number >= 0, not {amount!r}")
        # Formatted once: every explanation prints it (tens of thousands of times in a big plan).
        parts = [_format_part(getattr(self, unit), unit) for unit in _UNIT_NAMES]
        object.__setattr__(self, "_normalized", " ".join(p for p in parts if p) or "0h")
        if not self.text:
            object.__setattr__(self, "text", self._normalized)

    def __str__(self) -> str:
        return self._normalized

    @property
    def is_zero(self) -> bool:
        """True when the duration adds nothing ("0h", "0d")."""
        return not any(getattr(self, unit) for unit in _UNIT_NAMES)

    def add_to(
        self, start: pendulum.DateTime, calendar: BusinessCalendar | None = None
    ) -> pendulum.DateTime:
        """`start` plus this duration: months, weeks, days (local wall-clock time kept),
        then business days of `calendar` (weekends only when None), then exact hours."""
        moved = start
        if self.months or self.weeks or self.days:
            wall = _wall(start)
            if self.months:  # clamped to the end of a shorter month, as pendulum does
                year, month = divmod(wall.month - 1 + self.months, 12)
                year, month = wall.year + year, month + 1
                day = min(wall.day, calendar_module.monthrange(year, month)[1])
                wall = wall.replace(year=year, month=month, day=day)
            wall += dt.timedelta(days=7 * self.weeks + self.days)
            moved = _localize_keeping_wall_time(wall, _zone_of(start))
        if self.business_days:
            moved = add_business_days(moved, self.business_days, calendar or BusinessCalendar())
        if self.hours:
            moved = moved.add(hours=self.hours)
        return moved


def _format_part(amount: int, unit: str) -> str:
    """One normalized part: "2d", "1mo", "1 business day", "3 business days"; "" for 0."""
    if not amount:
        return ""
    short, singular, plural = _UNIT_NAMES[unit]
    if unit == "business_days":
        return f"{amount} {singular if amount == 1 else plural}"
    return f"{amount}{short}"


def _unit_field(word: str) -> str:
    """The `Duration` field a unit spelling stands for ("bd" -> "business_days")."""
    word = " ".join(word.lower().split())
    for unit, (short, singular, plural) in _UNIT_NAMES.items():
        if word in (short, singular, plural):
            return unit
    raise AssertionError(f"unit {word!r} matched the pattern but is not mapped")


def _reject(text: str, why: str = "") -> ValueError:
    """The user-facing error for text that is not a duration."""
    detail = f": {why}; " if why else "; "
    return ValueError(f"{text!r} is not a duration{detail}{_EXAMPLES}")


def parse_duration(text: str) -> Duration:
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
        unit = _unit_field(match["unit"])
        if unit in amounts:
            raise _reject(source, f"{_UNIT_NAMES[unit][2]} given twice")
        amount = int(match["amount"])
        if amount > _MAX_AMOUNT:
            raise _reject(source, f"{amount} is too large")
        amounts[unit] = amount
        position = match.end()
    return Duration(
        hours=amounts.get("hours", 0),
        days=amounts.get("days", 0),
        weeks=amounts.get("weeks", 0),
        months=amounts.get("months", 0),
        business_days=amounts.get("business_days", 0),
        text=source,
    )


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


# --------------------------------------------------------------------------- working hours


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone name -> ISO 3166 country code, from the tz database's `zone.tab`
    (shipped by the `tzdata` package; the system copy is the fallback)."""
    text = ""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        system = Path("/usr/share/zoneinfo/zone.tab")
        if system.is_file():
            text = system.read_text("utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) >= 3:
            found[cols[2].strip()] = cols[0].strip()
    return found


def country_of_zone(zone: str) -> str | None:
    """The country a time zone belongs to (`Europe/London` -> `GB`), or None (UTC, Etc/...)."""
    return _zone_countries().get(zone)


@lru_cache(maxsize=512)
def calendar_for_zone(calendar: BusinessCalendar, zone: str) -> BusinessCalendar:
    """`calendar` with the public holidays of `zone`'s country (`holidays: {country: auto}`);
    unchanged when the zone has no country with holiday data."""
    country = country_of_zone(zone)
    if country is None or country not in _supported_countries():
        return calendar
    return replace(calendar, country=country, subdivision=None)


def _at_wall(day: dt.date, clock: dt.time, zone: Zone) -> pendulum.DateTime:
    return _localize_keeping_wall_time(dt.datetime.combine(day, clock), zone)


MAX_CLOSED_STRETCH = _MAX_SEARCH_DAYS // 2
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


def _first_allowed_day(day: dt.date, window: SendWindow, calendar: BusinessCalendar) -> dt.date:
    for _ in range(_MAX_SEARCH_DAYS):
        if window.day_block(day, calendar) is None:
            return day
        day += _DAY
    raise ValueError(f"no allowed send day within {_MAX_SEARCH_DAYS} days of {day}")


def _end_of_working_day(
    moment: pendulum.DateTime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> pendulum.DateTime:
    """The close of the working day `moment` falls on (in `zone`), or of the next working day
    when that day is not one."""
    day = _first_allowed_day(_as_date(moment.in_timezone(zone)), window, calendar)
    return _at_wall(day, window.latest, zone)


def _open_from(
    moment: pendulum.DateTime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> pendulum.DateTime:
    """The first instant at or after `moment` inside working hours, never at the closing time
    itself (a window opening at 17:00 sharp opens at the next working day's start)."""
    local = moment.in_timezone(zone)
    if _wall(local).time() >= window.latest:
        local = _at_wall(_as_date(local) + _DAY, dt.time(0, 0), zone)
    if window.block(local, calendar) is None:
        return local
    return _first_inside(local, window, calendar, zone)


@dataclass(frozen=True, slots=True)
class WorkingWindow:
    """A window kept to working days and hours in the recipient's zone (see `working_window`)."""

    opens: pendulum.DateTime
    due: pendulum.DateTime
    late: pendulum.DateTime | None
    notes: tuple[str, ...]


def working_window(
    anchor: pendulum.DateTime,
    not_before: Duration,
    due_by: Duration,
    late_after: Duration | None,
    window: SendWindow,
    calendar: BusinessCalendar,
    zone_name: str,
    *,
    not_earlier_than: pendulum.DateTime | None = None,
) -> WorkingWindow:
    """The window of a message to a person, in whole working days of the recipient.

    The durations are added in the recipient's zone `zone_name` (business days skip their
    weekends and holidays). The window opens at the start of working hours on the day
    `anchor + not_before` falls on when that day is a working day and its start is not before
    the anchor; otherwise at the first working instant at or after `anchor + not_before`. It
    closes at the end of working hours of the day `anchor + due_by` falls on (the next working
    day's when that day is not one), and never before the end of the opening day. `late_after`
    is moved to the end of its working day the same way. `not_earlier_than` (a decision date
    still pending) holds the opening back to the first working instant after it.
    Results are in the anchor's own zone. Memoised: actions of many applications share an
    anchor, durations and zone (the zones are part of the key, since equal instants in
    different zones compare equal).
    """
    guard_zone = getattr(not_earlier_than, "tzinfo", None)
    return _working_window(
        anchor,
        anchor.tzinfo,
        not_before,
        due_by,
        late_after,
        window,
        calendar,
        zone_name,
        not_earlier_than,
        guard_zone,
    )


@lru_cache(maxsize=65536)
def _working_window(
    anchor: pendulum.DateTime,
    _anchor_zone: object,
    not_before: Duration,
    due_by: Duration,
    late_after: Duration | None,
    window: SendWindow,
    calendar: BusinessCalendar,
    zone_name: str,
    not_earlier_than: pendulum.DateTime | None,
    _guard_zone: object,
) -> WorkingWindow:
    own = _zone_of(anchor)
    zone = _zone_named(zone_name)
    local_anchor = anchor.in_timezone(zone)
    raw_open = not_before.add_to(local_anchor, calendar)
    raw_due = due_by.add_to(local_anchor, calendar)
    day = _as_date(raw_open)
    start = _at_wall(day, window.earliest, zone)
    notes: list[str] = []
    if window.day_block(day, calendar) is None and _utc(start) >= _utc(local_anchor):
        opens = start
    else:
        opens = _open_from(raw_open, window, calendar, zone)
    if not_earlier_than is not None and _utc(opens) <= _utc(not_earlier_than):
        opens = _open_from(not_earlier_than, window, calendar, zone)
        notes.append(
            "opens only after the decision date they gave "
            f"({_short_day(not_earlier_than.in_timezone(zone))}): "
            "no chase before it (G21)"
        )
    due = _end_of_working_day(raw_due, window, calendar, zone)
    opening_day_end = _at_wall(_as_date(opens), window.latest, zone)
    due = max(due, opening_day_end, key=_utc)
    late = None
    if late_after is not None:
        late = max(
            _end_of_working_day(late_after.add_to(local_anchor, calendar), window, calendar, zone),
            due,
            key=_utc,
        )
    hours = f"{_clock(window.earliest)}-{_clock(window.latest)}"
    days = "every day" if window.weekends else "working days"
    notes.insert(
        0,
        f"working hours {hours} on {days} in {zone.name}: "
        f"{_short_day(raw_open)} -> {_short_day(raw_due)} becomes "
        f"{_short_day(opens)} -> {_short_day(due)}"
        + _skipped_note(_as_date(raw_open), _as_date(due), window, calendar),
    )
    return WorkingWindow(
        opens.in_timezone(own),
        due.in_timezone(own),
        late.in_timezone(own) if late is not None else None,
        tuple(notes),
    )


def _skipped_note(
    first: dt.date, last: dt.date, window: SendWindow, calendar: BusinessCalendar
) -> str:
    names: list[str] = []
    day = first
    while day <= last and len(names) < 5:
        reason = window.day_block(day, calendar)
        if reason is not None and reason != _NO_WEEKENDS:
            names.append(f"{day:%a %d %b} {reason}")
        day += _DAY
    return f" (skipping {', '.join(names)})" if names else ""
