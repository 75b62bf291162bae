"""The one reader of user date-times: events, options, test cases and imports all read
`2026-10-08`, `2026-10-08T09:00` or `2026-10-08 09:00+01:00` here."""

from __future__ import annotations

import re

import pendulum

from followup.dates.zones import wall_clock
from followup.errors import InputError

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date_only(text: str) -> bool:
    """`2026-10-16` (a date without a time): a decision date meaning the end of that day."""
    return _DATE_ONLY.match(text.strip()) is not None


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


def parse_as_of(text: str, timezone: str) -> pendulum.DateTime:
    """`2026-10-08T09:00`, `2026-10-08 09:00+01:00` or `2026-10-08` (midnight) in `timezone`."""
    try:
        return parse_moment_text(text, timezone)
    except ValueError as exc:
        raise InputError(f"--as-of: {exc}: {text!r} (write e.g. 2026-10-08T09:00)") from None
