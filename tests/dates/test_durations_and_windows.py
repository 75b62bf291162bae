"""Tests for followup.dates: durations, business days and send windows.

Every instant is built explicitly; nothing reads the wall clock or the network.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from followup.dates.calendars import POLICY_HOLIDAY, BusinessCalendar, add_business_days
from followup.dates.durations import Duration, parse_duration
from followup.dates.windows import SendWindow, first_inside
from followup.dates.zones import in_zone, zone_name, zone_named, zone_of

LONDON = "Europe/London"
NEW_YORK = "America/New_York"
GB = BusinessCalendar(country="GB", subdivision="ENG")
PLAIN = BusinessCalendar()
OFFICE = SendWindow()


def at(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    *,
    tz: str = LONDON,
    fold: int = 0,
) -> pendulum.DateTime:
    """A moment given by its local wall-clock reading (fold=1: second of a repeated time)."""
    return pendulum.datetime(year, month, day, hour, minute, second, tz=tz, fold=fold)


def utc(moment: pendulum.DateTime) -> dt.datetime:
    """Compare instants in UTC: same-zone comparison ignores fold in a repeated hour."""
    return moment.astimezone(dt.UTC)


def hours_between(a: pendulum.DateTime, b: pendulum.DateTime) -> float:
    return (b - a).total_seconds() / 3600


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "fields", "normalized"),
    [
        ("24h", {"hours": 24}, "24h"),
        ("1 hour", {"hours": 1}, "1h"),
        ("36 hours", {"hours": 36}, "36h"),
        ("2d", {"days": 2}, "2d"),
        ("1 day", {"days": 1}, "1d"),
        ("2 Days", {"days": 2}, "2d"),
        ("3w", {"weeks": 3}, "3w"),
        ("1 week", {"weeks": 1}, "1w"),
        ("1mo", {"months": 1}, "1mo"),
        ("2 MONTHS", {"months": 2}, "2mo"),
        ("3 business days", {"business_days": 3}, "3 business days"),
        ("1 business day", {"business_days": 1}, "1 business day"),
        ("3bd", {"business_days": 3}, "3 business days"),
        ("3 BD", {"business_days": 3}, "3 business days"),
        ("3  business   days", {"business_days": 3}, "3 business days"),
        ("1w 2d", {"weeks": 1, "days": 2}, "1w 2d"),
        ("1w2d", {"weeks": 1, "days": 2}, "1w 2d"),
        ("  2d   1w  ", {"weeks": 1, "days": 2}, "1w 2d"),
        (
            "1mo 1w 2d 3bd 4h",
            {"months": 1, "weeks": 1, "days": 2, "business_days": 3, "hours": 4},
            "1mo 1w 2d 3 business days 4h",
        ),
        ("0h", {}, "0h"),
        ("0d", {}, "0h"),
    ],
)
def test_parse_duration(text: str, fields: dict[str, int], normalized: str) -> None:
    duration = parse_duration(text)
    assert duration == Duration(**fields)  # type: ignore[arg-type]
    assert str(duration) == normalized
    assert duration.text == text.strip()
    assert parse_duration(str(duration)) == duration  # the normalized text parses back


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2x", "'2x' is not a duration; "),
        ("", "'' is not a duration; "),
        ("   ", "'' is not a duration; "),
        ("d", "'d' is not a duration; "),
        ("3", "a bare number is ambiguous"),
        (" 12 ", "a bare number is ambiguous"),
        ("-2d", "cannot be negative"),
        ("1w -2d", "cannot be negative"),
        ("1.5d", "use whole numbers"),
        ("2d 3d", "days given twice"),
        ("2 days 1d", "days given twice"),
        ("5m", "'5m' is not a duration"),
        ("2 hrs", "is not a duration"),
        ("2 days and 3 hours", "is not a duration"),
        ("2dd", "is not a duration"),
        ("2 weekdays", "is not a duration"),
        ("100000d", "too large"),
    ],
)
def test_parse_duration_rejects(text: str, why: str) -> None:
    with pytest.raises(
        ValueError, match="write it like 24h, 2d, 3w, 1mo or 3 business days"
    ) as err:
        parse_duration(text)
    assert why in str(err.value)


def test_parse_duration_rejects_a_number_that_is_not_text() -> None:
    with pytest.raises(ValueError, match="add a unit"):
        parse_duration(24)  # type: ignore[arg-type]  # what YAML gives for `after: 24`


def test_duration_equality_ignores_the_spelling() -> None:
    assert parse_duration("2d") == parse_duration("2 days")
    assert hash(parse_duration("3bd")) == hash(parse_duration("3 business days"))
    assert Duration(days=2).text == "2d"  # built directly: text is the normalized one


@pytest.mark.parametrize("fields", [{"days": -1}, {"hours": 1.5}, {"weeks": True}])
def test_duration_rejects_bad_amounts(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="whole number"):
        Duration(**fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- adding durations


@pytest.mark.parametrize(
    ("start", "text", "expected", "elapsed_hours"),
    [
        # London springs forward on Sunday 29 March 2026 (01:00 GMT -> 02:00 BST).
        (at(2026, 3, 28, 10), "24h", at(2026, 3, 29, 11), 24),
        (at(2026, 3, 28, 10), "1d", at(2026, 3, 29, 10), 23),
        (at(2026, 3, 28, 10), "1 day", at(2026, 3, 29, 10), 23),
        # London falls back on Sunday 25 October 2026 (02:00 BST -> 01:00 GMT).
        (at(2026, 10, 24, 10), "24h", at(2026, 10, 25, 9), 24),
        (at(2026, 10, 24, 10), "1d", at(2026, 10, 25, 10), 25),
        (at(2026, 10, 20, 10), "1w", at(2026, 10, 27, 10), 7 * 24 + 1),
        (at(2026, 3, 1, 10), "1mo", at(2026, 4, 1, 10), 31 * 24 - 1),
        # Months clamp to the end of the month.
        (at(2026, 1, 31, 10), "1mo", at(2026, 2, 28, 10), 28 * 24),
        # Units apply months, weeks, days, business days, then hours.
        (at(2026, 1, 30, 10), "1d 1mo", at(2026, 3, 1, 10), 30 * 24),  # not 28 Feb
        (at(2026, 6, 12, 10), "24h 1bd", at(2026, 6, 16, 10), 4 * 24),  # Fri -> Mon -> Tue
        (at(2026, 6, 12, 10), "1w 2d", at(2026, 6, 21, 10), 9 * 24),
        (at(2026, 6, 12, 10), "0h", at(2026, 6, 12, 10), 0),
    ],
)
def test_add_duration(
    start: pendulum.DateTime, text: str, expected: pendulum.DateTime, elapsed_hours: float
) -> None:
    result = parse_duration(text).add_to(start, GB)
    assert result == expected
    assert zone_name(result) == LONDON
    assert hours_between(start, result) == elapsed_hours


def test_calendar_units_keep_wall_time_through_dst_gaps_and_repeats() -> None:
    # New York: 2026-03-08 02:00 -> 03:00 (02:30 does not exist); 2026-11-01 01:xx twice.
    into_gap = parse_duration("1d").add_to(at(2026, 3, 7, 2, 30, tz=NEW_YORK))
    assert (into_gap.hour, into_gap.minute) == (3, 30)  # moved on by the length of the gap
    assert into_gap.utcoffset() == dt.timedelta(hours=-4)
    into_repeat = parse_duration("1d").add_to(at(2026, 10, 31, 1, 30, tz=NEW_YORK))
    assert (into_repeat.hour, into_repeat.minute) == (1, 30)
    assert into_repeat.utcoffset() == dt.timedelta(hours=-4)  # first occurrence (EDT)


def test_business_days_default_to_weekends_only() -> None:
    # Without a calendar Christmas is a working day.
    assert parse_duration("1bd").add_to(at(2026, 12, 24, 10)) == at(2026, 12, 25, 10)
    assert parse_duration("1bd").add_to(at(2026, 12, 24, 10), GB) == at(2026, 12, 29, 10)


# --------------------------------------------------------------------------- business days


def test_gb_holiday_data_is_what_the_tests_assume() -> None:
    """The holidays package decides; these are its answers for England, Christmas 2026."""
    assert GB.holiday_name(dt.date(2026, 12, 25)) == "Christmas Day"  # Friday
    assert GB.holiday_name(dt.date(2026, 12, 26)) == "Boxing Day"  # Saturday
    assert GB.holiday_name(dt.date(2026, 12, 27)) is None  # Sunday
    assert GB.holiday_name(dt.date(2026, 12, 28)) == "Boxing Day (observed)"  # Monday
    assert GB.holiday_name(dt.date(2026, 12, 29)) is None
    assert GB.holiday_name(at(2026, 12, 25, 23)) == "Christmas Day"  # a datetime works too


@pytest.mark.parametrize(
    ("calendar", "start", "days", "expected"),
    [
        (GB, at(2026, 6, 12, 10), 0, at(2026, 6, 12, 10)),
        (GB, at(2026, 6, 13, 10), 0, at(2026, 6, 13, 10)),  # 0 never moves, even on Saturday
        (GB, at(2026, 6, 10, 10), 1, at(2026, 6, 11, 10)),
        (GB, at(2026, 6, 12, 10), 1, at(2026, 6, 15, 10)),  # over the weekend
        (GB, at(2026, 6, 12, 17, 45), 3, at(2026, 6, 17, 17, 45)),
        (GB, at(2026, 6, 13, 10), 1, at(2026, 6, 15, 10)),  # from a Saturday
        (GB, at(2026, 6, 14, 10), 1, at(2026, 6, 15, 10)),  # from a Sunday
        (GB, at(2026, 12, 24, 10), 1, at(2026, 12, 29, 10)),  # Christmas, weekend, observed
        (GB, at(2026, 12, 23, 10), 2, at(2026, 12, 29, 10)),
        (GB, at(2026, 12, 24, 10), 3, at(2026, 12, 31, 10)),
        (GB, at(2026, 12, 31, 10), 1, at(2027, 1, 4, 10)),  # New Year's Day, weekend
        (GB, at(2026, 4, 2, 9), 1, at(2026, 4, 7, 9)),  # Good Friday, Easter Monday
        (GB, at(2026, 3, 27, 10), 1, at(2026, 3, 30, 10)),  # over the spring-forward night
        (PLAIN, at(2026, 12, 24, 10), 1, at(2026, 12, 25, 10)),
        (
            BusinessCalendar(extra_holidays=frozenset({dt.date(2026, 6, 15)})),
            at(2026, 6, 12, 10),
            1,
            at(2026, 6, 16, 10),
        ),
        (BusinessCalendar(weekend=frozenset({4, 5})), at(2026, 6, 11, 10), 1, at(2026, 6, 14, 10)),
        (
            BusinessCalendar(country="US", subdivision="CA"),
            at(2026, 11, 25, 10, tz=NEW_YORK),
            1,
            at(2026, 11, 30, 10, tz=NEW_YORK),  # Thanksgiving and the day after (California)
        ),
    ],
)
def test_add_business_days(
    calendar: BusinessCalendar,
    start: pendulum.DateTime,
    days: int,
    expected: pendulum.DateTime,
) -> None:
    result = add_business_days(start, days, calendar)
    assert result == expected
    assert (result.hour, result.minute) == (start.hour, start.minute)
    assert zone_name(result) == zone_name(start)


def test_add_business_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_business_days(at(2026, 6, 12, 10), -1, GB)


# --------------------------------------------------------------------------- calendars


def test_calendar_names_and_days() -> None:
    calendar = BusinessCalendar("GB", "ENG", extra_holidays=frozenset({dt.date(2026, 7, 1)}))
    assert calendar.holiday_name(dt.date(2026, 7, 1)) == POLICY_HOLIDAY
    assert not calendar.is_business_day(dt.date(2026, 7, 1))
    assert calendar.is_business_day(dt.date(2026, 7, 2))
    assert not calendar.is_business_day(dt.date(2026, 7, 4))  # Saturday
    assert calendar.is_weekend(dt.date(2026, 7, 4))
    assert not calendar.is_holiday(dt.date(2026, 7, 4))


def test_calendar_accepts_plain_sets_and_stays_hashable() -> None:
    calendar = BusinessCalendar(
        extra_holidays={dt.date(2026, 7, 1)},  # type: ignore[arg-type]
        weekend=[5, 6],  # type: ignore[arg-type]
    )
    assert calendar == BusinessCalendar(extra_holidays=frozenset({dt.date(2026, 7, 1)}))
    assert len({calendar, BusinessCalendar(extra_holidays=frozenset({dt.date(2026, 7, 1)}))}) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"country": "XX"}, "'XX' is not a country with holiday data"),
        ({"country": "gb"}, "is not a country with holiday data"),
        ({"country": "GB", "subdivision": "ZZZ"}, "known: ENG, NIR, SCT, WLS"),
        ({"subdivision": "ENG"}, "needs a country"),
        ({"weekend": frozenset({7})}, "0 \\(Monday\\) to 6 \\(Sunday\\)"),
        ({"weekend": frozenset(range(7))}, "no business days"),
    ],
)
def test_calendar_rejects_bad_settings(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("earliest", "latest"),
    [(dt.time(18), dt.time(8)), (dt.time(9), dt.time(9)), (dt.time(22), dt.time(2))],
)
def test_send_window_must_open_before_it_closes(earliest: dt.time, latest: dt.time) -> None:
    with pytest.raises(ValueError, match="must open before it closes"):
        SendWindow(earliest, latest)


# --------------------------------------------------------------------------- send windows

WEEKENDS_OK = SendWindow(weekends=True)
HOLIDAYS_OK = SendWindow(holidays=True)
ANY_DAY = SendWindow(weekends=True, holidays=True)


def shift(
    moment: pendulum.DateTime,
    window: SendWindow,
    calendar: BusinessCalendar,
    recipient_tz: str | None = None,
) -> dt.datetime:
    """`first_inside` as a working window asks it: `moment` judged in the recipient's zone (else
    its own), the answer in the moment's zone."""
    zone = zone_named(recipient_tz) if recipient_tz else zone_of(moment)
    return in_zone(first_inside(in_zone(moment, zone), window, calendar, zone), zone_of(moment))


@pytest.mark.parametrize(
    ("moment", "window", "recipient_tz", "expected"),
    [
        # Inside the window: unchanged. Both ends are inside.
        (at(2026, 6, 16, 10), OFFICE, None, at(2026, 6, 16, 10)),
        (at(2026, 6, 16, 8), OFFICE, None, at(2026, 6, 16, 8)),
        (at(2026, 6, 16, 18), OFFICE, None, at(2026, 6, 16, 18)),
        # Weekend -> Monday morning.
        (at(2026, 6, 13, 10), OFFICE, None, at(2026, 6, 15, 8)),
        (at(2026, 6, 14, 23, 59), OFFICE, None, at(2026, 6, 15, 8)),
        # After hours -> next morning.
        (at(2026, 6, 16, 19, 30), OFFICE, None, at(2026, 6, 17, 8)),
        (at(2026, 6, 16, 18, 0, 1), OFFICE, None, at(2026, 6, 17, 8)),
        # Before hours -> same morning.
        (at(2026, 6, 15, 6), OFFICE, None, at(2026, 6, 15, 8)),
        (
            at(2026, 6, 15, 0, 0),
            SendWindow(dt.time(9, 30), dt.time(17)),
            None,
            at(2026, 6, 15, 9, 30),
        ),
        # Friday evening: after hours, then the weekend.
        (at(2026, 6, 12, 19, 30), OFFICE, None, at(2026, 6, 15, 8)),
        # Weekends allowed: Saturday stays; Saturday night goes to Sunday morning.
        (at(2026, 6, 13, 10), WEEKENDS_OK, None, at(2026, 6, 13, 10)),
        (at(2026, 6, 13, 20), WEEKENDS_OK, None, at(2026, 6, 14, 8)),
        # Holidays: Christmas Day, the weekend, Boxing Day (observed) passed over.
        (at(2026, 12, 25, 10), OFFICE, None, at(2026, 12, 29, 8)),
        (at(2026, 12, 24, 18, 30), OFFICE, None, at(2026, 12, 29, 8)),
        (at(2026, 12, 25, 10), WEEKENDS_OK, None, at(2026, 12, 27, 8)),
        (at(2026, 12, 25, 10), HOLIDAYS_OK, None, at(2026, 12, 25, 10)),
        (at(2026, 12, 26, 10), HOLIDAYS_OK, None, at(2026, 12, 28, 8)),
        (at(2026, 12, 26, 10), ANY_DAY, None, at(2026, 12, 26, 10)),
        # Recipient in New York (5 hours behind London in June): judged in their zone,
        # answered in the moment's zone.
        (at(2026, 6, 12, 14), OFFICE, NEW_YORK, at(2026, 6, 12, 14)),
        (at(2026, 6, 12, 19, 30), OFFICE, NEW_YORK, at(2026, 6, 12, 19, 30)),
        (at(2026, 6, 12, 12), OFFICE, NEW_YORK, at(2026, 6, 12, 13)),
        (at(2026, 6, 12, 23, 30), OFFICE, NEW_YORK, at(2026, 6, 15, 13)),
        (at(2026, 6, 13, 10), OFFICE, LONDON, at(2026, 6, 15, 8)),
        # Monday 01:00 in Tokyo is still Sunday in London for a London recipient.
        (
            at(2026, 6, 15, 1, tz="Asia/Tokyo"),
            OFFICE,
            LONDON,
            at(2026, 6, 15, 16, tz="Asia/Tokyo"),
        ),
    ],
)
def test_first_inside_the_send_window(
    moment: pendulum.DateTime,
    window: SendWindow,
    recipient_tz: str | None,
    expected: pendulum.DateTime,
) -> None:
    result = shift(moment, window, GB, recipient_tz)
    assert result == expected
    assert zone_name(result) == zone_name(moment)  # answered in the moment's zone
    assert utc(result) >= utc(moment)


def test_a_closed_stretch_of_two_weeks_is_passed_over() -> None:
    calendar = BusinessCalendar(
        extra_holidays=frozenset(dt.date(2026, 8, day) for day in range(3, 15))
    )
    assert shift(at(2026, 8, 3, 10), OFFICE, calendar) == at(2026, 8, 17, 8)


# --------------------------------------------------------------------------- DST edge cases


def test_window_opening_inside_a_dst_gap_opens_when_the_clocks_jump() -> None:
    # New York, Sunday 2026-03-08: 02:00 EST -> 03:00 EDT, so 02:30 does not exist.
    window = SendWindow(dt.time(2, 30), dt.time(18), weekends=True)
    moment = at(2026, 3, 8, 1, tz=NEW_YORK)
    result = shift(moment, window, PLAIN)
    assert result == pendulum.datetime(2026, 3, 8, 7, tz="UTC")  # 03:00 EDT, the jump
    assert (result.hour, result.minute, result.utcoffset()) == (3, 0, dt.timedelta(hours=-4))
    assert shift(result, window, PLAIN) == result


def test_window_opening_inside_a_dst_gap_for_a_recipient_elsewhere() -> None:
    window = SendWindow(dt.time(2, 30), dt.time(18), weekends=True)
    moment = at(2026, 3, 8, 5, tz=LONDON)  # 00:00 in New York
    result = shift(moment, window, PLAIN, NEW_YORK)
    assert result == at(2026, 3, 8, 7, tz=LONDON)
    assert zone_name(result) == LONDON


@pytest.mark.parametrize(
    ("moment", "expected_offset_hours"),
    [
        (at(2026, 11, 1, 0, 30, tz=NEW_YORK), -4),  # first 01:30 (EDT)
        (at(2026, 11, 1, 1, 10, tz=NEW_YORK, fold=1), -5),  # first one passed: second (EST)
    ],
)
def test_window_opening_at_a_repeated_time(
    moment: pendulum.DateTime, expected_offset_hours: int
) -> None:
    # New York, Sunday 2026-11-01: 02:00 EDT -> 01:00 EST, so 01:30 happens twice.
    window = SendWindow(dt.time(1, 30), dt.time(18), weekends=True)
    result = shift(moment, window, PLAIN)
    assert (result.hour, result.minute) == (1, 30)
    assert result.utcoffset() == dt.timedelta(hours=expected_offset_hours)
    assert utc(result) >= utc(moment)


def test_window_reentered_when_the_clocks_go_back() -> None:
    # New York, 2026-11-01: at 02:00 EDT the clocks go back to 01:00 EST. A window closing
    # at 01:30 is closed at 01:45 EDT and open again from 01:00 EST, 15 minutes later.
    window = SendWindow(dt.time(0, 30), dt.time(1, 30), weekends=True)
    moment = at(2026, 11, 1, 1, 45, tz=NEW_YORK)
    result = shift(moment, window, PLAIN)
    assert utc(result) == dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.UTC)  # 01:00 EST
    assert utc(shift(result, window, PLAIN)) == utc(result)


@pytest.mark.parametrize(
    ("moment", "window"),
    [
        (at(2026, 9, 5, 23, tz="America/Santiago"), SendWindow(dt.time(0, 30), weekends=True)),
        # Saturday is not allowed, so the search starts on Sunday whose midnight is skipped.
        (at(2026, 9, 5, 12, tz="America/Santiago"), SendWindow(dt.time(0, 30), holidays=True)),
    ],
)
def test_window_opening_on_a_day_whose_midnight_is_skipped(
    moment: pendulum.DateTime, window: SendWindow
) -> None:
    # Santiago, Sunday 2026-09-06: clocks jump from 00:00 -04 to 01:00 -03.
    calendar = BusinessCalendar(weekend=frozenset({5}))  # Sunday is a working day here
    result = shift(moment, window, calendar)
    assert utc(result) == dt.datetime(2026, 9, 6, 4, tzinfo=dt.UTC)  # 01:00 -03, the jump
    assert (result.hour, result.minute) == (1, 0)


def test_office_window_across_the_london_dst_weekend() -> None:
    # Saturday before spring-forward -> Monday 08:00 BST; before fall-back -> 08:00 GMT.
    spring = shift(at(2026, 3, 28, 12), OFFICE, GB)
    autumn = shift(at(2026, 10, 24, 12), OFFICE, GB)
    assert spring == pendulum.datetime(2026, 3, 30, 7, tz="UTC")
    assert autumn == pendulum.datetime(2026, 10, 26, 8, tz="UTC")


# --------------------------------------------------------------------------- invariants


def _sweep(start: pendulum.DateTime, days: int, step_minutes: int) -> list[pendulum.DateTime]:
    count = days * 24 * 60 // step_minutes
    return [start.add(minutes=step_minutes * i) for i in range(count)]


SWEEP = (
    _sweep(at(2026, 12, 19), 20, 97)  # Christmas and New Year
    + _sweep(at(2026, 3, 26), 6, 41)  # spring forward
    + _sweep(at(2026, 10, 22), 6, 41)  # fall back
    + _sweep(at(2026, 3, 6, tz=NEW_YORK), 4, 29)  # New York spring forward
    + _sweep(at(2026, 10, 30, tz=NEW_YORK), 4, 29)  # New York fall back
)


@pytest.mark.parametrize(
    ("window", "recipient_tz"),
    [
        (OFFICE, None),
        (OFFICE, NEW_YORK),
        (OFFICE, "Asia/Kolkata"),
        (WEEKENDS_OK, None),
        (SendWindow(dt.time(1, 30), dt.time(2, 45), weekends=True), NEW_YORK),
        (SendWindow(dt.time(0, 30), dt.time(1, 30), holidays=True), None),
    ],
)
def test_first_inside_is_forward_inside_and_first(
    window: SendWindow, recipient_tz: str | None
) -> None:
    zone = zone_named(recipient_tz) if recipient_tz else None
    for moment in SWEEP:
        result = shift(moment, window, GB, recipient_tz)
        assert utc(result) >= utc(moment), moment
        assert zone_name(result) == zone_name(moment)
        assert window.block(in_zone(result, zone or zone_of(moment)), GB) is None, moment
        if utc(result) > utc(moment):  # nothing inside the window was skipped just before it
            just_before = in_zone(utc(result) - dt.timedelta(seconds=1), zone or zone_of(moment))
            assert window.block(just_before, GB) is not None, moment


@pytest.mark.parametrize("text", ["36h", "1w 2d 5h", "1mo 3h", "2 business days 12h", "0h"])
def test_hours_are_elapsed_time_also_in_a_duration_read_back_from_the_cache(text: str) -> None:
    # The hours' timedelta is made once per duration (`Duration._hours`): a duration made again
    # from the built-in policies' cache (its constructor, not the parser) adds the same.
    from followup.dates.zones import utc as instant
    from followup.policy.builtin_cache import _json, _model

    duration = parse_duration(text)
    revived = _model(_json(duration))
    assert revived == duration
    start = at(2026, 10, 24, 10)  # the night London's clocks go back falls inside
    assert revived.add_to(start, GB) == duration.add_to(start, GB)
    without_hours = Duration(
        0, duration.days, duration.weeks, duration.months, duration.business_days
    )
    expected = instant(without_hours.add_to(start, GB)) + dt.timedelta(hours=duration.hours)
    assert instant(duration.add_to(start, GB)) == expected
