"""Issue 10's two properties, over realistic random events files (tests/etiquette_strategies.py):

(a) no open status check (kind follow_up, the final one included) opens before a decision date
    that is still pending at as_of (G21: wait for the end of the period before checking in);
(b) nobody gets two open emails that open on the same day for the same interview (G9, G17; the
    timeline question goes inside the thank-you, a recruiter who interviewed gets one note).

A fixed small budget, derandomized, so CI time and results are stable.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings

from etiquette_strategies import decision_moment, local, realistic_events
from followup.api import Plan, PolicyChooser, plan
from followup.dates.zones import in_zone, zone_named
from followup.events import parse_events
from followup.policy import load_policy
from followup.source import parse_document

POLICIES = ("fast-paced", "generic", "conservative")
BUDGET = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _plan(document: dict[str, Any], policy: str, as_of: str) -> tuple[Plan, pendulum.DateTime]:
    events = parse_events(parse_document(json.dumps(document), "events.json", "json"))
    moment = pendulum.parse(as_of, tz=events.candidate.timezone)
    assert isinstance(moment, pendulum.DateTime)
    return plan(events, as_of=moment, chooser=PolicyChooser(load_policy(policy))), moment


def _pending_decision(document: dict[str, Any], as_of: pendulum.DateTime) -> Any:
    """The decision date still pending at as_of, worked out from the file without the engine:
    the latest date given (interview or reply) at or before as_of, unless a later interview
    (at or before as_of) started a new round; pending when it is still after as_of."""
    zone = document["candidate"]["timezone"]
    known = sorted(
        (e for e in document["applications"][0]["events"] if local(e["at"], zone) <= as_of),
        key=lambda e: local(e["at"], zone),
    )
    date = None
    for event in known:
        if event.get("decision_by"):
            date = decision_moment(event, document)
        elif event["type"] == "interview":
            date = None  # a new round: the earlier round's date is not this round's
    return date if date is not None and date > as_of else None


@pytest.mark.parametrize("policy", POLICIES)
@BUDGET
@given(case=realistic_events())
def test_no_open_status_check_opens_before_a_pending_decision_date(
    policy: str, case: tuple[dict[str, Any], str]
) -> None:
    document, as_of_text = case
    result, as_of = _plan(document, policy, as_of_text)
    pending = _pending_decision(document, as_of)
    if pending is None:
        return
    for action in result.actions:
        if action.is_open and action.kind == "follow_up":
            assert action.not_before > pending, (
                f"{action.id} [{action.status}] opens {action.not_before.isoformat()}, before "
                f"the pending decision date {pending.isoformat()} (as_of {as_of.isoformat()})"
            )


def _who(person: Any) -> str:
    return (person.email or person.name).casefold()


@pytest.mark.parametrize("policy", POLICIES)
@BUDGET
@given(case=realistic_events())
def test_nobody_gets_two_open_emails_opening_the_same_day_for_one_interview(
    policy: str, case: tuple[dict[str, Any], str]
) -> None:
    document, as_of_text = case
    result, _ = _plan(document, policy, as_of_text)
    zone = document["candidate"]["timezone"]
    seen: dict[tuple[str, int, str, str], list[str]] = defaultdict(list)
    for action in result.actions:
        interview = action.trigger.interview
        if not action.is_open or action.channel != "email" or interview is None:
            continue
        day = in_zone(action.not_before, zone_named(zone)).date().isoformat()
        for person in (*action.to, *action.cc):
            seen[(action.application.id, interview.index, _who(person), day)].append(action.id)
    doubles = {key: ids for key, ids in seen.items() if len(ids) > 1}
    assert not doubles, "\n".join(
        f"{who} on {day} (interview event {index}): {', '.join(ids)}"
        for (_, index, who, day), ids in doubles.items()
    )


@pytest.mark.parametrize("policy", POLICIES)
@BUDGET
@given(case=realistic_events())
def test_nothing_measured_from_an_interview_opens_before_it_ends(
    policy: str, case: tuple[dict[str, Any], str]
) -> None:
    """A thank-you is written after the interview (G11, G22, G29): with its end known, no window
    measured from the interview opens before it, and none is due while it is going on."""
    document, as_of_text = case
    result, as_of = _plan(document, policy, as_of_text)
    for action in result.actions:
        event = action.anchor_event
        if action.anchor_name != "interview" or event is None or event.ends is None:
            continue
        assert action.not_before >= event.ends, (
            f"{action.id} opens {action.not_before.isoformat()}, before the interview ends "
            f"{event.ends.isoformat()}"
        )
        if as_of < event.ends:
            assert action.status not in ("due", "overdue"), (action.id, action.status)
