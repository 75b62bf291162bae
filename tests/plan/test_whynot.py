"""`followup explain EVENTS --why-not RULE --application APP`: one test per branch of the answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.api import PolicyChooser, plan
from followup.cli import cli
from followup.dates.reading import parse_as_of
from followup.events import load_events
from followup.policy import load_policy
from followup.whynot import why_not, why_not_dict
from paths import ROOT

TECH_PANEL = ROOT / "examples" / "tech-panel.yaml"

HEAD = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme
    company: Acme
    role: Engineer
"""
GRACE = "interviewers: [{name: Grace Hopper, email: grace@acme.example}]"

# A policy whose rules can match while yielding nothing: no decision date, no recruiter.
ODD_POLICY = """\
policy: odd
format_version: 1
description: rules that can match and still yield nothing
rules:
  - id: chase-after-the-date
    when: {event: interview}
    action: {kind: follow_up, to: hiring_contact}
    timing: {anchor: decision_date, not_before: 2d, due_by: 3d}
    because: Check in after the date they gave.
  - id: thank-the-recruiter
    when: {event: interview}
    action: {kind: thank_you, to: recruiter}
    timing: {anchor: interview, not_before: 0h, due_by: 24h}
    because: Thank the recruiter.
"""


def events_file(tmp_path: Path, events: str, extra: str = "") -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(HEAD + extra + "    events:\n" + events, encoding="utf-8")
    return path


def why(
    events: Path, rule: str, as_of: str, *more: str, policy: str = "generic"
) -> tuple[int, str]:
    args = ["explain", str(events), "--why-not", rule, "--as-of", as_of, "--policy", policy]
    result = CliRunner().invoke(cli, [*args, *more])
    return result.exit_code, result.output


ROUND_ONE = f"""\
      - {{type: interview, at: 2026-10-06T10:00, round: 1, {GRACE}}}
"""


@pytest.mark.parametrize(
    ("name", "events", "rule", "as_of", "expected"),
    [
        (
            "a condition does not hold: the fact value is shown",
            ROUND_ONE,
            "follow-up-after-later-round",
            "2026-10-07T09:00",
            [
                "round >= 2: false (round = 1)",
                "has_decision_date is false: true (has_decision_date = false)",
                "-> did not hold: round >= 2",
                "answer    no event met all of its conditions; closest: event 0",
            ],
        ),
        (
            "an event of another type is not a trigger",
            ROUND_ONE + "      - {type: thank_you_sent, at: 2026-10-06T18:00}\n",
            "follow-up-after-later-round",
            "2026-10-07T09:00",
            [
                "event 1   thank_you_sent 2026-10-06 18:00",
                "event is interview: false (event = thank_you_sent)",
                "-> not an event that starts this rule",
            ],
        ),
        (
            "no event of the kind at all",
            ROUND_ONE,
            "reply-to-offer",
            "2026-10-07T09:00",
            ["answer    acme has no offer_received event by the time of planning"],
        ),
        (
            "cancelled by a later event",
            ROUND_ONE + f"      - {{type: interview, at: 2026-10-13T10:00, round: 2, {GRACE}}}\n",
            "follow-up-after-first-round",
            "2026-10-14T09:00",
            [
                "-> all conditions held: 1 action(s), cancelled",
                "[cancelled]  cancelled by event 1: interview round 2 (one_on_one) "
                "2026-10-13 10:00",
                "answer    its action(s) are closed: acme/follow-up-after-first-round/2026-10-06",
            ],
        ),
        (
            "cancelled because it is time to move on",
            ROUND_ONE,
            "follow-up-after-first-round",
            "2026-11-09T10:00",
            ["[cancelled]  cancelled: time to move on (acme/move-on-after-a-month-of-silence"],
        ),
        (
            # The limit counts attempts without a response since their last reply (G28): two
            # chases before the date they gave in it (G21) leave no third after the date.
            "cancelled by the follow-up limit",
            ROUND_ONE
            + "      - {type: follow_up_sent, at: 2026-10-14T09:00}\n"
            + "      - {type: response_received, at: 2026-10-16T11:00, decision_by: 2026-10-30}\n"
            + "      - {type: follow_up_sent, at: 2026-10-20T09:00}\n"
            + "      - {type: follow_up_sent, at: 2026-10-27T09:00}\n",
            "follow-up-after-decision-date",
            "2026-11-05T12:00",
            [
                "cancelled: 2 follow-ups without a response already sent since their last reply "
                "(response_received 2026-10-16 11:00, event 2) (settings.max_follow_ups)"
            ],
        ),
        (
            "done by a later event",
            ROUND_ONE
            + "      - {type: thank_you_sent, at: 2026-10-06T18:00, to: [grace@acme.example]}\n",
            "thank-you-each-interviewer",
            "2026-10-07T09:00",
            ["[done]  done: event 1: thank_you_sent 2026-10-06 18:00"],
        ),
        (
            "the window has not opened yet",
            ROUND_ONE,
            "follow-up-after-first-round",
            "2026-10-07T09:00",
            # generic 1w/10d in working hours: Tue 6 Oct 10:00 + 1w = Tue 13 Oct 10:00 -> opens
            # at 09:00 that day; + 10d = Fri 16 Oct 10:00 -> closes at 17:00 that day
            [
                "answer    it did produce 1 open action(s): "
                "acme/follow-up-after-first-round/2026-10-06: upcoming: its window opens "
                "Tue 13 Oct 2026 09:00, after the time of planning "
                "(Wed 7 Oct 2026 09:00); due by Fri 16 Oct 2026 17:00",
            ],
        ),
        (
            "the window has closed",
            ROUND_ONE,
            "thank-you-each-interviewer",
            "2026-10-08T09:00",
            ["overdue: its window closed Wed 7 Oct 2026 10:00, before the time of planning"],
        ),
        (
            "the window is open",
            ROUND_ONE,
            "thank-you-each-interviewer",
            "2026-10-06T15:00",
            ["due now: window Tue 6 Oct 2026 10:00 -> Wed 7 Oct 2026 10:00"],
        ),
        (
            "events after the time of planning are not considered",
            ROUND_ONE + "      - {type: offer_received, at: 2026-10-20T10:00}\n",
            "reply-to-offer",
            "2026-10-07T09:00",
            [
                "answer    acme has no offer_received event by the time of planning",
                "later     event 1: offer_received 2026-10-20 10:00 is after the time of planning",
            ],
        ),
    ],
)
def test_why_not_branches(
    tmp_path: Path, name: str, events: str, rule: str, as_of: str, expected: list[str]
) -> None:
    code, out = why(events_file(tmp_path, events), rule, as_of, "--application", "acme")
    assert code == 0, out
    for text in expected:
        assert text in out, f"{name}: {text!r} not in\n{out}"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            "chase-after-the-date",
            "all conditions held, but the window is anchored at decision_date and no decision "
            "date is known",
        ),
        (
            "thank-the-recruiter",
            "all conditions held, but the rule writes to the recruiter and the application "
            "names none",
        ),
    ],
)
def test_all_conditions_held_but_nothing_came_of_it(
    tmp_path: Path, rule: str, expected: str
) -> None:
    policy = tmp_path / "odd.yaml"
    policy.write_text(ODD_POLICY, encoding="utf-8")
    events = events_file(tmp_path, ROUND_ONE)
    code, out = why(events, rule, "2026-10-07T09:00", policy=str(policy))
    assert code == 0, out
    assert f"-> {expected}" in out
    assert f"answer    {expected}" in out


def test_the_example_panel_shows_conditions_with_their_source_lines() -> None:
    code, out = why(
        TECH_PANEL, "follow-up-after-later-round", "2026-10-07T09:00", "--application", "acme-sre"
    )
    assert code == 0, out
    assert "rule      follow-up-after-later-round  (policies/generic.yaml:" in out
    line = next(x for x in out.splitlines() if "round >= 2: true (round = 2)" in x)
    assert line.strip().startswith("policies/generic.yaml:")
    assert "has_decision_date is false: false (has_decision_date = true)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--why-not", "follow-up-after-later-rond", "--application", "acme-sre"],
            "has no rule 'follow-up-after-later-rond'; did you mean follow-up-after-later-round",
        ),
        (
            ["--why-not", "follow-up-after-later-round", "--application", "acme-sr"],
            "no application 'acme-sr'; did you mean acme-sre?",
        ),
        ([], "give ACTION_ID, or --why-not RULE_ID --application APP_ID"),
    ],
)
def test_bad_ids_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(
        cli, ["explain", str(TECH_PANEL), "--as-of", "2026-10-07T09:00", *args]
    )
    assert result.exit_code == 2
    assert message in result.output


def test_application_may_be_left_out_only_when_there_is_one(tmp_path: Path) -> None:
    single = events_file(tmp_path, ROUND_ONE)
    assert why(single, "reply-to-offer", "2026-10-07T09:00")[0] == 0
    two = tmp_path / "two.yaml"
    two.write_text(
        single.read_text(encoding="utf-8")
        + "  - {id: beta, company: Beta, role: Engineer, "
        + "events: [{type: interview, at: 2026-10-06T10:00}]}\n",
        encoding="utf-8",
    )
    code, out = why(two, "reply-to-offer", "2026-10-07T09:00")
    assert code == 2
    assert "--why-not needs --application: one of acme, beta" in out


def test_why_not_dict_keeps_every_condition_for_tools(tmp_path: Path) -> None:
    events = load_events(events_file(tmp_path, ROUND_ONE))
    moment = parse_as_of("2026-10-07T09:00", events.candidate.timezone)
    result = plan(events, as_of=moment, chooser=PolicyChooser(load_policy("generic")))
    data = why_not_dict(why_not(result, "follow-up-after-later-round", "acme"))
    assert data["rule"] == "follow-up-after-later-round"
    (event,) = data["events"]
    assert event["outcome"] == "conditions-not-met"
    by_fact = {c["fact"]: c for c in event["conditions"]}
    assert by_fact["round"] == {
        "condition": "round >= 2",
        "fact": "round",
        "op": "at_least",
        "expected": 2,
        "seen": 1,
        "held": False,
        "source": by_fact["round"]["source"],
    }
    assert by_fact["event"]["held"] is True


def test_explain_speaks_json_for_tools(tmp_path: Path) -> None:
    """`followup explain --format json`: the action as in the plan's JSON contract, and for
    --why-not every condition with the value it saw (as `opa eval --explain` does)."""
    from click.testing import CliRunner

    from followup.cli import cli

    events = ROOT / "examples" / "tech-panel.yaml"
    args = ["explain", str(events), "--as-of", "2026-10-07T09:00", "--format", "json"]
    result = CliRunner().invoke(
        cli, [*args[:2], "acme-sre/thank-you-panel-lead/2026-10-06", *args[2:]]
    )
    assert result.exit_code == 0, result.output
    action = json.loads(result.output)["action"]
    assert action["rule"] == "thank-you-panel-lead"
    assert action["explanation"]["rule_source"].startswith("policies/fast-paced.yaml:")
    why = CliRunner().invoke(
        cli, [*args, "--why-not", "follow-up-after-later-round", "--application", "acme-sre"]
    )
    assert why.exit_code == 0, why.output
    data = json.loads(why.output)
    assert data["rule"] == "follow-up-after-later-round"
    seen = {c["fact"]: c["seen"] for e in data["events"] for c in e["conditions"]}
    assert seen["has_decision_date"] is True  # round 2 gave a date: that is why not
