"""What the built-in policies say beside the windows: notes, lateness, reasons and citations.

Windows, recipients, statuses and what completes or cancels each rule live in
tests/policies/*.test.yaml (`followup test tests/policies --coverage`). This module keeps only
what that format cannot express: explanation texts (notes, status reasons, the late-after
moment) and the guidelines each rule cites. The candidate lives in Europe/London (+01:00 until
25 October 2026).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import pytest
import yaml

from followup.api import Plan, PolicyChooser, plan
from followup.dates.reading import parse_as_of
from followup.events import parse_events
from followup.explain import is_late
from followup.policy import builtin_names, load_policy
from followup.render.json_render import plans_to_dict
from followup.source import parse_document

POLICIES = ("fast-paced", "generic", "conservative")
GRACE = "{name: Grace Hopper, email: grace@acme.example}"
ROUND_1 = f"{{type: interview, at: 2026-09-01T10:00:00+01:00, round: 1, interviewers: [{GRACE}]}}"


def run_plan(events: list[str], as_of: str, policy: str, *, recruiter: bool = False) -> Plan:
    lines = [
        "candidate: {name: Ada Lovelace, timezone: Europe/London}",
        "applications:",
        "  - id: acme",
        "    company: Acme",
        "    role: Engineer",
    ]
    if recruiter:
        lines.append("    recruiter: {name: Sam Reed, email: sam@acme.example}")
    lines.append("    events:")
    lines.extend(f"      - {e}" for e in events)
    parsed = parse_events(parse_document("\n".join(lines) + "\n", "events.yaml"))
    moment = parse_as_of(as_of, parsed.candidate.timezone)
    return plan(parsed, as_of=moment, chooser=PolicyChooser(load_policy(policy)))


def actions(events: list[str], as_of: str, policy: str) -> dict[str, dict[str, Any]]:
    data = plans_to_dict([run_plan(events, as_of, policy)], include_all=True)
    return {a["id"]: a for a in data["actions"]}


@cache
def _rules(policy: str) -> dict[str, Any]:
    return {r.id: r for r in load_policy(policy).rules}


# --------------------------------------------------------------------------- notes


def _panel(people: str) -> list[str]:
    return [
        "{type: interview, at: 2026-09-01T10:00:00+01:00, format: panel, interviewers: ["
        + people
        + "]}"
    ]


@pytest.mark.parametrize("policy", POLICIES)
def test_panel_with_a_lead_has_no_note(policy: str) -> None:
    people = (
        "{name: Alan Turing, email: alan@acme.example}, "
        "{name: Grace Hopper, email: grace@acme.example, lead: true}"
    )
    action = actions(_panel(people), "2026-09-01T12:00", policy)[
        "acme/thank-you-panel-lead/2026-09-01"
    ]
    assert action["explanation"]["notes"] == []


@pytest.mark.parametrize("policy", POLICIES)
def test_panel_without_a_lead_says_who_was_chosen(policy: str) -> None:
    people = (
        "{name: Alan Turing, email: alan@acme.example}, "
        "{name: Grace Hopper, email: grace@acme.example}"
    )
    action = actions(_panel(people), "2026-09-01T12:00", policy)[
        "acme/thank-you-panel-lead/2026-09-01"
    ]
    assert action["explanation"]["notes"] == [
        "no interviewer is marked lead or hiring_manager: addressed to the first listed,"
        " Alan Turing (mark the person in charge with `lead: true`)"
    ]


# --------------------------------------------------------------------------- lateness


@pytest.mark.parametrize(
    ("policy", "late_after"),
    [
        # thank-you late_after 3d in all three: G11, more than 3 days late reads as unexcited
        ("fast-paced", "2026-09-04T10:00"),
        ("generic", "2026-09-04T10:00"),
        ("conservative", "2026-09-04T10:00"),
    ],
)
def test_a_thank_you_counts_as_late_after(policy: str, late_after: str) -> None:
    action_id = "acme/thank-you-each-interviewer/2026-09-01/grace-hopper"
    minute_after = late_after[:-2] + "01"
    for as_of, expected in ((late_after, False), (minute_after, True)):
        result = run_plan([ROUND_1], as_of, policy)
        action = result.find(action_id)
        assert action is not None
        assert action.status == "overdue"
        assert is_late(action, result.as_of) is expected, as_of
    text = actions([ROUND_1], late_after, policy)[action_id]["explanation"]["timing"]
    assert f"= {late_after}:00+01:00" in text


# --------------------------------------------------------------------------- status reasons


@pytest.mark.parametrize("policy", POLICIES)
def test_max_follow_ups_is_named_as_the_reason(policy: str) -> None:
    """The limit counts attempts without a response since the interview or their last reply
    (G28), and its reason says so. Until 2026-12-01 this test pinned a reply after two
    follow-ups as over the limit (no check-in a week after it): wrong, their reply answered
    both (G28 counts attempts "without response"), and a reply without a date earns one
    check-in a week later (G24); tests/etiquette/test_check_in_after_their_reply.py has it.

    Here the limit does hold: Ms. Reed answered the first follow-up on Fri 11 Sep, "a decision
    by Fri 25 Sep"; Ada chased twice before that date anyway (Tue 15, Tue 22 Sep). Two
    attempts without a response since the reply: the check-in after the date is not planned
    (G9, G17: no third; G21: the chases did not wait for the date, so they do not replace it).
    """
    assert load_policy(policy).settings.max_follow_ups == 2
    events = [
        ROUND_1,
        "{type: follow_up_sent, at: 2026-09-09T10:00:00+01:00}",
        "{type: response_received, at: 2026-09-11T10:00:00+01:00, decision_by: 2026-09-25}",
        "{type: follow_up_sent, at: 2026-09-15T10:00:00+01:00}",
        "{type: follow_up_sent, at: 2026-09-22T10:00:00+01:00}",
    ]
    action = actions(events, "2026-10-06T10:00", policy)[
        "acme/follow-up-after-decision-date/2026-09-11"
    ]
    assert action["status"] == "cancelled"
    assert action["explanation"]["cancelled_by"] is None
    assert action["explanation"]["status_reason"] == (
        "cancelled: 2 follow-ups without a response already sent since their last reply "
        "(response_received 2026-09-11 10:00, event 2) (settings.max_follow_ups)"
    )


@pytest.mark.parametrize("policy", POLICIES)
def test_moving_on_is_named_as_the_reason(policy: str) -> None:
    move_on = "acme/move-on-after-a-month-of-silence/2026-09-01"
    got = actions([ROUND_1], "2026-10-01T10:00", policy)  # 1 Sep 10:00 + 1mo
    assert got[move_on]["status"] == "due"
    follow_up = got["acme/follow-up-after-first-round/2026-09-01"]
    assert follow_up["status"] == "cancelled"
    assert move_on in follow_up["explanation"]["status_reason"]


# --------------------------------------------------------------------------- citations

CITES = {  # the guidelines each rule must cite in every built-in policy
    "thank-you-each-interviewer": ("G11", "G12"),
    "thank-you-panel-lead": ("G26", "G11"),
    "thank-you-recruiter": ("G26",),
    "ask-about-timeline": ("G6", "G20"),
    "ask-at-next-interview": ("G6", "G20"),
    "follow-up-after-decision-date": ("G7", "G23", "G21", "G2"),
    "follow-up-after-first-round": ("G24",),
    "follow-up-after-later-round": ("G1",),
    "follow-up-after-reply-without-date": ("G24",),
    "final-follow-up": ("G29",),
    "move-on-after-two-follow-ups": ("G28",),
    "move-on-after-a-month-of-silence": ("G30",),
    "move-on-after-silence-past-decision-date": ("G30", "G8"),
    "gracious-reply-to-rejection": ("G10",),
    "keep-in-touch-after-rejection": ("G18",),
    "reply-to-offer": ("G19",),
    "reconsider-drawn-out-process": ("G31",),
}


INFORMAL_CITES = {  # an informal meeting's 48-hour thank-yous: generic and conservative only
    "thank-you-informal": ("G15", "G14", "G11", "G12"),
    "thank-you-recruiter-informal": ("G26", "G15", "G14"),
    "ask-about-timeline-informal": ("G6", "G20", "G15"),
}
INFORMAL_POLICIES = ("generic", "conservative")  # fast-paced: 24 hours for every format (G15)


def test_the_builtins_have_the_same_rules() -> None:
    assert set(builtin_names()) == set(POLICIES)
    for policy in POLICIES:
        informal = INFORMAL_CITES if policy in INFORMAL_POLICIES else {}
        assert set(_rules(policy)) == set(CITES) | set(informal), policy


@pytest.mark.parametrize(
    ("policy", "rule_id"),
    [(p, r) for p in POLICIES for r in sorted(CITES)]
    + [(p, r) for p in INFORMAL_POLICIES for r in sorted(INFORMAL_CITES)],
)
def test_rule_cites_its_guidelines(policy: str, rule_id: str) -> None:
    rule = _rules(policy)[rule_id]
    wanted = CITES.get(rule_id) or INFORMAL_CITES[rule_id]
    assert set(wanted) <= set(rule.cites), f"{rule.source} should cite {wanted}"


def test_every_actionable_guideline_is_cited_by_a_builtin_rule() -> None:
    text = resources.files("followup").joinpath("data/guidelines.yaml").read_text("utf-8")
    catalogue = yaml.safe_load(text)["guidelines"]
    actionable = {gid for gid, entry in catalogue.items() if entry.get("actionable", True)}
    assert len(actionable) >= 29
    cited = {gid for policy in POLICIES for rule in _rules(policy).values() for gid in rule.cites}
    assert actionable - cited == set()
    assert cited - set(catalogue) == set(), "a rule cites a guideline the catalogue lacks"
