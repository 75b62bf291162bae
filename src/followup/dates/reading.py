"""The one reader of user date-times: events files, options, test cases and edits all read
`2026-10-08`, `2026-10-08T09:00` or `2026-10-08 09:00+01:00` here, and the date rules are
stated here once: a date alone means 17:00 that day (`DATE_ONLY_HOUR`), a `decision_by` given
as the day of the event counts from the event on (`decision_from`), years 1900-2199 in UTC.
Wall times become instants by the convention of `followup.dates.zones` (docs/dates.md). What is
wrong with one is worded here once too (`BadMoment`): each reader adds only where it was written
(file:line:col and field, or the option)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Final

import pendulum

from followup.dates.zones import (
    as_pendulum,
    in_zone,
    is_zone,
    local_time,
    localize,
    wall_time,
    zone_named,
    zone_of,
)
from followup.errors import InputError, quote
from followup.limits import MAX_INTERVIEW_DAYS

_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MINUTES: Final = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d:\d\d)?"
)

DATE_ONLY_HOUR: Final = 17
"""A date given alone (a `decision_by`, a snooze's `until`) means the end of that working day,
17:00, in the zone it is read in."""


EXAMPLE: Final = "2026-10-08T09:00"


class BadMoment(ValueError):
    """A date-time a person wrote that cannot be read. Its text is the one message for it,
    whoever reads it (an events file, a policy test, an audit record, an option): `reason:
    value as written (write e.g. ...)`; `code` is the problem's code."""

    def __init__(
        self,
        value: object,
        reason: str = "not a date-time",
        *,
        code: str = "bad-date-time",
        example: str = EXAMPLE,
    ) -> None:
        tip = f" (write e.g. {example})" if example else ""
        super().__init__(f"{reason}: {quote(value)}{tip}")
        self.code = code


def is_date_only(text: str) -> bool:
    """`2026-10-16` (a date without a time): a decision date meaning the end of that day."""
    return _DATE.fullmatch(text.strip()) is not None


FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2199
"""Date-times outside these years are refused where they are read: a policy's longest window
(10,000 months, weeks and days at most) then still ends inside what Python's dates can hold."""


def parse_moment_text(text: object, timezone: str | None) -> pendulum.DateTime:
    """A date-time as people write it, in `timezone` (naive times are in it): `2026-10-08`
    (midnight), `2026-10-08T09:00`, `2026-10-08 09:00+01:00`; `BadMoment` for anything else.
    With `timezone` None the moment keeps the offset it was written with (naive: UTC).

    The one reader of user date-times (events, options, test cases): it needs a full date
    (pendulum alone would complete `09:00` or `5` from today's date, which would make results
    depend on the day they are computed) and a year from FIRST_YEAR to LAST_YEAR.
    """
    value = text.strip() if isinstance(text, str) else ""
    if not _DATE.match(value):
        raise BadMoment(text)
    try:
        parsed = pendulum.parse(value, tz=None, strict=False)  # naive when it has no offset
        if not isinstance(parsed, pendulum.DateTime):
            raise ValueError(value)
        if parsed.tzinfo is None:
            parsed = as_pendulum(localize(wall_time(parsed), zone_named(timezone or "UTC")))
        supported = in_supported_years(parsed)
        if supported and timezone is not None:
            parsed = parsed.in_timezone(zone_named(timezone))
    except Exception:  # pendulum's parser raises its own types; OverflowError near year 1 / 9999
        raise BadMoment(text) from None
    if not supported:
        raise BadMoment(text, f"outside the years {FIRST_YEAR}-{LAST_YEAR}", example="")
    return parsed


def in_supported_years(moment: pendulum.DateTime) -> bool:
    """Whether the moment falls in FIRST_YEAR..LAST_YEAR in UTC (1900-01-01T05:00+14:00 is in
    1899)."""
    if FIRST_YEAR < moment.year < LAST_YEAR:  # an offset moves a moment by less than a day
        moment.utcoffset()  # ValueError for an offset of a day or more, as converting gives
        return True
    return FIRST_YEAR <= moment.in_timezone(pendulum.UTC).year <= LAST_YEAR


def read_moment(
    text: object, timezone: str, *, date_timezone: str | None = None, date_ok: bool = True
) -> tuple[pendulum.DateTime, bool]:
    """A date-time a person wrote, in `timezone`, and whether it was a date alone. A date alone
    means DATE_ONLY_HOUR that day in `date_timezone` (the employer's office for a decision date;
    `timezone` when None); without `date_ok` it needs a time. `BadMoment` says what is wrong."""
    if not isinstance(text, str):
        raise BadMoment(text)
    value = text.strip()
    found = _read_text(value, timezone, date_timezone or timezone)
    if found[1] and not date_ok:
        reason = "needs a time as well as a date"
        raise BadMoment(text, reason, code="needs-time", example=f"{value}T10:00")
    return found


@lru_cache(maxsize=4096)
def _read_text(value: str, timezone: str, date_zone: str) -> tuple[pendulum.DateTime, bool]:
    """`read_moment` of stripped text, a date alone in `date_zone`, memoised: a file repeats its
    decision dates (what cannot be read raises each time: errors are not remembered)."""
    fast = iso_moment(value, timezone)
    if fast is not None:
        return fast, False
    if not is_date_only(value):
        return parse_moment_text(value, timezone), False
    return _date_evening(value, date_zone, timezone), True


def _date_evening(value: str, zone: str, timezone: str) -> pendulum.DateTime:
    """A date alone (`2026-10-16`): DATE_ONLY_HOUR that day in `zone`, shown in `timezone`;
    memoised by `_read_text`, and without pendulum's parser for a plain date of a year well
    inside the supported ones (anything else takes `parse_moment_text`, which reports what is
    wrong)."""
    year = int(value[:4]) if value.isascii() else 0
    try:
        if not FIRST_YEAR < year < LAST_YEAR or not is_zone(zone):
            raise ValueError(value)
        wall = dt.datetime(year, int(value[5:7]), int(value[8:10]), DATE_ONLY_HOUR)
    except ValueError:
        day = parse_moment_text(value, zone)
        wall = dt.datetime(day.year, day.month, day.day, DATE_ONLY_HOUR)
    return as_pendulum(in_zone(localize(wall, zone_named(zone)), zone_named(timezone)))


_CLOCK: Final = re.compile(
    r"([01]?\d|2[0-3]):([0-5]\d(?::[0-5]\d(?:\.\d+)?)?)(Z|z|[+-]\d\d:?\d\d)?"
)
"""A time alone as `at` writes its time: hours and minutes, seconds and a fraction if given, an
offset if given (else the start's)."""
CLOCK_EXAMPLE: Final = "11:30"


def read_end(text: object, start: str, timezone: str) -> pendulum.DateTime:
    """When an interview ended: a time alone (`11:30`, `11:30:00`, as `at` writes its time) on
    the day its start `start` was written with, in the same zone (its own offset if it has one,
    else the start's, else `timezone`), or a date and a time read as `read_moment` reads one.
    `BadMoment` says what is wrong; `end_problem` checks it against the start."""
    value = text.strip() if isinstance(text, str) else ""
    clock = _CLOCK.fullmatch(value)
    if clock is not None:
        written = start.strip()
        rest = written[10:]  # after the date: the time and its offset, if any
        sign = max(rest.rfind("+"), rest.rfind("-"))
        offset = rest[sign:] if sign >= 0 else "Z" if rest[-1:] in ("Z", "z") else ""
        value = f"{written[:10]}T{int(clock[1]):02d}:{clock[2]}{clock[3] or offset}"
    elif is_date_only(value) or not _DATE.match(value):
        raise BadMoment(text, "not a time", example=f"{CLOCK_EXAMPLE} or {EXAMPLE}")
    return read_moment(value, timezone, date_ok=False)[0]


def end_problem(start: dt.datetime, end: dt.datetime) -> tuple[str, str] | None:
    """What is wrong with an interview from `start` to `end`, as (code, message), or None: it
    must end after it starts and at most MAX_INTERVIEW_DAYS later."""
    if end <= start:
        shown = f"{end:%Y-%m-%d %H:%M} <= {start:%Y-%m-%d %H:%M}"
        return "ends-before-start", f"is not after the interview's start ({shown})"
    if end - start > dt.timedelta(days=MAX_INTERVIEW_DAYS):
        shown = f"{end:%Y-%m-%d %H:%M}, started {start:%Y-%m-%d %H:%M}"
        longest = f"more than {MAX_INTERVIEW_DAYS} days after the interview's start"
        return "interview-too-long", f"is {longest} ({shown}): check its date"
    return None


ONE_SITTING: Final = dt.timedelta(hours=12)
"""The longest interview read as one sitting: an interview that ends on a later day but at most
this long after it starts (an evening call past midnight) is one, over only at its end."""


def first_day_over(start: dt.datetime, end: dt.datetime) -> dt.datetime | None:
    """When the first day of an interview from `start` to `end` is over, if the interview spans
    days (a multi-day on-site): it ends on a later day than it starts, in the start's zone, and
    more than ONE_SITTING later. Its first day is taken to close at the end of the working day,
    DATE_ONLY_HOUR (17:00) that day, or at midnight when it starts at 17:00 or later; the people
    met that day can be thanked from then on. None for an interview of one sitting."""
    zone = zone_of(start)
    first = start.date()
    if end - start <= ONE_SITTING or in_zone(end, zone).date() <= first:
        return None
    close = localize(dt.datetime.combine(first, dt.time(DATE_ONLY_HOUR)), zone)
    if close <= start:
        close = localize(dt.datetime.combine(first + dt.timedelta(days=1), dt.time()), zone)
    return close


def decision_problem(decision: dt.datetime, at: dt.datetime, what: str) -> str | None:
    """What is wrong with a decision date given at the `what` (an interview, a reply) at `at`,
    or None: it may not come before it. The message shows both dates, and their times when
    they fall on one day (`decision_from` has made a date alone that day count from `at`)."""
    if decision >= at:
        return None
    same_day = dt.datetime.date(decision) == dt.datetime.date(at)  # not pendulum's date()
    form = "%Y-%m-%d %H:%M" if same_day else "%Y-%m-%d"
    return f"is before the {what} itself ({decision:{form}} < {at:{form}})"


def decision_from(
    decision: pendulum.DateTime, date_only: bool, at: pendulum.DateTime
) -> pendulum.DateTime:
    """A `decision_by` as it counts for the event at `at` that gave it: a date alone on the
    event's own day ("today", said at a late interview) counts from the event on. One still
    before `at` is the caller's to refuse."""
    if date_only and dt.datetime.date(decision) == dt.datetime.date(at):  # not pendulum's date()
        return max(decision, at)
    return decision


_ISO_SHAPE: Final = re.compile(
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:\d\d)?", re.ASCII
)
"""What `_ISO_MINUTES` reads, in ASCII digits: the shapes `iso_moment` gives to
`datetime.fromisoformat`, which alone would take more (week dates, `+01`, fractions, any
separator) than the fields' reading does."""


@lru_cache(maxsize=65536)
def iso_moment(text: str, tz: str) -> pendulum.DateTime | None:
    """`parse_iso_minutes` in `tz` when the year is supported, memoised: a file repeats its
    moments (an interview's time in its thank-you's and follow-up's). What `read_moment` gives
    for stripped text it reads this way; None for anything else (`read_moment` reads or reports
    it).

    Read by `datetime.fromisoformat` (C) and converted once; what it refuses (an impossible
    date, an offset of a day, an unknown zone), a year at the edge of the supported ones and any
    other shape go the way of the fields (`_iso_by_fields`), which decides or reports them
    (tests/dates/test_iso_fast_path.py: the same reading, zone, fold and type)."""
    if _ISO_SHAPE.fullmatch(text) is not None:
        try:
            written = dt.datetime.fromisoformat(text)
            zone = zone_named(tz)
        except ValueError:
            return _iso_by_fields(text, tz)
        if FIRST_YEAR < written.year < LAST_YEAR:  # a supported year whatever the offset
            if written.tzinfo is None:  # a wall-clock time in `tz`, by the one convention
                return as_pendulum(localize(written, zone))
            return as_pendulum(written.astimezone(zone))
    return _iso_by_fields(text, tz)


def _iso_by_fields(text: str, tz: str) -> pendulum.DateTime | None:
    """`iso_moment` read field by field (`parse_iso_minutes`): the reading that decides."""
    fast = parse_iso_minutes(text, tz)
    if fast is None or not in_supported_years(fast):
        return None
    zone = zone_named(tz)
    # A wall-clock time is read in `tz` already: converting it to its own zone changes nothing.
    return fast if fast.tzinfo is zone else fast.in_timezone(zone)


@lru_cache(maxsize=256)
def _fixed_zone(seconds: int) -> pendulum.FixedTimezone:
    return pendulum.FixedTimezone(seconds)


def parse_iso_minutes(text: str, tz: str) -> pendulum.DateTime | None:
    """`2026-10-06T10:00[:SS][Z|+HH:MM]` read without pendulum's general parser and with the
    zone looked up once; the same result as `parse_moment_text`. None for anything else
    (including impossible dates), which the general parser then handles or reports."""
    match = _ISO_MINUTES.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    fields = (int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    try:
        if offset is None:  # a wall-clock time: the first of two when the clocks go back
            return local_time(*fields, tz=zone_named(tz))
        seconds = 0
        if offset != "Z":
            sign = -1 if offset[0] == "-" else 1
            seconds = int(offset[1:3]) * 3600 + int(offset[4:6]) * 60
            if seconds >= 24 * 3600:
                return None  # not an offset: the general parser reports it
            seconds *= sign
        # What `pendulum.datetime(*fields, tz=zone)` builds for a fixed offset, without its
        # zone lookup and conversion.
        return pendulum.DateTime(*fields, tzinfo=_fixed_zone(seconds), fold=0)
    except (ValueError, OverflowError):
        return None


def parse_as_of(text: str, timezone: str) -> pendulum.DateTime:
    """`2026-10-08T09:00`, `2026-10-08 09:00+01:00` or `2026-10-08` (midnight) in `timezone`."""
    try:
        return parse_moment_text(text, timezone)
    except BadMoment as exc:
        raise InputError(f"--as-of: {exc}") from None
