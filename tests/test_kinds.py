"""Issue 12 (3): one vocabulary row per action kind, and every output reads it."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pendulum
import pytest

from followup import api
from followup.actions import Action
from followup.drafts import TEMPLATE_DIR
from followup.events import load_events
from followup.explain import KIND_PHRASES
from followup.ics import title_for
from followup.kinds import KINDS, kind
from followup.policy.schema import ACTION_KINDS
from followup.render.timeline_model import KIND_LABELS, TIP_PHRASES

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tech-panel.yaml"


def planned_action() -> Action:
    as_of = pendulum.datetime(2026, 10, 7, 9, tz="Europe/London")
    plan = api.plan(load_events(EXAMPLE), as_of=as_of)
    return next(a for a in plan.actions if a.is_open and a.kind == "thank_you")


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_has_every_entry_and_a_template(name: str) -> None:
    row = KINDS[name]
    for field in fields(row):
        value = getattr(row, field.name)
        if isinstance(value, str) and field.name != "self_phrase":  # optional: `phrase` serves
            assert value.strip(), f"{name}.{field.name} is blank"
    assert sorted(TEMPLATE_DIR.glob(f"{name}.*.j2")), f"no draft template for {name}"


def test_the_schema_the_plan_the_calendar_and_the_timeline_read_the_table() -> None:
    assert set(ACTION_KINDS) == set(KINDS)
    assert {n: k.phrase for n, k in KINDS.items()} == KIND_PHRASES
    assert {n: k.label for n, k in KINDS.items()} == KIND_LABELS
    assert {n: k.tip for n, k in KINDS.items()} == TIP_PHRASES
    thanks = planned_action()
    call = replace(
        thanks,
        rule=replace(thanks.rule, action=replace(thanks.rule.action, kind="follow_up")),
        channel="phone",
    )
    assert title_for(call).startswith(f"Follow-up call to {thanks.to[0].name}")


def test_which_message_carries_another_is_a_strict_order() -> None:
    priorities = [k.merge_priority for k in KINDS.values()]
    assert len(set(priorities)) == len(priorities)
    assert KINDS["thank_you"].merge_priority < KINDS["ask_timeline"].merge_priority


def test_only_a_thank_you_is_sent_in_the_candidates_own_time() -> None:
    assert [n for n, k in KINDS.items() if k.own_time] == ["thank_you"]


def test_a_note_to_yourself_reads_as_one() -> None:
    assert kind("ask_timeline").what("note").startswith("At your next interview, ask")
    assert kind("ask_timeline").what("email") == "Ask when they expect to make a decision"


def test_an_unknown_kind_gets_words_from_its_name() -> None:
    assert kind("send_flowers").phrase == "Send flowers"
