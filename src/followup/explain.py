"""Explanations: why an action was recommended, from which rule and file line, with what window.

`explanation(action)` is the JSON contract's `explanation` object; `explain_text(action, as_of)`
is the full human-readable account printed by `followup explain`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import pendulum

from followup.actions import Action
from followup.dates.formatting import clock_time, iso, moment_texts, when, zone_label
from followup.dates.zones import in_zone, zone_name, zone_named
from followup.engine.reference import evaluate_rule
from followup.events import Person
from followup.guidelines import load_guidelines
from followup.kinds import CHANNELS, KINDS
from followup.policy.model import Timing


def window_text(action: Action) -> str:
    """`Fri 16 Oct 2026 09:00 -> 12:00` in the candidate's zone and, when the recipient reads it
    in another zone, ` (New York) = 14:00 -> 17:00 London`."""
    opens, due = action.not_before, action.due_by
    same_day = opens.date() == due.date()
    text = f"{when(opens)} -> {clock_time(due) if same_day else when(due)}"
    zone = action.recipient_zone
    if not action.to or zone == zone_name(opens):
        return text
    there_open, there_due = in_zone(opens, zone_named(zone)), in_zone(due, zone_named(zone))
    if there_open.utcoffset() == opens.utcoffset():
        return text
    there = (
        f"{clock_time(there_open)} -> {clock_time(there_due)}"
        if same_day and there_open.date() == there_due.date() and there_open.date() == opens.date()
        else f"{when(there_open)} -> {when(there_due)}"
    )
    return f"{text} ({zone_label(zone_name(opens))}) = {there} {zone_label(zone)}"


def recipients_text(action: Action, show: Callable[[Person], str] = Person.display) -> str:
    """` to A, B (cc C)`, each person as `show` writes them (name and address by default);
    "" for an action to nobody."""
    if not action.to:
        return ""
    text = " to " + ", ".join(map(show, action.to))
    return text + (f" (cc {', '.join(map(show, action.cc))})" if action.cc else "")


def what_and_how(action: Action) -> str:
    """The plan's phrase for the action and how it goes: `Send a thank-you note by email`."""
    how = CHANNELS[action.channel].how
    return KINDS[action.kind].what(action.channel) + (f" {how}" if how else "")


def summary(action: Action) -> str:
    """One sentence: what to do, to whom, how, and when."""
    to = [p.display() for p in action.to]
    return summary_of(action, when(action.not_before), when(action.due_by), to)


_WHAT_AND_HOW: Final[dict[tuple[str, str], str]] = {}
"""(kind, channel) -> `what_and_how` (a handful of pairs: kept whole)."""


def summary_of(action: Action, opens: str, closes: str, to: list[str]) -> str:
    """`summary(action)` given its window's ends as `when` writes them and its recipients as
    `Person.display` writes them (`action_json` has them already: each is asked once an
    action); the phrase of each kind and channel made once."""
    how = (action.rule.action.kind, action.channel)
    what = _WHAT_AND_HOW.get(how)
    if what is None:
        what = _WHAT_AND_HOW[how] = what_and_how(action)
    company = action.application.company
    if action.not_before == action.due_by:
        window = f"at {closes}"
    else:
        window = f"between {opens} and {closes}"
    if to:
        what += " to " + ", ".join(to)
        if action.cc:
            what += f" (cc {', '.join([p.display() for p in action.cc])})"
    if action.covers:
        asks = "; ".join(dict.fromkeys(KINDS[r.action.kind].phrase.lower() for r in action.covers))
        return f"{what} ({company}), {window}; in the same message: {asks}."
    return f"{what} ({company}), {window}."


def matched_events(action: Action) -> list[int]:
    """Indexes (as given in the file) of the events the action rests on."""
    found = {action.trigger.event.index}
    if action.anchor_event is not None:
        found.add(action.anchor_event.index)
    if (
        action.trigger.interview is not None
        and action.trigger.interview is not action.trigger.event
    ):
        found.add(action.trigger.interview.index)
    return sorted(found)


def timing_text(action: Action) -> str:
    """How the window was worked out: the anchor, each end as the rule's durations from it, the
    recipient's reading when their zone differs, then the window's notes."""
    return timing_of(action, iso(action.not_before), iso(action.due_by))


_TIMING_WORDS: Final[dict[int, tuple[Timing, str, str, str, str]]] = {}
"""A rule's timing by identity -> (the timing, kept alive with its entry; the words of
`timing_text` between an action's moments)."""


def _timing_words(timing: Timing) -> tuple[Timing, str, str, str, str]:
    """The parts of `timing_text` a rule's timing decides (its durations written once, not per
    action: `str` of a `Duration` is a Python call)."""
    found = _TIMING_WORDS.get(id(timing))
    if found is None:
        if len(_TIMING_WORDS) >= 4096:
            _TIMING_WORDS.clear()
        found = _TIMING_WORDS[id(timing)] = (
            timing,
            f"; not_before = anchor + {timing.not_before} = ",
            f"; due_by = anchor + {timing.due_by}",
            f"; late after anchor + {timing.late_after} = ",
            f"; lapses after anchor + {timing.lapse_after} = ",
        )
    return found


def timing_of(action: Action, opens: str, closes: str) -> str:
    """`timing_text(action)` given its window's ends as `iso` writes them (`action_json` has
    them already)."""
    timing = action.rule.timing
    found = _TIMING_WORDS.get(id(timing))  # looked up here: a call costs more than the lookup
    _, not_before, due_by, late, lapse = _timing_words(timing) if found is None else found
    event = action.anchor_event
    if event is None:
        text = f"anchor {action.anchor_name} at {moment_texts(action.anchor_at)[0]}"
    else:
        text = (
            f"anchor {action.anchor_name} = event {event.index} ({event.type}) at "
            f"{moment_texts(action.anchor_at)[0]}"
        )
        if event.ends is not None:
            text += _from_end(action)
    held = _held(action) if timing.deadline else ""
    text += f"{not_before}{opens}{due_by}{held} = {closes}"
    if action.late_after is not None and timing.late_after is not None:
        text += late + moment_texts(action.late_after)[0]
    if action.lapses_at is not None and timing.lapse_after is not None:
        text += lapse + moment_texts(action.lapses_at)[0]
    # Whether the recipient reads in the window's zone is asked first by identity (the plan's
    # moments carry the zones `zone_named` gives), its name only when not.
    zone = zone_named(action.recipient_zone) if action.to else None
    if (
        zone is not None
        and zone is not action.not_before.tzinfo
        and action.recipient_zone != zone_name(action.not_before)
    ):
        text += (
            f"; recipient's zone {action.recipient_zone}: "
            f"{iso(in_zone(action.not_before, zone))} -> {iso(in_zone(action.due_by, zone))}"
        )
    notes = action.timing_notes
    return "; ".join((text, *notes)) if notes else text


def _held(action: Action) -> str:
    """`, no later than answer_date 2026-10-16T12:00:00+01:00` when the rule holds the window
    to a date they gave (`timing.deadline`) and that date is known; "" otherwise."""
    deadline = action.rule.timing.deadline
    held = action.trigger.anchor(deadline) if deadline else None
    return "" if held is None else f", no later than {deadline} {moment_texts(held[0])[0]}"


def _from_end(action: Action) -> str:
    """` (from the end of the interview at 11:30, not its start at 10:00)` when the window counts
    from an interview's end (its `ends`; both dated when it ends on another day); "" otherwise
    (no end given: from its start)."""
    event = action.anchor_event
    if event is None or event.ends is None or action.anchor_at != event.ends:
        return ""
    end, start = event.ends, event.at
    said = clock_time if start.date() == end.date() else when
    return f" (from the end of the interview at {said(end)}, not its start at {said(start)})"


def explanation(action: Action) -> dict[str, Any]:
    return {
        "summary": summary(action),
        "because": action.rule.because,
        "cites": list(action.rule.cites),
        "rule_source": action.rule.source,
        "matched_events": matched_events(action),
        "timing": timing_text(action),
        "cancelled_by": action.cancelled_by.index if action.cancelled_by else None,
        "done_by": action.done_by.index if action.done_by else None,
        "status_reason": action.status_reason,
        "notes": list(action.notes),
        "covers": [
            {"rule": r.id, "rule_source": r.source, "cites": list(r.cites)} for r in action.covers
        ],
    }


def is_late(action: Action, as_of: pendulum.DateTime) -> bool:
    return action.is_open and action.late_after is not None and as_of > action.late_after


def explain_text(action: Action, as_of: pendulum.DateTime) -> str:
    """The full account of one action for `followup explain`."""
    rule = action.rule
    guidelines = load_guidelines()
    events = {e.index: e for e in action.application.events}
    lines = [
        f"{action.id}  [{action.status}]",
        f"  {summary(action)}",
        "",
        f"rule        {rule.id}  ({rule.loc}, policy {action.policy.name})",
    ]
    if rule.summary:
        lines.append(f"            {rule.summary}")
    lines.append(f"because     {rule.because}")
    for n, gid in enumerate(rule.cites):
        label = "cites" if n == 0 else ""
        guide = guidelines.get(gid)
        text = f"{guide.text}  ({guide.sources()})" if guide else "(not a known guideline)"
        lines.append(f"{label:<12}{gid:<5}{text}")
    lines.append(
        "matched     "
        + "; ".join(f"event {i}: {events[i].describe()}" for i in matched_events(action))
    )
    lines.append("conditions  all held on the trigger event:")
    for result in evaluate_rule(rule, action.trigger):
        lines.append(f"            {result.describe()}")
    lines.append("timing      " + timing_text(action).replace("; ", "\n            "))
    reason = action.status_reason
    if not reason.startswith(str(action.status)):  # `done: thank_you_sent ...` names it already
        reason = f"{action.status}: {reason}"
    lines.append(f"status      {reason} (as of {iso(as_of)})")
    if is_late(action, as_of):
        lines.append(
            f"            late: more than {rule.timing.late_after} after the {action.anchor_name}"
        )
    for covered in action.covers:
        lines.append(
            f"covers      {covered.id}  ({covered.source}): {covered.because} "
            f"[{', '.join(covered.cites)}]"
        )
    for note in action.notes:
        lines.append(f"note        {note}")
    return "\n".join(lines) + "\n"
