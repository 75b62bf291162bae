"""Compile policy conditions into durable_rules ruleset definitions (plain JSON data).

Each rule becomes one durable rule over a single flat trigger fact: `{"m": {"$and": [...]}}`.
Every ruleset also gets a catch-all rule that matches any trigger: durable crashes when a session
whose only fact matched nothing is deleted, so every fact must be handled.

What durable_rules is handed is fenced so that it never sees an input it cannot take:
- Only small integers reach it. Booleans are sent as 0/1 (its C engine mishandles JSON booleans);
  text and choice facts as their position in the policy's own sorted list of the values its
  conditions name (-1 for any other value), so no string of any size or hash reaches it; a number
  as the representative of its class among the constants its conditions name (`representative`),
  never past one beyond `limits.MAX_CONDITION_NUMBER` (durable reads integers as 64-bit: from
  2**63 they wrap).
- `one_of` becomes `$or` of its distinct values (one value: a plain equality).
- A large policy is split over several rulesets (`network.split_rules`), each within durable's
  per-node limits.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from followup.facts import FACTS
from followup.limits import MAX_CONDITION_NUMBER
from followup.policy.model import Condition, Policy

CATCH_ALL = "$trigger"
"""The rule that matches every trigger fact; never a policy rule id (those are kebab-case)."""

CATCH_ALL_TERM: dict[str, Any] = {"$gte": {"_position": 0}}

_COMPARISONS = {"at_least": "$gte", "at_most": "$lte", "more_than": "$gt", "less_than": "$lt"}

UNKNOWN_CODE = -1
"""How a text or choice value that no condition of the policy names is sent."""


def referenced_facts(policy: Policy) -> tuple[str, ...]:
    """The facts a policy's conditions read: the only ones worth sending to the engine."""
    return tuple(sorted({c.fact for rule in policy.rules for c in rule.conditions}))


def starting_events(policy: Policy) -> frozenset[str] | None:
    """The `event` facts a rule of the policy can start on (None: any, when a rule names none):
    a trigger of another event matches no rule, only the catch-all."""
    found: set[str] = set()
    for rule in policy.rules:
        events = rule.triggers()
        if not events:
            return None
        found.update(events)
    return frozenset(found)


def _is_coded(fact: str) -> bool:
    spec = FACTS.get(fact)
    return spec is not None and spec.type in ("choice", "text")


def vocabularies(policy: Policy) -> dict[str, dict[str, int]]:
    """For each text or choice fact the policy reads: each value its conditions name -> code."""
    named: dict[str, set[str]] = {}
    for rule in policy.rules:
        for cond in rule.conditions:
            if _is_coded(cond.fact):
                values = cond.value if cond.op == "one_of" else (cond.value,)
                named.setdefault(cond.fact, set()).update(str(v) for v in values)
    return {fact: {v: i for i, v in enumerate(sorted(vals))} for fact, vals in named.items()}


def _value(fact: str, value: Any, codes: dict[str, dict[str, int]]) -> int:
    """How a condition's constant is sent (validation keeps numbers within the limit)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        if abs(value) > MAX_CONDITION_NUMBER:  # pragma: no cover - refused by validation
            raise ValueError(f"{fact}: {value} is beyond the engine's range")
        return value
    return codes[fact][str(value)]


def _term(cond: Condition, codes: dict[str, dict[str, int]]) -> dict[str, Any]:
    """A condition as a durable term, with the policy's vocabularies (`codes`)."""
    if cond.op == "one_of":
        values = list(dict.fromkeys(_value(cond.fact, v, codes) for v in cond.value))
        if len(values) == 1:
            return {cond.fact: values[0]}
        return {"$or": [{cond.fact: v} for v in values]}
    test = {cond.fact: _value(cond.fact, cond.value, codes)}
    if cond.op == "is":
        return test
    return {"$neq": test} if cond.op == "not" else {_COMPARISONS[cond.op]: test}


def definition(terms_by_rule: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """A durable ruleset definition: the catch-all, then rule id -> {"all": [{"m": ...}]}."""
    out: dict[str, dict[str, Any]] = {CATCH_ALL: {"all": [{"m": CATCH_ALL_TERM}]}}
    for rule_id, terms in terms_by_rule.items():
        out[rule_id] = {"all": [{"m": {"$and": terms}}]}
    return out


def compile_rulesets(policy: Policy) -> list[dict[str, dict[str, Any]]]:
    """The policy's durable_rules definitions, split so that each is within durable's limits."""
    from followup.engine.network import split_rules

    codes = vocabularies(policy)
    terms = {rule.id: [_term(c, codes) for c in rule.conditions] for rule in policy.rules}
    return [definition({rule_id: terms[rule_id] for rule_id in ids}) for ids in split_rules(terms)]


class FactEncoder:
    """Turns a trigger's facts into the fact durable_rules sees: only the facts the policy reads,
    as small integers (see the module's docstring), written as the members of a JSON object
    (`"round": 2, "has_recruiter": 1`): every value is an integer, and writing them directly
    costs less than a dict and `json.dumps` of it (the same text). Built once per policy (it is
    on the hot path). `events`: the `event` facts worth sending at all (see `starting_events`;
    about a quarter of the synthetic triggers start no rule).

    A whole number is sent as the representative of its class: the numbers between two
    constants the policy's conditions compare that fact with (or beyond the last) all hold or
    fail every one of those conditions alike, so each class is sent as one number (a constant
    itself, or one past the constant below it, or one below the smallest). Two triggers that
    differ only within classes are then the same text, and the engine's verdict on a text can be
    reused (durable_engine keeps it); it also keeps every number within the engine's range."""

    __slots__ = ("_booleans", "_classes", "_coded", "_numbers", "_read", "events", "names")

    def __init__(self, policy: Policy) -> None:
        self.names = referenced_facts(policy)
        self.events = starting_events(policy)
        types = {n: FACTS[n].type for n in self.names if n in FACTS}
        self._booleans = tuple((n, _key(n)) for n in self.names if types.get(n) == "bool")
        bounds = _constants(policy)
        self._numbers = tuple(
            (n, _key(n), bounds.get(n, ())) for n in self.names if types.get(n) == "int"
        )
        codes = vocabularies(policy)
        self._coded = tuple((n, _key(n), codes.get(n, {})) for n in self.names if _is_coded(n))
        read = [n for n, _ in self._booleans] + [n for n, _, _ in self._coded]
        self._read = _getter(read)
        self._classes = tuple((n, c, _near(c)) for n, _, c in self._numbers)

    def key(self, facts: dict[str, Any]) -> tuple[Any, ...]:
        """What decides the text (`__call__`) of `facts`, made without writing it: the
        booleans and coded facts as they are, each number as its class's representative.
        Triggers of equal keys have equal texts (two keys may share one: two values no
        condition names are both sent as UNKNOWN_CODE), so the engine's verdict is kept by key
        and a text is written only for a key not seen yet (7,209 triggers of the synthetic
        plan, about 860 keys)."""
        found = self._read(facts)
        for name, constants, known in self._classes:
            number = facts[name]
            sent = known.get(number)
            if sent is None:
                sent = representative(number, constants)
            found += (sent,)
        return found

    def __call__(self, facts: dict[str, Any]) -> str:
        members = [f"{key}{int(facts[name])}" for name, key in self._booleans]
        for name, key, constants in self._numbers:
            members.append(f"{key}{representative(facts[name], constants)}")
        for name, key, codes in self._coded:
            members.append(f"{key}{codes.get(facts[name], UNKNOWN_CODE)}")
        return ", ".join(members)


def _getter(names: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of `names` in a dict, as a tuple, by one C call (`itemgetter` of one name
    gives the value alone)."""
    if len(names) > 1:
        return itemgetter(*names)
    if names:
        one = names[0]
        return lambda facts: (facts[one],)
    return lambda facts: ()


def _near(constants: tuple[int, ...]) -> dict[int, int]:
    """`representative` of each constant and the numbers either side of it, the numbers a
    trigger mostly holds (a count of follow-ups, a round): looked up, not searched for."""
    near = {n for c in constants for n in (c - 1, c, c + 1)}
    return {n: representative(n, constants) for n in sorted(near)}


def _constants(policy: Policy) -> dict[str, tuple[int, ...]]:
    """For each number fact: the sorted whole numbers its conditions compare it with."""
    found: dict[str, set[int]] = {}
    for rule in policy.rules:
        for cond in rule.conditions:
            values = cond.value if cond.op == "one_of" else (cond.value,)
            whole = {v for v in values if type(v) is int}
            found.setdefault(cond.fact, set()).update(whole)
    return {fact: tuple(sorted(values)) for fact, values in found.items()}


def representative(number: int, constants: tuple[int, ...]) -> int:
    """The number that stands for `number`'s class among `constants` (see `FactEncoder`):
    every comparison with one of the constants gives the same answer for both."""
    at = bisect_left(constants, number)
    if at < len(constants) and constants[at] == number:
        return number
    if at:
        return constants[at - 1] + 1
    return constants[0] - 1 if constants else 0


def _key(name: str) -> str:
    """`"name": `, as `json.dumps` writes a key and its separator."""
    return json.dumps(name) + ": "
