"""The human-readable plan: one block per application, most urgent first within it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import partial

import pendulum

from followup.actions import Action
from followup.dates.formatting import when
from followup.events import Application, EventsFile
from followup.explain import is_late, recipients_text, what_and_how, window_text
from followup.kinds import KINDS
from followup.planner import Plan, PlannedApplication, PolicyChooser
from followup.policy.model import Policy

_STATUS_ORDER = ("overdue", "due", "upcoming", "lapsed", "done", "dismissed", "cancelled")
"""The order of a block's actions and of the summary's counts."""


def _action_lines(action: Action, as_of: pendulum.DateTime) -> list[str]:
    late = "  (late)" if is_late(action, as_of) else ""
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


def application_block(
    app: Application,
    policy: Policy,
    shown: Sequence[Action],
    as_of: pendulum.DateTime,
    include_all: bool,
) -> str:
    """One application's block of the plan: its heading and its `shown` actions, most urgent
    first, each line ending in a newline (the block's last line is empty)."""
    out = [f"{app.id}: {app.company}, {app.role}  [policy {policy.name}]"]
    if not shown:
        hint = "" if include_all else " (use --all to see done and cancelled actions)"
        out.append("  nothing to do" + hint)
    for action in sorted(shown, key=lambda a: (_STATUS_ORDER.index(a.status), a.not_before, a.id)):
        out.extend(_action_lines(action, as_of))
    out.append("")
    return "\n".join(out) + "\n"


def plan_text(
    events: EventsFile, as_of: pendulum.DateTime, blocks: Iterable[str], counts: Counter[str]
) -> str:
    """The plan of `events` from its applications' blocks (in file order) and how many of its
    shown actions have each status."""
    tz = events.candidate.timezone
    head = f"Follow-up plan for {events.candidate.name} as of {when(as_of)} ({tz})\n\n"
    summary = ", ".join(f"{counts[s]} {s}" for s in _STATUS_ORDER if counts[s])
    tip = "`followup explain FILE ID` tells why."
    total = sum(counts.values())
    return "".join((head, *blocks, f"{total} action(s): {summary or 'none'}. {tip}\n"))


def render_text(plan: Plan, *, include_all: bool = False) -> str:
    shown = [a for a in plan.actions if include_all or a.is_open]
    blocks = (
        application_block(app, plan.assignments[app.id], mine, plan.as_of, include_all)
        for app, mine in plan.by_application(shown)
    )
    return plan_text(plan.events, plan.as_of, blocks, Counter(a.status for a in shown))


def render_wrapped(plans: Sequence[Plan], *, include_all: bool = False) -> str:
    """`followup plan`'s text, wrapped to the terminal's width: one section per events file,
    headed by its path (a single file has no heading)."""
    texts = [render_text(p, include_all=include_all) for p in plans]
    return sections([p.events for p in plans], texts)


def sections(files: Sequence[EventsFile], texts: Sequence[str]) -> str:
    """The plans' `texts` of `files`, wrapped to the terminal's width: one section per events
    file, headed by its path (a single file has no heading)."""
    from followup.render.wrap import wrapped

    if len(files) > 1:
        texts = [f"== {f.name} ==\n{text}" for f, text in zip(files, texts, strict=True)]
    return "\n".join(wrapped("\n".join(texts)))


def text_share(
    events: EventsFile,
    as_of: pendulum.DateTime,
    planned: Iterable[PlannedApplication],
    *,
    include_all: bool,
) -> tuple[list[str], Counter[str]]:
    """The blocks of `planned` applications of `events` (`application_block`) and how many of
    their shown actions have each status: one run's share of the plan's text."""
    blocks: list[str] = []
    counts: Counter[str] = Counter()
    for item in planned:
        shown = [a for a in item.actions if include_all or a.is_open]
        counts.update(a.status for a in shown)
        blocks.append(application_block(item.application, item.policy, shown, as_of, include_all))
    return blocks, counts


def planned_text(
    files: Sequence[EventsFile],
    moments: Sequence[pendulum.DateTime],
    chooser: PolicyChooser,
    *,
    include_all: bool = False,
    jobs: int = 1,
) -> str:
    """`render_wrapped(plan_files(files, as_of=moments, chooser=chooser))`, the same text,
    planned in `jobs` processes (`followup.forked`: each sends back its applications' blocks)."""
    from followup.forked import planned_shares

    moments = [m.in_timezone(f.candidate.timezone) for m, f in zip(moments, files, strict=True)]
    write = partial(text_share, include_all=include_all)
    blocks: list[list[str]] = [[] for _ in files]
    counts: list[Counter[str]] = [Counter() for _ in files]
    shares = planned_shares(files, moments, chooser, write, all_windows=include_all, jobs=jobs)
    for index, (mine, statuses) in shares:
        blocks[index].extend(mine)
        counts[index].update(statuses)
    texts = [
        plan_text(events, moment, blocks[index], counts[index])
        for index, (events, moment) in enumerate(zip(files, moments, strict=True))
    ]
    return sections(files, texts)
