"""The zone each action is read in (`Action.recipient_zone`): `build_actions` names the anchor's
zone once per zone rather than once per action; every action still gets what `recipient_zone`
(or, for a note to yourself, the anchor's own zone) gives."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pendulum
import pytest

from followup.actions import Action, recipient_zone
from followup.dates.zones import zone_name, zone_of
from followup.events import load_events
from followup.planner import PolicyChooser, plan_application
from paths import ROOT

ZONED = """\
candidate:
  name: Ada Lovelace
  timezone: Europe/London
applications:
  - id: office-abroad
    company: Northwind
    role: Analyst
    industry: logistics
    timezone: America/New_York
    recruiter: {name: Sam Rivera, email: sam@northwind.example}
    events:
      - type: interview
        at: 2026-10-06T10:00
        decision_by: 2026-10-20
        format: panel
        interviewers:
          - {name: James Holt, email: james@northwind.example, timezone: Asia/Kolkata, lead: true}
          - {name: Mia Chen, email: mia@northwind.example}
      - type: offer_received
        at: 2026-10-21T16:00+02:00
        answer_by: 2026-10-30T12:00
  - id: at-home
    company: Acme
    role: Engineer
    industry: technology
    recruiter: {name: Bill Reed, email: bill@acme.example, timezone: Australia/Sydney}
    events:
      - type: interview
        at: 2026-10-07T09:30
        interviewers: [{name: Peter Gibbons, email: peter@acme.example}]
      - type: follow_up_sent
        at: 2026-10-15T10:00
"""
"""Recipients with a zone of their own, an application with an office zone and one without,
notes to yourself, and a moment written with an offset."""


def expected_zone(action: Action) -> str:
    """The zone as the one rule says it, asked through pendulum's `name` property."""
    if action.rule.action.to == "candidate":
        return zone_of(action.anchor_at).name
    own = action.to[0].timezone if action.to else None
    return own or action.application.timezone or zone_of(action.anchor_at).name


def planned(path: Path, as_of: pendulum.DateTime) -> list[Action]:
    events = load_events(path)
    chooser = PolicyChooser()
    return [
        action
        for app in events.applications
        for action in plan_application(app, chooser.choose(app), as_of)
    ]


def test_every_action_reads_in_the_zone_the_rule_gives(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(ZONED, "utf-8")
    actions = planned(path, pendulum.datetime(2026, 11, 1, 9, tz="Europe/London"))
    zones = {a.recipient_zone for a in actions}
    assert {"America/New_York", "Asia/Kolkata", "Europe/London", "Australia/Sydney"} <= zones
    for action in actions:
        assert action.recipient_zone == expected_zone(action), action.id
        if action.to and action.rule.action.to != "candidate":
            assert action.recipient_zone == recipient_zone(
                action.to, action.application, action.anchor_at
            )


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=str)
def test_examples_read_in_the_zone_the_rule_gives(example: Path) -> None:
    try:
        actions = planned(example, pendulum.datetime(2026, 11, 20, 9, tz="UTC"))
    except Exception:  # not an events file (a policy): nothing to plan
        pytest.skip("not an events file")
    for action in actions:
        assert action.recipient_zone == expected_zone(action), action.id


@pytest.mark.parametrize(
    "tzinfo",
    [
        pendulum.timezone("Europe/London"),
        pendulum.timezone("America/New_York"),
        pendulum.UTC,
        pendulum.FixedTimezone(5400),
        pendulum.FixedTimezone(-18000),
        zoneinfo.ZoneInfo("Asia/Kolkata"),
        dt.UTC,
        dt.timezone(dt.timedelta(hours=2)),
    ],
    ids=repr,
)
def test_zone_name_is_pendulums(tzinfo: dt.tzinfo) -> None:
    moment = dt.datetime(2026, 10, 25, 1, 30, tzinfo=tzinfo)
    assert zone_name(moment) == pendulum.instance(moment).timezone_name
    assert zone_name(pendulum.instance(moment)) == pendulum.instance(moment).timezone_name


def test_zone_name_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        zone_name(dt.datetime(2026, 10, 25, 1, 30))
