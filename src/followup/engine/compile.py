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
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any

from followup.facts import FACTS
from followup.limits import MAX_CONDITION_NUMBER
from followup.policy.model import Condition, Policy, Rule

CATCH_ALL = "$trigger"
"""The rule that matches every trigger fact; never a policy rule id (those are kebab-case)."""

CATCH_ALL_TERM: dict[str, Any] = {"$gte": {"_position": 0}}

_COMPARISONS = {"at_least": "$gte", "at_most": "$lte", "more_than": "$gt", "less_than": "$lt"}

UNKNOWN_CODE = -1
"""How a text or choice value that no condition of the policy names is sent."""


def referenced_facts(policy: Policy) -> tuple[str, ...]:
    """The facts a policy's conditions read: the only ones worth sending to the engine."""
    return tuple(sorted({c.fact for rule in policy.rules for c in rule.conditions}))


def starts_on(rule: Rule, event: str) -> bool:
    """Whether a trigger of `event` passes the rule's conditions on `event`: else the rule
    cannot fire on it, whatever its other facts."""
    seen = {"event": event}
    return all(c.holds(seen) for c in rule.conditions if c.fact == "event")


def _is_coded(fact: str) -> bool:
    spec = FACTS.get(fact)
    return spec is not None and spec.type in ("choice", "text")


def vocabularies(policy: Policy) -> dict[str, dict[str, int]]:
    """For each text or choice fact the policy reads: each value its conditions name -> code."""
    return _vocabularies(policy.rules)


def _vocabularies(rules: Iterable[Rule]) -> dict[str, dict[str, int]]:
    named: dict[str, set[str]] = {}
    for rule in rules:
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


Key = tuple[Any, ...]
"""What decides the engine's verdict on a trigger (`FactEncoder.key`)."""


class FactEncoder:
    """Turns a trigger's facts into the fact durable_rules sees: only the facts the policy reads,
    as small integers (see the module's docstring), written as the members of a JSON object
    (`"round": 2, "has_recruiter": 1`): every value is an integer, and writing them directly
    costs less than a dict and `json.dumps` of it (the same text). Built once per policy (it is
    on the hot path).

    `key` says what decides the engine's verdict on a trigger, so that it is asked once per key
    (durable_engine keeps the verdicts): see `_EventKey`."""

    __slots__ = ("_booleans", "_coded", "_keys", "_numbers", "_rules", "names")

    def __init__(self, policy: Policy) -> None:
        self.names = referenced_facts(policy)
        types = {n: FACTS[n].type for n in self.names if n in FACTS}
        self._booleans = tuple((n, _key(n)) for n in self.names if types.get(n) == "bool")
        bounds = _constants(policy.rules)
        self._numbers = tuple(
            (n, _key(n), bounds.get(n, ())) for n in self.names if types.get(n) == "int"
        )
        codes = vocabularies(policy)
        self._coded = tuple((n, _key(n), codes.get(n, {})) for n in self.names if _is_coded(n))
        self._rules = policy.rules
        self._keys: dict[Any, _EventKey | None] = {}  # event -> its key, made when first seen

    def key(self, facts: dict[str, Any]) -> Key | None:
        """What decides the engine's verdict on `facts`: two triggers of one key fire the same
        rules (see `_EventKey`). None: no rule of the policy starts on the trigger's event,
        so none can fire and it need not be sent. Over a quarter of the synthetic plan's triggers
        start no rule; the other 7,209 are 163 keys."""
        event = facts["event"]
        try:
            of = self._keys[event]
        except KeyError:
            of = self._keys[event] = _EventKey.of(event, self._rules)
        return None if of is None else of(facts)

    def __call__(self, facts: dict[str, Any]) -> str:
        members = [f"{key}{int(facts[name])}" for name, key in self._booleans]
        for name, key, constants in self._numbers:
            members.append(f"{key}{representative(facts[name], constants)}")
        for name, key, codes in self._coded:
            members.append(f"{key}{codes.get(facts[name], UNKNOWN_CODE)}")
        return ", ".join(members)


class _EventKey:
    """The key of the triggers of one event: the event, then each fact the rules that start
    on it (`starts_on`) read, exactly as far as their conditions can tell values apart:
    - a boolean as it is (and any fact of no known type);
    - a text or choice as its code among the values those rules' conditions name
      (UNKNOWN_CODE for any other: no condition tells two of those apart);
    - a whole number as the representative of its class among the constants those rules'
      conditions compare it with (see `representative`).
    A rule that does not start on the event fails its `event` condition on every trigger of it,
    and every condition of one that does comes out the same for two triggers of one key: so the
    rules that fire are the same, and the engine's verdict on one is the verdict on the other
    (tests/engine checks it for the built-ins and for random policies)."""

    __slots__ = ("_coded", "_numbers", "_read")

    def __init__(
        self,
        read: list[str],
        coded: list[tuple[str, dict[str, int]]],
        numbers: list[tuple[str, tuple[int, ...]]],
    ) -> None:
        self._read = _getter(["event", *read])
        self._coded = tuple(coded)
        self._numbers = tuple((name, constants, _near(constants)) for name, constants in numbers)

    @classmethod
    def of(cls, event: Any, rules: Iterable[Rule]) -> _EventKey | None:
        """The key of `event`'s triggers, or None when no rule starts on it."""
        starting = [rule for rule in rules if starts_on(rule, event)]
        if not starting:
            return None
        names = sorted({c.fact for rule in starting for c in rule.conditions} - {"event"})
        types = {n: FACTS[n].type if n in FACTS else "" for n in names}
        codes = _vocabularies(starting)
        bounds = _constants(starting)
        return cls(
            [n for n in names if types[n] not in ("choice", "text", "int")],
            [(n, codes.get(n, {})) for n in names if types[n] in ("choice", "text")],
            [(n, bounds.get(n, ())) for n in names if types[n] == "int"],
        )

    def __call__(self, facts: dict[str, Any]) -> Key:
        found: Key = self._read(facts)
        for name, codes in self._coded:
            found += (codes.get(facts[name], UNKNOWN_CODE),)
        for name, constants, near in self._numbers:
            number = facts[name]
            sent = near.get(number)
            if sent is None:
                sent = representative(number, constants)
            found += (sent,)
        return found


def _getter(names: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of `names` in a dict, as a tuple, by one C call (`itemgetter` of one name
    gives the value alone)."""
    if len(names) > 1:
        return itemgetter(*names)
    one = names[0]
    return lambda facts: (facts[one],)


def _near(constants: tuple[int, ...]) -> dict[int, int]:
    """`representative` of each constant and the numbers either side of it, the numbers a
    trigger mostly holds (a count of follow-ups, a round): looked up, not searched for."""
    near = {n for c in constants for n in (c - 1, c, c + 1)}
    return {n: representative(n, constants) for n in sorted(near)}


def _constants(rules: Iterable[Rule]) -> dict[str, tuple[int, ...]]:
    """For each number fact: the sorted whole numbers the rules' conditions compare it with."""
    found: dict[str, set[int]] = {}
    for rule in rules:
        for cond in rule.conditions:
            values = cond.value if cond.op == "one_of" else (cond.value,)
            whole = {v for v in values if type(v) is int}
            found.setdefault(cond.fact, set()).update(whole)
    return {fact: tuple(sorted(values)) for fact, values in found.items()}


def representative(number: int, constants: tuple[int, ...]) -> int:
    """The number that stands for `number`'s class among `constants` (see `_EventKey`):
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
