"""Quick ways of window arithmetic against the general code.

`Duration.add_to` adds hours alone, or weeks and days alone, to a plain `datetime` in a
pendulum zone without its general way's calls (`_general_add`): the same moment, zone object,
fold and type for every shape of duration, kind of moment and zone, across daylight-saving
changes. `TimingPlan._working` answers an anchor from the window of another anchor of the same
zone and days (`_by_day`): each window must be the one a plan that remembers nothing works out,
for anchors every 47 minutes over days with clock changes, holidays and weekends, in several
recipient and anchor zones, with and without `late_after` and a pending decision date."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
import pytest

from followup.dates import action_windows
from followup.dates.action_windows import ActionWindow, TimingPlan
from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import Duration, parse_duration
from followup.dates.windows import SendWindow
from followup.dates.zones import zone_named

ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo")
DURATIONS = (
    *("0h", "2h", "24h", "3d", "1w", "1w 2d", "2d 3h", "1mo", "2 business days", "10d"),
    *("3mo", "13mo", "1mo 1w", "2mo 3d", "1mo 2h"),
)


def _moments() -> list[dt.datetime]:
    """Moments around the 2026 clock changes (and 2018's midnight change in Sao Paulo) and at the
    end of January, in pendulum's zones, a fixed offset, a `zoneinfo` zone and as pendulum
    DateTimes."""
    found: list[dt.datetime] = []
    days = (dt.date(2026, 3, 7), dt.date(2026, 3, 28), dt.date(2026, 10, 24), dt.date(2018, 11, 3))
    days += (dt.date(2026, 1, 29),)  # months from the 29th-31st: clamped in February
    for name in ZONES:
        zone = zone_named(name)
        for day in days:
            for minutes in range(0, 3 * 24 * 60, 83):
                wall = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
                for fold in (0, 1):
                    found.append(wall.replace(tzinfo=zone, fold=fold))
    found += [m.replace(tzinfo=pendulum.FixedTimezone(3600)) for m in found[:200]]
    found += [m.replace(tzinfo=zoneinfo.ZoneInfo("Europe/Paris")) for m in found[:200]]
    found += [pendulum.instance(m) for m in found[:200]]
    return found


@pytest.mark.parametrize("text", DURATIONS)
def test_add_to_is_the_general_way(text: str) -> None:
    duration = parse_duration(text)
    calendar = BusinessCalendar()
    for moment in _moments():
        quick = duration.add_to(moment, calendar)
        general = duration._general_add(moment, calendar)
        assert _as_compared(quick) == _as_compared(general), (text, moment)
        assert quick.tzinfo is general.tzinfo


def test_a_duration_of_nothing_gives_the_moment_itself() -> None:
    moment = dt.datetime(2026, 3, 29, 1, 30, tzinfo=zone_named("Europe/London"))
    assert Duration().add_to(moment) is moment


def test_a_window_made_without_its_new_is_the_named_tuple() -> None:
    at = dt.datetime(2026, 3, 29, 1, 30, tzinfo=zone_named("Europe/London"))
    fields = (at, at, None, at, ("a note",))
    made = action_windows._window(ActionWindow, fields)
    assert type(made) is ActionWindow
    assert made == ActionWindow(*fields) and made.notes == ("a note",) and made.late is None


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
