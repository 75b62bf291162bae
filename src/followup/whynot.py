"""Why-not: why a rule did not produce an (open) action for an application.

`why_not(plan, rule_id, app_id)` walks every event of the application known at `as_of` (each one a
trigger) and evaluates every condition of the rule on it with the reference evaluator, keeping the
fact value seen (`round >= 2: false (round = 1)`). For an event where all conditions held it says
what became of it: no action because the timing anchor is unknown (no decision date yet) or there
is nobody to write to (no recruiter), or the action(s) it produced with their status: cancelled by
which event (or by the move-on / follow-up limit), done by which event, or a window that lies
before or after the time of planning. The result is frozen data; `why_not_text` renders it and
`why_not_dict` is the same for tools.
"""

from __future__ import annotations

from typing import Any

import pendulum

from followup.actions import Action, address
from followup.dates.formatting import iso, when
from followup.engine.reference import ConditionResult, evaluate_rule
from followup.errors import InputError, did_you_mean
from followup.events import Application, Event
from followup.facts import ANCHORS, Trigger, derive_triggers
from followup.frozen import frozen
from followup.planner import Plan
from followup.policy.model import Policy, Rule

# outcomes of one trigger
NOT_A_TRIGGER = "not-a-trigger"
CONDITIONS_NOT_MET = "conditions-not-met"
NO_ANCHOR = "no-anchor"
NO_RECIPIENT = "no-recipient"
PRODUCED = "produced"
NOT_MATCHED = "not-matched"
FOLDED = "folded"


@frozen
class ActionFate:
    """What became of one action the rule produced: its status and the reason in words."""

    action: Action
    reason: str


@frozen
class TriggerCheck:
    trigger: Trigger
    conditions: tuple[ConditionResult, ...]
    outcome: str
    reason: str
    fates: tuple[ActionFate, ...] = ()

    @property
    def event(self) -> Event:
        return self.trigger.event

    @property
    def all_held(self) -> bool:
        return all(c.held for c in self.conditions)


@frozen
class WhyNot:
    rule: Rule
    policy: Policy
    application: Application
    as_of: pendulum.DateTime
    checks: tuple[TriggerCheck, ...]
    later_events: tuple[Event, ...]  # events after as_of: not known at the time of planning
    answer: str


def choose_application(plan: Plan, app_id: str | None) -> Application:
    apps = {a.id: a for a in plan.events.applications}
    if app_id is None:
        if len(apps) == 1:
            return next(iter(apps.values()))
        raise InputError(f"--why-not needs --application: one of {', '.join(apps)}")
    found = apps.get(app_id)
    if found is None:
        otherwise = f"; applications: {', '.join(apps)}"
        hint = did_you_mean(app_id, list(apps), n=3, cutoff=0.5, otherwise=otherwise)
        raise InputError(f"{plan.events.name}: no application {app_id!r}{hint}")
    return found


def choose_rule(policy: Policy, rule_id: str, app: Application) -> Rule:
    rule = policy.rule(rule_id)
    if rule is None:
        ids = [r.id for r in policy.rules]
        hint = did_you_mean(
            rule_id, ids, n=3, cutoff=0.5, otherwise=f"; its rules: {', '.join(ids)}"
        )
        raise InputError(
            f"policy {policy.name} ({policy.source}), which plans {app.id}, has no rule "
            f"{rule_id!r}{hint}"
        )
    return rule


def action_fate(action: Action, as_of: pendulum.DateTime) -> ActionFate:
    status = action.status
    if status == "cancelled":
        by = action.cancelled_by
        reason = f"cancelled by event {by.index}: {by.describe()}" if by else action.status_reason
    elif status == "done":
        done = action.done_by
        reason = f"done: event {done.index}: {done.describe()}" if done else action.status_reason
    elif status in ("lapsed", "dismissed"):
        reason = action.status_reason
    elif status == "upcoming":
        reason = (
            f"upcoming: its window opens {when(action.not_before)}, after the time of planning "
            f"({when(as_of)}); due by {when(action.due_by)}"
        )
    elif status == "overdue":
        reason = (
            f"overdue: its window closed {when(action.due_by)}, before the time of planning "
            f"({when(as_of)}); it opened {when(action.not_before)}"
        )
    else:
        reason = f"due now: window {when(action.not_before)} -> {when(action.due_by)}"
    return ActionFate(action, reason)


def _no_action_reason(rule: Rule, app: Application, trigger: Trigger) -> tuple[str, str]:
    if trigger.anchor(rule.timing.anchor) is None:
        anchor = rule.timing.anchor
        why = f"all conditions held, but the window is anchored at {anchor} and {ANCHORS[anchor]}"
        return NO_ANCHOR, why
    if not address(rule, app, trigger):
        if rule.action.to == "recruiter":
            who = (
                "the rule writes to the recruiter and the application names none (add `recruiter:`)"
            )
        else:
            who = f"nobody to address it to ({rule.action.to})"
        return NO_RECIPIENT, f"all conditions held, but {who}"
    return (
        NOT_MATCHED,
        "all conditions held, but the engine produced no action (please report this)",
    )


def _carries(action: Action, rule: Rule, position: int) -> bool:
    """`action`'s message takes in the rule's action for the trigger at `position` (itself or
    inside a message it carries)."""
    return any(
        (c.rule.id == rule.id and c.trigger.position == position) or _carries(c, rule, position)
        for c in action.carried
    )


def check_trigger(rule: Rule, app: Application, trigger: Trigger, plan: Plan) -> TriggerCheck:
    results = tuple(evaluate_rule(rule, trigger))
    event_results = [r for r in results if r.condition.fact == "event"]
    if event_results and not all(r.held for r in event_results):
        return TriggerCheck(trigger, results, NOT_A_TRIGGER, "not an event that starts this rule")
    failed = [r for r in results if not r.held]
    if failed:
        names = ", ".join(r.condition.describe() for r in failed)
        return TriggerCheck(trigger, results, CONDITIONS_NOT_MET, f"did not hold: {names}")
    same_event = [
        a
        for a in plan.actions
        if a.application.id == app.id and a.trigger.position == trigger.position
    ]
    actions = [a for a in same_event if a.rule.id == rule.id]
    if not actions:
        mine = [a for a in plan.actions if a.application.id == app.id]
        carrier = next((a for a in mine if _carries(a, rule, trigger.position)), None)
        if carrier is not None:
            why = (
                " for the same interview, not two (G9, G17)"
                if carrier.trigger.position == trigger.position
                else ", not two (G12)"
            )
            reason = (
                f"all conditions held; its message goes inside {carrier.id} [{carrier.status}]: "
                f"one message to the same person{why}"
            )
            return TriggerCheck(trigger, results, FOLDED, reason)
        outcome, reason = _no_action_reason(rule, app, trigger)
        return TriggerCheck(trigger, results, outcome, reason)
    fates = tuple(action_fate(a, plan.as_of) for a in actions)
    statuses = ", ".join(sorted({a.status for a in actions}))
    reason = f"all conditions held: {len(actions)} action(s), {statuses}"
    return TriggerCheck(trigger, results, PRODUCED, reason, fates)


def _answer(rule: Rule, checks: list[TriggerCheck], app: Application) -> str:
    produced = [f for c in checks for f in c.fates]
    if produced:
        open_ = [f for f in produced if f.action.is_open]
        if open_:
            parts = "; ".join(f"{f.action.id}: {f.reason}" for f in open_)
            return f"it did produce {len(open_)} open action(s): {parts}"
        parts = "; ".join(f"{f.action.id}: {f.reason}" for f in produced)
        return f"its action(s) are closed: {parts}"
    held = [c for c in checks if c.all_held]
    if held:
        return held[-1].reason
    triggering = [c for c in checks if c.outcome != NOT_A_TRIGGER]
    if not triggering:
        types = ", ".join(rule.triggers()) or "matching"
        return f"{app.id} has no {types} event by the time of planning"
    closest = min(triggering, key=lambda c: (sum(not r.held for r in c.conditions), -c.event.index))
    missed = "; ".join(r.describe() for r in closest.conditions if not r.held)
    return (
        f"no event met all of its conditions; closest: event {closest.event.index} "
        f"({closest.event.describe()}), where {missed}"
    )


def why_not(plan: Plan, rule_id: str, app_id: str | None) -> WhyNot:
    """Why `rule_id` gave no (open) action for an application; `InputError` on unknown ids."""
    app = choose_application(plan, app_id)
    policy = plan.assignments[app.id]
    rule = choose_rule(policy, rule_id, app)
    triggers = derive_triggers(app, plan.as_of)
    checks = [check_trigger(rule, app, t, plan) for t in triggers]
    later = tuple(e for e in app.events if e.at > plan.as_of)
    return WhyNot(rule, policy, app, plan.as_of, tuple(checks), later, _answer(rule, checks, app))


def why_not_text(result: WhyNot) -> str:
    rule = result.rule
    lines = [
        f"why not {rule.id} for {result.application.id}?",
        f"rule      {rule.id}  ({rule.loc}, policy {result.policy.name})",
    ]
    if rule.summary:
        lines.append(f"          {rule.summary}")
    lines += [
        f"as of     {when(result.as_of)} ({iso(result.as_of)})",
        f"answer    {result.answer}",
        "",
    ]
    for check in result.checks:
        event = check.event
        lines.append(f"event {event.index:<3} {event.describe()}  ({event.loc})")
        shown = check.conditions
        if check.outcome == NOT_A_TRIGGER:
            shown = tuple(c for c in check.conditions if c.condition.fact == "event")
        for result_ in shown:
            lines.append(f"  {result_.condition.loc}  {result_.describe()}")
        lines.append(f"  -> {check.reason}")
        for fate in check.fates:
            lines.append(f"     {fate.action.id}  [{fate.action.status}]  {fate.reason}")
    if not result.checks:
        lines.append("no event of the application has happened by the time of planning")
    for event in result.later_events:
        lines.append(
            f"later     event {event.index}: {event.describe()} is after the time of planning: "
            "not considered"
        )
    return "\n".join(lines) + "\n"


def why_not_dict(result: WhyNot) -> dict[str, Any]:
    """The same account for tools: every condition with its observed value."""

    def condition(c: ConditionResult) -> dict[str, Any]:
        return {
            "condition": c.condition.describe(),
            "fact": c.condition.fact,
            "op": c.condition.op,
            "expected": list(c.condition.value)
            if isinstance(c.condition.value, tuple)
            else c.condition.value,
            "seen": c.seen,
            "held": c.held,
            "source": c.condition.loc.short(),
        }

    return {
        "rule": result.rule.id,
        "rule_source": result.rule.source,
        "policy": result.policy.name,
        "application": result.application.id,
        "as_of": iso(result.as_of),
        "answer": result.answer,
        "events": [
            {
                "event": c.event.index,
                "type": c.event.type,
                "at": iso(c.event.at),
                "outcome": c.outcome,
                "reason": c.reason,
                "conditions": [condition(r) for r in c.conditions],
                "actions": [
                    {"id": f.action.id, "status": f.action.status, "reason": f.reason}
                    for f in c.fates
                ],
            }
            for c in result.checks
        ],
        "later_events": [e.index for e in result.later_events],
    }
