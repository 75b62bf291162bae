"""An action's window from its rule's timing: `not_before`, `due_by`, `late_after` and
`lapse_after` added to an anchor, kept to working hours in the recipient's zone when the policy
has a send window and the rule follows it, and held back by a decision date still pending.

A `TimingPlan` is made once per rule, send window and calendars, and remembers the windows it
has worked out per anchor, zone and decision date: actions of many applications share them
(an interview's thank-you and follow-ups, a decision date's check-in), and the policy's
durations, window and calendars are then not hashed again for every action.
"""

from __future__ import annotations

import datetime as dt

from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import Duration
from followup.dates.formatting import padded_day_time
from followup.dates.windows import SendWindow
from followup.dates.working_hours import ActionWindow, working_window

_MAX_REMEMBERED = 65536
"""Windows remembered, all plans together, before they start afresh (memory stays flat over any
number of applications)."""

_KNOWN: dict[tuple[object, ...], ActionWindow] = {}
"""(plan, anchor, zone, guard) -> its window. The plan itself is part of the key (hashed by
identity and kept alive by the key), so one plan's windows are never found for another."""


class TimingPlan:
    """The windows of one rule's timing under one policy's send window and calendars.

    `calendar` is the recipient's business calendar (their country's holidays with
    `holidays: {country: auto}`), `lapse_calendar` the policy's own, which `lapse_after` counts
    in; `window` is None when the window keeps calendar time rather than working hours.
    """

    __slots__ = (
        "calendar",
        "due_by",
        "lapse_after",
        "lapse_calendar",
        "late_after",
        "not_before",
        "window",
    )

    def __init__(
        self,
        not_before: Duration,
        due_by: Duration,
        late_after: Duration | None,
        lapse_after: Duration | None,
        window: SendWindow | None,
        calendar: BusinessCalendar,
        lapse_calendar: BusinessCalendar,
    ) -> None:
        self.not_before = not_before
        self.due_by = due_by
        self.late_after = late_after
        self.lapse_after = lapse_after
        self.window = window
        self.calendar = calendar
        self.lapse_calendar = lapse_calendar

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
            found = _KNOWN[key] = self._work_out(anchor, zone, guard)
        return found

    def _work_out(self, anchor: dt.datetime, zone: str, guard: dt.datetime | None) -> ActionWindow:
        lapses = (
            self.lapse_after.add_to(anchor, self.lapse_calendar)
            if self.lapse_after is not None
            else None
        )
        if self.window is not None:
            return working_window(
                anchor,
                self.not_before,
                self.due_by,
                self.late_after,
                self.window,
                self.calendar,
                zone,
                not_earlier_than=guard,
                lapses=lapses,
            )
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
        return ActionWindow(opens, due, late, lapses, notes)
