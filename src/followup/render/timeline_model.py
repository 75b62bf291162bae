"""What `followup timeline` draws, computed once for both renderers (HTML and text).

A `Timeline` is plain data: one row per application (company, role, stage), its known events as
markers, each action's window as a bar placed on a common time axis, the "now" line at `as_of`,
week ticks, a legend and a glossary of the rules and guidelines the bars cite. Positions are
fractions of the axis written with a fixed number of decimals, so the same plan always gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter
from typing import NamedTuple

import pendulum

from followup.actions import Action
from followup.board import stage
from followup.dates.formatting import clock_time, day_month, iso, short_when, when
from followup.dates.zones import as_pendulum
from followup.events import Application, Event
from followup.explain import recipients_text
from followup.facts import known_events
from followup.frozen import frozen
from followup.guidelines import load_guidelines
from followup.kinds import CHANNELS, KINDS
from followup.planner import Plan
from followup.policy.model import Rule


class StatusLook(NamedTuple):
    meaning: str  # in the legend
    symbol: str  # of its weeks in the text chart
    colour: str  # of the symbol on a terminal


STATUSES = {
    "upcoming": StatusLook("the window has not opened yet", "-", "blue"),
    "due": StatusLook("act now: the window is open", "=", "yellow"),
    "overdue": StatusLook("the window has closed and nothing was sent", "!", "red"),
    "done": StatusLook("sent: a later event completed it", "+", "green"),
    "cancelled": StatusLook("moot: a later event made it unnecessary", "x", "bright_black"),
    "lapsed": StatusLook("too late to be worth sending now", "~", "magenta"),
    "dismissed": StatusLook("you chose not to act on it", "/", "bright_black"),
}
"""Every status a bar can have, in legend order, and how it is drawn (unknown statuses are drawn
as neutral bars)."""

EVENTS = {
    "interview": ("I", "Interview"),
    "thank_you_sent": ("T", "Thank-you sent"),
    "follow_up_sent": ("F", "Follow-up sent"),
    "response_received": ("R", "Response received"),
    "rejected": ("X", "Rejected"),
    "offer_received": ("O", "Offer received"),
    "withdrawn": ("W", "Withdrawn"),
    "reply_sent": ("Y", "Reply sent"),
    "applied": ("A", "Applied"),
}
"""Each event a marker can show: its symbol on the axis and its label."""
MIN_BAR = 0.004
"""The narrowest bar, as a fraction of the axis: a window of zero length is still visible."""
MAX_TICKS = 60
MAX_LABELS = 14
"""Dates written under the axis: more would run into each other on a laptop screen."""


@frozen
class Axis:
    start: pendulum.DateTime
    end: pendulum.DateTime

    def at(self, moment: dt.datetime) -> float:
        total = (self.end - self.start).total_seconds()
        offset = (moment - self.start).total_seconds()
        return min(1.0, max(0.0, offset / total)) if total > 0 else 0.0

    def weeks(self) -> list[pendulum.DateTime]:
        """The Monday of each week the axis shows."""
        count = max(1, round((self.end - self.start).total_days() / 7))
        return [self.start.add(weeks=k) for k in range(count)]


@frozen
class Marker:
    symbol: str
    label: str
    left: float
    moment: pendulum.DateTime


@frozen
class Bar:
    number: int  # unique in the page: the explanation's element id is tip-<number>
    action: Action
    known_status: bool
    label: str
    summary: str
    status_text: str
    left: float
    width: float
    lane: int

    @property
    def tip_side(self) -> str:
        """Where the explanation opens: towards the middle of the page."""
        return "left" if self.left < 0.55 else "right"


@frozen
class Row:
    app: Application
    stage: str
    policy: str
    markers: tuple[Marker, ...]
    bars: tuple[Bar, ...]
    lanes: int


@frozen
class Tick:
    label: str
    month: str  # the month's name on the first tick of a month, else ""
    left: float


@frozen
class Timeline:
    title: str
    timezone: str
    as_of: str
    as_of_text: str
    as_of_moment: pendulum.DateTime
    now: float
    axis: Axis
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    counts: tuple[tuple[str, int], ...]
    rules: tuple[tuple[str, Rule], ...]  # (policy name, rule) of every bar
    guidelines: tuple[tuple[str, str], ...]

    @property
    def bars(self) -> tuple[Bar, ...]:
        return tuple(bar for row in self.rows for bar in row.bars)


def _marker(event: Event, axis: Axis, year: int) -> Marker:
    symbol, label = EVENTS.get(event.type, ("?", event.type))
    held = short_when(event.at, year)
    if event.type == "interview":
        label += f" round {event.round} ({event.format.replace('_', ' ')})"
        if event.ends is not None:  # `6 Oct 10:00-11:30`, or to another day's time
            same_day = event.ends.date() == event.at.date()
            held += f"-{clock_time(event.ends) if same_day else short_when(event.ends, year)}"
    return Marker(
        symbol=symbol,
        label=f"{label}, {held}",
        left=axis.at(event.at),
        moment=event.at,
    )


def _lanes(spans: Sequence[tuple[float, float]]) -> list[int]:
    """Interval partitioning: the first lane whose last bar ends before this one starts."""
    ends: list[float] = []
    out: list[int] = []
    for start, end in spans:
        for lane, last in enumerate(ends):
            if last <= start:
                ends[lane] = end
                out.append(lane)
                break
        else:
            ends.append(end)
            out.append(len(ends) - 1)
    return out


def short_summary(action: Action, year: int) -> str:
    """What to do, to whom and when, in few words (the page holds hundreds of these)."""
    what = KINDS[action.kind].tip
    how = CHANNELS[action.channel].how
    text = f"{what} {how}".rstrip() + recipients_text(action, attrgetter("name"))
    opens, closes = short_when(action.not_before, year), short_when(action.due_by, year)
    return f"{text}, {opens} – {closes}" if opens != closes else f"{text}, {opens}"


def status_text(status: str, reason: str) -> str:
    """`Done: thank_you_sent ...` when the reason names the status already, else both."""
    if reason.startswith(f"{status}:"):
        return reason[0].upper() + reason[1:]
    return f"{status.capitalize()}: {reason}"


def _bars(actions: Sequence[Action], axis: Axis, first_number: int, year: int) -> list[Bar]:
    ordered = sorted(actions, key=Action.sort_key)
    spans = []
    for action in ordered:
        left = axis.at(action.not_before)
        width = max(axis.at(action.due_by) - left, MIN_BAR)
        spans.append((left, left + width))
    lanes = _lanes(spans)
    bars = []
    for n, (action, (left, right), lane) in enumerate(zip(ordered, spans, lanes, strict=True)):
        bars.append(
            Bar(
                number=first_number + n,
                action=action,
                known_status=action.status in STATUSES,
                label=f"{KINDS[action.kind].label}: {action.status}",
                summary=short_summary(action, year),
                status_text=status_text(action.status, action.status_reason),
                left=left,
                width=right - left,
                lane=lane,
            )
        )
    return bars


def _axis(plans: Sequence[Plan], as_of: pendulum.DateTime) -> Axis:
    """From the Monday before the first moment shown to the Monday after the last one."""
    moments: list[dt.datetime] = [as_of]
    for plan in plans:
        for app in plan.events.applications:
            moments.extend(e.at for e in known_events(app, plan.as_of))
        for action in plan.actions:
            moments += [action.not_before, action.due_by]
    tz = as_of.timezone_name or "UTC"
    first = as_pendulum(min(moments)).in_timezone(tz).start_of("week")
    last = as_pendulum(max(moments)).in_timezone(tz).start_of("week").add(weeks=1)
    return Axis(first, last)


def _ticks(axis: Axis) -> list[Tick]:
    """A grid line every week (every few weeks on a long axis); a date on at most
    MAX_LABELS of them, and the month's name on the first labelled tick of each month."""
    weeks = axis.weeks()
    step = -(-len(weeks) // MAX_TICKS)  # ceilings
    label_every = -(-len(weeks) // (MAX_LABELS * step)) * step
    ticks: list[Tick] = []
    month = None
    for k in range(0, len(weeks), step):
        moment = weeks[k]
        label = month_text = ""
        if k % label_every == 0:
            label = day_month(moment)
            month_text = f"{moment:%b %Y}" if (moment.year, moment.month) != month else ""
            month = (moment.year, moment.month)
        ticks.append(Tick(label, month_text, axis.at(moment)))
    return ticks


def build_timeline(plans: Sequence[Plan]) -> Timeline:
    """The timeline of one or several plans (rows in file order, then application order)."""
    if not plans:
        raise ValueError("a timeline needs at least one plan")
    as_of = plans[0].as_of
    axis = _axis(plans, as_of)
    rows: list[Row] = []
    number = 1
    used_rules: dict[tuple[str, str], Rule] = {}
    for plan in plans:
        for app, mine in plan.by_application():
            bars = _bars(mine, axis, number, as_of.year)
            number += len(bars)
            for action in mine:
                used_rules.setdefault((action.policy.name, action.rule.id), action.rule)
            rows.append(
                Row(
                    app=app,
                    stage=stage(app, mine, plan.as_of),
                    policy=plan.assignments[app.id].name,
                    markers=tuple(
                        _marker(e, axis, as_of.year) for e in known_events(app, plan.as_of)
                    ),
                    bars=tuple(bars),
                    lanes=max((b.lane for b in bars), default=0) + 1,
                )
            )
    tally: Counter[str] = Counter(bar.action.status for row in rows for bar in row.bars)
    counts = tuple((status, tally[status]) for status in STATUSES if tally[status])
    cited = {gid for rule in used_rules.values() for gid in rule.cites}
    catalogue = load_guidelines()
    guidelines = tuple((gid, g.text) for gid, g in catalogue.items() if gid in cited)
    guidelines += tuple((gid, "(not a known guideline)") for gid in sorted(cited - set(catalogue)))
    names = sorted({p.events.candidate.name for p in plans})
    return Timeline(
        title=f"Follow-up timeline for {', '.join(names)}",
        timezone=as_of.timezone_name or "UTC",
        as_of=iso(as_of),
        as_of_text=when(as_of),
        as_of_moment=as_of,
        now=axis.at(as_of),
        axis=axis,
        rows=tuple(rows),
        ticks=tuple(_ticks(axis)),
        counts=counts,
        rules=tuple((k[0], used_rules[k]) for k in sorted(used_rules)),
        guidelines=guidelines,
    )
