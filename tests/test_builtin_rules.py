"""Every rule of every built-in policy, pinned against the guideline it cites.

Each scenario gives minimal events (YAML), a moment to plan at, and per policy the exact window
(`not_before`, `due_by`, ISO with offset) and status the rule must yield; then the same events
plus one cancelling event (-> cancelled, `cancelled_by` = that event's index) and plus one
completing event (-> done). The candidate lives in Europe/London: +01:00 until 25 October 2026,
+00:00 after. Everything goes through the public API and the real durable_rules engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import pendulum
import pytest
import yaml

from followup.api import Plan, PolicyChooser, plan
from followup.clock import parse_as_of
from followup.events import parse_events
from followup.explain import is_late
from followup.policy import builtin_names, load_policy
from followup.render.json_render import plan_to_dict
from followup.source import parse_document

POLICIES = ("fast-paced", "generic", "conservative")
APP = "acme"
GRACE = "Grace Hopper <grace@acme.example>"
ALAN = "Alan Turing <alan@acme.example>"
KATHERINE = "Katherine Johnson <katherine@acme.example>"
SAM = "Sam Reed <sam@acme.example>"

_PEOPLE = {
    "grace": "{name: Grace Hopper, email: grace@acme.example}",
    "grace-lead": "{name: Grace Hopper, email: grace@acme.example, lead: true}",
    "alan": "{name: Alan Turing, email: alan@acme.example}",
    "katherine": "{name: Katherine Johnson, email: katherine@acme.example}",
}


def interview(
    at: str,
    *,
    round_: int = 1,
    fmt: str = "one_on_one",
    people: tuple[str, ...] = ("grace", "alan"),
    decision_by: str | None = None,
) -> str:
    """One interview event as a YAML flow mapping."""
    parts = [f"type: interview, at: {at}, round: {round_}, format: {fmt}"]
    if decision_by:
        parts.append(f"decision_by: {decision_by}")
    parts.append("interviewers: [" + ", ".join(_PEOPLE[p] for p in people) + "]")
    return "{" + ", ".join(parts) + "}"


def ev(kind: str, at: str, **extra: str) -> str:
    """Any other event as a YAML flow mapping; extra values are written as given."""
    rest = "".join(f", {k}: {v}" for k, v in extra.items())
    return f"{{type: {kind}, at: {at}{rest}}}"


def events_yaml(events: list[str], *, recruiter: bool = False) -> str:
    lines = [
        "candidate: {name: Ada Lovelace, timezone: Europe/London}",
        "applications:",
        f"  - id: {APP}",
        "    company: Acme",
        "    role: Site Reliability Engineer",
        "    industry: insurance",
    ]
    if recruiter:
        lines.append("    recruiter: {name: Sam Reed, email: sam@acme.example}")
    lines.append("    events:")
    lines.extend(f"      - {e}" for e in events)
    return "\n".join(lines) + "\n"


def run_plan(events: list[str], as_of: str, policy: str, *, recruiter: bool = False) -> Plan:
    parsed = parse_events(parse_document(events_yaml(events, recruiter=recruiter), "events.yaml"))
    moment = parse_as_of(as_of, parsed.candidate.timezone)
    return plan(parsed, as_of=moment, chooser=PolicyChooser(load_policy(policy)))


def actions_by_id(
    events: list[str], as_of: str, policy: str, *, recruiter: bool = False
) -> dict[str, dict[str, Any]]:
    data = plan_to_dict(run_plan(events, as_of, policy, recruiter=recruiter), include_all=True)
    return {a["id"]: a for a in data["actions"]}


def the_action(
    events: list[str], as_of: str, policy: str, action_id: str, *, recruiter: bool = False
) -> dict[str, Any]:
    actions = actions_by_id(events, as_of, policy, recruiter=recruiter)
    assert action_id in actions, f"{policy}: no {action_id}; got {sorted(actions)}"
    return actions[action_id]


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Scenario:
    rule: str
    cites: tuple[str, ...]  # the guidelines this scenario pins; every policy's rule must cite them
    events: list[str]
    trigger_day: str  # the date in the action id
    as_of: str
    windows: dict[str, tuple[str, str, str]]  # policy -> (not_before, due_by, status)
    to: list[str]
    cancel: str  # an event appended after `events` that cancels the action
    done: str  # an event appended after `events` that completes it
    cc: list[str] = field(default_factory=list)
    recruiter: bool = False
    slug: str = ""  # the per-person part of the id, for one-action-per-interviewer rules

    @property
    def action_id(self) -> str:
        return f"{APP}/{self.rule}/{self.trigger_day}" + (f"/{self.slug}" if self.slug else "")


I1 = "2026-09-01T10:00:00+01:00"  # a Tuesday
ROUND_1 = interview(I1)
FOLLOW_UP_1 = ev("follow_up_sent", "2026-09-09T10:00:00+01:00")
FOLLOW_UP_2 = ev("follow_up_sent", "2026-09-17T10:00:00+01:00")
REJECTED = ev("rejected", "2026-09-10T15:00:00+01:00")
OFFER = ev("offer_received", "2026-09-10T15:00:00+01:00")

SCENARIOS = [
    Scenario(  # G12: a unique note to each interviewer; G11/G22: 24h; G15: 48h when laid back
        rule="thank-you-each-interviewer",
        cites=("G11", "G12", "G22"),
        events=[ROUND_1],
        trigger_day="2026-09-01",
        slug="grace-hopper",
        as_of="2026-09-01T12:00",
        windows={
            "fast-paced": (I1, "2026-09-02T10:00:00+01:00", "due"),
            "generic": (I1, "2026-09-02T10:00:00+01:00", "due"),
            "conservative": ("2026-09-01T14:00:00+01:00", "2026-09-03T10:00:00+01:00", "upcoming"),
        },
        to=[GRACE],
        cancel=ev("rejected", "2026-09-01T11:00:00+01:00"),
        done=ev("thank_you_sent", "2026-09-01T11:00:00+01:00", to="[grace@acme.example]"),
    ),
    Scenario(  # G26: a panel gets one note to the lead, everyone else in cc
        rule="thank-you-panel-lead",
        cites=("G26", "G11", "G22"),
        events=[interview(I1, fmt="panel", people=("alan", "grace-lead", "katherine"))],
        trigger_day="2026-09-01",
        as_of="2026-09-01T12:00",
        windows={
            "fast-paced": (I1, "2026-09-02T10:00:00+01:00", "due"),
            "generic": (I1, "2026-09-02T10:00:00+01:00", "due"),
            "conservative": ("2026-09-01T14:00:00+01:00", "2026-09-03T10:00:00+01:00", "upcoming"),
        },
        to=[GRACE],
        cc=[ALAN, KATHERINE],
        cancel=ev("withdrawn", "2026-09-01T11:00:00+01:00"),
        done=ev("thank_you_sent", "2026-09-01T11:00:00+01:00", to="[grace@acme.example]"),
    ),
    Scenario(  # G26: thank everyone involved, the recruiter included
        rule="thank-you-recruiter",
        cites=("G26",),
        events=[ROUND_1],
        recruiter=True,
        trigger_day="2026-09-01",
        as_of="2026-09-02T12:00",
        windows={
            "fast-paced": (I1, "2026-09-02T10:00:00+01:00", "overdue"),
            "generic": (I1, "2026-09-02T10:00:00+01:00", "overdue"),
            "conservative": ("2026-09-01T14:00:00+01:00", "2026-09-03T10:00:00+01:00", "due"),
        },
        to=[SAM],
        cancel=ev("rejected", "2026-09-01T11:00:00+01:00"),
        done=ev("thank_you_sent", "2026-09-01T11:00:00+01:00", to="[sam@acme.example]"),
    ),
    Scenario(  # G6/G20: no decision date known - ask when they will decide
        rule="ask-about-timeline",
        cites=("G6", "G20"),
        events=[ROUND_1],
        trigger_day="2026-09-01",
        as_of="2026-09-02T12:00",
        windows={
            "fast-paced": (I1, "2026-09-02T10:00:00+01:00", "overdue"),
            "generic": (I1, "2026-09-02T10:00:00+01:00", "overdue"),
            "conservative": (I1, "2026-09-03T10:00:00+01:00", "due"),
        },
        to=[GRACE],  # no recruiter: the hiring contact is the interview's lead (first listed)
        cancel=ev("offer_received", "2026-09-01T16:00:00+01:00"),
        done=ev("response_received", "2026-09-01T16:00:00+01:00"),
    ),
    Scenario(  # G7/G23: 2-3 days after the decision date; a date alone means 17:00 local
        rule="follow-up-after-decision-date",
        cites=("G7", "G23", "G21", "G2"),
        events=[interview(I1, decision_by="2026-09-08")],
        trigger_day="2026-09-01",
        as_of="2026-09-11T09:00",
        windows={
            "fast-paced": ("2026-09-10T17:00:00+01:00", "2026-09-11T17:00:00+01:00", "due"),
            "generic": ("2026-09-10T17:00:00+01:00", "2026-09-11T17:00:00+01:00", "due"),
            "conservative": ("2026-09-11T17:00:00+01:00", "2026-09-13T17:00:00+01:00", "upcoming"),
        },
        to=[GRACE],
        cancel=ev("response_received", "2026-09-09T10:00:00+01:00"),
        done=ev("follow_up_sent", "2026-09-10T18:00:00+01:00"),
    ),
    Scenario(  # G24: first round, no date - wait at least a week
        rule="follow-up-after-first-round",
        cites=("G24",),
        events=[ROUND_1],
        trigger_day="2026-09-01",
        as_of="2026-09-10T12:00",
        windows={
            "fast-paced": ("2026-09-08T10:00:00+01:00", "2026-09-09T10:00:00+01:00", "overdue"),
            "generic": ("2026-09-08T10:00:00+01:00", "2026-09-11T10:00:00+01:00", "due"),
            "conservative": ("2026-09-11T10:00:00+01:00", "2026-09-15T10:00:00+01:00", "upcoming"),
        },
        to=[GRACE],
        cancel=ev("response_received", "2026-09-05T10:00:00+01:00"),
        done=ev("follow_up_sent", "2026-09-09T11:00:00+01:00"),
    ),
    Scenario(  # G1: after a second (or later) round without a date, 2-3 weeks
        rule="follow-up-after-later-round",
        cites=("G1",),
        events=[interview(I1, round_=2)],
        trigger_day="2026-09-01",
        as_of="2026-09-20T12:00",
        windows={
            "fast-paced": ("2026-09-15T10:00:00+01:00", "2026-09-17T10:00:00+01:00", "overdue"),
            "generic": ("2026-09-15T10:00:00+01:00", "2026-09-22T10:00:00+01:00", "due"),
            "conservative": ("2026-09-22T10:00:00+01:00", "2026-09-29T10:00:00+01:00", "upcoming"),
        },
        to=[GRACE],
        cancel=ev("offer_received", "2026-09-12T10:00:00+01:00"),
        done=ev("follow_up_sent", "2026-09-16T10:00:00+01:00"),
    ),
    Scenario(  # G24: they replied without a date - wait a week again
        rule="follow-up-after-reply-without-date",
        cites=("G24",),
        events=[ROUND_1, ev("response_received", "2026-09-03T09:00:00+01:00")],
        trigger_day="2026-09-03",
        as_of="2026-09-12T09:00",
        windows={
            "fast-paced": ("2026-09-10T09:00:00+01:00", "2026-09-11T09:00:00+01:00", "overdue"),
            "generic": ("2026-09-10T09:00:00+01:00", "2026-09-13T09:00:00+01:00", "due"),
            "conservative": ("2026-09-13T09:00:00+01:00", "2026-09-17T09:00:00+01:00", "upcoming"),
        },
        to=[GRACE],
        cancel=ev("rejected", "2026-09-08T10:00:00+01:00"),
        done=ev("follow_up_sent", "2026-09-10T10:00:00+01:00"),
    ),
    Scenario(  # G29: one final follow-up about a week after the first
        rule="final-follow-up",
        cites=("G29",),
        events=[ROUND_1, FOLLOW_UP_1],
        trigger_day="2026-09-09",
        as_of="2026-09-18T10:00",
        windows={
            "fast-paced": ("2026-09-15T10:00:00+01:00", "2026-09-17T10:00:00+01:00", "overdue"),
            "generic": ("2026-09-16T10:00:00+01:00", "2026-09-19T10:00:00+01:00", "due"),
            "conservative": ("2026-09-19T10:00:00+01:00", "2026-09-23T10:00:00+01:00", "upcoming"),
        },
        to=[GRACE],
        cancel=ev("response_received", "2026-09-12T10:00:00+01:00"),
        done=ev("follow_up_sent", "2026-09-16T11:00:00+01:00"),
    ),
    Scenario(  # G28: thank-you and two follow-ups without a response - move on
        rule="move-on-after-two-follow-ups",
        cites=("G28",),
        events=[ROUND_1, FOLLOW_UP_1, FOLLOW_UP_2],
        trigger_day="2026-09-17",
        as_of="2026-09-25T10:00",
        windows={
            "fast-paced": ("2026-09-22T10:00:00+01:00", "2026-09-24T10:00:00+01:00", "overdue"),
            "generic": ("2026-09-24T10:00:00+01:00", "2026-10-01T10:00:00+01:00", "due"),
            "conservative": ("2026-09-27T10:00:00+01:00", "2026-10-08T10:00:00+01:00", "upcoming"),
        },
        to=[],  # a note to yourself
        cancel=ev("response_received", "2026-09-20T10:00:00+01:00"),
        done=ev("withdrawn", "2026-09-20T10:00:00+01:00"),
    ),
    Scenario(  # G30: no response within a month - move on
        rule="move-on-after-a-month-of-silence",
        cites=("G30",),
        events=[ROUND_1],
        trigger_day="2026-09-01",
        as_of="2026-10-05T10:00",
        windows={
            "fast-paced": ("2026-10-01T10:00:00+01:00", "2026-10-08T10:00:00+01:00", "due"),
            "generic": ("2026-10-01T10:00:00+01:00", "2026-10-08T10:00:00+01:00", "due"),
            "conservative": ("2026-10-13T10:00:00+01:00", "2026-10-20T10:00:00+01:00", "upcoming"),
        },
        to=[],
        cancel=ev("response_received", "2026-09-20T10:00:00+01:00"),
        done=ev("withdrawn", "2026-09-20T10:00:00+01:00"),
    ),
    Scenario(  # G30 after a decision date: weeks past it without a word - move on
        rule="move-on-after-silence-past-decision-date",
        cites=("G30", "G8"),
        events=[interview(I1, decision_by="2026-09-08")],
        trigger_day="2026-09-01",
        as_of="2026-10-01T10:00",
        windows={
            "fast-paced": ("2026-09-29T17:00:00+01:00", "2026-10-06T17:00:00+01:00", "due"),
            "generic": ("2026-09-29T17:00:00+01:00", "2026-10-06T17:00:00+01:00", "due"),
            "conservative": ("2026-10-13T17:00:00+01:00", "2026-10-20T17:00:00+01:00", "upcoming"),
        },
        to=[],
        cancel=ev("response_received", "2026-09-20T10:00:00+01:00"),
        done=ev("withdrawn", "2026-09-20T10:00:00+01:00"),
    ),
    Scenario(  # G10: rejected - a gracious reply, don't burn bridges
        rule="gracious-reply-to-rejection",
        cites=("G10",),
        events=[ROUND_1, REJECTED],
        trigger_day="2026-09-10",
        as_of="2026-09-11T18:00",
        windows={
            "fast-paced": ("2026-09-10T15:00:00+01:00", "2026-09-11T15:00:00+01:00", "overdue"),
            "generic": ("2026-09-10T15:00:00+01:00", "2026-09-12T15:00:00+01:00", "due"),
            "conservative": ("2026-09-10T15:00:00+01:00", "2026-09-13T15:00:00+01:00", "due"),
        },
        to=[GRACE],
        cancel=ev("offer_received", "2026-09-11T09:00:00+01:00"),
        done=ev("thank_you_sent", "2026-09-11T09:00:00+01:00"),
    ),
    Scenario(  # G18: keep the relationship after the process (crosses the end of BST)
        rule="keep-in-touch-after-rejection",
        cites=("G18",),
        events=[ROUND_1, REJECTED],
        trigger_day="2026-09-10",
        as_of="2026-12-20T12:00",
        windows={
            "fast-paced": ("2026-12-10T15:00:00+00:00", "2027-01-10T15:00:00+00:00", "due"),
            "generic": ("2026-12-10T15:00:00+00:00", "2027-01-10T15:00:00+00:00", "due"),
            "conservative": ("2027-01-10T15:00:00+00:00", "2027-02-10T15:00:00+00:00", "upcoming"),
        },
        to=[GRACE],
        cancel=interview("2026-11-02T10:00:00+00:00", round_=1, people=("alan",)),
        done=ev("follow_up_sent", "2026-12-15T10:00:00+00:00"),
    ),
    Scenario(  # G19: an offer - thank them and clarify what is open
        rule="reply-to-offer",
        cites=("G19",),
        events=[ROUND_1, OFFER],
        trigger_day="2026-09-10",
        as_of="2026-09-11T18:00",
        windows={
            "fast-paced": ("2026-09-10T15:00:00+01:00", "2026-09-11T15:00:00+01:00", "overdue"),
            "generic": ("2026-09-10T15:00:00+01:00", "2026-09-11T15:00:00+01:00", "overdue"),
            "conservative": ("2026-09-10T15:00:00+01:00", "2026-09-12T15:00:00+01:00", "due"),
        },
        to=[GRACE],
        cancel=ev("withdrawn", "2026-09-11T09:00:00+01:00"),
        done=ev("thank_you_sent", "2026-09-11T09:00:00+01:00"),
    ),
    Scenario(  # G31: a process drawn out over months - weigh the warning signs
        rule="reconsider-drawn-out-process",
        cites=("G31",),
        events=[interview("2026-06-01T10:00:00+01:00"), interview(I1, round_=2)],  # 92 days
        trigger_day="2026-09-01",
        as_of="2026-09-10T10:00",
        windows={
            "fast-paced": (I1, "2026-09-08T10:00:00+01:00", "overdue"),
            "generic": (I1, "2026-09-08T10:00:00+01:00", "overdue"),
            "conservative": (I1, "2026-09-15T10:00:00+01:00", "due"),
        },
        to=[],
        cancel=interview("2026-09-05T10:00:00+01:00", round_=3),
        done=ev("withdrawn", "2026-09-05T10:00:00+01:00"),
    ),
]
BY_RULE = {s.rule: s for s in SCENARIOS}
CASES = [pytest.param(s, p, id=f"{p}:{s.rule}") for s in SCENARIOS for p in POLICIES]


@cache
def _rules(policy: str) -> dict[str, Any]:
    return {r.id: r for r in load_policy(policy).rules}


# --------------------------------------------------------------------------- the pinned rules


def test_every_builtin_rule_has_a_scenario() -> None:
    assert set(builtin_names()) == set(POLICIES)
    for policy in POLICIES:
        assert set(_rules(policy)) == set(BY_RULE), policy


@pytest.mark.parametrize(("scenario", "policy"), CASES)
def test_rule_window_recipients_and_status(scenario: Scenario, policy: str) -> None:
    rule = _rules(policy)[scenario.rule]
    assert set(scenario.cites) <= set(rule.cites), f"{rule.source} should cite {scenario.cites}"
    action = the_action(
        scenario.events, scenario.as_of, policy, scenario.action_id, recruiter=scenario.recruiter
    )
    not_before, due_by, status = scenario.windows[policy]
    assert (action["not_before"], action["due_by"], action["status"]) == (
        not_before,
        due_by,
        status,
    )
    assert action["rule"] == scenario.rule
    assert action["policy"] == policy
    assert action["to"] == scenario.to
    assert action["cc"] == scenario.cc
    assert action["explanation"]["cites"] == list(rule.cites)
    assert action["explanation"]["rule_source"] == f"policies/{policy}.yaml:{rule.loc.line}"
    assert action["explanation"]["cancelled_by"] is None


@pytest.mark.parametrize(("scenario", "policy"), CASES)
def test_rule_is_cancelled_by(scenario: Scenario, policy: str) -> None:
    events = [*scenario.events, scenario.cancel]
    action = the_action(
        events, scenario.as_of, policy, scenario.action_id, recruiter=scenario.recruiter
    )
    assert action["status"] == "cancelled"
    assert action["explanation"]["cancelled_by"] == len(events) - 1
    assert action["explanation"]["done_by"] is None


@pytest.mark.parametrize(("scenario", "policy"), CASES)
def test_rule_is_completed_by(scenario: Scenario, policy: str) -> None:
    events = [*scenario.events, scenario.done]
    action = the_action(
        events, scenario.as_of, policy, scenario.action_id, recruiter=scenario.recruiter
    )
    assert action["status"] == "done"
    assert action["explanation"]["done_by"] == len(events) - 1
    assert action["explanation"]["cancelled_by"] is None


# --------------------------------------------------------------------------- who receives it


@pytest.mark.parametrize("policy", POLICIES)
def test_g12_one_thank_you_per_interviewer(policy: str) -> None:
    actions = actions_by_id([ROUND_1], "2026-09-01T12:00", policy)
    thanks = {i: a for i, a in actions.items() if a["rule"] == "thank-you-each-interviewer"}
    assert thanks.keys() == {
        f"{APP}/thank-you-each-interviewer/2026-09-01/grace-hopper",
        f"{APP}/thank-you-each-interviewer/2026-09-01/alan-turing",
    }
    assert sorted((tuple(a["to"]), tuple(a["cc"])) for a in thanks.values()) == [
        ((ALAN,), ()),
        ((GRACE,), ()),
    ]
    assert not any(a["rule"] == "thank-you-panel-lead" for a in actions.values())


@pytest.mark.parametrize("policy", POLICIES)
def test_g26_panel_one_thank_you_to_the_lead(policy: str) -> None:
    panel = interview(I1, fmt="panel", people=("alan", "grace-lead", "katherine"))
    actions = actions_by_id([panel], "2026-09-01T12:00", policy)
    thanks = [a for a in actions.values() if a["kind"] == "thank_you"]
    assert [(a["rule"], a["to"], a["cc"]) for a in thanks] == [
        ("thank-you-panel-lead", [GRACE], [ALAN, KATHERINE])
    ]
    assert thanks[0]["explanation"]["notes"] == []


@pytest.mark.parametrize("policy", POLICIES)
def test_panel_without_lead_goes_to_the_first_interviewer_with_a_note(policy: str) -> None:
    panel = interview(I1, fmt="panel", people=("alan", "grace", "katherine"))
    action = the_action(
        [panel], "2026-09-01T12:00", policy, f"{APP}/thank-you-panel-lead/2026-09-01"
    )
    assert action["to"] == [ALAN]
    assert action["cc"] == [GRACE, KATHERINE]
    assert action["explanation"]["notes"] == [
        "no interviewer is marked lead: addressed to the first listed, Alan Turing"
    ]


@pytest.mark.parametrize("policy", POLICIES)
def test_hiring_contact_is_the_recruiter_when_there_is_one(policy: str) -> None:
    action = the_action(
        [ROUND_1],
        "2026-09-02T12:00",
        policy,
        f"{APP}/follow-up-after-first-round/2026-09-01",
        recruiter=True,
    )
    assert (action["to"], action["cc"]) == ([SAM], [])


@pytest.mark.parametrize(
    ("to", "done"),
    [
        ("[alan@acme.example]", {"alan-turing"}),
        ("['grace hopper']", {"grace-hopper"}),  # by name, any case
        ("[grace@acme.example, ALAN@acme.example]", {"grace-hopper", "alan-turing"}),
        ("[sam@acme.example]", set()),
    ],
)
def test_thank_you_sent_to_completes_only_the_people_it_names(to: str, done: set[str]) -> None:
    events = [ROUND_1, ev("thank_you_sent", "2026-09-01T18:00:00+01:00", to=to)]
    actions = actions_by_id(events, "2026-09-01T19:00", "generic")
    statuses = {
        a["id"].rsplit("/", 1)[1]: a["status"]
        for a in actions.values()
        if a["rule"] == "thank-you-each-interviewer"
    }
    assert statuses == {
        slug: "done" if slug in done else "due" for slug in ("grace-hopper", "alan-turing")
    }


def test_thank_you_sent_to_the_lead_does_not_complete_the_recruiters() -> None:
    events = [ROUND_1, ev("thank_you_sent", "2026-09-01T18:00:00+01:00", to="[grace@acme.example]")]
    actions = actions_by_id(events, "2026-09-01T19:00", "generic", recruiter=True)
    assert actions[f"{APP}/thank-you-recruiter/2026-09-01"]["status"] == "due"
    assert actions[f"{APP}/thank-you-each-interviewer/2026-09-01/grace-hopper"]["status"] == "done"


# --------------------------------------------------------------------------- timing details


@pytest.mark.parametrize(
    ("policy", "late_after", "not_yet_late", "late"),
    [
        ("generic", "2026-09-04T10:00:00+01:00", "2026-09-04T10:00", "2026-09-04T10:01"),
        ("fast-paced", "2026-09-03T10:00:00+01:00", "2026-09-03T10:00", "2026-09-03T10:01"),
        ("conservative", "2026-09-05T10:00:00+01:00", "2026-09-05T10:00", "2026-09-05T10:01"),
    ],
)
def test_g11_g22_thank_you_counts_as_late_after(
    policy: str, late_after: str, not_yet_late: str, late: str
) -> None:
    action_id = f"{APP}/thank-you-each-interviewer/2026-09-01/grace-hopper"
    for as_of, expected in ((not_yet_late, False), (late, True)):
        result = run_plan([ROUND_1], as_of, policy)
        action = result.find(action_id)
        assert action is not None
        assert action.status == "overdue"
        assert is_late(action, result.as_of) is expected, as_of
    timing = plan_to_dict(result, include_all=True)["actions"]
    text = next(a for a in timing if a["id"] == action_id)["explanation"]["timing"]
    assert f"= {late_after}" in text


def test_g11_generic_late_after_is_three_days() -> None:
    rule = _rules("generic")["thank-you-each-interviewer"]
    assert rule.timing.late_after is not None
    assert str(rule.timing.due_by) == "24h"
    assert str(rule.timing.late_after) == "3d"


def test_g15_conservative_thank_you_by_the_48_hour_mark() -> None:
    for rule_id in ("thank-you-each-interviewer", "thank-you-panel-lead"):
        assert str(_rules("conservative")[rule_id].timing.due_by) == "48h"
        assert str(_rules("fast-paced")[rule_id].timing.due_by) == "24h"


def test_g7_date_only_decision_means_1700_local() -> None:
    action = the_action(
        [interview(I1, decision_by="2026-09-08")],
        "2026-09-02T12:00",
        "generic",
        f"{APP}/follow-up-after-decision-date/2026-09-01",
    )
    assert "at 2026-09-08T17:00:00+01:00" in action["explanation"]["timing"]
    assert action["explanation"]["matched_events"] == [0]


def test_decision_datetime_is_taken_as_given() -> None:
    action = the_action(
        [interview(I1, decision_by="2026-09-08T12:00:00+01:00")],
        "2026-09-02T12:00",
        "generic",
        f"{APP}/follow-up-after-decision-date/2026-09-01",
    )
    assert action["not_before"] == "2026-09-10T12:00:00+01:00"
    assert action["due_by"] == "2026-09-11T12:00:00+01:00"


@pytest.mark.parametrize("policy", POLICIES)
def test_a_new_decision_date_moves_the_follow_up(policy: str) -> None:
    events = [
        interview(I1, decision_by="2026-09-08"),
        ev("response_received", "2026-09-07T10:00:00+01:00", decision_by="2026-09-15"),
    ]
    actions = actions_by_id(events, "2026-09-09T12:00", policy)
    old = actions[f"{APP}/follow-up-after-decision-date/2026-09-01"]
    new = actions[f"{APP}/follow-up-after-decision-date/2026-09-07"]
    assert old["status"] == "cancelled"
    assert old["explanation"]["cancelled_by"] == 1
    nb, due = {
        "fast-paced": ("2026-09-17T17:00:00+01:00", "2026-09-18T17:00:00+01:00"),
        "generic": ("2026-09-17T17:00:00+01:00", "2026-09-18T17:00:00+01:00"),
        "conservative": ("2026-09-18T17:00:00+01:00", "2026-09-20T17:00:00+01:00"),
    }[policy]
    assert (new["not_before"], new["due_by"], new["status"]) == (nb, due, "upcoming")
    assert new["explanation"]["matched_events"] == [0, 1]
    open_follow_ups = [
        a for a in actions.values() if a["kind"] == "follow_up" and a["status"] != "cancelled"
    ]
    assert [a["id"] for a in open_follow_ups] == [new["id"]]


def test_g3_g25_fast_paced_calls_after_the_decision_date() -> None:
    events = [interview(I1, decision_by="2026-09-08")]
    channels = {
        policy: the_action(
            events, "2026-09-02T12:00", policy, f"{APP}/follow-up-after-decision-date/2026-09-01"
        )["channel"]
        for policy in POLICIES
    }
    assert channels == {"fast-paced": "phone", "generic": "email", "conservative": "email"}


def test_g1_no_g24_follow_up_after_a_later_round_and_vice_versa() -> None:
    later = actions_by_id([interview(I1, round_=2)], "2026-09-02T12:00", "generic")
    first = actions_by_id([ROUND_1], "2026-09-02T12:00", "generic")
    assert {a["rule"] for a in later.values()} >= {"follow-up-after-later-round"}
    assert "follow-up-after-first-round" not in {a["rule"] for a in later.values()}
    assert "follow-up-after-later-round" not in {a["rule"] for a in first.values()}


def test_g21_a_pending_decision_date_means_no_early_check_in() -> None:
    actions = actions_by_id(
        [interview(I1, decision_by="2026-09-08")], "2026-09-02T12:00", "generic"
    )
    rules = {a["rule"] for a in actions.values()}
    assert "follow-up-after-first-round" not in rules
    assert "ask-about-timeline" not in rules
    assert "thank-you-each-interviewer" in rules  # still send thanks


@pytest.mark.parametrize(
    ("policy", "threshold"), [("fast-paced", 45), ("generic", 60), ("conservative", 90)]
)
def test_g31_reconsider_threshold(policy: str, threshold: int) -> None:
    first = "2026-06-01T10:00:00+01:00"
    for days, expected in ((threshold - 1, False), (threshold, True)):
        at = _shift(first, days=days)
        actions = actions_by_id([interview(first), interview(at, round_=2)], at, policy)
        found = any(a["rule"] == "reconsider-drawn-out-process" for a in actions.values())
        assert found is expected, f"{days} days after the first interview"


def _shift(iso: str, *, days: int = 0, minutes: int = 0) -> str:
    moment = pendulum.parse(iso)
    assert isinstance(moment, pendulum.DateTime)
    return moment.add(days=days, minutes=minutes).isoformat()


# --------------------------------------------------------------------------- limits and endings


@pytest.mark.parametrize("policy", POLICIES)
def test_max_follow_ups_limits_every_follow_up_rule(policy: str) -> None:
    limit = load_policy(policy).settings.max_follow_ups
    assert limit == 2
    events = [
        ROUND_1,
        FOLLOW_UP_1,
        FOLLOW_UP_2,
        ev("response_received", "2026-09-20T10:00:00+01:00"),  # no new date: rule says wait a week
    ]
    action = the_action(
        events, "2026-10-06T10:00", policy, f"{APP}/follow-up-after-reply-without-date/2026-09-20"
    )
    assert action["status"] == "cancelled"
    assert action["explanation"]["cancelled_by"] is None
    assert "settings.max_follow_ups" in action["explanation"]["status_reason"]
    open_follow_ups = [
        a["id"]
        for a in actions_by_id(events, "2026-10-06T10:00", policy).values()
        if a["kind"] == "follow_up" and a["status"] in ("upcoming", "due", "overdue")
    ]
    assert open_follow_ups == []


def test_max_follow_ups_below_the_limit_leaves_the_follow_up_open() -> None:
    events = [ROUND_1, FOLLOW_UP_1, ev("response_received", "2026-09-12T10:00:00+01:00")]
    action = the_action(
        events,
        "2026-09-20T10:00",
        "generic",
        f"{APP}/follow-up-after-reply-without-date/2026-09-12",
    )
    assert action["status"] == "due"


@pytest.mark.parametrize("policy", POLICIES)
def test_move_on_cancels_open_follow_ups_once_due(policy: str) -> None:
    follow_up = f"{APP}/follow-up-after-first-round/2026-09-01"
    move_on = f"{APP}/move-on-after-a-month-of-silence/2026-09-01"
    opens = the_action([ROUND_1], "2026-09-02T10:00", policy, move_on)["not_before"]

    waiting = actions_by_id([ROUND_1], _shift(opens, minutes=-1), policy)
    assert waiting[follow_up]["status"] == "overdue"
    assert waiting[move_on]["status"] == "upcoming"

    moving_on = actions_by_id([ROUND_1], opens, policy)
    assert moving_on[move_on]["status"] == "due"
    assert moving_on[follow_up]["status"] == "cancelled"
    assert move_on in moving_on[follow_up]["explanation"]["status_reason"]
    # rules that do not list move_on in cancelled_by are left alone
    thanks = f"{APP}/thank-you-each-interviewer/2026-09-01/grace-hopper"
    assert moving_on[thanks]["status"] == "overdue"


@pytest.mark.parametrize("policy", POLICIES)
def test_g28_move_on_after_two_follow_ups_cancels_nothing_already_done(policy: str) -> None:
    events = [ROUND_1, FOLLOW_UP_1, FOLLOW_UP_2]
    actions = actions_by_id(events, "2026-10-20T10:00", policy)
    final = actions[f"{APP}/final-follow-up/2026-09-09"]
    assert final["status"] == "done"
    assert final["explanation"]["done_by"] == 2
    assert actions[f"{APP}/move-on-after-two-follow-ups/2026-09-17"]["status"] in ("due", "overdue")
    assert f"{APP}/final-follow-up/2026-09-17" not in actions  # no third follow-up


CLOSED_THEN = [
    pytest.param(
        REJECTED,
        ev("response_received", "2026-09-11T09:00:00+01:00"),
        "follow-up-after-reply-without-date",
        id="reply-after-rejection",
    ),
    pytest.param(
        OFFER, ev("follow_up_sent", "2026-09-11T09:00:00+01:00"), "final-follow-up", id="offer"
    ),
    pytest.param(
        ev("withdrawn", "2026-09-05T09:00:00+01:00"),
        ev("response_received", "2026-09-11T09:00:00+01:00", decision_by="2026-09-15"),
        "follow-up-after-decision-date",
        id="reply-after-withdrawal",
    ),
]


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("closing", "after", "rule"), CLOSED_THEN)
def test_no_status_check_once_the_application_is_closed(
    policy: str, closing: str, after: str, rule: str
) -> None:
    """A rejection, offer or withdrawal settles what a later reply or follow-up would start."""
    actions = actions_by_id([ROUND_1, closing, after], "2026-09-20T10:00", policy)
    action = actions[f"{APP}/{rule}/2026-09-11"]
    assert action["status"] == "cancelled"
    assert action["explanation"]["cancelled_by"] == 1
    chasing = [
        a["id"]
        for a in actions.values()
        if a["kind"] in ("follow_up", "move_on") and a["status"] in ("upcoming", "due", "overdue")
    ]
    assert chasing == []


@pytest.mark.parametrize("policy", POLICIES)
def test_a_new_interview_reopens_a_closed_application(policy: str) -> None:
    events = [
        ROUND_1,
        REJECTED,
        interview("2026-10-01T10:00:00+01:00"),  # considered for another role (G10)
        ev("response_received", "2026-10-05T09:00:00+01:00"),
    ]
    actions = actions_by_id(events, "2026-10-05T10:00", policy)
    action = actions[f"{APP}/follow-up-after-reply-without-date/2026-10-05"]
    assert action["status"] == "upcoming"
    assert action["explanation"]["cancelled_by"] is None


# --------------------------------------------------------------------------- across policies


def _window_of(
    scenario: Scenario, policy: str
) -> tuple[pendulum.DateTime, pendulum.DateTime, pendulum.DateTime]:
    result = run_plan(scenario.events, scenario.as_of, policy, recruiter=scenario.recruiter)
    action = result.find(scenario.action_id)
    assert action is not None, (policy, scenario.action_id)
    return action.not_before, action.due_by, action.late_after or action.due_by


def test_conservative_waits_at_least_as_long_as_generic() -> None:
    shared = set(_rules("generic")) & set(_rules("conservative"))
    assert shared == set(BY_RULE)
    for rule_id in sorted(shared):
        scenario = BY_RULE[rule_id]
        g_open, g_due, g_late = _window_of(scenario, "generic")
        c_open, c_due, c_late = _window_of(scenario, "conservative")
        assert c_open >= g_open, f"{rule_id}: not_before {c_open} < {g_open}"
        assert c_due >= g_due, f"{rule_id}: due_by {c_due} < {g_due}"
        assert c_late >= g_late, f"{rule_id}: late_after {c_late} < {g_late}"


def _catalogue() -> dict[str, Any]:
    text = resources.files("followup").joinpath("data/guidelines.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    guidelines = data["guidelines"]
    assert isinstance(guidelines, dict)
    return guidelines


def test_every_actionable_guideline_is_cited_by_a_builtin_rule() -> None:
    catalogue = _catalogue()
    actionable = {gid for gid, entry in catalogue.items() if entry.get("actionable", True)}
    assert len(actionable) >= 29
    cited = {gid for policy in POLICIES for rule in _rules(policy).values() for gid in rule.cites}
    assert actionable - cited == set()
    assert cited - set(catalogue) == set(), "a rule cites a guideline the catalogue lacks"
