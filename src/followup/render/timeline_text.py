"""`followup timeline --format text`: the timeline in a terminal, one column per week.

Each application has a line of event symbols and a line per action whose window is drawn in
the weeks it covers with the symbol (and, on a terminal, the colour) of its status; the column
of the week holding "now" is marked. A legend closes the chart.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

import pendulum

from followup.planner import Plan
from followup.render.terminal import style
from followup.render.timeline_model import (
    EVENTS,
    STATUSES,
    build_timeline,
)

CELL = 3
LABEL_MAX = 40
OTHER_SYMBOL = "?"


def _week_of(moment: dt.datetime, weeks: Sequence[pendulum.DateTime]) -> int:
    """The column of the week holding `moment` (the first, for a moment before them all)."""
    return max(0, bisect.bisect_right(weeks, moment) - 1)


def _paint(text: str, status: str) -> str:
    return style(text, fg=STATUSES[status].colour) if status in STATUSES else text


def _header(weeks: Sequence[pendulum.DateTime], now: int, width: int) -> list[str]:
    months, days = [], []
    shown = None
    for k, week in enumerate(weeks):
        month = f"{week:%b}"
        # the first column's month is left to the line above when the next one's follows it
        # at once ("SepOct"): every other month is four weeks or more apart
        starts = k == 0 and len(weeks) > 1 and f"{weeks[1]:%b}" != month
        months.append(f"{month:<{CELL}}" if month != shown and not starts else " " * CELL)
        shown = month
        days.append(f"{week.day:>2} ")
    marker = [" " * CELL] * len(weeks)
    marker[now] = " v "
    pad = " " * width
    return [pad + "".join(months).rstrip(), pad + "".join(days).rstrip(), pad + "".join(marker)]


def _line(label: str, width: int, cells: list[str], now: int) -> str:
    """A chart line: its label, then a cell a week (an empty one marks the week of now)."""
    weeks = (c or (" | " if k == now else " " * CELL) for k, c in enumerate(cells))
    return f"{label:<{width}}{''.join(weeks)}".rstrip()


def render_text(plans: Sequence[Plan]) -> str:
    timeline = build_timeline(plans)
    weeks = timeline.axis.weeks()
    now = _week_of(timeline.as_of_moment, weeks)
    labels = [f"  {b.action.rule.id} {b.action.status}" for b in timeline.bars]
    width = min(LABEL_MAX, max([len("  events"), *map(len, labels)])) + 2
    out = [
        f"{timeline.title} as of {timeline.as_of_text} ({timeline.timezone})",
        f"one column per week from Monday {timeline.axis.start:%d %b %Y}",
        "",
        *_header(weeks, now, width),
    ]
    for row in timeline.rows:
        out.append(f"{row.app.company}, {row.app.role} ({row.app.id}): {row.stage}")
        cells = [""] * len(weeks)
        for marker in row.markers:
            cells[_week_of(marker.moment, weeks)] += marker.symbol
        out.append(
            _line("  events", width, [f"{c[:CELL]:<{CELL}}" if c else "" for c in cells], now)
        )
        if not row.bars:
            out.append("  nothing to do")
        for bar in row.bars:
            action = bar.action
            first = _week_of(action.not_before, weeks)
            last = _week_of(action.due_by, weeks)
            look = STATUSES.get(action.status)
            drawn = _paint(
                (look.symbol if look is not None else OTHER_SYMBOL) * CELL, action.status
            )
            cells = [drawn if first <= k <= last else "" for k in range(len(weeks))]
            label = f"  {action.rule.id} {action.status}"
            if len(label) > width - 2:
                label = label[: width - 3] + "~"
            out.append(_line(label, width, cells, now))
        out.append("")
    legend = "  ".join(
        f"{_paint(look.symbol * 2, status)} {status}" for status, look in STATUSES.items()
    )
    events = "  ".join(f"{symbol} {label.lower()}" for symbol, label in EVENTS.values())
    out += [
        f"legend: {legend}",
        f"events: {events}",
        f"v / |: the week of now ({timeline.as_of_text}); `followup plan --all` lists the ids",
    ]
    return "\n".join(out) + "\n"
