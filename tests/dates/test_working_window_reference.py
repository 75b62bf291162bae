"""Working windows against the way they were worked out before round 16.

`TimingPlan._working` reads the dates of moments `add_to` gives in the recipient's zone as they
are, and compares moments of one zone by their readings unless one is the second of a repeated
hour (`_not_after`), where it converted each to UTC before. `_reference` below is that code as
it was (every moment converted, `max(..., key=utc)`, the close of a working day through
`in_zone`), remembering nothing. Every window a plan gives (remembering windows and windows by
their days, as in a plan) must be the reference's: anchors every 47 minutes across clock changes
(both readings of a repeated hour and readings in a skipped one), holidays and weekends, several
anchor and recipient zones, send windows that open inside a repeated hour, with and without
`late_after` and a pending decision date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from followup.dates import action_windows as aw
from followup.dates.action_windows import ActionWindow, TimingPlan
from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import parse_duration
from followup.dates.formatting import short_day
from followup.dates.windows import SendWindow
from followup.dates.zones import as_date, at_wall, in_zone, utc, zone_named, zone_of


def _end_of_working_day(
    moment: dt.datetime, window: SendWindow, calendar: BusinessCalendar, zone: aw.Zone
) -> dt.datetime:
    day = aw._first_allowed_day(as_date(in_zone(moment, zone)), window, calendar)
    return at_wall(day, window.latest, zone)


def _reference(
    plan: TimingPlan, anchor: dt.datetime, zone_name: str, guard: dt.datetime | None
) -> ActionWindow:
    """`_work_out` of a working window as it was, without `_by_day`."""
    window = plan.window
    assert window is not None
    lapses = plan.lapse_after.add_to(anchor, plan.lapse_calendar) if plan.lapse_after else None
    own = zone_of(anchor)
    zone = zone_named(zone_name)
    local_anchor = in_zone(anchor, zone)
    calendar = plan.calendar
    raw_open = plan.not_before.add_to(local_anchor, calendar)
    raw_due = plan.due_by.add_to(local_anchor, calendar)
    raw_late = None if plan.late_after is None else plan.late_after.add_to(local_anchor, calendar)
    day = as_date(raw_open)
    start = at_wall(day, window.earliest, zone)
    notes: list[str] = []
    starts = window.day_block(day, calendar) is None and utc(start) >= utc(local_anchor)
    opens = start if starts else aw._open_from(raw_open, window, calendar, zone)
    if guard is not None and utc(opens) <= utc(guard):
        opens = aw._open_from(guard, window, calendar, zone)
        notes.append(
            "opens only after the decision date they gave "
            f"({short_day(in_zone(guard, zone))}): "
            "no chase before it (G21)"
        )
    due = _end_of_working_day(raw_due, window, calendar, zone)
    opening_day_end = at_wall(as_date(opens), window.latest, zone)
    due = max(due, opening_day_end, key=utc)
    late = None
    if raw_late is not None:
        late = max(_end_of_working_day(raw_late, window, calendar, zone), due, key=utc)
    becomes = f" becomes {short_day(opens)} -> {short_day(due)}" + plan._skipped_note(
        day, as_date(due)
    )
    notes.insert(
        0,
        f"{plan._hours} in {zone.name}: {short_day(raw_open)} -> {short_day(raw_due)}{becomes}",
    )
    return aw._in_own_zone(own, opens, due, late, lapses, notes)


TIMINGS = (  # not_before, due_by, late_after
    ("1w", "10d", None),
    ("0h", "2d", None),
    ("0h", "5h", "20h"),
    ("3mo", "4mo", None),
    ("2w", "2w 2d", "3w"),
    ("2 business days", "3 business days", None),
    ("0h", "1 business day", "2 business days"),
    ("1d", "1d", "1d"),
)
HOURS = (
    SendWindow(dt.time(9), dt.time(17)),
    # opens inside the hour the clocks go back over (on a Sunday in 2026: weekends allowed)
    SendWindow(dt.time(1, 30), dt.time(17), weekends=True),
    SendWindow(dt.time(0, 30), dt.time(2, 30), weekends=True),  # and into a skipped hour
)


def _as_compared(moment: dt.datetime | None) -> tuple[object, ...] | None:
    if moment is None:
        return None
    return (moment, type(moment), moment.tzinfo, moment.fold, moment.isoformat())


def _compared(window: ActionWindow) -> tuple[object, ...]:
    moments = (window.opens, window.due, window.late, window.lapses)
    return (*(_as_compared(m) for m in moments), window.notes)


def _anchors(zone_name: str) -> list[dt.datetime]:
    """Every 47 minutes over four days around each 2026 clock change of London and New York,
    the second reading of a repeated hour as well."""
    zone = zone_named(zone_name)
    found = []
    for start in (
        dt.datetime(2026, 3, 6),
        dt.datetime(2026, 3, 27),
        dt.datetime(2026, 10, 23),
        dt.datetime(2026, 10, 30),
        dt.datetime(2026, 12, 22),
    ):
        for minutes in range(0, 4 * 24 * 60, 47):
            wall = start + dt.timedelta(minutes=minutes)
            found.append(wall.replace(tzinfo=zone))
            second = wall.replace(tzinfo=zone, fold=1)
            if utc(second) != utc(found[-1]):
                found.append(second)
    return found


@pytest.mark.parametrize("timing", TIMINGS)
@pytest.mark.parametrize("hours", HOURS)
def test_working_windows_are_the_reference(
    timing: tuple[str, str, str | None], hours: SendWindow
) -> None:
    calendar = BusinessCalendar(
        country="GB",
        subdivision="ENG",
        extra_holidays=frozenset({dt.date(2026, 3, 31), dt.date(2026, 10, 28)}),
    )
    nb, due, late = timing
    plan = TimingPlan(
        parse_duration(nb),
        parse_duration(due),
        parse_duration(late) if late else None,
        parse_duration("2w"),
        hours,
        calendar,
        calendar,
    )
    compared = 0
    for anchor_zone in ("Europe/London", "America/New_York"):
        for anchor in _anchors(anchor_zone):
            for zone in ("Europe/London", "America/New_York", "Australia/Lord_Howe"):
                for guard in (None, anchor + dt.timedelta(days=3, minutes=13)):
                    found = plan.window_from(anchor, zone, guard)
                    expected = _reference(plan, anchor, zone, guard)
                    assert _compared(found) == _compared(expected), (anchor, zone, guard)
                    compared += 1
    assert compared > 5000
    assert plan._by_day  # windows were found by their days too
