"""The one way time enters the program: a `Clock`. Tests and `--as-of` use a fixed one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import pendulum

from followup.errors import InputError

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date_only(text: str) -> bool:
    """`2026-10-16` (a date without a time): a decision date meaning the end of that day."""
    return _DATE_ONLY.match(text.strip()) is not None


class Clock(Protocol):
    def now(self) -> pendulum.DateTime: ...


@dataclass(frozen=True, slots=True)
class SystemClock:
    """The wall clock; used only when the user gives no `--as-of`."""

    def now(self) -> pendulum.DateTime:
        return pendulum.now("UTC")

    def zone(self) -> str:
        """The system's time zone: $TZ when it names an IANA zone, else the zone the operating
        system is set to (/etc/localtime), else UTC."""
        import os

        for name in (os.environ.get("TZ", "").lstrip(":"), _local_zone_name()):
            if (name and "/" in name) or name == "UTC":
                try:
                    pendulum.timezone(name)
                except Exception:  # pendulum raises several types for unknown zones
                    continue
                return name
        return "UTC"


def _local_zone_name() -> str:
    """The zone /etc/localtime links to (`.../zoneinfo/Europe/London`), if it does."""
    import os

    target = os.path.realpath("/etc/localtime")
    _, found, name = target.partition("/zoneinfo/")
    return name if found else ""


@dataclass(frozen=True, slots=True)
class FixedClock:
    moment: pendulum.DateTime

    def now(self) -> pendulum.DateTime:
        return self.moment

    def zone(self) -> str:
        """The zone of the fixed moment: what a test says the system's zone is."""
        return self.moment.timezone_name or "UTC"


FIRST_YEAR, LAST_YEAR = 1900, 2199
"""Date-times outside these years are refused where they are read: a policy's longest window
(10,000 months, weeks and days at most) then still ends inside what Python's dates can hold."""

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_moment_text(text: str, timezone: str | None) -> pendulum.DateTime:
    """A date-time as people write it, in `timezone` (naive times are in it): `2026-10-08`,
    `2026-10-08T09:00`, `2026-10-08 09:00+01:00`. Raises ValueError with the reason.
    With `timezone` None the moment keeps the offset it was written with (naive: UTC).

    The one reader of user date-times (events, options, test cases): it needs a full date
    (pendulum alone would complete `09:00` or `5` from today's date, which would make results
    depend on the day they are computed) and a year from FIRST_YEAR to LAST_YEAR.
    """
    value = text.strip()
    if not _FULL_DATE.match(value):
        raise ValueError("not a date-time")
    try:
        parsed = pendulum.parse(value, tz=timezone or "UTC", strict=False)
        if not isinstance(parsed, pendulum.DateTime):
            raise ValueError("not a date-time")
        if timezone is not None and _is_naive(value):
            parsed = wall_clock(parsed, timezone)
        if not FIRST_YEAR <= parsed.in_timezone("UTC").year <= LAST_YEAR:
            raise ValueError(f"outside the years {FIRST_YEAR}-{LAST_YEAR}")
        return parsed if timezone is None else parsed.in_timezone(timezone)
    except ValueError as exc:
        if str(exc).startswith("outside the years"):
            raise
        raise ValueError("not a date-time") from None
    except Exception:  # pendulum's parser raises its own types; OverflowError near year 1 / 9999
        raise ValueError("not a date-time") from None


def in_supported_years(moment: pendulum.DateTime) -> bool:
    """Whether the moment falls in FIRST_YEAR..LAST_YEAR in UTC (1900-01-01T05:00+14:00 is in
    1899)."""
    return FIRST_YEAR <= moment.in_timezone("UTC").year <= LAST_YEAR


def _is_naive(value: str) -> bool:
    """Whether a date-time text has no offset: read in two zones, it means two moments."""
    other = pendulum.parse(value, tz="Etc/GMT+5", strict=False)
    plain = pendulum.parse(value, tz="UTC", strict=False)
    assert isinstance(other, pendulum.DateTime) and isinstance(plain, pendulum.DateTime)
    return other.utcoffset() != plain.utcoffset()


def wall_clock(
    moment: pendulum.DateTime, timezone: str | pendulum.Timezone | pendulum.FixedTimezone
) -> pendulum.DateTime:
    """The wall-clock reading of `moment` (its date and time, not its offset) in `timezone`,
    by the usual calendar convention (RFC 5545, java.time, Temporal's "compatible"): a time
    the clocks go back over takes its first occurrence, a time in the hour they skip moves
    forward by the length of the gap (02:30 on a night that jumps from 02:00 to 03:00 is 03:30).
    """
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return local_time(*fields, moment.microsecond, tz=timezone)


def local_time(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int = 0,
    microsecond: int = 0,
    *,
    tz: str | pendulum.Timezone | pendulum.FixedTimezone,
) -> pendulum.DateTime:
    """`pendulum.datetime(...)` by the convention of `wall_clock` (pendulum alone takes the
    second of two occurrences)."""
    fields = (year, month, day, hour, minute, second, microsecond)
    first = pendulum.datetime(*fields, tz=tz, fold=0)
    if (first.hour, first.minute) == (hour, minute):
        return first  # exists: once, or the first of two
    return pendulum.datetime(*fields, tz=tz, fold=1)


def parse_as_of(text: str, timezone: str) -> pendulum.DateTime:
    """`2026-10-08T09:00`, `2026-10-08 09:00+01:00` or `2026-10-08` (midnight) in `timezone`."""
    try:
        return parse_moment_text(text, timezone)
    except ValueError as exc:
        raise InputError(f"--as-of: {exc}: {text!r} (write e.g. 2026-10-08T09:00)") from None
