"""Differential test: durable_rules and the plain-Python reference evaluator plan identically."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pendulum
import pytest

from followup.api import PolicyChooser, plan
from followup.engine.durable_engine import match_rules_durable
from followup.engine.reference import match_rules_reference
from followup.events import parse_events
from followup.facts import derive_triggers
from followup.policy import Policy, load_policy
from followup.render.json_render import render_json_files
from followup.source import Document
from paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate

AS_OF = pendulum.datetime(2027, 2, 1, 9, tz="Europe/London")  # late: every history is known
AS_OFS = (AS_OF, pendulum.datetime(2026, 10, 20, 12, tz="Europe/London"))  # and midway
_SYNTHETIC = generate(3000, seed=7)
# The generator (and so the benchmark and the golden digests) knows the four formal formats; an
# informal meeting (a coffee chat) stands in for one-on-ones and calls here, one in five, so the
# rules that match only `format: informal` fire too.
for _n, _interview in enumerate(
    e for a in _SYNTHETIC["applications"] for e in a["events"] if e["type"] == "interview"
):
    if _interview["format"] != "panel" and _n % 5 == 0:
        _interview["format"] = "informal"
_DIGEST = hashlib.sha256(json.dumps(_SYNTHETIC).encode()).hexdigest()  # as the plan schema wants
EVENTS = parse_events(Document("synthetic.yaml", _SYNTHETIC, "", _DIGEST))
PLANNED = EVENTS.applications[:1000]  # whole plans (windows, statuses, JSON) on a third

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
  - id: not-on-every-kind-and-one-of-numbers
    when:
      event: {not: rejected}
      round: [1, 3]
      has_recruiter: {not: false}
      industry: {not: retail}
      follow_ups_sent: {not: 2}
      days_since_first_interview: {at_least: 0}
    action: {kind: follow_up, to: hiring_contact}
    timing: {anchor: trigger, not_before: 1d, due_by: 2d}
    because: test
  - id: text-one-of
    when: {event: rejected, industry: [government, academia, retail], format: [video, phone]}
    action: {kind: gracious_reply, to: hiring_contact}
    timing: {anchor: trigger, not_before: 0h, due_by: 1d}
    because: test
"""


def _policy(name: str, tmp_path: Path) -> Policy:
    if name != "every-operator":
        return load_policy(name)
    custom = tmp_path / "every-operator.yaml"
    custom.write_text(EVERY_OPERATOR)
    return load_policy(custom)


POLICIES = ("fast-paced", "generic", "conservative", "every-operator")


def _policies(tmp_path: Path) -> list[Policy]:
    return [_policy(name, tmp_path) for name in POLICIES]


def test_durable_and_reference_match_the_same_rules(tmp_path: Path) -> None:
    fired: set[tuple[str, str]] = set()
    for policy in _policies(tmp_path):
        for app in EVENTS.applications:
            for as_of in AS_OFS:
                triggers = derive_triggers(app, as_of)
                durable = sorted(match_rules_durable(policy, triggers))
                reference = sorted(match_rules_reference(policy, triggers))
                assert durable == reference, (policy.name, app.id, as_of)
                fired.update((policy.name, rule_id) for rule_id, _ in durable)
    # Every rule fires somewhere in the data, so the comparison covers every operator.
    for policy in _policies(tmp_path):
        missing = {r.id for r in policy.rules} - {
            rule for name, rule in fired if name == policy.name
        }
        assert not missing, (policy.name, missing)


@pytest.mark.parametrize("name", POLICIES)
def test_durable_and_reference_plan_byte_identically(name: str, tmp_path: Path) -> None:
    chooser = PolicyChooser(_policy(name, tmp_path))
    via_durable, via_reference = (
        plan(EVENTS, as_of=AS_OF, chooser=chooser, matcher=matcher, applications=PLANNED)
        for matcher in (match_rules_durable, match_rules_reference)
    )
    assert via_durable.actions
    assert render_json_files([via_durable], include_all=True) == render_json_files(
        [via_reference], include_all=True
    )
