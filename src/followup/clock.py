"""The one way time enters the program: a `Clock`. Tests and `--as-of` use a fixed one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import pendulum

from followup.errors import InputError

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Clock(Protocol):
    def now(self) -> pendulum.DateTime: ...


@dataclass(frozen=True, slots=True)
class SystemClock:
    """The wall clock; used only when the user gives no `--as-of`."""

    def now(self) -> pendulum.DateTime:
        return pendulum.now("UTC")


@dataclass(frozen=True, slots=True)
class FixedClock:
    moment: pendulum.DateTime

    def now(self) -> pendulum.DateTime:
        return self.moment


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
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def parse_as_of(text: str, timezone: str) -> pendulum.DateTime:
    """`2026-10-08T09:00`, `2026-10-08 09:00+01:00` or `2026-10-08` (midnight) in `timezone`."""
    try:
        return parse_moment_text(text, timezone)
    except ValueError as exc:
        raise InputError(f"--as-of: {exc}: {text!r} (write e.g. 2026-10-08T09:00)") from None
