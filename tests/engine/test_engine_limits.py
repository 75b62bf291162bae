"""durable_rules is never handed a policy or a fact it cannot take (issue 11, item 2).

256 rules with the same conditions crashed `plan` (exit 139), 257 raised durable's error 108,
more distinct conditions under one node hung it, and numbers from 2**63 made it disagree with the
reference evaluator. Policies past the documented limits are refused by `validate`; everything
within them is split over rulesets and matched exactly like the reference.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup.engine.compile import FactEncoder, compile_rulesets
from followup.engine.durable_engine import match_rules_durable
from followup.engine.reference import match_rules_reference
from followup.events import EVENT_TYPES, FORMATS, load_events
from followup.facts import FACTS, Trigger, values_of
from followup.limits import (
    MAX_CONDITION_NUMBER,
    MAX_EXTENDS_DEPTH,
    MAX_ONE_OF,
    MAX_ONE_OF_CONDITIONS,
    MAX_RULES,
)
from followup.policy import Policy, load_policy
from followup.policy.load import check_policy_file
from paths import ROOT

EXAMPLE = ROOT / "examples" / "tech-panel.yaml"
HUGE = (2**63, 2**64 + 5, -(2**63) - 1, 10**30, MAX_CONDITION_NUMBER + 1, -MAX_CONDITION_NUMBER)


def _rule(rule_id: str, when: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rule_id,
        "when": when,
        "action": {"kind": "thank_you", "to": "each_interviewer"},
        "timing": {"anchor": "trigger", "not_before": "0h", "due_by": "1d"},
        "because": "test",
    }


def _write(folder: Path, rules: list[dict[str, Any]], name: str = "big") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(json.dumps({"policy": name, "industries": ["technology"], "rules": rules}))
    return path


def _codes(path: Path) -> list[str]:
    return [p.code for p in check_policy_file(path).problems]


_EVENT = load_events(EXAMPLE).applications[0].events[0]
"""A trigger's event: matching reads only its values (a real one, as compiled code checks)."""


def _trigger(position: int, facts: dict[str, Any]) -> Trigger:
    return Trigger(position, _EVENT, values_of(facts), None, None, None, None, None)


def test_256_rules_with_the_same_conditions_plan_without_crashing(tmp_path: Path) -> None:
    # The reproducer: run in a child process, as a segmentation fault would end the suite.
    path = _write(tmp_path, [_rule(f"r-{n}", {"event": "interview"}) for n in range(256)])
    command = ["plan", str(EXAMPLE), "--policy", str(path), "--as-of", "2026-10-07T09:00"]
    result = subprocess.run(
        [sys.executable, "-m", "followup", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert "r-255" in result.stdout


def test_too_many_rules_for_one_ruleset_are_split_and_match_like_the_reference(
    tmp_path: Path,
) -> None:
    same = [_rule(f"s-{n}", {"event": "interview"}) for n in range(300)]
    # 600 different conditions under one node: durable's table of 512 made it loop forever.
    spread = [_rule(f"d-{n}", {"event": "interview", "round": n}) for n in range(600)]
    policy = load_policy(_write(tmp_path, same + spread))
    assert len(compile_rulesets(policy)) > 1
    facts = dict.fromkeys(FACTS, 0) | {"event": "interview", "format": "none", "industry": ""}
    triggers = [_trigger(i, facts | {"round": i}) for i in range(3)]
    durable = sorted(match_rules_durable(policy, triggers))
    assert durable == sorted(match_rules_reference(policy, triggers))
    assert len(durable) == 3 * 300 + 3


def test_policies_past_the_limits_are_refused_by_validate(tmp_path: Path) -> None:
    too_many = [_rule(f"r-{n}", {"event": "interview"}) for n in range(MAX_RULES + 1)]
    assert _codes(_write(tmp_path, too_many, "many")) == ["too-many-rules"]
    long_list = [_rule("r", {"event": "interview", "round": list(range(MAX_ONE_OF + 1))})]
    assert _codes(_write(tmp_path, long_list, "long")) == ["too-many-values"]
    wide = [_rule("r", _lists(MAX_ONE_OF_CONDITIONS + 1))]
    assert _codes(_write(tmp_path, wide, "wide")) == ["too-many-conditions"]
    for number in (2**63, -(2**63), MAX_CONDITION_NUMBER + 1):
        huge = [_rule("r", {"event": "interview", "round": {"at_least": number}})]
        assert _codes(_write(tmp_path, huge, "huge")) == ["out-of-range"]


def _lists(count: int) -> dict[str, list[Any]]:
    """`count` conditions written as lists of two values or more."""
    lists: dict[str, list[Any]] = {"event": ["interview", "rejected"], "format": ["none", "panel"]}
    lists["industry"] = ["technology", "finance"]
    lists |= {name: [0, 1] for name, spec in FACTS.items() if spec.type == "int"}
    lists |= {name: [True, False] for name, spec in FACTS.items() if spec.type == "bool"}
    assert len(lists) >= count
    return dict(list(lists.items())[:count])


def test_a_policy_at_the_limits_validates_and_runs(tmp_path: Path) -> None:
    lists = _lists(MAX_ONE_OF_CONDITIONS) | {"round": list(range(MAX_ONE_OF))}
    rules = [
        _rule(f"r-{n}", lists | {"days_since_event": n % 3 + MAX_CONDITION_NUMBER - 2})
        for n in range(MAX_RULES)
    ]
    policy = load_policy(_write(tmp_path, rules))
    facts = {"event": "interview", "format": "none", "industry": "technology"}
    facts |= {name: 1 for name, spec in FACTS.items() if spec.type in ("int", "bool")}
    triggers = [_trigger(0, facts | {"days_since_event": MAX_CONDITION_NUMBER})]
    durable = sorted(match_rules_durable(policy, triggers))
    assert durable == sorted(match_rules_reference(policy, triggers))
    assert len(durable) == MAX_RULES // 3


def test_an_extends_chain_past_the_limit_is_refused_not_a_recursion_error(
    tmp_path: Path,
) -> None:
    rules = [_rule("r", {"event": "interview"})]
    _write(tmp_path, rules, "p0")
    for n in range(1, 500):
        (tmp_path / f"p{n}.yaml").write_text(f"policy: p{n}\nextends: ./p{n - 1}.yaml\n")
    problems = check_policy_file(tmp_path / "p499.yaml").problems
    assert [p.code for p in problems] == ["extends-too-deep"]
    assert "p499.yaml" in problems[0].render()
    assert check_policy_file(tmp_path / f"p{MAX_EXTENDS_DEPTH - 1}.yaml").policy is not None


def test_huge_numbers_and_long_text_compare_like_the_reference(tmp_path: Path) -> None:
    rules = [
        _rule("big", {"event": "interview", "round": {"at_least": MAX_CONDITION_NUMBER}}),
        _rule("small", {"event": "interview", "round": {"less_than": -MAX_CONDITION_NUMBER}}),
        _rule("equal", {"event": "interview", "round": MAX_CONDITION_NUMBER}),
        _rule("not-equal", {"event": "interview", "round": {"not": -MAX_CONDITION_NUMBER}}),
        _rule("text", {"event": "interview", "industry": "technology"}),
        _rule("other-text", {"event": "interview", "industry": {"not": "technology"}}),
    ]
    policy = load_policy(_write(tmp_path, rules))
    base = dict.fromkeys(FACTS, 0) | {"event": "interview", "format": "none"}
    long_text = "t" * (16 * 2**20 + 1)  # over durable's 16 MiB per property
    triggers = [
        _trigger(i, base | {"round": n, "industry": text})
        for i, (n, text) in enumerate(
            (n, text) for n in (*HUGE, 5) for text in ("technology", long_text, "")
        )
    ]
    assert sorted(match_rules_durable(policy, triggers)) == sorted(
        match_rules_reference(policy, triggers)
    )


# -- random policies, sizes up to the limit, through both engines -------------------------------

_NUMBERS = st.one_of(
    st.integers(-3, 5), st.sampled_from((MAX_CONDITION_NUMBER, -MAX_CONDITION_NUMBER))
)
_TEXTS = ("technology", "finance", "")


def _values(fact: str) -> st.SearchStrategy[Any]:
    spec = FACTS[fact]
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "int":
        return _NUMBERS
    if spec.type == "choice":
        return st.sampled_from(spec.choices)
    return st.sampled_from(_TEXTS[:2])


@st.composite
def _condition(draw: st.DrawFn, fact: str) -> Any:
    spec = FACTS[fact]
    ops = ["is", "not", "one_of"] + (
        ["at_least", "at_most", "more_than", "less_than"] if spec.type == "int" else []
    )
    op = draw(st.sampled_from(ops))
    if op == "is":
        return draw(_values(fact))
    if op == "one_of":
        return draw(st.lists(_values(fact), min_size=1, max_size=4))
    return {op: draw(_values(fact))}


@st.composite
def _when(draw: st.DrawFn) -> dict[str, Any]:
    facts = draw(st.lists(st.sampled_from(sorted(set(FACTS) - {"event"})), max_size=5, unique=True))
    when = {"event": draw(_condition("event"))}
    when |= {fact: draw(_condition(fact)) for fact in facts}
    return when


@st.composite
def _policy_rules(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Up to MAX_RULES rules; they share a few condition sets, as durable's nodes are shared."""
    count = draw(st.sampled_from((1, 2, 5, 40, 255, 256, 257, 600, MAX_RULES)))
    pool = draw(st.lists(_when(), min_size=1, max_size=6))
    step = draw(st.integers(1, 7))
    return [_rule(f"r-{n}", pool[(n * step) % len(pool)]) for n in range(count)]


@st.composite
def _facts(draw: st.DrawFn) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for name, spec in FACTS.items():
        if spec.type == "bool":
            facts[name] = draw(st.booleans())
        elif spec.type == "int":
            facts[name] = draw(st.one_of(_NUMBERS, st.sampled_from(HUGE)))
        elif name == "event":
            facts[name] = draw(st.sampled_from(EVENT_TYPES))
        elif name == "format":
            facts[name] = draw(st.sampled_from((*FORMATS, "none")))
        else:
            facts[name] = draw(st.sampled_from(_TEXTS))
    return facts


@settings(max_examples=25)
@given(rules=_policy_rules(), facts=st.lists(_facts(), min_size=1, max_size=12))
@example(
    rules=[_rule(f"r-{n}", {"event": "interview"}) for n in range(256)],
    facts=[dict.fromkeys(FACTS, 0) | {"event": "interview", "format": "none", "industry": ""}],
)
def test_random_policies_match_like_the_reference(
    rules: list[dict[str, Any]], facts: list[dict[str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), rules)
        result = check_policy_file(path)
    assert result.policy is not None, [p.render() for p in result.problems]
    triggers = [_trigger(i, f) for i, f in enumerate(facts)]
    import os

    if os.environ.get("DUMP"):
        Path(os.environ["DUMP"]).write_text(json.dumps([rules, facts]))
    assert sorted(match_rules_durable(result.policy, triggers)) == sorted(
        match_rules_reference(result.policy, triggers)
    )


def _near(policy: Policy, fact: str) -> st.SearchStrategy[Any]:
    """Values of `fact` that the policy's conditions tell apart, or may not: each value they
    name (each number beside it too), and any other."""
    named = [
        value
        for rule in policy.rules
        for c in rule.conditions
        if c.fact == fact
        for value in (c.value if c.op == "one_of" else (c.value,))
    ]
    if FACTS[fact].type == "int":
        named = [n + step for n in named for step in (-1, 0, 1)]
    other = st.sampled_from(("no-such-event", "interview_booked")) if fact == "event" else None
    return st.one_of(
        *([st.sampled_from(named)] if named else []),
        _values(fact),
        *([other] if other is not None else []),
    )


@st.composite
def _when_of_every_kind(draw: st.DrawFn) -> dict[str, Any]:
    """A rule's conditions: `_when`'s, and one on a fact of each type."""
    when = draw(_when())
    for kind in ("bool", "int", "choice", "text"):
        names = sorted(
            name for name, spec in FACTS.items() if spec.type == kind and name != "event"
        )
        fact = draw(st.sampled_from(names))
        when[fact] = draw(_condition(fact))
    return when


@settings(max_examples=50)
@given(
    whens=st.lists(st.one_of(_when(), _when_of_every_kind()), min_size=1, max_size=8),
    data=st.data(),
)
def test_facts_that_share_a_key_get_one_verdict(whens: list[dict[str, Any]], data: Any) -> None:
    # The engine's verdict is kept by key (`FactEncoder.key`): facts of one key fire the same
    # rules, and a fact of no key fires none. Facts come in neighbours: one a rule fires on, and
    # others that differ from it in one fact the policy reads, either side of the values it names.
    with tempfile.TemporaryDirectory() as folder:
        result = check_policy_file(
            _write(Path(folder), [_rule(f"r-{n}", w) for n, w in enumerate(whens)])
        )
    assert result.policy is not None, [p.render() for p in result.problems]
    policy = result.policy
    read = sorted({c.fact for rule in policy.rules for c in rule.conditions})
    facts: list[dict[str, Any]] = []
    for base in data.draw(st.lists(_facts(), min_size=1, max_size=4)):
        base |= {name: data.draw(_near(policy, name)) for name in read}
        for c in data.draw(st.sampled_from(policy.rules)).conditions:
            base[c.fact] = data.draw(
                _near(policy, c.fact).filter(lambda v, c=c: c.holds({c.fact: v}))
            )
        facts.append(base)
        for name in data.draw(st.lists(st.sampled_from(read), min_size=1, max_size=8)):
            facts.append(base | {name: data.draw(_near(policy, name))})
    encode = FactEncoder(policy)
    verdicts: dict[object, list[str]] = {}
    keys: dict[object, object] = {}
    for fact in facts:
        fired = [rule for rule, _ in match_rules_reference(policy, [_trigger(0, fact)])]
        values = values_of(fact)
        key = encode.key(values)
        if key is None:
            assert fired == [], fact
            assert encode.reader_of(values[0]) is None
        else:
            assert verdicts.setdefault(key, fired) == fired, fact
            # What the event's rules read (`compile.reader`, the engine's first memo) decides
            # the key: two facts that read the same have one key.
            of = encode.reader_of(values[0])
            assert of is not None
            assert keys.setdefault(of[0](values), key) == key, fact
    # Matching asks the memo of what is read first: the same facts again, in another order,
    # come from the memos and still match like the reference.
    triggers = [_trigger(i, f) for i, f in enumerate(facts)]
    expected = sorted(match_rules_reference(policy, triggers))
    assert sorted(match_rules_durable(policy, triggers)) == expected
    assert sorted(match_rules_durable(policy, triggers[::-1])) == expected
