"""The daily loop's screens: `followup due` (what to do now, most urgent first) and `followup
status` (one line per application), as text with colours, and `status` as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pendulum

from followup.actions import Action
from followup.dates.formatting import short_day, when
from followup.errors import clip
from followup.kinds import CHANNELS, KINDS
from followup.planner import Plan
from followup.render.terminal import style
from followup.render.wrap import wrapped

if TYPE_CHECKING:
    from followup.board import Row

_GROUPS = (
    ("overdue", "OVERDUE", "red"),
    ("due", "DUE NOW", "yellow"),
    ("upcoming", "COMING UP", "cyan"),
)
STATUS_HUES = {status: hue for status, _title, hue in _GROUPS}
_DUE_HANG = 28
"""Where a wrapped `followup due` line continues: under the text after the deadline column."""
_STAGE_HUES = {
    "applied": "blue",
    "interviewing": "cyan",
    "offer": "green",
    "rejected": "red",
    "withdrawn": "magenta",
    "moved on": "magenta",
}
_MAX_COLUMN = 34


def _text(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


# -- followup due ---------------------------------------------------------------------------


def render_due(plan: Plan, horizon: pendulum.DateTime | None) -> str:
    """Overdue, due now and coming up (until `horizon`), one line per action."""
    from followup.actions import one_email_with
    from followup.board import urgency

    paired = one_email_with(plan.actions, plan.as_of)
    apart = one_email_with(plan.actions, plan.as_of, apart=True)
    lines: list[str] = []
    for status, title, hue in _GROUPS:
        group = [
            a
            for a in plan.actions
            if a.status == status and (horizon is None or a.not_before <= horizon)
        ]
        if not group:
            continue
        lines.append(style(f"{title} ({len(group)})", fg=hue, bold=True))
        for action in sorted(group, key=urgency):
            line = _due_line(
                action, hue, plan.as_of, paired.get(action.id, ()), apart.get(action.id, ())
            )
            lines += wrapped(line, hang=_DUE_HANG)
    if not lines:
        lines.append("Nothing to do" + (" in that window." if horizon else "."))
    return _text(lines)


def _due_line(
    action: Action,
    hue: str,
    as_of: pendulum.DateTime,
    paired: tuple[Action, ...] = (),
    apart: tuple[Action, ...] = (),
) -> str:
    """`  by Wed 7 Oct 10:00  Send a thank-you note to Grace Hopper (Acme): <why>  [id]`; an
    action past its `late_after` says so after the company (G11: a thank-you more than 3 days
    on reads as unexcited), whatever its window says (a snooze may have moved it). One that
    goes in one email with another (`paired`: a late thank-you and a status email to the same
    person, G9, G17) says so, as one for two applications does; so does one that goes before or
    after another to the same person (`apart`: a panel's note first, then the status email)."""
    from followup.explain import is_late

    what = KINDS[action.kind].what(action.channel)
    to = f" to {', '.join(p.name for p in action.to)}" if action.to else ""
    if action.status == "overdue":
        deadline = f"was due {short_day(action.due_by)}"
    elif action.status == "due":
        deadline = f"by {short_day(action.due_by)}"
    else:
        deadline = f"from {short_day(action.not_before)}"
    reason = action.rule.summary or action.rule.because
    to += f" ({action.application.company})"
    if action.shared_with:  # one message for two applications (followup.peers)
        others = ", ".join(other.application.id for other in action.shared_with)
        to += f", one {CHANNELS[action.channel].medium} with {others}"
    for other in paired:  # the same application: say which message it joins
        if other.kind == "follow_up" and other.channel == "phone":  # thanks said on the call
            to += f", say it on the status call [{other.id}]"
        elif other.kind == "follow_up":
            to += f", one email with the status email [{other.id}]"
        elif action.channel == "phone":
            to += f", with the thank-you still owed [{other.id}]"
        else:
            to += f", one email with the thank-you still owed [{other.id}]"
    for other in apart:  # a panel's note copying others: on its own, before the status email
        if other.kind == "follow_up":
            to += f", first: before the status {CHANNELS[other.channel].medium} [{other.id}]"
        else:
            to += f", after the thank-you still owed [{other.id}]"
    late = ""
    if is_late(action, as_of):
        late = f", late: more than {action.rule.timing.late_after} after the {action.anchor_name}"
    return (
        f"  {style(f'{deadline:<24}', fg=hue)}  {what}{to}{late}: "
        f"{reason}  {style(f'[{action.id}]', dim=True)}"
    )


# -- followup status ------------------------------------------------------------------------


NEXT_ACTION_FIELDS = ("id", "kind", "status", "to", "not_before", "due_by")
"""What `followup status --format json` says of an application's next action: these fields of
the action as `followup plan --format json` writes it."""


def render_json(plan: Plan) -> str:
    from followup.board import board, stage_counts
    from followup.render.json_render import action_to_dict

    def action(a: Action | None) -> dict[str, Any] | None:
        if a is None:
            return None
        written = action_to_dict(a)
        return {k: written[k] for k in NEXT_ACTION_FIELDS}

    rows = board(plan)
    data = {
        "schema_version": 1,
        "as_of": plan.as_of.isoformat(),
        "applications": [
            {
                "id": r.application.id,
                "company": r.application.company,
                "role": r.application.role,
                "stage": r.stage,
                "last_contact": r.last_contact.at.isoformat() if r.last_contact else None,
                "days_since_last_contact": r.days_since_last_contact,
                "next_action": action(r.next_action),
            }
            for r in rows
        ],
        "counts": stage_counts(rows),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_text(plan: Plan) -> str:
    from followup.board import board, stage_counts

    rows = board(plan)
    tz = plan.events.candidate.timezone
    lines = wrapped(f"Applications of {plan.events.candidate.name} as of {when(plan.as_of)} ({tz})")
    lines.append("")
    if not rows:
        lines.append("No applications yet: start one with `followup new`.")
        return _text(lines)
    id_width = min(_MAX_COLUMN, max(len("APPLICATION"), *(len(r.application.id) for r in rows)))
    job_width = max(len("COMPANY, ROLE"), *(len(_job(r)) for r in rows))
    head = (
        f"{'APPLICATION':<{id_width}}  {'COMPANY, ROLE':<{job_width}}  STAGE         CONTACT  NEXT"
    )
    lines.append(style(head, bold=True))
    for row in rows:
        stage = style(f"{row.stage:<12}", fg=_STAGE_HUES[row.stage])
        line = (
            f"{row.application.id:<{id_width}}  {_job(row):<{job_width}}  {stage}  "
            f"{_contact(row):>7}  {_next(row.next_action)}"
        )
        lines += wrapped(line, hang=id_width + 2)
    counts = stage_counts(rows)
    summary = ", ".join(f"{n} {stage}" for stage, n in counts.items() if n)
    lines.append("")
    plural = "" if len(rows) == 1 else "s"
    lines += wrapped(f"{len(rows)} application{plural}: {summary}.")
    return _text(lines)


def _job(row: Row) -> str:
    """`Company, Role`, cut to _MAX_COLUMN characters."""
    return clip(f"{row.application.company}, {row.application.role}", _MAX_COLUMN)


def _contact(row: Row) -> str:
    days = row.days_since_last_contact
    if days is None:
        return "-"
    return "today" if days == 0 else f"{days}d ago"


def _next(action: Action | None) -> str:
    if action is None:
        return "nothing open"
    window = f"{short_day(action.not_before)} -> {short_day(action.due_by)}"
    status = style(action.status.upper(), fg=STATUS_HUES[action.status], bold=True)
    return f"{status} {action.label}, {window}"
