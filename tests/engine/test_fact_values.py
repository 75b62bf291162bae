"""A trigger keeps its facts as a tuple in `FACT_NAMES` order (`Trigger.values`), counts days
only when asked (`derive_triggers`' `counted`, else `Trigger.counted`) and names its facts only
when asked (`Trigger.facts`): the facts are the dict `derive_triggers` used to build for every
event, the same names in the same order, each value of the same type (a count is no boolean),
for every event of every example, of the synthetic applications and of random ones, whatever is
counted first; and what matching reads and sends is the same."""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.engine.compile import counts_read
from followup.engine.durable_engine import rulesets_for
from followup.events import Application, Event, load_events, parse_events
from followup.facts import (
    BOOKED,
    CONTACT_EVENTS,
    DAY_COUNTS,
    EVERY_COUNT,
    FACT_AT,
    FACT_NAMES,
    FACTS,
    NO_COUNT,
    UNCOUNTED,
    DayCounts,
    Trigger,
    derive_triggers,
    is_booked,
    known_events,
    values_of,
)
from followup.planner import builtin_policies
from followup.policy import Policy
from followup.source import Document
from paths import ROOT
from strategies import events_document

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate

AS_OFS = (
    pendulum.datetime(2026, 10, 7, 9, tz="Europe/London"),
    pendulum.datetime(2026, 11, 20, 9, tz="Europe/London"),
    pendulum.datetime(2027, 2, 1, 9, tz="America/New_York"),
)
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def eager_facts(app: Application, as_of: pendulum.DateTime) -> list[dict[str, Any]]:
    """The general code: each event's facts as the dict `derive_triggers` built for it before
    they became a tuple, derived here event by event with `timestamp()` and plain names."""
    events = known_events(app, as_of)
    first = next((e for e in events if e.type == "interview"), None)
    found: list[dict[str, Any]] = []
    interview: Event | None = None
    decision: tuple[pendulum.DateTime, Event] | None = None
    last_contact: Event | None = None
    follow_ups = attempts = thanks = responses = 0
    for event in events:
        booked = is_booked(event, as_of)
        follow_up = event.type == "follow_up_sent"
        early = follow_up and decision is not None and decision[0] > event.at
        if event.type == "interview":
            interview, decision = event, None
            follow_ups = attempts = thanks = responses = 0
        if event.decision_by is not None:
            decision = (event.decision_by, event)
        if follow_up:
            follow_ups += 1
            attempts += 1
        elif event.type == "thank_you_sent":
            thanks += 1
        elif event.type == "response_received":
            responses += 1
            attempts = 0
        if event.type in CONTACT_EVENTS and not booked:
            last_contact = event
        now, at = as_of.timestamp(), event.at.timestamp()
        found.append(
            {
                "event": BOOKED if booked else event.type,
                "round": interview.round if interview else 0,
                "format": interview.format if interview else "none",
                "interviewers": len(interview.interviewers) if interview else 0,
                "has_recruiter": app.recruiter is not None,
                "has_decision_date": decision is not None,
                "sets_decision_date": event.decision_by is not None,
                "decision_date_pending": decision is not None and decision[0] >= event.at,
                "follow_up_number": attempts if follow_up else 0,
                "before_decision_date": early,
                "follow_ups_sent": follow_ups,
                "unanswered_follow_ups": attempts,
                "thank_you_sent": thanks > 0,
                "has_answer_date": event.answer_by is not None,
                "responses_received": responses,
                "days_since_first_interview": max(
                    0, int((at - first.at.timestamp()) // 86400) if first else 0
                ),
                "days_since_event": max(0, int((now - at) // 86400)),
                "days_since_last_contact": max(
                    0, int((now - last_contact.at.timestamp()) // 86400) if last_contact else 0
                ),
                "industry": app.industry,
            }
        )
    return found


def typed(facts: dict[str, Any]) -> list[tuple[str, type, Any]]:
    """Names in order, with each value's type: `True == 1`, so equality alone would not do."""
    return [(name, type(value), value) for name, value in facts.items()]


def check(
    app: Application, as_of: pendulum.DateTime, counted: dict[str, DayCounts] | None = None
) -> int:
    """`derive_triggers` (counting now only the day counts `counted` says) against the eager
    dicts: the facts, the counts made now, and those left for later."""
    triggers = derive_triggers(app, as_of, counted)
    expected = eager_facts(app, as_of)
    assert len(triggers) == len(expected), app.id
    for trigger, facts in zip(triggers, expected, strict=True):
        assert typed(trigger.facts) == typed(facts), (app.id, trigger.position)
        assert list(trigger.facts) == list(FACTS)
        assert trigger.counted() == values_of(facts)
        wanted = EVERY_COUNT if counted is None else counted.get(facts["event"], NO_COUNT)
        for name, now in zip(DAY_COUNTS, wanted, strict=True):
            value = trigger.values[FACT_AT[name]]
            assert value is UNCOUNTED if not now else type(value) is int, (name, wanted)
    return len(triggers)


def _synthetic(count: int, seed: int) -> tuple[Application, ...]:
    document = generate(count, seed=seed)
    digest = hashlib.sha256(json.dumps(document).encode()).hexdigest()
    return parse_events(Document("synthetic.yaml", document, "", digest)).applications


COUNTED = [
    None,
    {},
    *({event: EVERY_COUNT} for event in FACTS["event"].choices),
    *(counts_read(policy) for policy in builtin_policies()),
]
"""What `derive_triggers` may be asked to count now: everything, nothing, everything on one
event, what each built-in policy's keys read."""


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
@pytest.mark.parametrize("counted", COUNTED)
def test_every_example_s_facts_are_the_eager_dict(
    as_of: pendulum.DateTime, counted: dict[str, DayCounts] | None
) -> None:
    found = sum(
        check(app, as_of, counted) for path in EXAMPLES for app in load_events(path).applications
    )
    assert found > 10


def test_the_synthetic_applications_facts_are_the_eager_dict() -> None:
    apps = _synthetic(300, 5)
    found = sum(
        check(app, as_of, counted) for app in apps for as_of in AS_OFS for counted in COUNTED
    )
    assert found > 1000


_WANTED = st.sampled_from([EVERY_COUNT, NO_COUNT, (True, False, False), (False, True, True)])


@settings(max_examples=60, deadline=None)
@given(
    document=events_document(max_apps=3),
    as_of=st.sampled_from(AS_OFS),
    counted=st.none() | st.dictionaries(st.sampled_from(FACTS["event"].choices), _WANTED),
)
def test_random_applications_facts_are_the_eager_dict(
    document: dict[str, Any], as_of: pendulum.DateTime, counted: dict[str, DayCounts] | None
) -> None:
    digest = hashlib.sha256(json.dumps(document).encode()).hexdigest()
    for app in parse_events(Document("random.yaml", document, "", digest)).applications:
        check(app, as_of, counted)


@pytest.mark.parametrize("policy", builtin_policies(), ids=lambda p: p.name)
def test_what_matching_reads_is_counted(policy: Policy) -> None:
    # The planner counts now only what the policy's keys read (`counts_read`): each trigger's
    # key and reading, and each fact sent to the engine (from `Trigger.counted`), are those of
    # the trigger with every count.
    encode = rulesets_for(policy).encode
    counted = counts_read(policy)
    apps = _synthetic(300, 11)
    lazy = [t for app in apps for t in derive_triggers(app, AS_OFS[1], counted)]
    eager = [t for app in apps for t in derive_triggers(app, AS_OFS[1])]
    uncounted = 0
    for trigger, full in zip(lazy, eager, strict=True):
        uncounted += UNCOUNTED in trigger.values
        assert encode.key(trigger.values) == encode.key(full.values)
        of = encode.reader_of(trigger.values[0])
        if of is not None:
            assert of[0](trigger.values) == of[0](full.values)
        assert encode(trigger.counted()) == encode(full.values)
    assert uncounted > len(lazy) / 2  # most triggers left some counts for later


def test_values_by_name_and_position() -> None:
    # `FACT_AT` is each name's position in `values`; a fact left out of a dict reads as None,
    # as `Condition.holds` reads a missing fact.
    assert [FACT_NAMES[FACT_AT[name]] for name in FACTS] == list(FACTS)
    values = values_of({"event": "interview", "round": 2})
    assert values[FACT_AT["round"]] == 2 and values[FACT_AT["format"]] is None
    event = load_events(EXAMPLES[0]).applications[0].events[0]
    trigger = Trigger(0, event, values, None, None, None, None, None)
    assert trigger.facts == {name: values[FACT_AT[name]] for name in FACTS}
