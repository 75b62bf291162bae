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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any

from followup.facts import DAY_COUNTS, FACT_AT, FACTS, NO_COUNT, DayCounts
from followup.limits import MAX_CONDITION_NUMBER
from followup.policy.model import Condition, Policy, Rule

CATCH_ALL = "$trigger"
"""The rule that matches every trigger fact; never a policy rule id (those are kebab-case)."""

CATCH_ALL_TERM: dict[str, Any] = {"$gte": {"_position": 0}}

_COMPARISONS = {"at_least": "$gte", "at_most": "$lte", "more_than": "$gt", "less_than": "$lt"}

UNKNOWN_CODE = -1
"""How a text or choice value that no condition of the policy names is sent."""


def no_action(_closure: Any) -> None:
    """Every rule's action for durable_rules, which does nothing: matches are read from the
    engine's queue instead. Kept in this plain-Python module, as durable reads the function's
    `__code__` (a compiled function has none)."""


def referenced_facts(policy: Policy) -> tuple[str, ...]:
    """The facts a policy's conditions read: the only ones worth sending to the engine."""
    return tuple(sorted({c.fact for rule in policy.rules for c in rule.conditions}))


def starts_on(rule: Rule, event: str) -> bool:
    """Whether a trigger of `event` passes the rule's conditions on `event`: else the rule
    cannot fire on it, whatever its other facts."""
    seen = {"event": event}
    return all(c.holds(seen) for c in rule.conditions if c.fact == "event")


def counts_read(policy: Policy) -> dict[str, DayCounts]:
    """For each `event` fact, which day counts (`facts.DAY_COUNTS`) the policy's rules that
    start on it read: what `derive_triggers` counts for matching (the keys read no other; the
    rest is counted when asked). Remembered by the policy object (held, so its id is not
    reused): the planner asks for every application."""
    held = _counts.get(id(policy))
    if held is not None and held[0] is policy:
        return held[1]
    found: dict[str, DayCounts] = {}
    for event in FACTS["event"].choices:
        read = {c.fact for rule in policy.rules if starts_on(rule, event) for c in rule.conditions}
        wanted = tuple(name in read for name in DAY_COUNTS)
        found[event] = wanted if any(wanted) else NO_COUNT
    if len(_counts) >= 64:
        _counts.clear()  # policies read anew would otherwise each stay alive
    _counts[id(policy)] = (policy, found)
    return found


_counts: dict[int, tuple[Policy, dict[str, DayCounts]]] = {}


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

KeyOf = Callable[[tuple[Any, ...]], Key]
"""The key of a trigger of one event, from its `values` (`event_key`)."""

Read = Callable[[tuple[Any, ...]], tuple[Any, ...]]
"""The facts the rules that start on one event read, as they are (`reader`)."""


class FactEncoder:
    """Turns a trigger's facts into the fact durable_rules sees: only the facts the policy reads,
    as small integers (see the module's docstring), written as the members of a JSON object
    (`"round": 2, "has_recruiter": 1`): every value is an integer, and writing them directly
    costs less than a dict and `json.dumps` of it (the same text). Built once per policy (it is
    on the hot path).

    `key` says what decides the engine's verdict on a trigger, so that it is asked once per key
    (durable_engine keeps the verdicts): see `event_key`."""

    __slots__ = ("_booleans", "_coded", "_numbers", "_rules", "keys", "names", "readers")

    def __init__(self, policy: Policy) -> None:
        self.names = referenced_facts(policy)
        types = {n: FACTS[n].type for n in self.names if n in FACTS}
        at = FACT_AT
        self._booleans = tuple((at[n], _key(n)) for n in self.names if types.get(n) == "bool")
        bounds = _constants(policy.rules)
        self._numbers = tuple(
            (at[n], _key(n), bounds.get(n, ())) for n in self.names if types.get(n) == "int"
        )
        codes = vocabularies(policy)
        self._coded = tuple((at[n], _key(n), codes.get(n, {})) for n in self.names if _is_coded(n))
        self._rules = policy.rules
        self.keys: dict[Any, KeyOf | None] = {}
        """Each event's `event_key`, made when first asked (`key_of`)."""
        self.readers: dict[Any, tuple[Read, KeyOf] | None] = {}
        """Each event's `reader` and `event_key`, made when first asked (`reader_of`): read
        directly by durable_engine's loop."""

    def key_of(self, event: Any) -> KeyOf | None:
        """The key of `event`'s triggers (`event_key`), kept in `keys`."""
        found = self.keys[event] = event_key(event, self._rules)
        return found

    def reader_of(self, event: Any) -> tuple[Read, KeyOf] | None:
        """What of `event`'s triggers the rules that start on it read (`reader`), and their
        key, kept in `readers`; None when no rule starts on it."""
        key = self.keys[event] if event in self.keys else self.key_of(event)
        found = self.readers[event] = None if key is None else (reader(event, self._rules), key)
        return found

    def key(self, values: tuple[Any, ...]) -> Key | None:
        """What decides the engine's verdict on a trigger's facts (its `values`, in
        `FACT_NAMES` order): two triggers of one key fire the same rules (see `event_key`).
        None: no rule of the policy starts on the trigger's event, so none can fire and it need
        not be sent. Over a quarter of the synthetic plan's triggers start no rule; the other
        7,209 are 163 keys."""
        event = values[0]  # the `event` fact
        try:
            of = self.keys[event]
        except KeyError:
            of = self.key_of(event)
        return None if of is None else of(values)

    def __call__(self, values: tuple[Any, ...]) -> str:
        """The members of the fact sent for a trigger's `values` (in `FACT_NAMES` order)."""
        members = [f"{key}{int(values[at])}" for at, key in self._booleans]
        for at, key, constants in self._numbers:
            members.append(f"{key}{representative(values[at], constants)}")
        for at, key, codes in self._coded:
            members.append(f"{key}{codes.get(values[at], UNKNOWN_CODE)}")
        return ", ".join(members)


def event_key(event: Any, rules: Iterable[Rule]) -> KeyOf | None:
    """The key of the triggers of one event, or None when no rule starts on it (`starts_on`):
    the event, then each fact the rules that start on it read, exactly as far as their
    conditions can tell values apart:
    - a boolean as it is (and any fact of no known type);
    - a text or choice as its code among the values those rules' conditions name
      (UNKNOWN_CODE for any other: no condition tells two of those apart);
    - a whole number as its class among the constants those rules' conditions compare it
      with (see `number_bounds`).
    A rule that does not start on the event fails its `event` condition on every trigger of it,
    and every condition of one that does comes out the same for two triggers of one key: so the
    rules that fire are the same, and the engine's verdict on one is the verdict on the other
    (tests/engine checks it for the built-ins and for random policies).

    An event whose rules read only booleans (most of them) is keyed by one `itemgetter` call,
    no Python frame; the others by a closure over what they read. The class `_EventKey` that
    did the same read its facts by name and asked `representative` of numbers: 8.8 k
    instructions a key of an interview, 3.7 k of a response; now 5.8 k and 0.7 k."""
    starting = [rule for rule in rules if starts_on(rule, event)]
    if not starting:
        return None
    names = sorted({c.fact for rule in starting for c in rule.conditions} - {"event"})
    types = {n: FACTS[n].type if n in FACTS else "" for n in names}
    codes = _vocabularies(starting)
    constants = _constants(starting)
    at = FACT_AT  # a trigger's facts are read by position (`Trigger.values`)
    read = _getter(
        [at["event"], *(at[n] for n in names if types[n] not in ("choice", "text", "int"))]
    )
    coded = tuple((at[n], codes.get(n, {})) for n in names if types[n] in ("choice", "text"))
    numbers = tuple(
        (at[n], number_bounds(constants.get(n, ()))) for n in names if types[n] == "int"
    )
    if not coded and not numbers:
        return read

    def key(values: tuple[Any, ...]) -> Key:
        found: Key = read(values)
        for position, known in coded:
            found += (known.get(values[position], UNKNOWN_CODE),)
        for position, bounds in numbers:
            found += (bisect_right(bounds, values[position]),)
        return found

    return key


def reader(event: Any, rules: Iterable[Rule]) -> Read:
    """The event of a trigger of `event` and every fact the rules that start on it read, as
    they are, by one `itemgetter` call: two triggers that read the same have one key (the key
    reads those facts and no other), so one verdict. Finer than the key (the synthetic plan's
    7,209 facts that start a rule read 976 ways, of 163 keys), it is asked first because it
    costs less: about 1.3 k instructions against up to 5.8 k for the key of an interview."""
    starting = [rule for rule in rules if starts_on(rule, event)]
    names = sorted({c.fact for rule in starting for c in rule.conditions} - {"event"})
    return _getter([FACT_AT["event"], *(FACT_AT[n] for n in names)])


def _getter(positions: list[int]) -> KeyOf:
    """The values at `positions` of a trigger's `values`, as a tuple, by one C call: one
    position is read as a slice of one (`itemgetter` of one position gives the value alone)."""
    if len(positions) > 1:
        return itemgetter(*positions)
    one = positions[0]
    return itemgetter(slice(one, one + 1))


def number_bounds(constants: tuple[int, ...]) -> tuple[int, ...]:
    """The sorted bounds of the classes of whole numbers that the `constants` (sorted) tell
    apart: each constant and the number after it. `bisect_right(bounds, n)` is `n`'s class:
    below the first constant, each constant, each run of numbers between two of them, above
    the last; every comparison with a constant (`is`, `not`, `one_of`, `at_least`, `at_most`,
    `more_than`, `less_than`) gives one answer for all the numbers of a class, and two classes
    differ in some comparison (a test checks them against `representative`)."""
    return tuple(sorted({n for c in constants for n in (c, c + 1)}))


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
    """The number that stands for `number`'s class among `constants` (see `number_bounds`):
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
