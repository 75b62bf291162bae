"""A working window found by its days against the one worked out.

`TimingPlan._working` answers an anchor from the window of another anchor of the same
zone and days (`_by_day`): each window must be the one a plan that remembers nothing works out,
for anchors every 47 minutes over days with clock changes, holidays and weekends, in several
recipient and anchor zones, with and without `late_after` and a pending decision date."""

from __future__ import annotations

import datetime as dt

import pytest

from followup.dates import action_windows
from followup.dates.action_windows import ActionWindow, TimingPlan
from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import parse_duration
from followup.dates.windows import SendWindow
from followup.dates.zones import zone_named

PLANS = (  # not_before, due_by, late_after: as the built-in policies' working windows
    ("1w", "10d", None),
    ("0h", "2d", None),
    ("3mo", "4mo", None),
    ("2w", "2w 2d", "3w"),
    ("2 business days", "3 business days", None),
    ("0h", "1 business day", "2 business days"),
)


def _plan(timing: tuple[str, str, str | None], calendar: BusinessCalendar) -> TimingPlan:
    nb, due, late = timing
    return TimingPlan(
        parse_duration(nb),
        parse_duration(due),
        parse_duration(late) if late else None,
        parse_duration("2w"),
        SendWindow(dt.time(9), dt.time(17)),
        calendar,
        calendar,
    )


def _as_compared(moment: dt.datetime) -> tuple[object, ...]:
    """A moment with what equality leaves out: its type, zone object, fold and offset."""
    return (moment, type(moment), moment.tzinfo, moment.fold, moment.isoformat())


def _compared(window: ActionWindow) -> tuple[object, ...]:
    moments = (window.opens, window.due, window.late, window.lapses)
    return (*(None if m is None else _as_compared(m) for m in moments), window.notes)


@pytest.mark.parametrize("timing", PLANS)
def test_a_window_by_its_days_is_the_one_worked_out(
    timing: tuple[str, str, str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar = BusinessCalendar(
        extra_holidays=frozenset({dt.date(2026, 4, 3), dt.date(2026, 3, 31)})
    )
    plan = _plan(timing, calendar)
    worked_out: list[int] = []  # `_in_own_zone` is asked only for a window worked out
    told = action_windows._in_own_zone
    monkeypatch.setattr(action_windows, "_in_own_zone", lambda *a: worked_out.append(1) or told(*a))
    asked = 0
    for anchor_zone in ("Europe/London", "America/New_York"):
        own = zone_named(anchor_zone)
        for start in (dt.datetime(2026, 3, 26), dt.datetime(2026, 10, 30)):
            for minutes in range(0, 5 * 24 * 60, 47):
                anchor = (start + dt.timedelta(minutes=minutes)).replace(tzinfo=own)
                for zone in ("Europe/London", "Asia/Tokyo"):
                    for guard in (None, anchor + dt.timedelta(days=9)):
                        found = plan._work_out(anchor, zone, guard)
                        asked += 1
                        fresh = _plan(timing, calendar)._work_out(anchor, zone, guard)
                        assert _compared(found) == _compared(fresh), (anchor, zone, guard)
    answered = 2 * asked - len(worked_out)  # the fresh plans work out every one
    assert answered > 100, answered  # anchors answered by their days (0h: the early ones)
