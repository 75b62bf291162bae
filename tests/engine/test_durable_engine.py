"""The durable_rules adapter fences durable's faults: isolation, cleanup, hashing, crashes."""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

import durable_rules_engine
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import followup.engine.durable_engine as adapter
from followup.engine.compile import compile_rulesets, number_bounds, representative
from followup.engine.durable_engine import _drain, match_rules_durable, rulesets_for
from followup.engine.reference import match_rules_reference
from followup.events import parse_events
from followup.facts import FACTS, derive_triggers, values_of
from followup.policy import load_policy
from followup.source import parse_document
from paths import ROOT

AS_OF = pendulum.datetime(2026, 11, 15, 9, tz="Europe/London")


def _events(app_ids: list[str], industry: str = "insurance") -> str:
    lines = ["candidate: {name: Ada, timezone: Europe/London}", "applications:"]
    for n, app_id in enumerate(app_ids):
        lines += [
            f"  - id: {app_id}",
            "    company: Acme",
            "    role: Engineer",
            f"    industry: {industry}",
            "    events:",
            f"      - {{type: interview, at: 2026-10-{n % 20 + 1:02d}T10:00, round: {n % 3 + 1},"
            " interviewers: [{name: Grace Hopper}]}",
        ]
        if n % 2:
            lines.append(f"      - {{type: follow_up_sent, at: 2026-10-{n % 20 + 5:02d}T10:00}}")
    return "\n".join(lines) + "\n"


def _apps(app_ids: list[str]) -> list:
    return list(parse_events(parse_document(_events(app_ids), "e.yaml")).applications)


def _has_state(ruleset: object, sid: str) -> bool:
    try:
        durable_rules_engine.get_facts(ruleset._handle, sid)  # type: ignore[attr-defined]
    except durable_rules_engine.error as exc:
        assert "error code: 309" in str(exc)  # 309: no such session
        return False
    return True


def test_sessions_leave_no_facts_behind() -> None:
    policy = load_policy("generic")
    compiled = rulesets_for(policy)
    (ruleset,) = compiled.rulesets
    apps = _apps([f"app-{n}" for n in range(500)])
    first = next(adapter._session_ids)
    for _ in range(4):  # thousands of sequential evaluations
        for app in apps:
            compiled.forget()  # each evaluation reaches the engine
            match_rules_durable(policy, derive_triggers(app, AS_OF))
    last = next(adapter._session_ids)
    assert last - first > 2000
    # Session ids are "<pid>-<n>": none of those used by the evaluations is left behind.
    assert not any(_has_state(ruleset, f"{os.getpid()}-{n}") for n in range(first, last + 1))
    # The check can fail: a session that is not deleted is seen.
    state = ruleset.assert_facts([{"sid": "kept", "id": "0", "_position": 0, "event": "withdrawn"}])
    _drain(ruleset._handle, state)
    assert _has_state(ruleset, "kept")
    ruleset.delete_state("kept")
    assert not _has_state(ruleset, "kept")


def test_thousands_of_fact_ids_in_one_session_never_collide() -> None:
    from durable import engine as durable

    definition = {"all-facts": {"all": [{"m": {"$gte": {"n": 0}}}], "run": lambda c: None}}
    ruleset = durable.Ruleset("collision-check", None, definition)
    facts = [{"sid": "s", "id": str(i), "n": i} for i in range(5000)]
    try:
        state = ruleset.assert_facts(facts)
        assert len(ruleset.get_facts("s")) == 5000
        assert len(_drain(ruleset._handle, state)) == 5000  # each fact fired once: all distinct
    finally:
        ruleset.delete_state("s")


def test_ids_that_collide_in_durables_32_bit_hash_stay_apart() -> None:
    policy = load_policy("generic")
    both = _apps(["cand-179599", "cand-362382"])
    for app in both:
        triggers = derive_triggers(app, AS_OF)
        assert sorted(match_rules_durable(policy, triggers)) == sorted(
            match_rules_reference(policy, triggers)
        )


def test_same_name_different_content_gets_its_own_ruleset(tmp_path: Path) -> None:
    base = Path(str(load_policy("generic").source.replace("policies/", "")))
    text = (ROOT / "policies" / base).read_text()
    edited = tmp_path / "generic.yaml"
    edited.write_text(text.replace("round: {at_least: 2}", "round: {at_least: 3}"))
    mine, builtin = load_policy(edited), load_policy("generic")
    assert mine.name == builtin.name and mine.key != builtin.key
    assert rulesets_for(mine).rulesets[0] is not rulesets_for(builtin).rulesets[0]


def test_booleans_and_rules_that_match_nothing_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "policy: nothing-fires\nrules:\n"
        "  - id: never\n"
        "    when: {event: interview, has_recruiter: false, round: 7}\n"
        "    action: {kind: offer_reply, to: hiring_contact}\n"
        "    timing: {anchor: trigger, not_before: 0h, due_by: 1d}\n"
        "    because: test\n"
    )
    policy = load_policy(path)
    assert '"has_recruiter": 0' in json.dumps(compile_rulesets(policy))
    # Each interview's fact reaches the engine (a rule starts on it) and matches no rule.
    for app in _apps([f"a{n}" for n in range(50)]):
        assert match_rules_durable(policy, derive_triggers(app, AS_OF)) == []


@pytest.mark.parametrize("name", ["fast-paced", "generic", "conservative"])
def test_every_trigger_is_matched_like_the_reference(name: str) -> None:
    policy = load_policy(name)
    for app in _apps([f"x{n}" for n in range(60)]):
        triggers = derive_triggers(app, AS_OF)
        assert sorted(match_rules_durable(policy, triggers)) == sorted(
            match_rules_reference(policy, triggers)
        )


@pytest.mark.python_internals  # replaces the adapter's `_parse_match` with one that raises
def test_an_error_while_reading_matches_still_cleans_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import followup.engine.durable_engine as adapter

    def broken(message: str) -> tuple[str, int]:
        raise RuntimeError("boom")

    monkeypatch.setattr(adapter, "_parse_match", broken)
    policy = load_policy("generic")
    rulesets_for(policy).forget()  # the facts reach the engine
    app = _apps(["boom"])[0]
    with pytest.raises(RuntimeError):
        match_rules_durable(policy, derive_triggers(app, AS_OF))
    monkeypatch.undo()
    # The session was cleaned up without crashing, and the engine still works.
    triggers = derive_triggers(app, AS_OF)
    assert sorted(match_rules_durable(policy, triggers)) == sorted(
        match_rules_reference(policy, triggers)
    )


def test_facts_reach_the_engine_as_json_dumps_wrote_them() -> None:
    # The facts' text is written directly, not by json.dumps of a dict: the same text, so the
    # engine sees what durable's own wrapper sent.
    apps = _apps([f"app-{n}" for n in range(40)])
    for name in ("generic", "fast-paced", "conservative"):
        encode = rulesets_for(load_policy(name)).encode
        for app in apps:
            for trigger in derive_triggers(app, AS_OF):
                text = "{" + encode(trigger.values) + "}"
                fact = json.loads(text)
                assert json.dumps(fact, ensure_ascii=False) == text
                assert all(type(v) is int for v in fact.values())
                assert set(fact) <= set(encode.names)


@pytest.mark.parametrize(
    ("number", "constants", "expected"),
    [
        (5, (1, 3, 7), 4),  # between 3 and 7: one past 3
        (4, (1, 3, 7), 4),
        (3, (1, 3, 7), 3),  # a constant stands for itself
        (0, (1, 3, 7), 0),  # below all: one below the smallest
        (-9, (1, 3, 7), 0),
        (2**70, (1, 3, 7), 8),  # past the last: one past it, whatever its size
        (2, (1, 2), 2),
        (6, (), 0),
    ],
)
def test_a_number_is_sent_as_its_class(
    number: int, constants: tuple[int, ...], expected: int
) -> None:
    assert representative(number, constants) == expected
    # ... and every comparison with a constant comes out the same for both.
    for c in constants:
        assert (number < c, number == c, number > c) == (expected < c, expected == c, expected > c)


@settings(max_examples=200)
@given(st.lists(st.integers(-40, 40), max_size=6, unique=True).map(sorted).map(tuple))
def test_a_number_s_class_by_bounds_is_its_representative_s(constants: tuple[int, ...]) -> None:
    # A key holds a number's class as `bisect_right(number_bounds(constants), n)`; the fact
    # sent holds its `representative`: two numbers share one exactly when they share the other.
    bounds = number_bounds(constants)
    class_of: dict[int, int] = {}
    sent_for: dict[int, int] = {}
    for n in range(-45, 46):
        found, sent = bisect_right(bounds, n), representative(n, constants)
        assert class_of.setdefault(sent, found) == found, n
        assert sent_for.setdefault(found, sent) == sent, n


def test_rulesets_by_the_policy_object_and_by_its_content(monkeypatch: pytest.MonkeyPatch) -> None:
    # `rulesets_for` remembers its answer by the policy object (held, so its id is not reused),
    # and another object of the same content still gets the same compiled rulesets.
    policy = load_policy("generic")
    compiled = rulesets_for(policy)
    assert rulesets_for(policy) is compiled
    monkeypatch.setattr(adapter, "OBJECTS_KEPT", 3)
    copies = [replace(policy) for _ in range(10)]
    for copy in copies:
        assert copy is not policy and rulesets_for(copy) is compiled
        assert len(adapter._by_object) <= 3
    assert all(held is policy or held in copies for held, _ in adapter._by_object.values())


@pytest.mark.python_internals  # replaces the adapter's `_match_in` to see what is sent
def test_a_fact_seen_before_is_not_sent_again(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = load_policy("generic")
    compiled = rulesets_for(policy)
    compiled.forget()
    sent: list[str] = []
    real = adapter._match_in

    def spy(ruleset: object, encoded: list[str]) -> list[tuple[str, int]]:
        sent.extend(encoded)
        return real(ruleset, encoded)

    monkeypatch.setattr(adapter, "_match_in", spy)
    apps = _apps([f"again-{n}" for n in range(40)])
    first = [match_rules_durable(policy, derive_triggers(app, AS_OF)) for app in apps]
    assert sent and len(sent) == len(set(sent))  # each text went once
    count = len(sent)
    second = [match_rules_durable(policy, derive_triggers(app, AS_OF)) for app in apps]
    assert len(sent) == count and second == first  # nothing sent; the same verdicts
    for app, matched in zip(apps, second, strict=True):
        triggers = derive_triggers(app, AS_OF)
        assert sorted(matched) == sorted(match_rules_reference(policy, triggers))


def test_the_verdict_memo_starts_again_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = load_policy("generic")
    compiled = rulesets_for(policy)
    compiled.forget()
    monkeypatch.setattr(adapter, "VERDICTS_KEPT", 3)
    for app in _apps([f"full-{n}" for n in range(30)]):
        triggers = derive_triggers(app, AS_OF)
        assert sorted(match_rules_durable(policy, triggers)) == sorted(
            match_rules_reference(policy, triggers)
        )
        assert len(compiled.verdicts) <= 3 + len(triggers)
        assert len(compiled.read) <= 3


_VARIED: dict[str, tuple[object, ...]] = {
    name: (
        (False, True)
        if spec.type == "bool"
        else (-5, 0, 1, 2, 3, 44, 45, 46, 59, 60, 61, 89, 90, 91, 400, 2**70)
        if spec.type == "int"
        else (*spec.choices, "carrier-pigeon")  # a value no condition names: UNKNOWN_CODE
        if spec.type == "choice"
        else ("technology", "", "tea")
    )
    for name, spec in FACTS.items()
}
"""Values each fact takes in `test_a_key_decides_the_verdict`: both sides of every constant
the built-ins compare a number with, values no condition names, every event."""


@pytest.mark.parametrize("name", ["fast-paced", "generic", "conservative"])
def test_a_key_decides_the_verdict(name: str) -> None:
    # The verdicts are kept by key (`FactEncoder.key`): two facts of one key must fire the same
    # rules. Each fact is evaluated by the engine itself, without the memo, and facts of one
    # key are compared; a fact of no key (its event starts no rule) fires none.
    policy = load_policy(name)
    compiled = rulesets_for(policy)
    apps = _apps([f"key-{n}" for n in range(12)])
    bases = [dict(t.facts) for app in apps for t in derive_triggers(app, AS_OF)]
    facts = [
        {**base, fact: value}
        for n, base in enumerate(bases)
        for fact, values in _VARIED.items()
        for value in values[n % 2 :: 2]
        if fact in compiled.encode.names
    ]
    assert {f["event"] for f in facts} >= set(FACTS["event"].choices)
    fired: list[set[str]] = [set() for _ in facts]
    texts = [compiled.encode(values_of(f)) for f in facts]
    for ruleset in compiled.rulesets:
        for rule_id, at in adapter._match_in(ruleset, texts):
            fired[at].add(rule_id)
    verdicts: dict[object, set[str]] = {}
    for fact, rules in zip(facts, fired, strict=True):
        key = compiled.encode.key(values_of(fact))
        if key is None:
            assert rules == set(), fact
        else:
            assert verdicts.setdefault(key, rules) == rules, fact
    assert 1 < len(verdicts) < len(set(texts))  # keys merge what the texts tell apart
