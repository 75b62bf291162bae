"""A plain-Python evaluator of the same policy conditions: the oracle for tests and benchmarks.

It never touches durable_rules. `evaluate_rule` reports every condition's outcome with the fact
value it saw, which is what why-not explanations print.
"""

from __future__ import annotations

from typing import Any

from followup.facts import Trigger
from followup.frozen import frozen
from followup.policy.model import Condition, Policy, Rule, show_value


@frozen
class ConditionResult:
    """A rule's condition tested against an event's facts: whether it held, the value seen."""

    condition: Condition
    held: bool
    seen: Any

    def describe(self) -> str:
        held, seen = show_value(self.held), show_value(self.seen)
        return f"{self.condition.describe()}: {held} ({self.condition.fact} = {seen})"


def evaluate_rule(rule: Rule, trigger: Trigger) -> list[ConditionResult]:
    """Every condition of the rule on one trigger, none skipped."""
    facts = trigger.facts  # made when asked: once
    return [ConditionResult(c, c.holds(facts), facts.get(c.fact)) for c in rule.conditions]


def match_rules_reference(policy: Policy, triggers: list[Trigger]) -> list[tuple[str, int]]:
    return [
        (rule.id, trigger.position)
        for trigger, facts in ((t, t.facts) for t in triggers)
        for rule in policy.rules
        if all(c.holds(facts) for c in rule.conditions)
    ]
