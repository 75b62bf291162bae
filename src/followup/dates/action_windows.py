"""An action's window from its rule's timing: `not_before`, `due_by`, `late_after` and
`lapse_after` added to an anchor, kept to whole working days and hours in the recipient's zone
when the policy has a send window and the rule follows it, and held back by a decision date
still pending.

A `TimingPlan` is made once per timing (durations), send window and calendars, and remembers
the windows it has worked out per anchor, zone and decision date: actions of many applications
and rules share them (an interview's thank-you and follow-ups, a decision date's check-in), and
the policy's durations, window and calendars are then not hashed again for every action.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import Duration
from followup.dates.formatting import hh_mm, padded_day, padded_day_time, short_day
from followup.dates.windows import MAX_SEARCH_DAYS, NO_WEEKENDS, SendWindow, first_inside
from followup.dates.zones import (
    Zone,
    as_date,
    as_pendulum,
    at_wall,
    in_zone,
    plain,
    utc,
    wall_time,
    zone_named,
    zone_of,
)

_DAY: Final = dt.timedelta(days=1)


class ActionWindow(NamedTuple):
    """When an action may be done: it opens at `opens`, is due by `due`, late after `late` and
    lapses after `lapses` (each None when the rule gives none); `notes` say what moved it.
    (A tuple: made ten thousand times in a large plan, where a frozen dataclass's fields each
    cost a slot-wrapper call.)"""

    opens: dt.datetime
    due: dt.datetime
    late: dt.datetime | None
    lapses: dt.datetime | None
    notes: tuple[str, ...]


_window = tuple.__new__
"""`_window(ActionWindow, (opens, due, late, lapses, notes))`: an `ActionWindow` without its
`__new__`, a Python function (a window is made for each of ~7,000 windows worked out)."""


def _in_own_zone(
    own: Zone,
    opens: dt.datetime,
    due: dt.datetime,
    late: dt.datetime | None,
    lapses: dt.datetime | None,
    notes: list[str],
) -> ActionWindow:
    """The window worked out in a recipient's zone, told in `own` (the anchor's: every moment
    of a plan is kept in the candidate's zone). A moment already in `own` is kept as it is
    (each was read in its zone through UTC, so it is the reading `in_zone` would give)."""
    return _window(
        ActionWindow,
        (
            opens if opens.tzinfo is own else in_zone(opens, own),
            due if due.tzinfo is own else in_zone(due, own),
            late if late is None or late.tzinfo is own else in_zone(late, own),
            lapses,
            tuple(notes),
        ),
    )


_DayWindow = tuple[dt.datetime, Zone, dt.datetime, dt.datetime, dt.datetime | None, str]
"""A working window `_working` worked out with no decision date pending and opening at the start
of working hours on the day `not_before` reaches: the start, the anchor's zone, the
opening, due and late moments in that zone, and the note's end (` becomes ...`, the holidays
skipped). Keyed by the recipient's zone and the days `not_before`, `due_by` and `late_after`
reach from the anchor, it is the window of any anchor of that zone and days at or before that
start: nothing else of the anchor is read but the note's first two days (its own), since an
opening at a day's start, the close of the due day and of the late day depend on those days
alone. Of 2,146 working windows for 3,000 applications, 731 are answered so (0.55 % of the
command's instructions saved: `tests/dates/test_window_quick_ways.py` compares)."""

_MAX_REMEMBERED: Final = 65536
"""Windows remembered, all plans together, before they start afresh (memory stays flat over any
number of applications)."""

_KNOWN: Final[dict[tuple[object, ...], ActionWindow]] = {}
"""(plan, anchor, zone, guard) -> its window. The plan itself is part of the key (hashed by
identity and kept alive by the key), so one plan's windows are never found for another."""


@dataclass(slots=True, eq=False)
class TimingPlan:
    """The windows of one rule's timing under one policy's send window and calendars.

    `calendar` is the recipient's business calendar (their country's holidays with
    `holidays: {country: auto}`), `lapse_calendar` the policy's own, which `lapse_after` counts
    in; `window` is None when the window keeps calendar time rather than working hours.
    Compared and hashed by identity: `_KNOWN` keys windows by the plan itself.
    """

    not_before: Duration
    due_by: Duration
    late_after: Duration | None
    lapse_after: Duration | None
    window: SendWindow | None
    calendar: BusinessCalendar
    lapse_calendar: BusinessCalendar
    _skipped: dict[tuple[dt.date, dt.date], str] = field(default_factory=dict, init=False)
    """(first, last) working day -> the note naming the days skipped (see `_skipped_note`)."""
    _hours: str = field(init=False)
    """The send window's hours as told in notes ("" without a window)."""
    _by_day: dict[tuple[object, ...], _DayWindow] = field(default_factory=dict, init=False)
    """What `_working` found for a recipient's zone and the days its durations reach (see
    `_DayWindow`): anchors of one day at different times share it."""

    def __post_init__(self) -> None:
        self._hours = _hours_text(self.window) if self.window is not None else ""

    def window_from(
        self, anchor: dt.datetime, zone: str, guard: dt.datetime | None
    ) -> ActionWindow:
        """The window from `anchor` for a recipient in `zone`, opening only after `guard` (a
        decision date still pending) when given. Remembered per anchor, zone and guard: their
        folds and zones are part of the key, zones by identity (equal instants in different
        zones compare equal; the moments in the key keep their zones alive)."""
        key = (
            self,
            anchor,
            anchor.fold,  # equal readings compare equal whatever their fold
            id(anchor.tzinfo),
            zone if self.window is not None else "",  # calendar time does not depend on it
            guard,
            (guard.fold, id(guard.tzinfo)) if guard is not None else None,
        )
        found = _KNOWN.get(key)
        if found is None:
            if len(_KNOWN) >= _MAX_REMEMBERED:
                _KNOWN.clear()
            # Worked out on plain datetimes (events' moments are pendulum's, whose conversions
            # are Python code): the same readings, zones and folds.
            if type(anchor) is not dt.datetime:
                anchor = plain(anchor)
            if guard is not None and type(guard) is not dt.datetime:
                guard = plain(guard)
            found = _KNOWN[key] = self._work_out(anchor, zone, guard)
        return found

    def _work_out(self, anchor: dt.datetime, zone: str, guard: dt.datetime | None) -> ActionWindow:
        lapses = (
            self.lapse_after.add_to(anchor, self.lapse_calendar)
            if self.lapse_after is not None
            else None
        )
        if self.window is not None:
            return self._working(self.window, anchor, zone, guard, lapses)
        opens = self.not_before.add_to(anchor, self.calendar)
        due = self.due_by.add_to(anchor, self.calendar)
        late = self.late_after.add_to(anchor, self.calendar) if self.late_after else None
        notes: tuple[str, ...] = ()
        if guard is not None and opens <= guard:
            notes = (
                f"opens only after the decision date they gave ({padded_day_time(guard)}): "
                "no chase before it (G21)",
            )
            opens = guard
            due = max(due, guard)
        return _window(ActionWindow, (opens, due, late, lapses, notes))

    def _working(
        self,
        window: SendWindow,
        anchor: dt.datetime,
        zone_name: str,
        guard: dt.datetime | None,
        lapses: dt.datetime | None,
    ) -> ActionWindow:
        """The window of a message to a person, in whole working days of the recipient.

        The durations are added in the recipient's zone `zone_name` (business days skip their
        weekends and holidays). The window opens at the start of working hours on the day
        `anchor + not_before` falls on when that day is a working day and its start is not
        before the anchor; otherwise at the first working instant at or after
        `anchor + not_before`. It closes at the end of working hours of the day
        `anchor + due_by` falls on (the next working day's when that day is not one), and never
        before the end of the opening day. `late_after` is moved to the end of its working day
        the same way. `guard` (a decision date still pending) holds the opening back to the
        first working instant after it. Results are in the anchor's own zone.
        """
        own = zone_of(anchor)
        zone = zone_named(zone_name)
        local_anchor = in_zone(anchor, zone)
        calendar = self.calendar
        raw_open = self.not_before.add_to(local_anchor, calendar)
        raw_due = self.due_by.add_to(local_anchor, calendar)
        raw_late = (
            None if self.late_after is None else self.late_after.add_to(local_anchor, calendar)
        )
        # `add_to` of a moment in `zone` gives one in `zone` as `in_zone` reads it (through
        # UTC), so its date and its order with other such moments are read as they are.
        day = as_date(raw_open)
        key = None
        if guard is None:  # the days the window is worked out from (see `_DayWindow`)
            key = (
                zone_name,
                day,
                as_date(raw_due),
                None if raw_late is None else as_date(raw_late),
            )
            known = self._by_day.get(key)
            if known is not None and known[1] is own and _not_after(local_anchor, known[0]):
                note = (
                    f"{self._hours} in {zone.name}: {short_day(raw_open)} -> {short_day(raw_due)}"
                )
                return _window(ActionWindow, (*known[2:5], lapses, (note + known[5],)))
        start = at_wall(day, window.earliest, zone)
        notes: list[str] = []
        starts = window.day_block(day, calendar) is None and _not_after(local_anchor, start)
        opens = start if starts else _open_from(raw_open, window, calendar, zone)
        if guard is not None and utc(opens) <= utc(guard):
            opens = _open_from(guard, window, calendar, zone)
            notes.append(
                "opens only after the decision date they gave "
                f"({short_day(in_zone(guard, zone))}): "
                "no chase before it (G21)"
            )
        due = at_wall(_first_allowed_day(as_date(raw_due), window, calendar), window.latest, zone)
        opening_day_end = at_wall(as_date(opens), window.latest, zone)
        if not _not_after(opening_day_end, due):  # `max(..., key=utc)`: the first of equals
            due = opening_day_end
        late = None
        if raw_late is not None:
            late_day = _first_allowed_day(as_date(raw_late), window, calendar)
            late = at_wall(late_day, window.latest, zone)
            if not _not_after(due, late):
                late = due
        becomes = f" becomes {short_day(opens)} -> {short_day(due)}" + self._skipped_note(
            day, as_date(due)
        )
        notes.insert(
            0,
            f"{self._hours} in {zone.name}: {short_day(raw_open)} -> {short_day(raw_due)}{becomes}",
        )
        found = _in_own_zone(own, opens, due, late, lapses, notes)
        if key is not None and starts:
            if len(self._by_day) >= 4096:
                self._by_day.clear()
            self._by_day[key] = (start, own, found.opens, found.due, found.late, becomes)
        return found

    def shared_window_from(
        self,
        anchor: dt.datetime,
        zone_name: str,
        others: tuple[tuple[str, BusinessCalendar], ...],
        guard: dt.datetime | None,
    ) -> ActionWindow | None:
        """The window of one message to people in several zones: the first addressee's
        `zone_name` (whose calendar is the plan's, in which the durations are added) and
        `others` (each zone with its recipient's calendar). It keeps to the hours when every one
        of them is at work: it opens as `_working` does, at the first such moment; it closes at
        the end of the hours they share on the day `anchor + due_by` falls on (the next day they
        share hours when that day has none), never before the end of the shared hours it opens
        in. None when they share no working hour within `_SHARED_SEARCH` (Sydney and London):
        the caller keeps to the first addressee's hours. Not remembered: only a reply to two
        people in two zones asks for one. Needs the plan's send window."""
        window = self.window
        assert window is not None  # only working windows keep to anyone's hours
        own = zone_of(anchor)
        first = zone_named(zone_name)
        hours = ((first, self.calendar), *((zone_named(n), c) for n, c in others))
        local_anchor = in_zone(anchor, first)
        raw_open = self.not_before.add_to(local_anchor, self.calendar)
        raw_due = self.due_by.add_to(local_anchor, self.calendar)
        limit = utc(raw_open) + _SHARED_SEARCH
        day = as_date(raw_open)
        start = _shared_from(at_wall(day, dt.time(0, 0), first), window, hours, limit)
        if start is None:
            return None
        if as_date(in_zone(start, first)) == day and utc(start) >= utc(local_anchor):
            opens: dt.datetime | None = start
        else:
            opens = _shared_from(raw_open, window, hours, limit)
        notes: list[str] = []
        if opens is not None and guard is not None and utc(opens) <= utc(guard):
            opens = _shared_from(guard, window, hours, utc(guard) + _SHARED_SEARCH)
            notes.append(
                "opens only after the decision date they gave "
                f"({short_day(in_zone(guard, first))}): no chase before it (G21)"
            )
        if opens is None:
            return None

        opening_end = _shared_close(opens, window, hours)
        due = max(_day_close(raw_due, window, hours) or opening_end, opening_end, key=utc)
        late = None
        if self.late_after is not None:
            late_day = self.late_after.add_to(local_anchor, self.calendar)
            late = max(_day_close(late_day, window, hours) or due, due, key=utc)
        lapses = (
            self.lapse_after.add_to(anchor, self.lapse_calendar)
            if self.lapse_after is not None
            else None
        )
        zones = [z.name for z, _ in hours]
        shared = " = ".join(
            f"{hh_mm(wall_time(in_zone(opens, z)).time())}-"
            f"{hh_mm(wall_time(in_zone(opening_end, z)).time())} in {z.name}"
            for z, _ in hours
        )
        skipped = [
            f"{padded_day(d)} {name} in {z.name}"
            for z, calendar in hours
            for d, name in _holidays(calendar, window, as_date(raw_open), as_date(in_zone(due, z)))
        ]
        notes.insert(
            0,
            f"{self._hours} in {' and '.join(zones)}, "
            f"{'both' if len(zones) == 2 else 'all'} at work on "
            f"{padded_day(as_date(in_zone(opens, first)))} {shared}: "
            f"{short_day(raw_open)} -> {short_day(raw_due)} becomes "
            f"{short_day(in_zone(opens, first))} -> {short_day(in_zone(due, first))}"
            + (f" (skipping {', '.join(skipped[:5])})" if skipped else ""),
        )
        return _in_own_zone(own, opens, due, late, lapses, notes)

    def kept_to_hours(
        self,
        opens: dt.datetime,
        length: dt.timedelta,
        zone_name: str,
        others: tuple[tuple[str, BusinessCalendar], ...] = (),
    ) -> tuple[dt.datetime, dt.datetime]:
        """A window that opens at `opens` and stays open `length` (a snooze moves one so),
        kept to working hours as a first window is: it opens at the first working moment at or
        after `opens` in the recipient's zone `zone_name` (and in every zone of `others`, when
        they share hours) and closes at the end of the working day `length` later falls on (the
        next one's when that day is not one). Calendar time when the plan keeps to no hours."""
        window = self.window
        if window is None:
            return opens, as_pendulum(opens) + length
        own = zone_of(opens)
        first = zone_named(zone_name)
        hours: tuple[tuple[Zone, BusinessCalendar], ...] = ((first, self.calendar),)
        if others:
            hours += tuple((zone_named(n), c) for n, c in others)
        start = _shared_from(opens, window, hours, utc(opens) + _SHARED_SEARCH)
        if start is None:  # hours that never meet: the first addressee's
            hours = hours[:1]
            start = _open_from(opens, window, self.calendar, first)
        opening_end = _shared_close(start, window, hours)
        due = as_pendulum(in_zone(start, own)) + length
        end = max(_day_close(due, window, hours) or opening_end, opening_end, key=utc)
        return in_zone(start, own), in_zone(end, own)

    def held_to(self, window: ActionWindow, deadline: dt.datetime, zone_name: str) -> ActionWindow:
        """`window` due no later than `deadline` (the date an offer wants your answer by): at
        the last working moment at or before it in the recipient's zone `zone_name` when the
        window keeps to working hours (at the deadline itself when no working hour comes
        between the opening and it), opening no later than it is due. Unchanged when it is due
        by then already; otherwise a note says what moved it."""
        if utc(window.due) <= utc(deadline):
            return window
        own, zone = zone_of(window.due), zone_named(zone_name)
        due = deadline
        if self.window is not None:
            last = _last_working(in_zone(deadline, zone), self.window, self.calendar, zone)
            if utc(last) >= utc(window.opens):
                due = last
        opens = min(window.opens, due, key=utc)
        late = None if window.late is None else min(window.late, due, key=utc)
        given, instead = short_day(in_zone(deadline, zone)), short_day(in_zone(window.due, zone))
        if utc(due) == utc(deadline):
            note = f"due by the date they gave, {given} in {zone.name}, not {instead}"
        else:
            note = (
                f"due by {short_day(in_zone(due, zone))} in {zone.name}, the end of working hours"
                f" before the date they gave ({given}), not {instead}"
            )
        return _in_own_zone(own, opens, due, late, window.lapses, [*window.notes, note])

    def _skipped_note(self, first: dt.date, last: dt.date) -> str:
        """` (skipping Fri 25 Dec Christmas Day, ...)`: the holidays from `first` to `last`, at
        most five; remembered per pair of days (many windows span the same days)."""
        found = self._skipped.get((first, last))
        if found is not None:
            return found
        assert self.window is not None  # only working windows skip days
        names = [
            f"{padded_day(day)} {reason}"
            for day, reason in _holidays(self.calendar, self.window, first, last)[:5]
        ]
        if len(self._skipped) >= 4096:
            self._skipped.clear()
        found = self._skipped[(first, last)] = f" (skipping {', '.join(names)})" if names else ""
        return found


_SHARED: Final[dict[tuple[object, ...], TimingPlan]] = {}
"""Durations, send window and calendars (by identity: the plan keeps them alive) -> the plan."""


def shared_plan(plan: TimingPlan) -> TimingPlan:
    """The first `TimingPlan` made with `plan`'s durations, window and calendars: one plan for
    every rule that gives equal ones, so that they share the windows it works out (10,995
    windows -> 8,594 for the benchmark's 3,000 applications). Durations are equal by their
    amounts, whatever their text, which no window uses.

    A calendar is part of the key only where a window reads it: the recipient's for a working
    window or a duration in business days, the policy's for a lapse in business days. Rules in
    calendar time under several policies and recipients' calendars share one plan so (35 plans
    -> 22 with the working ones, 4,688 calendar-time windows worked out -> 2,589 for the
    benchmark)."""
    late = plan.late_after
    counted = plan.not_before.business_days or plan.due_by.business_days
    key = (
        plan.not_before,
        plan.due_by,
        late,
        plan.lapse_after,
        plan.window,
        id(plan.calendar)
        if plan.window is not None or counted or (late is not None and late.business_days)
        else None,
        id(plan.lapse_calendar)
        if plan.lapse_after is not None and plan.lapse_after.business_days
        else None,
    )
    if len(_SHARED) >= 4096 and key not in _SHARED:
        _SHARED.clear()
    return _SHARED.setdefault(key, plan)


_SHARED_SEARCH: Final = dt.timedelta(days=31)
"""How far a window to people in several zones looks for an hour they share (a month covers
any run of holidays; hours that never overlap are known well before it)."""


def _shared_from(
    moment: dt.datetime,
    window: SendWindow,
    hours: tuple[tuple[Zone, BusinessCalendar], ...],
    limit: dt.datetime,
) -> dt.datetime | None:
    """The first instant at or after `moment` inside `window` in every zone of `hours` (each
    read with its calendar), before its closing time in each; None when there is none by
    `limit` (a UTC instant)."""
    at = moment
    while utc(at) <= limit:
        moved = at
        for zone, calendar in hours:
            moved = _open_from(moved, window, calendar, zone)
        if utc(moved) == utc(at):
            return at
        at = moved
    return None


def _shared_close(
    moment: dt.datetime, window: SendWindow, hours: tuple[tuple[Zone, BusinessCalendar], ...]
) -> dt.datetime:
    """The end of the shared working hours `moment` lies in: the earliest close among the
    zones of `hours`, each on its own day."""
    return min(
        (at_wall(as_date(in_zone(moment, zone)), window.latest, zone) for zone, _ in hours),
        key=utc,
    )


def _day_close(
    moment: dt.datetime, window: SendWindow, hours: tuple[tuple[Zone, BusinessCalendar], ...]
) -> dt.datetime | None:
    """The end of the shared working hours of the day `moment` falls on in the first zone of
    `hours` (of the next day they share hours when that day has none); None when there is
    none within `_SHARED_SEARCH`."""
    first = hours[0][0]
    day_start = at_wall(as_date(in_zone(moment, first)), dt.time(0, 0), first)
    start = _shared_from(day_start, window, hours, utc(moment) + _SHARED_SEARCH)
    return None if start is None else _shared_close(start, window, hours)


def _holidays(
    calendar: BusinessCalendar, window: SendWindow, first: dt.date, last: dt.date
) -> list[tuple[dt.date, str]]:
    """The holidays from `first` to `last` on which `window` allows no send (weekends left out)."""
    found = []
    day = first
    while day <= last:
        reason = window.day_block(day, calendar)
        if reason is not None and reason != NO_WEEKENDS:
            found.append((day, reason))
        day += _DAY
    return found


def _not_after(early: dt.datetime, late: dt.datetime) -> bool:
    """`utc(early) <= utc(late)` for two moments of one zone each read as `in_zone` reads it
    (`at_wall`, `add_to` of such a moment): their readings in that zone compare so unless one is
    the second of a repeated hour (two `astimezone` calls saved, ~8,000 instructions)."""
    if early.fold or late.fold or early.tzinfo is not late.tzinfo:
        return utc(early) <= utc(late)
    return early <= late


def _first_allowed_day(day: dt.date, window: SendWindow, calendar: BusinessCalendar) -> dt.date:
    for _ in range(MAX_SEARCH_DAYS):
        if window.day_block(day, calendar) is None:
            return day
        day += _DAY
    raise ValueError(f"no allowed send day within {MAX_SEARCH_DAYS} days of {day}")


def _last_working(
    local: dt.datetime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> dt.datetime:
    """The last instant at or before `local` (in `zone`) inside working hours: `local` itself
    when it is inside them, else the close of the working day before it."""
    day = as_date(local)
    for _ in range(MAX_SEARCH_DAYS):
        if window.day_block(day, calendar) is None:
            start, close = at_wall(day, window.earliest, zone), at_wall(day, window.latest, zone)
            if utc(start) <= utc(local):
                return min(local, close, key=utc)
        day -= _DAY
    raise ValueError(f"no allowed send day within {MAX_SEARCH_DAYS} days before {local}")


def _open_from(
    moment: dt.datetime, window: SendWindow, calendar: BusinessCalendar, zone: Zone
) -> dt.datetime:
    """The first instant at or after `moment` inside working hours, never at the closing time
    itself (a window opening at 17:00 sharp opens at the next working day's start)."""
    local = in_zone(moment, zone)
    if wall_time(local).time() >= window.latest:
        local = at_wall(as_date(local) + _DAY, dt.time(0, 0), zone)
    return first_inside(local, window, calendar, zone)


def _hours_text(window: SendWindow) -> str:
    """`working hours 09:00-17:00 on working days` (each working window's note starts so)."""
    days = "every day" if window.weekends else "working days"
    return f"working hours {hh_mm(window.earliest)}-{hh_mm(window.latest)} on {days}"
