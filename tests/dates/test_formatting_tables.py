"""The formats a plan writes most are written from tables (`formatting._DAY_NAMES`,
`_MONTH_NAMES`, `TWO_DIGITS`) rather than by `strftime`: each gives the bytes of the `strftime`
format its docstring names, for any date-time and zone, pendulum's or plain."""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.dates import formatting
from followup.dates.zones import plain, zone_named

ZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC")

FORMATS = {
    formatting.clock_time: lambda m: dt.datetime.strftime(m, "%H:%M"),
    formatting.when: lambda m: dt.datetime.strftime(m, f"%a {m.day} %b %Y %H:%M"),
    formatting.short_day: lambda m: dt.datetime.strftime(m, f"%a {m.day} %b %H:%M"),
    formatting.padded_day: lambda m: m.strftime("%a %d %b"),
    formatting.padded_day_time: lambda m: dt.datetime.strftime(m, "%a %d %b %H:%M"),
    formatting.padded_day_year_time: lambda m: dt.datetime.strftime(m, "%a %d %b %Y %H:%M"),
}


@settings(max_examples=300)
@given(
    wall=st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    zone=st.sampled_from(ZONES),
    as_plain=st.booleans(),
)
def test_each_format_is_its_strftime(wall: dt.datetime, zone: str, as_plain: bool) -> None:
    moment: dt.datetime = pendulum.instance(wall, tz=zone_named(zone))
    if as_plain:
        moment = plain(moment)
    for write, expected in FORMATS.items():
        assert write(moment) == expected(moment), write.__name__
    assert formatting.moment_texts(moment) == (moment.isoformat(), FORMATS[formatting.when](moment))
    day = moment.date()
    assert formatting.padded_day(day) == day.strftime("%a %d %b")


def test_the_names_are_the_english_ones() -> None:
    monday = dt.date(2026, 10, 5)
    days = [formatting.padded_day(monday + dt.timedelta(days=n))[:3] for n in range(7)]
    assert days == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert formatting.short_day(dt.datetime(2026, 12, 1, 9, 5)) == "Tue 1 Dec 09:05"
    assert formatting.when(dt.datetime(999, 1, 4, 23, 59)) == "Fri 4 Jan 999 23:59"


def test_texts_remembered_by_day_and_minute_are_those_written_afresh() -> None:
    """`when`, `short_day` and `padded_day_year_time` remember a text by the moment's day, hour
    and minute alone (`_remembered_by_wall`): moments of one minute in other zones, with seconds,
    either reading of a repeated hour, pendulum's or plain, each get the text written afresh,
    written in an order that asks the memo for each one's neighbours."""
    moments: list[dt.datetime] = []
    for zone in ZONES:
        for minutes in range(0, 3 * 24 * 60, 7):
            wall = dt.datetime(2026, 10, 24) + dt.timedelta(minutes=minutes, seconds=minutes % 60)
            for fold in (0, 1):
                moment = wall.replace(tzinfo=zone_named(zone), fold=fold)
                moments += [moment, pendulum.instance(moment)]
    moments.sort(key=lambda m: (m.minute, m.hour, m.second))  # neighbours in the memo's key
    for write in (formatting.when, formatting.short_day, formatting.padded_day_year_time):
        fresh = write.__wrapped__  # type: ignore[attr-defined]
        for moment in moments:
            assert write(moment) == fresh(moment) == FORMATS[write](moment), (write, moment)
