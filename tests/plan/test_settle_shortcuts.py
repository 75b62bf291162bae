"""`build_actions` does not ask `_settle` about an action whose trigger is the application's
last event (nothing later can settle it) unless the follow-up limit is reached: what `_settle`
gives with no later event is then always `_UNSETTLED`. And the reasons `_settle` looks up
itself are the ones `_settled` writes."""

from __future__ import annotations

import pendulum
import pytest

from followup.actions import _UNSETTLED, _settle, _settled
from followup.events import load_events
from followup.kinds import KINDS
from followup.planner import builtin_policies
from paths import ROOT

AS_OF = pendulum.datetime(2026, 11, 15, 9, tz="Europe/London")


@pytest.mark.parametrize("sent", [0, 1, 2, 5])
def test_no_later_event_settles_nothing_below_the_limit(sent: int) -> None:
    for policy in builtin_policies():
        limit = policy.settings.max_follow_ups
        for rule in policy.rules:
            spec = KINDS[rule.action.kind]
            found = _settle(rule, spec, (), (), AS_OF, sent, limit, None, None)
            if spec.counts_as_follow_up and sent >= limit:
                assert found[0] is not None, rule.id  # the one case build_actions still asks
            else:
                assert found == _UNSETTLED, rule.id


def test_a_remembered_reason_is_the_one_written() -> None:
    events = load_events(ROOT / "examples" / "offer.yaml")
    for app in events.applications:
        for event in app.events:
            for verb in ("done", "cancelled"):
                first = _settled(verb, event)
                assert first == f"{verb}: {event.describe()} (event {event.index})"
                assert _settled(verb, event) is first
