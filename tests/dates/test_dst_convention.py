"""One daylight-saving convention (docs/dates.md): a typed wall time and window arithmetic turn a
wall time into the same instant, Python's `fold=0` — the first of a repeated time, a skipped time
moved forward by the gap.

`localize` replaced a hand-written search over the two readings of a wall time; that search is
kept here as the oracle, and random wall times around every kind of transition (spring forward,
fall back, half-hour and two-hour shifts, a negative DST, a skipped whole day) must agree.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.dates.reading import parse_moment_text
from followup.dates.zones import Zone, days_later, local_time, localize, wall_time

ZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute shift
    "Antarctica/Troll",  # a 2-hour shift
    "Europe/Dublin",  # summer time is its standard time: a negative DST in the tz database
    "America/Santiago",
    "Pacific/Apia",  # skipped 30 December 2011 whole
    "Asia/Kolkata",  # no transitions
)
_UTC = dt.UTC


def _old_localize(wall: dt.datetime, zone: Zone) -> pendulum.DateTime:
    """The replaced `_localize_keeping_wall_time`: the earliest instant whose wall time is
    `wall`, or, when there is none (a skipped time), the later of its two readings."""
    readings = [wall.replace(tzinfo=zone, fold=fold).astimezone(_UTC) for fold in (0, 1)]
    if readings[0] == readings[1]:
        return pendulum.DateTime.instance(wall.replace(tzinfo=zone, fold=0), tz=zone)
    found = sorted({utc for utc in readings if utc.astimezone(zone).replace(tzinfo=None) == wall})
    chosen = found[0] if found else max(readings)
    return pendulum.DateTime.instance(chosen, tz=pendulum.UTC).in_timezone(zone)


@cache
def _transitions(zone_name: str, year: int) -> tuple[dt.datetime, ...]:
    """The wall times just before each change of `zone_name`'s offset in `year`, to the hour."""
    zone = pendulum.timezone(zone_name)
    start = dt.datetime(year, 1, 1, tzinfo=_UTC)
    found: list[dt.datetime] = []
    previous = start.astimezone(zone).utcoffset()
    for hours in range(1, 366 * 24, 1):
        instant = start + dt.timedelta(hours=hours)
        offset = instant.astimezone(zone).utcoffset()
        if offset != previous:
            found.append((instant - dt.timedelta(hours=1)).astimezone(zone).replace(tzinfo=None))
        previous = offset
    return tuple(found)


@st.composite
def wall_times(draw: st.DrawFn) -> tuple[dt.datetime, str]:
    """A zone and a wall time, most of them within three hours of one of its transitions."""
    zone_name = draw(st.sampled_from(ZONES))
    year = draw(st.sampled_from([1996, 2011, 2021, 2026, 2027, 2037]))
    near = _transitions(zone_name, year)
    if near and draw(st.integers(0, 9)):
        base = draw(st.sampled_from(near))
        wall = base + dt.timedelta(minutes=draw(st.integers(-180, 180)))
    else:
        wall = draw(st.datetimes(dt.datetime(year, 1, 1), dt.datetime(year, 12, 31, 23, 59)))
    return wall.replace(second=0, microsecond=0), zone_name


def _same(a: dt.datetime, b: dt.datetime) -> bool:
    """Same instant, same wall reading and offset (isoformat), same zone."""
    return (a.isoformat(), a.utcoffset(), str(a.tzinfo)) == (
        b.isoformat(),
        b.utcoffset(),
        str(b.tzinfo),
    )


@given(wall_times())
def test_localize_is_the_old_search(case: tuple[dt.datetime, str]) -> None:
    wall, zone_name = case
    zone = pendulum.timezone(zone_name)
    assert _same(localize(wall, zone), _old_localize(wall, zone))


@given(wall_times())
def test_a_typed_time_reads_as_window_arithmetic_does(case: tuple[dt.datetime, str]) -> None:
    """`2026-10-25T01:30` typed by a person in London and a window's 01:30 on that day are one
    instant: the reader and the arithmetic share the convention."""
    wall, zone_name = case
    zone = pendulum.timezone(zone_name)
    expected = _old_localize(wall, zone)
    typed = parse_moment_text(wall.strftime("%Y-%m-%dT%H:%M"), zone_name)
    assert _same(typed, expected)
    assert _same(local_time(*wall.timetuple()[:5], tz=zone_name), expected)


@given(wall_times(), st.sampled_from([1, 2, 3, 7, 14, 400]), st.sampled_from([0, 1]))
def test_whole_days_later_read_by_the_same_convention(
    case: tuple[dt.datetime, str], days: int, fold: int
) -> None:
    """`2d` from a moment is its wall time two days later, read by the one convention, from
    either occurrence of a repeated time (`days_later` adds with Python's aware arithmetic
    instead of rebuilding the wall time)."""
    wall, zone_name = case
    zone = pendulum.timezone(zone_name)
    start = localize(wall, zone).replace(fold=fold)
    later = days_later(start, dt.timedelta(days=days))
    assert _same(later, _old_localize(wall_time(start) + dt.timedelta(days=days), zone))


def test_the_documented_examples() -> None:
    london = "Europe/London"
    repeated = parse_moment_text("2026-10-25T01:30", london)
    assert repeated.isoformat() == "2026-10-25T01:30:00+01:00"  # the first of two
    skipped = parse_moment_text("2026-03-29T01:30", london)
    assert skipped.isoformat() == "2026-03-29T02:30:00+01:00"  # forward by the gap


@pytest.mark.parametrize(
    ("date", "read"),
    [
        ("Sun, 25 Oct 2026 01:30:00 -0000", "2026-10-25T01:30:00+01:00"),  # the first 01:30
        ("Sun, 29 Mar 2026 01:30:00 -0000", "2026-03-29T02:30:00+01:00"),  # forward by the gap
    ],
)
def test_a_mail_dated_without_a_zone_reads_as_a_typed_time(date: str, read: str) -> None:
    """`Date: ... -0000` (no zone known) is a wall time in the candidate's zone, read as typed
    times are (pendulum alone would put the skipped 01:30 at 00:30 GMT)."""
    from email.message import EmailMessage

    from followup.mailimport import to_mail

    message = EmailMessage()
    message["From"] = "Ada <ada@example.com>"
    message["Date"] = date
    assert to_mail("inbox:1", message, "Europe/London").at.isoformat() == read


@pytest.mark.parametrize(
    ("start", "read"),
    [
        ("DTSTART:20260329T013000", "2026-03-29T02:30:00+01:00"),  # floating: in your zone
        ("DTSTART;TZID=Europe/London:20260329T013000", "2026-03-29T02:30:00+01:00"),
        ("DTSTART;TZID=Europe/London:20261025T013000", "2026-10-25T01:30:00+01:00"),
    ],
)
def test_an_invitation_in_a_changing_hour_reads_as_a_typed_time(start: str, read: str) -> None:
    """RFC 5545 (3.3.5) reads a local time the clocks skip with the offset from before the jump,
    and a repeated one as its first occurrence: the convention of everything else."""
    from followup.invite import read_invite

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", "BEGIN:VEVENT", "UID:a@b"]
    lines += [start, "DURATION:PT1H", "END:VEVENT", "END:VCALENDAR"]
    data = ("\r\n".join(lines) + "\r\n").encode()
    found = read_invite(data, "i.ics", timezone="Europe/London")
    assert found.start.isoformat() == read


def test_remembered_texts_keep_each_zone_and_each_reading_of_a_repeated_hour() -> None:
    """The formats remember their texts per moment: an instant written in another zone, and the
    second reading of a repeated wall time (equal to the first when compared), get their own."""
    from followup.dates.formatting import iso, short_day, when
    from followup.dates.zones import zone_named

    london, new_york = zone_named("Europe/London"), zone_named("America/New_York")
    first = dt.datetime(2026, 10, 25, 1, 30, tzinfo=london)
    second = first.replace(fold=1)
    assert first == second  # one zone: compared by wall time
    assert iso(first) == "2026-10-25T01:30:00+01:00"
    assert iso(second) == "2026-10-25T01:30:00+00:00"
    here = dt.datetime(2026, 10, 26, 1, 30, tzinfo=london)
    there = here.astimezone(new_york)
    assert there == here
    assert (iso(here), iso(there)) == ("2026-10-26T01:30:00+00:00", "2026-10-25T21:30:00-04:00")
    assert (when(here), when(there)) == ("Mon 26 Oct 2026 01:30", "Sun 25 Oct 2026 21:30")
    assert (short_day(here), short_day(there)) == ("Mon 26 Oct 01:30", "Sun 25 Oct 21:30")
