"""The events reader's quick way reads each mapping into its record's field values in one loop
(`format.Layout.values`: a step per key, labels and choices checked in the loop) and builds the
record by one unpacking. These tests compare it with the checked way (`Checker.mapping` and
`written`, placed by `Layout.of`) on mappings of many shapes: unknown keys, nulls, missing
required keys, values of the wrong type; and check that each record holds each field under its
own name, since both ways share the unpacking."""

from __future__ import annotations

import copy
import json
from dataclasses import fields
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_quick_read import VALUES, WRONG, CheckedOnly

from followup.dates.reading import (
    BadMoment,
    decision_from,
    decision_problem,
    is_date_only,
    read_moment,
)
from followup.events import (
    APPLICATION,
    DECISION,
    EVENT,
    EVENT_TYPES,
    PERSON,
    Application,
    Decision,
    Event,
    EventsReader,
    Person,
    _date_alone,
    out_of_order,
    parse_events,
    thanks_during_interview,
)
from followup.format import CHECK, Key
from followup.source import Document, SourceRef, parse_document

DECLARATIONS = {"person": PERSON, "event": EVENT, "decision": DECISION, "application": APPLICATION}
GOOD: dict[str, list[Any]] = {
    "name": ["Ann Lee", " Grace Hopper ", "José Núñez"], "email": ["ann@corp.example"],
    "title": ["CTO"], "honorific": ["Dr."], "surname": ["García López"], "lead": [True, False],
    "hiring_manager": [True, False], "timezone": ["Europe/London", " Asia/Tokyo "],
    "phone": ["+44 20 7946 0000"], "at": ["2026-10-06T10:00", "2026-10-06 10:00:00+01:00"],
    "ends": ["11:30", " 2026-10-06T12:00 "], "round": [1, 2], "format": ["panel", "video"],
    "decision_by": ["2026-10-13", "2026-10-13T12:00"], "answer_by": ["2026-10-13"],
    "booked_at": ["2026-09-01T10:00"], "until": ["2026-10-20"], "to": ["Ann", ["Ann", " "]],
    "topics": [["pay", "hours"]], "channel": ["email"], "note": ["fine"],
    "message_id": ["<m@corp.example>"], "action": ["app-1/thank-you/2026-10-06"],
    "interviewers": [[{"name": "Ann Lee"}], [{"name": "Bo"}, {"name": "Al", "email": "a@b"}]],
    "recruiter": [{"name": "Sam Reed", "email": "sam@corp.example"}],
    "id": ["app-1", "a.b_c-2"], "company": ["Acme"], "role": ["SRE"], "industry": ["Finance"],
    "events": [[], [{"type": "applied", "at": "2026-09-01T10:00"}]], "notes": ["x", {"a": [1]}],
}  # fmt: skip
"""A value the quick way reads, for each key (with a type's choices)."""
EXTRA: list[Any] = [
    "Grace Hopper", "grace@corp.example", "Dr.", "García López", "+44 20 7946 0000",
    "Europe/London", "2026-10-06T10:00", "2026-10-13", "11:30", "dismissed", "moved_on",
    "app-1/thank-you/2026-10-06", "zoom", " pay ", ["pay", " "], 2, 40, 2**70, 1.5, "7",
]  # fmt: skip
"""Other values, right for some keys and wrong for most."""


def _reader(kind: type[EventsReader]) -> EventsReader:
    reader = kind(parse_document("{}", "events.json", "json"))
    reader.tz, reader.employer_tz = "Europe/London", "America/New_York"
    return reader


def _layout(reader: EventsReader, name: str) -> Any:
    return {
        "person": reader.person_layout,
        "event": reader.event_layout,
        "decision": reader.decision_layout,
        "application": reader.application_layout,
    }[name]


def checked_values(name: str, data: Any) -> tuple[list[Any] | None, list[str]]:
    """What the checked way reads of `data` as a `name`, placed as the quick way places it, and
    the problems it reports."""
    reader = _reader(CheckedOnly)
    keys = DECLARATIONS[name]
    mapping = reader.mapping(data, ("x",), keys)
    written = reader.written(mapping, ("x",), keys[:6] if name == "application" else keys)
    found = _layout(reader, name).of(written)
    if name == "application":  # read by `application` itself
        found[-1] = mapping.get("notes")
        found[_layout(reader, name).slots["events"]] = mapping.get("events")
    return found, [f"{p.field} {p.code}: {p.message}" for p in reader.problems]


@st.composite
def mappings(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A mapping for one declaration: some of its keys in any order (now and then an unknown
    one), each mostly holding a value right for it (`GOOD`), now and then any other (null
    included)."""
    name = draw(st.sampled_from(sorted(DECLARATIONS)))
    keys = {k.name: k for k in DECLARATIONS[name]}
    required = [n for n, k in keys.items() if k.required]
    chosen = draw(st.lists(st.sampled_from([*keys, "typo", "at ", 3]), unique=True, max_size=6))
    if draw(st.integers(0, 4)) > 0:  # mostly every required key: the usual mapping
        chosen = [*required, *(n for n in chosen if n not in required)]
    data: dict[Any, Any] = {}
    for key in draw(st.permutations(chosen)):
        good = list(keys[key].choices) if key in keys and keys[key].choices else []
        good += GOOD.get(key, []) if isinstance(key, str) else []
        if good and draw(st.integers(0, 7)) > 0:
            data[key] = copy.deepcopy(draw(st.sampled_from(good)))
        else:  # anything: often wrong for the key
            other = VALUES.get(key, []) if isinstance(key, str) else []
            data[key] = copy.deepcopy(draw(st.sampled_from([*WRONG, *EXTRA, *other])))
    return name, data


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=mappings())
def test_the_quick_way_reads_what_the_checked_way_reads(
    drawn: tuple[str, dict[str, Any]],
) -> None:
    name, data = drawn
    quick = _layout(_reader(EventsReader), name).values(_reader(EventsReader), copy.deepcopy(data))
    if quick is None:
        return  # left to the checked way, which reports what is wrong (or reads it as usual)
    expected, problems = checked_values(name, copy.deepcopy(data))
    assert not problems, (data, problems)
    assert repr(quick) == repr(expected), data


def test_the_usual_mappings_are_read_the_quick_way() -> None:
    """Not vacuous: what the synthetic files hold is read the quick way, and the same."""
    usual = [
        ("person", {"name": "Grace Hopper", "email": "grace@corp.example"}),
        ("person", {"name": " Ann Lee ", "email": "ann@corp.example", "lead": True}),
        ("person", {"lead": False, "name": "Ann Lee", "surname": "Lee", "timezone": "UTC"}),
        ("event", {"type": "applied", "at": "2026-09-01T10:00:00"}),
        ("event", {"at": "2026-09-01T10:00", "type": "interview", "round": 2, "format": "panel"}),
        ("event", {"type": "interview", "at": "2026-09-01T10:00", "decision_by": "2026-09-09"}),
        ("event", {"type": "thank_you_sent", "at": "2026-09-01T18:00", "to": ["Ann Lee"]}),
        ("decision", {"type": "dismissed", "at": "2026-09-01T10:00", "action": "a/b/c"}),
        ("application", {"id": "app-1", "company": "Acme", "role": "SRE", "events": []}),
        ("application", {"id": "a", "company": "B", "role": "C", "industry": "Finance"}),
    ]
    for name, data in usual:
        quick = _layout(_reader(EventsReader), name).values(_reader(EventsReader), data)
        assert quick is not None, data
        expected, problems = checked_values(name, data)
        assert not problems
        assert repr(quick) == repr(expected)


@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_every_quick_reader_leaves_null_to_the_checked_way(name: str) -> None:
    """The loop does not look for null before a key's reader: each must refuse it."""
    reader = _reader(EventsReader)
    readers: dict[str, Any] = reader._compiled_for(DECLARATIONS[name])[0]
    for key in DECLARATIONS[name]:
        if key.name in readers:
            assert readers[key.name](reader, None) is CHECK, key.name


@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_the_steps_in_the_loop_read_as_their_readers(name: str) -> None:
    """A label and a choice are checked in the loop, not by their reader: the same values, the
    same refusals (one key at a time, with the required ones right)."""
    keys: tuple[Key, ...] = DECLARATIONS[name]
    reader = _reader(EventsReader)
    readers = reader._compiled_for(keys)[0]
    base = {"person": {"name": "Ann Lee"}, "event": {"type": "applied", "at": "2026-09-01T10:00"},
            "decision": {"type": "done", "at": "2026-09-01T10:00", "action": "x"},
            "application": {"id": "a", "company": "B", "role": "C"}}[name]  # fmt: skip
    layout = _layout(reader, name)
    values = [*WRONG, *EXTRA, *(v for vs in VALUES.values() for v in vs), "Ann\x1b[31m", " x "]
    for key in keys:
        if key.type not in ("label", "choice") or key.name not in readers:
            continue
        for value in values:
            if value is None:
                continue
            found = layout.values(reader, {**base, key.name: copy.deepcopy(value)})
            read = readers[key.name](reader, copy.deepcopy(value))
            assert (found is None) == (read is CHECK), (key.name, value)
            if found is not None:
                assert found[layout.slots[key.name]] == read


# -- each field under its own name ----------------------------------------------------------
FULL = {
    "candidate": {"name": "Ada Lovelace", "timezone": "Europe/London"},
    "applications": [
        {
            "id": "acme",
            "company": "Acme",
            "role": "SRE",
            "industry": "Technology",
            "timezone": "America/New_York",
            "recruiter": {
                "name": "Sam Reed",
                "email": "sam@acme.example",
                "title": "Recruiter",
                "honorific": "Mx.",
                "surname": "Reed-Smith",
                "lead": False,
                "hiring_manager": True,
                "timezone": "Asia/Tokyo",
                "phone": "+1 555 0100",
            },
            "notes": {"mine": [1, 2]},
            "events": [
                {"type": "applied", "at": "2026-09-01T10:00"},
                {
                    "type": "interview",
                    "at": "2026-10-06T10:00",
                    "ends": "11:30",
                    "round": 2,
                    "format": "panel",
                    "decision_by": "2026-10-13T12:00",
                    "interviewers": [
                        {"name": "Grace Hopper", "email": "grace@acme.example", "lead": True},
                        {"name": "Alan Turing", "title": "Engineer", "phone": "555"},
                    ],
                    "to": ["Grace Hopper"],
                    "topics": "pay",
                    "channel": "video",
                    "note": "went well",
                    "booked_at": "2026-09-20T09:00",
                    "message_id": "<m1@acme.example>",
                },
                {"type": "thank_you_sent", "at": "2026-10-06T18:00", "to": "Grace Hopper"},
                {"type": "follow_up_sent", "at": "2026-10-06T18:00", "note": "same time"},
                {"type": "offer_received", "at": "2026-10-20T09:00", "answer_by": "2026-10-27"},
                {
                    "type": "snoozed",
                    "at": "2026-10-08T09:00",
                    "action": "acme/x",
                    "until": "2026-10-15",
                    "note": "later",
                },
            ],
        }
    ],
}


@pytest.mark.parametrize("reader", [EventsReader, CheckedOnly])
def test_each_field_is_set_under_its_own_name(reader: type[EventsReader]) -> None:
    doc = parse_document(json.dumps(FULL), "events.json", "json")
    checker = reader(doc)
    model = checker.read(doc.value, ())
    assert not checker.problems
    (app,) = model.applications
    assert isinstance(app, Application)
    assert (app.id, app.company, app.role, app.industry) == ("acme", "Acme", "SRE", "technology")
    assert app.timezone == "America/New_York" and app.source.path == ("applications", 0)
    sam = app.recruiter
    assert isinstance(sam, Person)
    assert (sam.name, sam.email, sam.title, sam.honorific) == (
        "Sam Reed", "sam@acme.example", "Recruiter", "Mx.",
    )  # fmt: skip
    assert (sam.lead, sam.hiring_manager, sam.timezone) == (False, True, "Asia/Tokyo")
    assert (sam.phone, sam.given_surname) == ("+1 555 0100", "Reed-Smith")
    applied, interview, thanks, follow_up, offer = app.events
    assert [e.index for e in app.events] == [0, 1, 2, 3, 4]  # a tie keeps the file's order
    assert interview.type == "interview" and interview.round == 2 and interview.format == "panel"
    assert (interview.at.hour, interview.ends and interview.ends.minute) == (10, 30)
    assert interview.decision_by and interview.decision_by.day == 13
    assert interview.booked_at and interview.booked_at.day == 20
    assert interview.to == ("Grace Hopper",) and interview.topics == ("pay",)
    assert (interview.channel, interview.note) == ("video", "went well")
    assert interview.message_id == "<m1@acme.example>" and interview.answer_by is None
    assert interview.source.path == ("applications", 0, "events", 1)
    grace, alan = interview.interviewers
    assert (grace.name, grace.email, grace.lead) == ("Grace Hopper", "grace@acme.example", True)
    assert (alan.title, alan.phone, alan.email) == ("Engineer", "555", None)
    assert not interview.lead_assumed and interview.lead is grace
    assert thanks.to == ("Grace Hopper",) and follow_up.note == "same time"
    assert offer.answer_by and offer.answer_by.day == 27 and offer.decision_by is None
    assert applied.interviewers == () and applied.round == 1 and applied.format == "one_on_one"
    (snoozed,) = app.decisions
    assert isinstance(snoozed, Decision)
    assert (snoozed.index, snoozed.type, snoozed.action, snoozed.note) == (
        5, "snoozed", "acme/x", "later",
    )  # fmt: skip
    assert snoozed.until and snoozed.until.day == 15 and snoozed.at.day == 8
    assert snoozed.source.path == ("applications", 0, "events", 5)


def test_both_ways_build_the_same_records_field_by_field() -> None:
    doc = parse_document(json.dumps(FULL), "events.json", "json")
    quick = parse_events(doc)
    checker = CheckedOnly(parse_document(json.dumps(FULL), "events.json", "json"))
    checked = checker.read(checker.doc.value, ())
    for record, other in [
        *zip(quick.applications[0].events, checked.applications[0].events, strict=True),
        *zip(quick.applications[0].decisions, checked.applications[0].decisions, strict=True),
        (quick.applications[0], checked.applications[0]),
    ]:
        for f in fields(record):
            assert repr(getattr(record, f.name)) == repr(getattr(other, f.name)), f.name
    assert {f.name for f in fields(Event)} >= {"lead_assumed", "answer_by", "ends"}


DEADLINES = [
    "2026-10-13", " 2026-10-13 ", "2026-10-13T12:00", "2026-10-13 12:00", "2026-10-13T12:00Z",
    "2026-10-13 12:00:30+01:00", "2026-02-30", "1899-12-31", "2026-1-13", "2026-10-1",
    "2026/10/13", "١٢٣٤-١٠-١٣", "2026-10-13x", "next week", "13 Oct 2026", "2026-W42-1",
    "20261013", "2026-10-13T1", "\t2026-10-13\n", "2026-10-13 ",
]  # fmt: skip
"""Deadlines written as dates alone, dates and times, and neither."""


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.sampled_from(DEADLINES),
        st.from_regex(r"\s?\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d)?)?\s?", fullmatch=True),
        st.text(max_size=20),
    ),
    zone=st.sampled_from(["UTC", "Europe/London", "Asia/Tokyo"]),
)
def test_a_deadline_read_is_a_date_alone_by_its_length(text: str, zone: str) -> None:
    """`_date_alone` (round 16) against `is_date_only`, which it replaces for a deadline that was
    read: the same answer for every text `read_moment` takes, and that one says it too."""
    try:
        _, date_only = read_moment(text, zone, date_timezone="America/New_York")
    except BadMoment:
        return  # not read: `times` does not ask
    assert _date_alone(text) == is_date_only(str(text)) == date_only


@settings(max_examples=300, deadline=None)
@given(
    written=st.lists(
        st.tuples(
            st.sampled_from(EVENT_TYPES),
            st.integers(0, 24 * 20),  # hours after the first day's midnight
            st.one_of(st.none(), st.integers(1, 24 * 3)),  # an end, hours later
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_checks_an_application_skips_find_nothing(
    written: list[tuple[str, int, int | None]],
) -> None:
    """`application` (round 16) asks `out_of_order` only when the first event is no interview
    and `thanks_during_interview` only when an event has an end: in the other cases both find
    nothing."""
    start = pendulum.datetime(2026, 10, 1, tz="Europe/London")
    source = SourceRef(Document("events.json", None, "", ""), ())
    events = sorted(
        (
            Event(
                index=i,
                type=kind,
                at=start.add(hours=hours),
                source=source,
                ends=None if ends is None or kind != "interview" else start.add(hours=hours + ends),
            )
            for i, (kind, hours, ends) in enumerate(written)
        ),
        key=lambda e: e.at,
    )
    if events[0].type == "interview":
        assert out_of_order(events) == []
    if all(e.ends is None for e in events):
        assert thanks_during_interview(events) == []


@settings(max_examples=200, deadline=None)
@given(decision=st.integers(-72, 72), date_alone=st.booleans(), at_hour=st.integers(0, 23))
def test_a_decision_date_not_before_its_event_is_no_problem(
    decision: int, date_alone: bool, at_hour: int
) -> None:
    """`times` and `answer_by` (round 16) ask `decision_problem` only of a date before its
    event and `decision_from` only of a date alone: the others are no problem and stay as
    they are."""
    at = pendulum.datetime(2026, 10, 6, at_hour, tz="Europe/London")
    given_ = at.add(hours=decision)
    assert (decision_problem(given_, at, "interview") is None) == (not given_ < at)
    assert decision_from(given_, False, at) is given_
    assert decision_from(given_, date_alone, at) >= given_
