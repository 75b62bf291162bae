"""Dates and times written for people: every format the outputs use, in one place.

English names through `strftime` (the C locale's names are the English ones: the program never
sets LC_TIME), so the bytes depend neither on pendulum's locale tables nor on hand-written
month and weekday tables. The formats a plan writes most (`when`, `short_day`, the padded
days, `clock_time`) take the names `strftime` gives, asked once at import (`_DAY_NAMES`,
`_MONTH_NAMES`), and write the numbers from tables (`TWO_DIGITS`): one `strftime` call costs
about 21,000 instructions, the same text so about 4,300 (the plan prints tens of thousands of
these; each text is the bytes of the `strftime` format named in its docstring).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Final, TypeVar

from followup.dates.zones import in_zone, wall_time, zone_named

_MAX_REMEMBERED: Final = 4096
"""Texts each remembering format keeps before it starts afresh."""

_Text = TypeVar("_Text")


def _remembered(write: Callable[[dt.datetime], _Text]) -> Callable[[dt.datetime], _Text]:
    """`write`, remembering its text per moment: a plan writes the moments of a few windows
    again and again (3,000 synthetic applications: 1,338 moments in 24,260 ISO texts, 1,274 in
    12,756 short days), and a lookup costs a fraction of `strftime` or `isoformat`. The key
    holds the moment's zone by identity and its fold (equal moments in different zones compare
    equal, as do a repeated hour's two readings), and keeps the zone alive."""
    known: dict[tuple[dt.datetime, int, int], _Text] = {}

    @wraps(write)
    def remembered(moment: dt.datetime) -> _Text:
        key = (moment, id(moment.tzinfo), moment.fold)
        text = known.get(key)
        if text is None:
            if len(known) >= _MAX_REMEMBERED:
                known.clear()
            text = known[key] = write(moment)
        return text

    return remembered


def _remembered_by_wall(write: Callable[[dt.datetime], str]) -> Callable[[dt.datetime], str]:
    """`write` of a text read off the moment's wall clock to the minute alone (its day, hour and
    minute: no zone, offset or fold), remembering its text per day and minute. A window's moments
    are mostly new objects, and an aware moment's first hash asks its zone for the offset by
    name: ~5,700 instructions a lookup by the moment, ~2,300 by its day and minute."""
    known: dict[tuple[int, int, int], str] = {}

    @wraps(write)
    def remembered(moment: dt.datetime) -> str:
        key = (moment.toordinal(), moment.hour, moment.minute)
        text = known.get(key)
        if text is None:
            if len(known) >= _MAX_REMEMBERED:
                known.clear()
            text = known[key] = write(moment)
        return text

    return remembered


@_remembered
def iso(moment: dt.datetime) -> str:
    """`2026-10-07T10:00:00+01:00`: the plan's machine-readable form."""
    return moment.isoformat()


_DAY_NAMES: Final[tuple[str, ...]] = tuple(
    dt.date(2024, 1, day).strftime("%a") for day in range(1, 8)
)
"""`%a` of each `weekday()` (1 January 2024 was a Monday), as `strftime` names them."""
_MONTH_NAMES: Final[tuple[str, ...]] = (
    "",
    *(dt.date(2024, m, 1).strftime("%b") for m in range(1, 13)),
)
"""`%b` of each month (1-12), as `strftime` names them."""

TWO_DIGITS: Final[tuple[str, ...]] = tuple(f"{n:02d}" for n in range(100))
"""`f"{n:02d}"` of 0-99, by index: a format spec costs about 2,500 instructions an int (a date
and time written `%Y-%m-%d %H:%M` by five of them, 14.8 k; by this table, 4.6 k)."""


def year_text(year: int) -> str:
    """`f"{year:04d}"` (`str` of a year of four digits, the only ones plans meet)."""
    return str(year) if year >= 1000 else f"{year:04d}"


def hh_mm(t: dt.time) -> str:
    """A time of day as HH:MM, with seconds only when it has some."""
    return f"{t:%H:%M:%S}" if t.second or t.microsecond else f"{t:%H:%M}"


def clock_time(moment: dt.datetime) -> str:
    """`10:00` (`%H:%M`)."""
    return f"{TWO_DIGITS[moment.hour]}:{TWO_DIGITS[moment.minute]}"


def _when(moment: dt.datetime) -> str:
    """`Tue 7 Oct 2026 10:00` (`%a {day} %b %Y %H:%M`; `%Y` unpadded, as `strftime` writes
    it)."""
    return f"{_day_month(moment)} {moment.year} {clock_time(moment)}"


def _day_month(moment: dt.date) -> str:
    """`Tue 7 Oct` (`%a {day} %b`): the unpadded day of `when` and `short_day`."""
    return f"{_DAY_NAMES[moment.weekday()]} {moment.day} {_MONTH_NAMES[moment.month]}"


when = _remembered_by_wall(_when)
"""`Tue 7 Oct 2026 10:00`, remembered per day and minute."""


_OFFSET_TEXTS: Final[dict[dt.timedelta | None, str]] = {}
"""A zone's offset from UTC -> how `isoformat` ends a moment with it (`+01:00`; "" for none)."""


def _iso_written(moment: dt.datetime) -> str:
    """`moment.isoformat()` from tables (`TWO_DIGITS`, `_OFFSET_TEXTS`): `isoformat` writes
    its fields and its offset with `sprintf` and asks the zone for the offset by name, about
    11,000 instructions against 4,600. Microseconds and years before 1000 by `isoformat`."""
    zone = moment.tzinfo
    offset = None if zone is None else zone.utcoffset(moment)
    written = _OFFSET_TEXTS.get(offset)
    if written is None or moment.microsecond or moment.year < 1000:
        text = moment.isoformat()
        if not moment.microsecond and moment.year >= 1000:
            _OFFSET_TEXTS[offset] = text[19:]  # after `2026-10-07T10:00:00`
        return text
    return (
        f"{moment.year}-{TWO_DIGITS[moment.month]}-{TWO_DIGITS[moment.day]}T"
        f"{TWO_DIGITS[moment.hour]}:{TWO_DIGITS[moment.minute]}:{TWO_DIGITS[moment.second]}"
        f"{written}"
    )


@_remembered
def moment_texts(moment: dt.datetime) -> tuple[str, str]:
    """(`iso`, `when`) of one moment, the ISO text written from tables (`_iso_written`): what
    the plan's JSON writes of every moment of an action (its window's ends for its fields,
    timing and summary; its anchor, late and lapse moments for its timing), so one moment
    named by several actions, as the end of one window and the anchor of another, is written
    once (3,000 applications: 1,323 moments against 2,089 in two memos)."""
    return _iso_written(moment), _when(moment)


@_remembered_by_wall
def short_day(moment: dt.datetime) -> str:
    """`Sat 3 Oct 10:00` (`%a {day} %b %H:%M`; the day of the week makes the year plain
    enough)."""
    return f"{_day_month(moment)} {clock_time(moment)}"


def padded_day(moment: dt.date) -> str:
    """`Sat 03 Oct` (`%a %d %b`): the zero-padded day some notes and the skipped days of a
    working window show (other formats print `3`; kept so the outputs keep their bytes)."""
    return f"{_DAY_NAMES[moment.weekday()]} {TWO_DIGITS[moment.day]} {_MONTH_NAMES[moment.month]}"


def padded_day_time(moment: dt.datetime) -> str:
    """`Sat 03 Oct 10:00` (`%a %d %b %H:%M`)."""
    return f"{padded_day(moment)} {clock_time(moment)}"


@_remembered_by_wall
def padded_day_year_time(moment: dt.datetime) -> str:
    """`Sat 03 Oct 2026 10:00` (`%a %d %b %Y %H:%M`; remembered: each lapsed action's reason
    names its lapse, 2,636 times for 3,000 applications)."""
    return f"{padded_day(moment)} {moment.year} {clock_time(moment)}"


def long_date(moment: dt.date) -> str:
    """`Tuesday 6 October 2026`, for the body of a message."""
    return moment.strftime(f"%A {moment.day} %B {moment.year}")


def day_month(moment: dt.date) -> str:
    """`9 Nov`."""
    return moment.strftime(f"{moment.day} %b")


def short_when(moment: dt.datetime, year: int) -> str:
    """`9 Nov 11:00`, with the year only when it is not `year` (the year of now)."""
    if moment.year != year:
        return dt.datetime.strftime(moment, f"{moment.day} %b {moment.year} %H:%M")
    return dt.datetime.strftime(moment, f"{moment.day} %b %H:%M")


def zone_label(zone: str) -> str:
    """A zone as people name it: `New York` for America/New_York, `UTC` for UTC."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def with_their_time(moment: dt.datetime, zone: str) -> str:
    """`Fri 16 Oct 17:00`, with the reading in `zone` (the recipient's) when their clock says
    otherwise: `Fri 16 Oct 22:00 (17:00 in America/New_York)`."""
    said = short_day(moment)
    theirs = in_zone(moment, zone_named(zone))
    if wall_time(theirs) != wall_time(moment):
        shown = clock_time(theirs) if theirs.date() == moment.date() else short_day(theirs)
        said += f" ({shown} in {zone})"
    return said
