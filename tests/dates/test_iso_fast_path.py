"""`iso_moment` reads ISO date-times with `datetime.fromisoformat` and converts them once; what it
gives must be what reading them field by field (`_iso_by_fields`) gives: the same reading, zone
object, fold and type, None for the same texts and the same error for the same ones. fromisoformat
alone takes more shapes than the fields' reading (week dates, `+01`, fractions, any separator), so
each of those must still be declined."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup.dates.reading import (
    _ISO_MINUTES,
    BadMoment,
    _iso_by_fields,
    iso_moment,
    read_moment,
)

ZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # a half-hour change
    "America/Sao_Paulo",  # changed at midnight
    "Pacific/Apia",  # skipped a whole day (2011-12-30)
    "Asia/Kolkata",
    "UTC",
    "Mars/Olympus_Mons",  # no zone: the fields decide what that gives
)
OFFSETS = ("", "Z", "+00:00", "-00:00", "+01:00", "-05:00", "+05:30", "+13:45", "-23:59", "+01:75")

fast_read = iso_moment.__wrapped__  # not the memo: each call reads


def outcome(read: object, text: str, tz: str) -> tuple[object, ...]:
    """What `read(text, tz)` gives, comparable: its type, reading, zone object, fold and
    offset, None, or the error it raises."""
    assert callable(read)
    try:
        moment = read(text, tz)
    except Exception as exc:  # the same error both ways
        return ("raises", type(exc), str(exc))
    if moment is None:
        return (None,)
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    zone = moment.tzinfo
    return (type(moment), fields, moment.microsecond, id(zone), moment.fold, moment.utcoffset())


def check(text: str, tz: str) -> None:
    expected = outcome(_iso_by_fields, text, tz)
    assert outcome(fast_read, text, tz) == expected, (text, tz)
    assert outcome(iso_moment, text, tz) == expected, (text, tz)


EDGES = (
    "2026-10-08T09:00",
    "2026-10-08 09:00",
    "2026-10-08T09:00:30",
    "2026-10-08T09:00Z",
    "2026-10-08T09:00:00Z",
    "2026-10-08T09:00+01:00",
    "2026-10-08T09:00:00-05:00",
    "2026-10-08T09:00:00+00:00",
    "2026-10-08T09:00-00:00",
    "2026-10-08T09:00+01:75",  # minutes past 59: the fields read 2:15
    "2026-10-08T09:00+23:59",
    "2026-10-08T09:00+24:00",  # not an offset
    "2026-10-08T09:00-24:00",
    "2026-10-08T09:00+99:99",
    # shapes fromisoformat takes and the fields do not
    "2026-10-08",
    "2026-10-08T09",
    "2026-10-08T0900",
    "2026-10-08T09:00:00.5",
    "2026-10-08T09:00:00.000",
    "2026-10-08T09:00:00,000000",
    "2026-10-08T09:00:00.00000",
    "2026-10-08T09:00+01",
    "2026-10-08T09:00+0100",
    "2026-10-08T09:00:00+01",
    "2026-10-08T09:00+01:00:00",
    "2026-10-08T09:00+01:00:00.5",
    "2026-10-08T09:00z",
    "2026-10-08t09:00",
    "2026-10-08_09:00",
    "2026-10-08X09:00",
    "20261008T0900",
    "20261008T09:00",
    "2026-W41-4T09:00",
    "2026-W41-4T09:00:00",
    "2026W414T09:00",
    "2026-281T09:00",
    "2026-10-08T09:00Z+01:00",
    # impossible dates and times
    "2026-02-29T09:00",
    "2028-02-29T09:00",
    "2026-13-01T09:00",
    "2026-00-10T09:00",
    "2026-10-00T09:00",
    "2026-10-32T09:00",
    "2026-10-08T24:00",
    "2026-10-08T23:60",
    "2026-10-08T23:59:60",
    "0000-01-01T00:00",
    "0001-01-01T00:00",
    "0001-01-01T00:00+01:00",
    "9999-12-31T23:59",
    "9999-12-31T23:59-01:00",
    # the years at the edge of the supported ones
    "1899-12-31T23:59",
    "1900-01-01T00:00",
    "1900-01-01T05:00+14:00",
    "1900-01-01T10:00-14:00",
    "1901-01-01T00:00",
    "2198-12-31T23:59",
    "2199-12-31T23:59",
    "2199-12-31T23:59-01:00",
    "2199-12-31T20:00+01:00",
    "2200-01-01T00:00",
    "2200-01-01T00:30+01:00",
    # not ASCII digits: read by the fields (`\\d`), not by fromisoformat
    "\u0662\u0660\u0662\u0666-10-08T09:00",
    "2026-10-08T\uff10\uff19:00",
    "2026-10-08T09:00+\u0660\u0661:00",
    # the clocks change: Europe/London and America/New_York
    "2026-03-29T01:30",  # skipped
    "2026-03-29T01:00",
    "2026-03-29T02:00",
    "2026-10-25T01:30",  # repeated: the first
    "2026-10-25T01:30+00:00",  # the second, by its offset
    "2026-10-25T01:30+01:00",
    "2026-03-08T02:30",
    "2026-11-01T01:30",
    "2026-11-01T01:30-05:00",
    "2026-11-01T01:30-04:00",
    "2026-11-01T06:30Z",
    "2011-12-30T10:00",  # the day Apia skipped
    " 2026-10-08T09:00",
    "2026-10-08T09:00 ",
    "",
)


def test_edge_texts_read_as_the_fields_read_them() -> None:
    for tz in ZONES:
        for text in EDGES:
            check(text, tz)


def test_the_shapes_fromisoformat_alone_would_take_are_still_declined() -> None:
    """The cases that make the shape check necessary: fromisoformat reads each of them."""
    for text in ("2026-W41-4T09:00", "2026-10-08t09:00", "2026-10-08T09:00+01", "20261008T0900"):
        dt.datetime.fromisoformat(text)  # taken by fromisoformat ...
        assert iso_moment(text, "Europe/London") is None  # ... and not by iso_moment


def test_a_repeated_hour_reads_the_first_time_and_an_offset_picks_the_second() -> None:
    london = "Europe/London"
    first = iso_moment("2026-10-25T01:30", london)
    second = iso_moment("2026-10-25T01:30+00:00", london)
    skipped = iso_moment("2026-03-29T01:30", london)
    assert first is not None and second is not None and skipped is not None
    assert (first.isoformat(), first.fold) == ("2026-10-25T01:30:00+01:00", 0)
    assert (second.isoformat(), second.fold) == ("2026-10-25T01:30:00+00:00", 1)
    assert skipped.isoformat() == "2026-03-29T02:30:00+01:00"  # moved on by the gap
    assert all(type(m) is pendulum.DateTime for m in (first, second, skipped))


def _walls_around_changes(zone: str) -> list[dt.datetime]:
    """Wall times every 15 minutes from 3 hours before to 3 hours after each change of
    `zone`'s offset in a few years (found hour by hour in UTC)."""
    tz = zoneinfo.ZoneInfo(zone)
    found: list[dt.datetime] = []
    for year in (1901, 1970, 2011, 2026, 2027, 2150, 2198):
        start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        before = start.astimezone(tz).utcoffset()
        for hour in range(0, 366 * 24):
            instant = start + dt.timedelta(hours=hour)
            offset = instant.astimezone(tz).utcoffset()
            if offset != before:
                wall = instant.astimezone(tz).replace(tzinfo=None)
                found.extend(wall + dt.timedelta(minutes=15 * k) for k in range(-16, 17))
                before = offset
    return found


def test_every_quarter_hour_around_the_clock_changes() -> None:
    """Naive times in gaps and folds and their readings with either offset, in six zones."""
    for zone in ZONES[:-2]:
        walls = _walls_around_changes(zone)
        assert walls or zone in ("Asia/Kolkata", "UTC")
        tz = zoneinfo.ZoneInfo(zone)
        for wall in walls:
            text = f"{wall:%Y-%m-%dT%H:%M}"
            check(text, zone)
            for fold in (0, 1):  # the wall time with each offset it can have
                offset = wall.replace(tzinfo=tz, fold=fold).utcoffset()
                assert offset is not None
                minutes = int(offset.total_seconds()) // 60
                sign, hours = "-" if minutes < 0 else "+", divmod(abs(minutes), 60)
                text = f"{wall:%Y-%m-%d %H:%M:%S}{sign}{hours[0]:02d}:{hours[1]:02d}"
                check(text, zone)
                check(text, "Europe/London" if zone != "Europe/London" else "America/New_York")


@st.composite
def iso_like(draw: st.DrawFn) -> str:
    """Texts near the shapes read: each part valid, odd or out of range."""
    year = draw(st.sampled_from((1899, 1900, 1901, 2011, 2026, 2027, 2198, 2199, 2200, 9999)))
    month, day = draw(st.integers(0, 13)), draw(st.integers(0, 32))
    hour, minute = draw(st.integers(0, 25)), draw(st.integers(0, 61))
    date = draw(
        st.sampled_from(
            (
                f"{year:04d}-{month:02d}-{day:02d}",
                f"{year:04d}{month:02d}{day:02d}",
                f"{year}-W41-2",
            )
        )
    )
    clock = draw(
        st.sampled_from((f"{hour:02d}:{minute:02d}", f"{hour:02d}{minute:02d}", f"{hour:02d}"))
    )
    seconds = draw(st.sampled_from(("", "", ":00", ":59", ":60", ":30.5", ":00.000000", "00")))
    separator = draw(st.sampled_from(("T", "T", " ", "t", "_", "")))
    offset = draw(st.sampled_from((*OFFSETS, "+01", "+0100", "z", "+01:00:00", "+24:00")))
    return f"{date}{separator}{clock}{seconds}{offset}"


@settings(max_examples=1500)
@given(text=iso_like(), tz=st.sampled_from(ZONES))
@example(text="2026-10-25T01:30", tz="Europe/London")
@example(text="2026-11-01T01:30", tz="America/New_York")
def test_iso_like_texts_read_as_the_fields_read_them(text: str, tz: str) -> None:
    check(text, tz)


@settings(max_examples=1000)
@given(text=st.from_regex(_ISO_MINUTES, fullmatch=True), tz=st.sampled_from(ZONES))
def test_every_text_of_the_fields_shape_reads_alike(text: str, tz: str) -> None:
    """Any digits (some not ASCII), any numbers: what the fields' pattern matches."""
    check(text, tz)


@settings(max_examples=1000)
@given(
    text=st.text(alphabet="0123456789-:T Z+.Wz", min_size=10, max_size=26),
    tz=st.sampled_from(ZONES[:3]),
)
def test_any_text_of_these_characters_reads_alike(text: str, tz: str) -> None:
    check(text, tz)


@settings(max_examples=1000)
@given(
    moment=st.datetimes(
        min_value=dt.datetime(1899, 12, 30), max_value=dt.datetime(2200, 1, 2), timezones=st.none()
    ),
    offset=st.sampled_from(OFFSETS),
    seconds=st.booleans(),
    tz=st.sampled_from(ZONES),
)
def test_any_moment_in_the_years_reads_alike(
    moment: dt.datetime, offset: str, seconds: bool, tz: str
) -> None:
    clock = "%H:%M:%S" if seconds else "%H:%M"
    check(f"{moment:%Y-%m-%d}T{moment.strftime(clock)}{offset}", tz)


def test_read_moment_remembers_a_reading_not_whether_a_date_alone_may_be_given() -> None:
    """`read_moment` memoises what a text reads as; whether a date alone is allowed, and the
    text as written in its error, are the caller's each time, and a refusal is never
    remembered as a reading."""
    text = " 2026-10-16 "
    evening, date_only = read_moment(text, "Europe/London", date_timezone="America/New_York")
    assert date_only and evening.isoformat() == "2026-10-16T22:00:00+01:00"
    with pytest.raises(BadMoment) as refused:
        read_moment(text, "Europe/London", date_timezone="America/New_York", date_ok=False)
    assert refused.value.code == "needs-time"
    needs = "needs a time as well as a date: ' 2026-10-16 ' (write e.g. 2026-10-16T10:00)"
    assert str(refused.value) == needs
    assert read_moment(text, "Europe/London")[0].isoformat() == "2026-10-16T17:00:00+01:00"
    timed = read_moment("2026-10-16T09:00", "Europe/London", date_ok=False)
    assert timed == (iso_moment("2026-10-16T09:00", "Europe/London"), False)
    for _ in range(2):  # refused again, in the same words
        with pytest.raises(BadMoment, match=r"^not a date-time: '2026-02-30'"):
            read_moment("2026-02-30", "Europe/London")
