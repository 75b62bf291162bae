"""The human-readable plan: one block per application, most urgent first within it."""

from __future__ import annotations

from collections.abc import Sequence

from followup.actions import Action
from followup.dates.formatting import when
from followup.explain import is_late, recipients_text, what_and_how, window_text
from followup.kinds import KINDS
from followup.planner import Plan

_STATUS_ORDER = ("overdue", "due", "upcoming", "lapsed", "done", "dismissed", "cancelled")
"""The order of a block's actions and of the summary's counts."""


def _action_lines(action: Action, plan: Plan) -> list[str]:
    late = "  (late)" if is_late(action, plan.as_of) else ""
    lines = [f"  {action.status.upper():<9} {what_and_how(action)}{recipients_text(action)}"]
    if action.is_open:
        lines.append(f"            window {window_text(action)}{late}")
    else:
        lines.append(f"            {action.status_reason}")
    cites = ", ".join(action.rule.cites)
    lines.append(f"            why: {action.rule.because}" + (f" [{cites}]" if cites else ""))
    for covered in action.covers:
        phrase = KINDS[covered.action.kind].phrase.lower()
        lines.append(f"            in the same message: {phrase} ({covered.id})")
    lines.extend(f"            note: {n}" for n in action.notes)
    lines.append(f"            id: {action.id}   rule: {action.rule.id} ({action.rule.source})")
    return lines


def render_text(plan: Plan, *, include_all: bool = False) -> str:
    tz = plan.events.candidate.timezone
    shown = [a for a in plan.actions if include_all or a.is_open]
    out = [f"Follow-up plan for {plan.events.candidate.name} as of {when(plan.as_of)} ({tz})", ""]
    counts = {s: sum(1 for a in shown if a.status == s) for s in _STATUS_ORDER}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    for app, mine in plan.by_application(shown):
        policy = plan.assignments[app.id]
        out.append(f"{app.id}: {app.company}, {app.role}  [policy {policy.name}]")
        if not mine:
            hint = "" if include_all else " (use --all to see done and cancelled actions)"
            out.append("  nothing to do" + hint)
        for action in sorted(
            mine, key=lambda a: (_STATUS_ORDER.index(a.status), a.not_before, a.id)
        ):
            out.extend(_action_lines(action, plan))
        out.append("")
    tip = "`followup explain FILE ID` tells why."
    out.append(f"{len(shown)} action(s): {summary or 'none'}. {tip}")
    return "\n".join(out) + "\n"


def render_wrapped(plans: Sequence[Plan], *, include_all: bool = False) -> str:
    """`followup plan`'s text, wrapped to the terminal's width: one section per events file,
    headed by its path (a single file has no heading)."""
    from followup.render.wrap import wrapped

    texts = [render_text(p, include_all=include_all) for p in plans]
    if len(plans) > 1:
        texts = [f"== {p.events.name} ==\n{text}" for p, text in zip(plans, texts, strict=True)]
    return "\n".join(wrapped("\n".join(texts)))
