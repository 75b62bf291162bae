"""Conversions by the zones' own C methods against `astimezone` through UTC.

`zones.in_zone`, `zones.days_later` and `Duration.add_to`'s quick ways convert a plain
`datetime` in a pendulum zone by calling the zone's `utcoffset` and `fromutc` directly (what
`astimezone` calls by name, at about three times the cost). Each must give what
`astimezone(UTC).astimezone(zone)` gives: the same instant, reading, fold, type and zone object,
for moments around every kind of clock change (both folds, readings in a skipped hour), to the
same zone and to others, and for pendulum DateTimes, fixed offsets and `zoneinfo` zones (which
take the general way).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.dates.durations import parse_duration
from followup.dates.zones import days_later, in_zone, zone_named

ZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute shift
    "Antarctica/Troll",  # a 2-hour shift
    "Europe/Dublin",  # a negative DST in the tz database
    "America/Sao_Paulo",  # changes at midnight (until 2019)
    "Pacific/Apia",  # skipped 30 December 2011 whole
    "Asia/Kolkata",  # no transitions
    "UTC",
)
_UTC = dt.UTC
_CHANGES = (
    dt.date(2026, 3, 8),
    dt.date(2026, 3, 29),
    dt.date(2026, 4, 5),
    dt.date(2026, 10, 4),
    dt.date(2026, 10, 25),
    dt.date(2026, 11, 1),
    dt.date(2018, 11, 4),
    dt.date(2019, 2, 16),
    dt.date(2011, 12, 29),
)


def _as_compared(moment: dt.datetime) -> tuple[object, ...]:
    """A moment with what equality leaves out: its type, zone object, fold and offset."""
    return (moment, type(moment), moment.tzinfo, moment.fold, moment.isoformat())


def _by_astimezone(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    if type(moment) is not dt.datetime:
        moment = dt.datetime.combine(moment, moment.timetz())
    return moment.astimezone(_UTC).astimezone(zone)


def _moments() -> list[dt.datetime]:
    """Readings every 37 minutes over two days around clock changes, both folds, in each zone
    (those in a skipped hour included, as a wall time tagged with its zone is)."""
    found: list[dt.datetime] = []
    for name in ZONES:
        zone = zone_named(name)
        for day in _CHANGES:
            start = dt.datetime.combine(day - dt.timedelta(days=1), dt.time())
            for minutes in range(0, 2 * 24 * 60, 37):
                wall = start + dt.timedelta(minutes=minutes)
                for fold in (0, 1):
                    found.append(wall.replace(tzinfo=zone, fold=fold))
    return found


def test_in_zone_is_astimezone_through_utc() -> None:
    targets = [zone_named(name) for name in ZONES]
    compared = 0
    for moment in _moments():
        for zone in targets:
            assert _as_compared(in_zone(moment, zone)) == _as_compared(
                _by_astimezone(moment, zone)
            ), (moment, zone)
            compared += 1
    assert compared > 100_000


def test_in_zone_of_other_kinds_of_moment_and_zone() -> None:
    london = zone_named("Europe/London")
    others: list[dt.tzinfo] = [
        london,
        pendulum.FixedTimezone(3600),
        zoneinfo.ZoneInfo("Europe/Paris"),
        _UTC,
    ]
    for moment in _moments()[:3000]:
        kinds = [
            moment,
            pendulum.instance(moment),
            moment.replace(tzinfo=pendulum.FixedTimezone(-5400)),
            moment.replace(tzinfo=zoneinfo.ZoneInfo("America/New_York")),
            moment.astimezone(_UTC),
        ]
        for kind in kinds:
            for zone in others:
                found = in_zone(kind, zone)  # type: ignore[arg-type]
                assert _as_compared(found) == _as_compared(_by_astimezone(kind, zone))


def test_days_later_is_astimezone_through_utc() -> None:
    for days in (1, 2, 7, 30):
        step = dt.timedelta(days=days)
        for moment in _moments()[::3]:
            expected = (moment + step).astimezone(_UTC).astimezone(moment.tzinfo)
            assert _as_compared(days_later(moment, step)) == _as_compared(expected)


def test_quick_additions_are_astimezone_through_utc() -> None:
    """The quick ways of `add_to` against the expressions they replaced (not `_general_add`,
    which now goes through `days_later`, the same quick conversion)."""
    for text in ("1h", "2h", "24h", "49h", "1d", "3d", "1w", "1w 2d", "10d"):
        duration = parse_duration(text)
        hours, days = dt.timedelta(hours=duration.hours), dt.timedelta(days=7 * duration.weeks)
        days += dt.timedelta(days=duration.days)
        for moment in _moments()[::3]:  # both folds
            zone = moment.tzinfo
            if duration.hours:
                expected = (moment.astimezone(_UTC) + hours).astimezone(zone)
            else:
                expected = (moment + days).astimezone(_UTC).astimezone(zone)
            assert _as_compared(duration.add_to(moment)) == _as_compared(expected), (
                text,
                moment,
            )


@settings(max_examples=400, deadline=None)
@given(
    wall=st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    fold=st.sampled_from((0, 1)),
    own=st.sampled_from(ZONES),
    to=st.sampled_from(ZONES),
    hours=st.integers(0, 2000),
    days=st.integers(0, 400),
)
def test_random_conversions(
    wall: dt.datetime, fold: int, own: str, to: str, hours: int, days: int
) -> None:
    moment = wall.replace(tzinfo=zone_named(own), fold=fold)
    zone = zone_named(to)
    assert _as_compared(in_zone(moment, zone)) == _as_compared(_by_astimezone(moment, zone))
    step = dt.timedelta(days=days)
    expected = (moment + step).astimezone(_UTC).astimezone(moment.tzinfo)
    assert _as_compared(days_later(moment, step)) == _as_compared(expected)
    if not hours and not days:  # a duration of nothing gives the moment itself
        return
    duration = parse_duration(f"{hours}h") if hours else parse_duration(f"{days}d")
    if hours:
        expected = (moment.astimezone(_UTC) + dt.timedelta(hours=hours)).astimezone(moment.tzinfo)
    assert _as_compared(duration.add_to(moment)) == _as_compared(expected)
