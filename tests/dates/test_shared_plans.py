"""Timing plans shared across calendars that no window of theirs reads.

`shared_plan` keys a plan by its calendars only where a window reads them (a working window or
a duration in business days for the recipient's, a lapse in business days for the policy's), so
rules in calendar time under different policies and recipients' calendars share one plan and
the windows it remembers. Every window of a shared plan must be the one a plan made with the
asked calendars works out, anchors every 47 minutes over days with clock changes, holidays and
weekends, with and without a pending decision date, for timings with and without business days,
in calendar time and in working hours.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from followup.dates import action_windows
from followup.dates.action_windows import ActionWindow, TimingPlan, shared_plan
from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import parse_duration
from followup.dates.windows import SendWindow
from followup.dates.zones import zone_named

CALENDARS = (
    BusinessCalendar(),
    BusinessCalendar(country="GB", subdivision="ENG"),
    BusinessCalendar(extra_holidays=frozenset({dt.date(2026, 3, 30), dt.date(2026, 10, 27)})),
    BusinessCalendar(weekend=frozenset({4, 5})),
    BusinessCalendar(country="US"),
)
TIMINGS = (  # not_before, due_by, late_after, lapse_after
    ("0h", "24h", "3d", "1w"),
    ("0h", "2h", None, None),
    ("1mo", "1mo 1w", None, None),
    ("1w", "10d", None, "2w"),
    ("0h", "2 business days", None, None),
    ("2 business days", "3 business days", None, "1w"),
    ("0h", "1d", "3 business days", None),
    ("0h", "24h", None, "5 business days"),
    ("1w", "2w", None, "3 business days"),
)


def _plan(
    timing: tuple[str, str, str | None, str | None],
    window: SendWindow | None,
    calendar: BusinessCalendar,
    lapse_calendar: BusinessCalendar,
) -> TimingPlan:
    nb, due, late, lapse = timing
    return TimingPlan(
        parse_duration(nb),
        parse_duration(due),
        parse_duration(late) if late else None,
        parse_duration(lapse) if lapse else None,
        window,
        calendar,
        lapse_calendar,
    )


def _as_compared(moment: dt.datetime | None) -> tuple[object, ...] | None:
    if moment is None:
        return None
    return (moment, type(moment), moment.tzinfo, moment.fold, moment.isoformat())


def _compared(window: ActionWindow) -> tuple[object, ...]:
    moments = (window.opens, window.due, window.late, window.lapses)
    return (*(_as_compared(m) for m in moments), window.notes)


def _anchors() -> list[dt.datetime]:
    london = zone_named("Europe/London")
    found = []
    for start in (dt.datetime(2026, 3, 26), dt.datetime(2026, 10, 23), dt.datetime(2026, 12, 22)):
        for minutes in range(0, 6 * 24 * 60, 47):
            found.append((start + dt.timedelta(minutes=minutes)).replace(tzinfo=london))
    return found


@pytest.mark.parametrize("timing", TIMINGS)
@pytest.mark.parametrize("working", (False, True))
def test_a_shared_plan_gives_the_windows_of_its_own_calendars(
    timing: tuple[str, str, str | None, str | None], working: bool
) -> None:
    window = SendWindow(dt.time(9), dt.time(17)) if working else None
    anchors = _anchors()
    for calendar, lapse_calendar in itertools.product(CALENDARS, CALENDARS[:3]):
        plan = shared_plan(_plan(timing, window, calendar, lapse_calendar))
        for anchor in anchors[:: 3 if working else 1]:
            for guard in (None, anchor + dt.timedelta(days=2, hours=5)):
                found = plan.window_from(anchor, "Europe/London", guard)
                own = _plan(timing, window, calendar, lapse_calendar)._work_out(
                    anchor, "Europe/London", guard
                )
                assert _compared(found) == _compared(own), (timing, calendar, anchor, guard)


def test_calendars_a_window_does_not_read_share_a_plan() -> None:
    """A plan in calendar time without business days is shared by every pair of calendars; one
    whose windows read a calendar is not shared across that calendar."""
    shared = {
        id(shared_plan(_plan(TIMINGS[0], None, calendar, lapse)))
        for calendar, lapse in itertools.product(CALENDARS, CALENDARS)
    }
    assert len(shared) == 1
    by_recipient = {
        id(shared_plan(_plan(TIMINGS[4], None, calendar, CALENDARS[0]))) for calendar in CALENDARS
    }
    assert len(by_recipient) == len(CALENDARS)
    by_policy = {
        id(shared_plan(_plan(TIMINGS[7], None, CALENDARS[0], lapse))) for lapse in CALENDARS
    }
    assert len(by_policy) == len(CALENDARS)
    working = SendWindow(dt.time(9), dt.time(17))
    by_hours = {
        id(shared_plan(_plan(TIMINGS[0], working, calendar, CALENDARS[0])))
        for calendar in CALENDARS
    }
    assert len(by_hours) == len(CALENDARS)
    assert action_windows._SHARED  # the plans are remembered
