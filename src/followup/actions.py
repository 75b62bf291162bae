"""Turn matches into actions: who receives them, their window, and their status as of a moment.

A match is (rule, trigger). The rule's recipients are expanded (one action per interviewer, or one
to the lead with the others in cc...), its window is computed in Python from the trigger's anchor,
and its status is decided against `as_of`: done when a later event satisfies it, cancelled when a
later event makes it moot, else upcoming / due / overdue by the window.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import pendulum

from followup.events import TERMINAL_EVENTS, Application, Event, Person
from followup.facts import Trigger
from followup.policy.model import Policy, Rule
from followup.policy.schema import FOLLOW_UP_KINDS, MOVE_ON
from followup.sendtime import BusinessCalendar, Duration, shift_into_send_window

OPEN_STATUSES = ("upcoming", "due", "overdue")
STATUSES = (*OPEN_STATUSES, "done", "cancelled")


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    application: Application
    policy: Policy
    rule: Rule
    trigger: Trigger
    to: tuple[Person, ...]
    cc: tuple[Person, ...]
    anchor_name: str
    anchor_at: pendulum.DateTime
    anchor_event: Event | None
    not_before: pendulum.DateTime
    due_by: pendulum.DateTime
    late_after: pendulum.DateTime | None
    status: str
    status_reason: str
    timing_notes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    done_by: Event | None = None
    cancelled_by: Event | None = None

    @property
    def kind(self) -> str:
        return self.rule.action.kind

    @property
    def channel(self) -> str:
        return self.rule.action.channel

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def sort_key(self) -> tuple[pendulum.DateTime, str]:
        return (self.not_before, self.id)


@dataclass(frozen=True, slots=True)
class _Addressing:
    to: tuple[Person, ...]
    cc: tuple[Person, ...]
    slug: str | None
    notes: tuple[str, ...]


def _lead_of(event: Event | None) -> tuple[Person | None, tuple[str, ...]]:
    if event is None:
        return None, ()
    lead = event.lead()
    notes: tuple[str, ...] = ()
    if lead is not None and event.lead_assumed:
        notes = (f"no interviewer is marked lead: addressed to the first listed, {lead.name}",)
    return lead, notes


def _cc(
    rule: Rule, app: Application, interview: Event | None, primary: Person | None
) -> tuple[Person, ...]:
    if rule.action.cc == "other_interviewers" and interview is not None:
        return tuple(p for p in interview.interviewers if p != primary)
    if rule.action.cc == "recruiter" and app.recruiter is not None and app.recruiter != primary:
        return (app.recruiter,)
    return ()


def address(rule: Rule, app: Application, trigger: Trigger) -> list[_Addressing]:
    """The recipients of a rule's action(s); an empty list means the rule yields nothing here."""
    interview = trigger.interview
    target = rule.action.to
    if target == "candidate":
        return [_Addressing((), (), None, ())]
    if target == "each_interviewer":
        people = interview.interviewers if interview else ()
        if not people:
            note = "interviewer names not recorded: ask the receptionist for names and titles (G12)"
            return [_Addressing((), (), "interviewer", (note,))]
        return [_Addressing((p,), _cc(rule, app, interview, p), p.slug(), ()) for p in people]
    if target == "recruiter":
        if app.recruiter is None:
            return []
        return [_Addressing((app.recruiter,), _cc(rule, app, interview, app.recruiter), None, ())]
    if target == "lead_interviewer":
        lead, notes = _lead_of(interview)
    else:  # hiring_contact
        lead, notes = (app.recruiter, ()) if app.recruiter else _lead_of(interview)
    if lead is None:
        note = "no contact recorded: add the recruiter or the interviewers to the events file"
        return [_Addressing((), (), None, (note,))]
    return [_Addressing((lead,), _cc(rule, app, interview, lead), None, notes)]


def _after(
    duration: Duration, anchor: pendulum.DateTime, calendar: BusinessCalendar
) -> pendulum.DateTime:
    """`anchor` + `duration`, memoised: many actions share an anchor and a duration.

    The zone is part of the key: equal instants in different zones compare (and hash) equal,
    but calendar arithmetic and the printed offset depend on the zone.
    """
    return _after_in_zone(duration, anchor, anchor.timezone_name, calendar)


@lru_cache(maxsize=4096)
def _after_in_zone(
    duration: Duration, anchor: pendulum.DateTime, zone: str | None, calendar: BusinessCalendar
) -> pendulum.DateTime:
    return duration.add_to(anchor, calendar)


def _window(
    rule: Rule, policy: Policy, anchor: pendulum.DateTime, to: tuple[Person, ...]
) -> tuple[pendulum.DateTime, pendulum.DateTime, pendulum.DateTime | None, tuple[str, ...]]:
    calendar = policy.settings.calendar
    timing = rule.timing
    opens = _after(timing.not_before, anchor, calendar)
    due = _after(timing.due_by, anchor, calendar)
    late = _after(timing.late_after, anchor, calendar) if timing.late_after else None
    notes: list[str] = []
    window = policy.settings.send_window
    if window is not None and rule.action.channel != "note":
        recipient_tz = to[0].timezone if to else None
        opens, moved = shift_into_send_window(opens, window, calendar, recipient_tz)
        if moved:
            notes.append(f"not_before {moved}")
        due, moved = shift_into_send_window(
            due, window, calendar, recipient_tz, keep_open_after=opens
        )
        if moved:
            notes.append(f"due_by {moved}")
            if late is not None and late < due:
                late = due
                notes.append("late_after moved with due_by: acting is not late before it")
    return opens, due, late, tuple(notes)


def _satisfies(event: Event, kind: str, to: tuple[Person, ...]) -> bool:
    """A done_when event completes the action; a thank-you note only for the people it names."""
    if kind != "thank_you" or not event.to or not to:
        return True
    return any(person.matches(token) for token in event.to for person in to)


def _status(
    rule: Rule,
    later: tuple[Event, ...],
    to: tuple[Person, ...],
    opens: pendulum.DateTime,
    due: pendulum.DateTime,
    as_of: pendulum.DateTime,
) -> tuple[str, str, Event | None, Event | None]:
    for event in later:
        if event.type in rule.done_when and _satisfies(event, rule.action.kind, to):
            return "done", f"done: {event.describe()} (event {event.index})", event, None
        if event.type in rule.cancelled_by:
            return "cancelled", f"cancelled: {event.describe()} (event {event.index})", None, event
    if as_of < opens:
        return "upcoming", "the window has not opened yet", None, None
    if as_of <= due:
        return "due", "the window is open", None, None
    return "overdue", "the window closed before the time of planning", None, None


def _closed_before(triggers: list[Trigger], position: int) -> Event | None:
    """The rejection, offer or withdrawal that had already closed the application when a later,
    non-terminal event (a reply, a follow-up) started a rule; None if an interview reopened it.

    Such an event settles the action like a later one would: `cancelled_by: [rejected]` means the
    action is moot once rejected, whichever came first (no status follow-up after a rejection).
    """
    if triggers[position].event.type in TERMINAL_EVENTS | {"interview"}:
        return None
    for trigger in reversed(triggers[:position]):
        if trigger.event.type == "interview":
            return None
        if trigger.event.type in TERMINAL_EVENTS:
            return trigger.event
    return None


def _unique_ids(actions: list[Action]) -> list[Action]:
    """Two triggers of one rule on the same day: tell their actions apart by the time of day."""
    counts = Counter(a.id for a in actions)
    used: set[str] = set()
    out: list[Action] = []
    for action in sorted(actions, key=lambda a: (a.id, a.trigger.event.at, a.trigger.position)):
        new_id = action.id
        if counts[action.id] > 1:
            base = _with_suffix(action.id, f"{action.trigger.event.at:%H%M}")
            new_id, n = base, 2
            while new_id in used:
                new_id, n = f"{base}-{n}", n + 1
        used.add(new_id)
        out.append(action if new_id == action.id else replace(action, id=new_id))
    return out


def _with_suffix(action_id: str, suffix: str) -> str:
    parts = action_id.split("/")
    parts[2] = f"{parts[2]}T{suffix}"
    return "/".join(parts)


def build_actions(
    app: Application,
    policy: Policy,
    triggers: list[Trigger],
    matches: list[tuple[str, int]],
    as_of: pendulum.DateTime,
) -> list[Action]:
    """All actions of one application, every status included, sorted by not_before then id."""
    order = {rule.id: i for i, rule in enumerate(policy.rules)}
    actions: list[Action] = []
    for rule_id, position in sorted(set(matches), key=lambda m: (m[1], order.get(m[0], 0))):
        rule = policy.rule(rule_id)
        if rule is None:  # pragma: no cover - the engine only knows the policy's own rules
            continue
        trigger = triggers[position]
        anchor = trigger.anchor(rule.timing.anchor)
        if anchor is None:
            continue
        anchor_at, anchor_event = anchor
        later = tuple(t.event for t in triggers[position + 1 :])
        closed = _closed_before(triggers, position)
        if closed is not None:
            later = (closed, *later)
        tag = f"{trigger.event.at:%Y-%m-%d}"
        for addressing in address(rule, app, trigger):
            opens, due, late, timing_notes = _window(rule, policy, anchor_at, addressing.to)
            status, reason, done_by, cancelled_by = _status(
                rule, later, addressing.to, opens, due, as_of
            )
            action_id = f"{app.id}/{rule.id}/{tag}"
            if addressing.slug:
                action_id += f"/{addressing.slug}"
            actions.append(
                Action(
                    id=action_id,
                    application=app,
                    policy=policy,
                    rule=rule,
                    trigger=trigger,
                    to=addressing.to,
                    cc=addressing.cc,
                    anchor_name=rule.timing.anchor,
                    anchor_at=anchor_at,
                    anchor_event=anchor_event,
                    not_before=opens,
                    due_by=due,
                    late_after=late,
                    status=status,
                    status_reason=reason,
                    timing_notes=timing_notes,
                    notes=addressing.notes,
                    done_by=done_by,
                    cancelled_by=cancelled_by,
                )
            )
    actions = _apply_limits(_apply_move_on(actions, as_of), policy)
    return sorted(_unique_ids(actions), key=Action.sort_key)


def _apply_move_on(actions: list[Action], as_of: pendulum.DateTime) -> list[Action]:
    """Rules that list `move_on` in cancelled_by stop once a move-on action has come due."""
    moving_on = [
        a
        for a in actions
        if a.kind == "move_on" and a.status != "cancelled" and a.not_before <= as_of
    ]
    if not moving_on:
        return actions
    first = min(moving_on, key=lambda a: a.not_before)
    out = []
    for action in actions:
        if action.is_open and MOVE_ON in action.rule.cancelled_by:
            reason = f"cancelled: time to move on ({first.id}, rule {first.rule.id})"
            action = replace(action, status="cancelled", status_reason=reason)
        out.append(action)
    return out


def _apply_limits(actions: list[Action], policy: Policy) -> list[Action]:
    """No follow-up beyond the policy's max_follow_ups, whatever its rules say (G9, G17)."""
    limit = policy.settings.max_follow_ups
    out = []
    for action in actions:
        if (
            action.is_open
            and action.kind in FOLLOW_UP_KINDS
            and action.trigger.facts["follow_ups_sent"] >= limit
        ):
            reason = f"cancelled: {limit} follow-ups already sent (settings.max_follow_ups)"
            action = replace(action, status="cancelled", status_reason=reason)
        out.append(action)
    return out
