"""Differential test: durable_rules and the plain-Python reference evaluator plan identically."""

from __future__ import annotations

import sys
from pathlib import Path

import pendulum
import pytest

from followup.api import PolicyChooser, plan
from followup.engine.durable_engine import match_rules_durable
from followup.engine.reference import match_rules_reference
from followup.events import parse_events
from followup.facts import derive_triggers
from followup.policy import load_policy
from followup.render.json_render import render_json
from followup.source import Document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synth import generate

AS_OF = pendulum.datetime(2027, 2, 1, 9, tz="Europe/London")  # late: every history is known
EVENTS = parse_events(Document("synthetic.yaml", generate(1000, seed=7), "", ""))

EVERY_OPERATOR = """\
policy: every-operator
rules:
  - id: is-and-not
    when: {event: interview, format: {not: panel}, has_recruiter: true, industry: finance}
    action: {kind: thank_you, to: each_interviewer}
    timing: {anchor: interview, not_before: 0h, due_by: 1d}
    because: test
  - id: one-of-and-bounds
    when:
      event: [follow_up_sent, response_received]
      round: {at_least: 2}
      follow_ups_sent: {at_most: 1}
      days_since_first_interview: {more_than: 10}
      responses_received: {less_than: 1}
    action: {kind: follow_up, to: hiring_contact}
    timing: {anchor: trigger, not_before: 1d, due_by: 2d}
    because: test
  - id: booleans
    when:
      event: interview
      has_decision_date: false
      thank_you_sent: false
      decision_date_pending: false
    action: {kind: ask_timeline, to: hiring_contact}
    timing: {anchor: interview, not_before: 0h, due_by: 1d}
    because: test
  - id: text-one-of
    when: {event: rejected, industry: [government, academia, retail], format: [video, phone]}
    action: {kind: gracious_reply, to: hiring_contact}
    timing: {anchor: trigger, not_before: 0h, due_by: 1d}
    because: test
"""


def _policies(tmp_path: Path) -> list:
    custom = tmp_path / "every-operator.yaml"
    custom.write_text(EVERY_OPERATOR)
    return [load_policy(n) for n in ("fast-paced", "generic", "conservative")] + [
        load_policy(custom)
    ]


def test_durable_and_reference_match_the_same_rules(tmp_path: Path) -> None:
    fired: set[tuple[str, str]] = set()
    for policy in _policies(tmp_path):
        for app in EVENTS.applications:
            triggers = derive_triggers(app, AS_OF)
            durable = sorted(match_rules_durable(policy, triggers))
            assert durable == sorted(match_rules_reference(policy, triggers)), (policy.name, app.id)
            fired.update((policy.name, rule_id) for rule_id, _ in durable)
    # Every rule fires somewhere in the data, so the comparison covers every operator.
    for policy in _policies(tmp_path):
        missing = {r.id for r in policy.rules} - {
            rule for name, rule in fired if name == policy.name
        }
        assert not missing, (policy.name, missing)


@pytest.mark.parametrize("name", ["fast-paced", "generic", "conservative"])
def test_durable_and_reference_plan_byte_identically(name: str) -> None:
    chooser = PolicyChooser(load_policy(name))
    via_durable = plan(EVENTS, as_of=AS_OF, chooser=chooser, matcher=match_rules_durable)
    via_reference = plan(EVENTS, as_of=AS_OF, chooser=chooser, matcher=match_rules_reference)
    assert render_json(via_durable, include_all=True) == render_json(
        via_reference, include_all=True
    )
