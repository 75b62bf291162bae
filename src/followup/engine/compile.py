"""Compile policy conditions into durable_rules ruleset definitions (plain JSON data).

Each rule becomes one durable rule over a single flat trigger fact: `{"m": {"$and": [...]}}`.
Booleans are sent as 0/1 (durable's C engine mishandles JSON booleans), `one_of` becomes `$or`.
Every ruleset also gets a catch-all rule that matches any trigger: durable crashes when a session
whose only fact matched nothing is deleted, so every fact must be handled.
"""

from __future__ import annotations

from typing import Any

from followup.facts import FACTS
from followup.policy.model import Condition, Policy

CATCH_ALL = "$trigger"
"""The rule that matches every trigger fact; never a policy rule id (those are kebab-case)."""

_COMPARISONS = {"at_least": "$gte", "at_most": "$lte", "more_than": "$gt", "less_than": "$lt"}


def engine_value(value: Any) -> Any:
    """How a fact value is sent to durable_rules."""
    if isinstance(value, bool):
        return int(value)
    return value


def compile_condition(cond: Condition) -> dict[str, Any]:
    if cond.op == "is":
        return {cond.fact: engine_value(cond.value)}
    if cond.op == "not":
        return {"$neq": {cond.fact: engine_value(cond.value)}}
    if cond.op == "one_of":
        return {"$or": [{cond.fact: engine_value(v)} for v in cond.value]}
    return {_COMPARISONS[cond.op]: {cond.fact: engine_value(cond.value)}}


def compile_policy(policy: Policy) -> dict[str, dict[str, Any]]:
    """The durable_rules definition of a policy: rule id -> {"all": [{"m": expression}]}."""
    definition: dict[str, dict[str, Any]] = {
        CATCH_ALL: {"all": [{"m": {"$gte": {"_position": 0}}}]},
    }
    for rule in policy.rules:
        terms = [compile_condition(c) for c in rule.conditions]
        definition[rule.id] = {"all": [{"m": {"$and": terms}}]}
    return definition


def referenced_facts(policy: Policy) -> tuple[str, ...]:
    """The facts a policy's conditions read: the only ones worth sending to the engine."""
    return tuple(sorted({c.fact for rule in policy.rules for c in rule.conditions}))


class FactEncoder:
    """Turns a trigger's facts into the fact durable_rules sees: only the facts the policy reads,
    booleans as 0/1, and the trigger's position. Built once per policy (it is on the hot path)."""

    __slots__ = ("_booleans", "names")

    def __init__(self, policy: Policy) -> None:
        self.names = referenced_facts(policy)
        self._booleans = tuple(n for n in self.names if n in FACTS and FACTS[n].type == "bool")

    def __call__(self, facts: dict[str, Any], position: int) -> dict[str, Any]:
        fact = {name: facts[name] for name in self.names}
        for name in self._booleans:
            fact[name] = int(fact[name])
        fact["_position"] = position
        return fact
