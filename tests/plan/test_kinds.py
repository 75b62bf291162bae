"""Issue 12 (3): one vocabulary row per action kind, and every output reads it."""

from __future__ import annotations

from dataclasses import fields, replace

import pendulum
import pytest

from followup import api
from followup.actions import Action
from followup.drafts import TEMPLATE_DIR, builtin_template
from followup.events import load_events
from followup.explain import summary
from followup.ics import title_for
from followup.kinds import CHANNELS, KINDS, ActionKind, Channel, Recipient, Status
from followup.policy.schema import ACTION
from followup.render.timeline_model import short_summary
from paths import ROOT

EXAMPLE = ROOT / "examples" / "tech-panel.yaml"


def planned_action() -> Action:
    as_of = pendulum.datetime(2026, 10, 7, 9, tz="Europe/London")
    plan = api.plan(load_events(EXAMPLE), as_of=as_of)
    return next(a for a in plan.actions if a.is_open and a.kind == "thank_you")


def as_kind(action: Action, name: ActionKind, channel: Channel) -> Action:
    spec = replace(action.rule.action, kind=name, channel=channel)
    return replace(action, rule=replace(action.rule, action=spec), channel=channel)


def test_every_kind_has_a_row() -> None:
    assert list(KINDS) == list(ActionKind)


@pytest.mark.parametrize("name", list(ActionKind))
def test_every_kind_has_every_entry_and_its_template(name: ActionKind) -> None:
    row = KINDS[name]
    for field in fields(row):
        value = getattr(row, field.name)
        # optional: `phrase` serves for `self_phrase`; most kinds add no `overdue_note` and
        # are held to no date they gave (`deadline_*`), whose notes each name it
        if field.name.startswith("deadline_"):
            assert not value or "{date}" in value, f"{name}.{field.name} names no {{date}}"
        elif isinstance(value, str) and field.name not in ("self_phrase", "overdue_note"):
            assert value.strip(), f"{name}.{field.name} is blank"
    assert row.template.startswith(f"{name}."), row.template
    assert (TEMPLATE_DIR / row.template).is_file(), f"no draft template {row.template}"
    for channel in Channel:
        assert builtin_template(name, channel).is_file()


def test_every_channel_has_a_row_with_every_entry() -> None:
    assert list(CHANNELS) == list(Channel)
    for channel, row in CHANNELS.items():
        assert row.medium.strip(), f"{channel}.medium is blank"
        # a note to yourself is not sent: the plan names no channel for it
        assert bool(row.how) == (channel != Channel.NOTE), channel


def test_the_plan_and_the_calendar_say_what_the_channel_row_says() -> None:
    action = planned_action()
    for channel in Channel:
        moved = as_kind(action, ActionKind.FOLLOW_UP, channel)
        row = CHANNELS[channel]
        assert (f" {row.how} " in summary(moved)) == bool(row.how)
        assert title_for(moved).startswith(f"Follow-up {row.medium} to ")


def test_the_policy_format_offers_exactly_the_enums() -> None:
    keys = {k.name: k for k in ACTION}
    assert keys["kind"].choices == tuple(ActionKind)
    assert keys["channel"].choices == tuple(Channel)
    assert keys["to"].choices == tuple(Recipient)


def test_the_plan_the_calendar_and_the_timeline_say_what_the_row_says() -> None:
    thanks = planned_action()
    for name in ActionKind:
        action = as_kind(thanks, name, Channel.EMAIL)
        row = KINDS[name]
        assert summary(action).startswith(row.phrase)
        assert short_summary(action, 2026).startswith(row.tip)
        assert title_for(action).startswith(row.calendar_title.split(" {to}")[0].split("{")[0])
    call = as_kind(thanks, ActionKind.FOLLOW_UP, Channel.PHONE)
    assert title_for(call).startswith(f"Follow-up call to {thanks.to[0].name}")


def test_which_message_carries_another_is_a_strict_order() -> None:
    priorities = [k.merge_priority for k in KINDS.values()]
    assert len(set(priorities)) == len(priorities)
    assert (
        KINDS[ActionKind.THANK_YOU].merge_priority < KINDS[ActionKind.ASK_TIMELINE].merge_priority
    )


def test_only_a_thank_you_is_sent_in_the_candidates_own_time() -> None:
    assert [n for n, k in KINDS.items() if k.own_time] == [ActionKind.THANK_YOU]


def test_a_note_to_yourself_reads_as_one() -> None:
    assert KINDS[ActionKind.ASK_TIMELINE].what("note").startswith("At your next interview, ask")
    assert KINDS[ActionKind.ASK_TIMELINE].what("email") == "Ask when they expect to make a decision"


def test_statuses_are_text_in_every_output() -> None:
    assert [str(s) for s in Status] == [
        "upcoming",
        "due",
        "overdue",
        "lapsed",
        "done",
        "cancelled",
        "dismissed",
    ]
    assert f"{Status.DUE}" == "due" and Status.DUE == "due"
