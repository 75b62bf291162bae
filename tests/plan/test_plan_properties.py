"""Properties that hold for every valid events file and every built-in policy (hypothesis)."""

from __future__ import annotations

import copy
import json
import random
import re
from datetime import timedelta
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.api import Plan, PolicyChooser, plan
from followup.events import TERMINAL_EVENTS, parse_events
from followup.policy import load_policy
from followup.render.json_render import plans_to_dict, render_json_files
from followup.source import parse_document
from strategies import application, events_document

POLICIES = ("fast-paced", "generic", "conservative")
AS_OFS = ("2026-04-20T12:00", "2026-11-20T12:00", "2027-01-15T12:00")


def _plan(document: dict[str, Any], policy: str, as_of: str) -> Plan:
    events = parse_events(parse_document(json.dumps(document), "events.json", "json"))
    moment = pendulum.parse(as_of, tz=events.candidate.timezone)
    assert isinstance(moment, pendulum.DateTime)
    return plan(events, as_of=moment, chooser=PolicyChooser(load_policy(policy)))


_EVENT_REF = re.compile(r"\bevent (\d+)\b")


def _in_file_order(data: dict[str, Any], moved: dict[str, list[int]]) -> dict[str, Any]:
    """The plan of a shuffled file with every event index put back as in the original file:
    `moved[app][i]` is the original index of the event now at position i."""
    data = copy.deepcopy(data)
    data.pop("events_files")  # the file's digest changes with its order, by design
    for action in data["actions"]:
        back = moved[action["application"]]
        exp = action["explanation"]
        exp["matched_events"] = sorted(back[i] for i in exp["matched_events"])
        for key in ("cancelled_by", "done_by"):
            if exp[key] is not None:
                exp[key] = back[exp[key]]
        for key in ("timing", "status_reason"):
            exp[key] = _EVENT_REF.sub(lambda m, b=back: f"event {b[int(m[1])]}", exp[key])
    return data


@pytest.mark.parametrize("policy", POLICIES)
@given(document=events_document(), as_of=st.sampled_from(AS_OFS))
def test_windows_open_after_their_trigger_and_close_after_they_open(
    policy: str, document: dict[str, Any], as_of: str
) -> None:
    for action in _plan(document, policy, as_of).actions:
        assert action.not_before <= action.due_by
        assert action.not_before >= action.trigger.event.at, action.id


@pytest.mark.parametrize("policy", POLICIES)
@given(document=events_document(), as_of=st.sampled_from(AS_OFS), seed=st.integers(0, 2**16))
def test_event_order_in_the_file_changes_nothing(
    policy: str, document: dict[str, Any], as_of: str, seed: int
) -> None:
    shuffled = copy.deepcopy(document)
    moved: dict[str, list[int]] = {}
    for app in shuffled["applications"]:
        order = list(range(len(app["events"])))
        random.Random(seed).shuffle(order)
        app["events"] = [app["events"][i] for i in order]
        moved[app["id"]] = order
    first = plans_to_dict([_plan(document, policy, as_of)], include_all=True)
    again = plans_to_dict([_plan(shuffled, policy, as_of)], include_all=True)
    first.pop("events_files")
    assert _in_file_order(again, moved) == first


@pytest.mark.parametrize("policy", POLICIES)
@given(document=events_document(), as_of=st.sampled_from(AS_OFS))
def test_output_is_byte_identical_across_runs(
    policy: str, document: dict[str, Any], as_of: str
) -> None:
    once = render_json_files([_plan(document, policy, as_of)], include_all=True)
    assert once == render_json_files([_plan(document, policy, as_of)], include_all=True)


@pytest.mark.parametrize("policy", POLICIES)
@given(document=events_document(), as_of=st.sampled_from(AS_OFS))
def test_no_open_follow_up_after_an_ending_and_never_more_than_the_limit(
    policy: str, document: dict[str, Any], as_of: str
) -> None:
    result = _plan(document, policy, as_of)
    limit = load_policy(policy).settings.max_follow_ups
    for app in result.events.applications:
        open_follow_ups = [
            a
            for a in result.actions
            if a.application.id == app.id and a.kind == "follow_up" and a.is_open
        ]
        ended = any(e.type in TERMINAL_EVENTS and e.at <= result.as_of for e in app.events)
        if ended:
            assert open_follow_ups == [], [a.id for a in open_follow_ups]
        known = [e for e in app.events if e.at <= result.as_of]
        last_contact = max(
            (e.at for e in known if e.type in ("interview", "response_received")), default=None
        )
        unanswered = sum(
            1
            for e in known
            if e.type == "follow_up_sent" and (last_contact is None or e.at > last_contact)
        )
        # Never more follow-ups without a response (since the interview or their last reply,
        # G28) than the limit (G9, G17): those sent plus those still open.
        assert not open_follow_ups or unanswered + len(open_follow_ups) <= limit


@pytest.mark.parametrize("policy", POLICIES)
@given(
    first=application(app_id="cand-179599"),
    second=application(app_id="cand-362382"),
    as_of=st.sampled_from(AS_OFS),
)
def test_applications_are_planned_independently(
    policy: str, first: dict[str, Any], second: dict[str, Any], as_of: str
) -> None:
    """The two ids collide in durable_rules' 32-bit hash; their plans still never mix."""
    candidate = {"name": "Ada", "timezone": "Europe/London"}
    both = plans_to_dict(
        [_plan({"candidate": candidate, "applications": [first, second]}, policy, as_of)],
        include_all=True,
    )
    alone = [
        plans_to_dict(
            [_plan({"candidate": candidate, "applications": [app]}, policy, as_of)],
            include_all=True,
        )
        for app in (first, second)
    ]
    key = lambda a: (a["not_before"], a["id"])  # noqa: E731
    # The one thing one application may add to the other's plan: a note that a message to the
    # same person (same address) can be one for both (followup.peers).
    for action in both["actions"]:
        notes = action["explanation"]["notes"]
        action["explanation"]["notes"] = [n for n in notes if "for both applications" not in n]
    assert both["actions"] == sorted(alone[0]["actions"] + alone[1]["actions"], key=key)


@given(
    tz=st.sampled_from(("Europe/London", "America/New_York", "Australia/Sydney")),
    day=st.integers(0, 400),
)
def test_durations_across_dst_keep_their_meaning(tz: str, day: int) -> None:
    """24h is 24 elapsed hours; 2d lands on the same local time, whatever DST does between."""
    from followup.dates.durations import parse_duration

    start = pendulum.datetime(2026, 1, 1, 10, 30, tz=tz).add(days=day)
    hours = parse_duration("24h").add_to(start)
    assert (hours - start).total_seconds() == 24 * 3600
    days = parse_duration("2d").add_to(start)
    assert (days.hour, days.minute) == (10, 30)
    assert days.date() == start.date() + timedelta(days=2)
