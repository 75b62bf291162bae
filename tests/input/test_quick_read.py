"""The events reader's quick way (`Layout.values`: an application, an event or a decision with
nothing to report, read without paths or problems) gives exactly what the checked way gives, and
leaves every one it cannot read plainly to the checked way, whose messages the other input tests
pin: the same applications, the same problems, on good files and on damaged ones."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.errors import InputError
from followup.events import APPLICATION, CANDIDATE, DECISION, EVENT, PERSON, EventsReader
from followup.format import CHECK, Key
from followup.source import parse_document
from paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate


class CheckedOnly(EventsReader):
    """The reader without its quick way: every application, and every value in it, read the
    checked way (`Checker.mapping`, `Checker.value`)."""

    @classmethod
    def _compile(cls, keys: tuple[Key, ...]) -> Any:
        return {}, ()


def read(reader: type[EventsReader], text: str, kind: str) -> tuple[str, list[str]]:
    """What a reader makes of a file: the model's repr, and every problem with its place."""
    doc = parse_document(text, "events." + kind, kind)
    checker = reader(doc)
    try:
        model = checker.read(doc.value, ())
    except InputError as exc:  # a limit that stops the reading
        return f"refused: {exc}", []
    return repr(model), [f"{p.loc} {p.field} {p.code}: {p.message}" for p in checker.problems]


class Counting(EventsReader):
    """The reader, noting each application it read (in part) the checked way, which starts
    with `Checker.mapping`."""

    def __init__(self, doc: Any) -> None:
        super().__init__(doc)
        self.checked = set[Any]()

    def mapping(self, value: Any, path: tuple[Any, ...], keys: tuple[Key, ...]) -> Any:
        if path[:1] == ("applications",) and len(path) > 1:
            self.checked.add(path[1])
        return super().mapping(value, path, keys)


def quick_count(text: str, kind: str) -> int:
    """How many applications the quick way read on its own."""
    doc = parse_document(text, "events." + kind, kind)
    checker = Counting(doc)
    checker.read(doc.value, ())
    return len(doc.value["applications"]) - len(checker.checked)


EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_read_the_same_both_ways(path: Path) -> None:
    text = path.read_text()
    assert read(EventsReader, text, "yaml") == read(CheckedOnly, text, "yaml")
    assert not read(EventsReader, text, "yaml")[1]


def test_synthetic_file_is_read_the_quick_way_and_the_same() -> None:
    text = json.dumps(generate(300, 1))
    assert quick_count(text, "json") == 300  # every application: the path the benchmark takes
    assert read(EventsReader, text, "json") == read(CheckedOnly, text, "json")


def test_a_damaged_application_is_left_to_the_checked_way() -> None:
    document = generate(3, 1)
    document["applications"][1]["events"][0]["at"] = "2026-13-01T10:00"
    text = json.dumps(document, indent=1)
    assert quick_count(text, "json") == 2
    problems = read(EventsReader, text, "json")[1]
    assert problems == read(CheckedOnly, text, "json")[1]
    assert len(problems) == 1 and "applications[1].events[0].at" in problems[0]
    assert ":" in problems[0].split()[0]  # file:line:col


MOMENTS = [
    "2026-10-06T10:00", "2026-10-06T10:00:00+01:00", "2026-10-06 10:00", "2026-08-01T10:00",
    "2027-01-10T10:00", "2026-10-06", "2027-01-10", "2026-08-01", "2026-02-30T10:00",
    "1899-12-31T10:00", "2026-03-29T01:30", "next week", " 2026-10-06T10:00 ",
]  # fmt: skip
PEOPLE = [
    {"name": "Grace Hopper"}, {"name": "Grace Hopper", "email": "grace@corp.example"},
    {"name": "Ann Lee", "lead": True}, {"name": "Ann Lee", "hiring_manager": True},
    {"name": "Ann Lee", "lead": 1}, {"name": ""}, {"email": "x@corp.example"},
    {"name": "Ann Lee", "timezone": "Asia/Tokyo"}, {"name": "Ann Lee", "timezone": "Mars/Base"},
    {"name": "Ann Lee", "typo": 1}, {"name": " Ann\tLee "}, {"name": "Ann Lee", "phone": 123},
]  # fmt: skip
WRONG: list[Any] = [None, True, 0, 1, -1, 1.5, "", " ", "x", "\x1b[31m", [], ["x"], {}]
"""Values of the wrong kind for most keys, tried at every key."""
VALUES: dict[str, list[Any]] = {
    "type": [
        "interview", "thank_you_sent", "follow_up_sent", "response_received", "rejected",
        "offer_received", "withdrawn", "reply_sent", "applied", "dismissed", "snoozed", "done",
        "moved_on", "Interview",
    ],
    "at": MOMENTS, "decision_by": MOMENTS, "booked_at": MOMENTS, "until": MOMENTS,
    "ends": ["11:30", " 11:30 ", "9:05", "09:00", "25:00", "noon", 690, *MOMENTS],
    "round": [1, 2, 3, True, "2"], "format": ["panel", "video", "phone", "one_on_one", "Panel"],
    "interviewers": [
        [], [PEOPLE[0]], [PEOPLE[1], PEOPLE[2]], [PEOPLE[2], PEOPLE[2]], [PEOPLE[0], PEOPLE[1]],
        [PEOPLE[3], PEOPLE[0]], [PEOPLE[1], PEOPLE[3]], [{"name": "A", "lead": True}] * 2,
        [{"name": f"P{i}"} for i in range(40)], *[[p] for p in PEOPLE],
    ],
    "recruiter": PEOPLE,
    "to": ["grace@corp.example", ["Grace Hopper", " "], ["x", 3]],
    "topics": ["pay", ["pay", "hours"]],
    "timezone": ["Europe/London", "Asia/Tokyo", " UTC ", "Mars/Base"],
    "id": ["app-000001", "app-000002", "bad id!", 7], "industry": ["Technology", "finance", 3],
    "events": [[], [{"type": "applied", "at": "2026-08-01T10:00"}]],
    "notes": ["mine", {"a": [1, {"b": None}]}],
    "action": ["app-000001/thank-you/2026-10-06"], "lead": [False], "hiring_manager": [False],
    "name": ["Ann Lee", "ann lee"], "email": ["grace@corp.example", "GRACE@corp.example"],
}  # fmt: skip
LEVELS = {
    "application": ["id", "company", "role", "industry", "timezone", "recruiter", "events"],
    "event": [
        "type", "at", "round", "format", "decision_by", "interviewers", "to", "topics",
        "channel", "note", "booked_at", "message_id", "until", "action", "ends",
    ],
    "person": ["name", "email", "title", "honorific", "lead", "hiring_manager", "timezone"],
}  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn) -> dict[str, Any]:
    """A small synthetic file with one to three keys set to other values, added or deleted, in
    an application, one of its events or one of its people."""
    document = generate(3, draw(st.integers(0, 50)))
    for _ in range(draw(st.integers(1, 3))):
        app = draw(st.sampled_from(document["applications"]))
        level = draw(st.sampled_from(sorted(LEVELS)))
        target = app
        if level != "application":
            events = [e for e in app.get("events") or () if isinstance(e, dict)]
            if not events:
                continue
            target = draw(st.sampled_from(events))
        if level == "person":
            people = target.get("interviewers")
            if not isinstance(people, list) or not people or not isinstance(people[0], dict):
                continue
            target = draw(st.sampled_from(people))
        key = draw(st.sampled_from([*LEVELS[level], "notes", "typo"]))
        if draw(st.integers(0, 5)) == 0:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(draw(st.sampled_from(VALUES.get(key, []) + WRONG)))
    return document


def _base() -> dict[str, Any]:
    return {
        "candidate": {"name": "Ada Lovelace", "timezone": "Europe/London"},
        "applications": [
            {
                "id": "acme",
                "company": "Acme",
                "role": "SRE",
                "industry": "technology",
                "recruiter": {"name": "Sam Reed", "email": "sam@acme.example"},
                "events": [
                    {
                        "type": "interview",
                        "at": "2026-10-06T10:00",
                        "decision_by": "2026-10-13",
                        "interviewers": [
                            {"name": "Grace Hopper", "lead": True},
                            {"name": "Alan Turing", "email": "alan@acme.example"},
                        ],
                    },
                    {"type": "thank_you_sent", "at": "2026-10-06T18:00", "to": ["Grace Hopper"]},
                    {"type": "dismissed", "at": "2026-10-08T09:00", "action": "acme/x"},
                ],
            },
            {"id": "beta", "company": "Beta", "role": "SRE"},
        ],
    }


MANY = [{"name": f"P{i}"} for i in range(25)]
"""More interviewers than one interview may list."""
EDITS: list[tuple[str, tuple[Any, ...], Any]] = [
    ("thank-you before the interview", (0, "events", 1, "at"), "2026-10-05T10:00"),
    ("snoozed without until", (0, "events", 2, "type"), "snoozed"),
    ("until on a dismissal", (0, "events", 2, "until"), "2026-10-20"),
    ("an interviewer twice", (0, "events", 0, "interviewers", 1, "name"), "grace hopper"),
    ("an email twice", (0, "events", 0, "interviewers", 0, "email"), "ALAN@acme.example"),
    ("two leads", (0, "events", 0, "interviewers", 1, "lead"), True),
    ("too many interviewers", (0, "events", 0, "interviewers"), MANY),
    ("decision date on a thank-you", (0, "events", 1, "decision_by"), "2026-10-13"),
    ("decision date before the event", (0, "events", 0, "decision_by"), "2026-10-01"),
    ("booked on a thank-you", (0, "events", 1, "booked_at"), "2026-10-01T10:00"),
    ("booked after the interview", (0, "events", 0, "booked_at"), "2026-10-07T10:00"),
    ("round true", (0, "events", 0, "round"), True),
    ("round zero", (0, "events", 0, "round"), 0),
    ("round null", (0, "events", 0, "round"), None),
    ("round as text", (0, "events", 0, "round"), "2"),
    ("unknown format", (0, "events", 0, "format"), "zoom"),
    ("unknown event", (0, "events", 1, "type"), "thanked"),
    ("a date alone for at", (0, "events", 1, "at"), "2026-10-06"),
    ("no at", (0, "events", 1, "at"), None),
    ("unknown key in an event", (0, "events", 1, "typo"), 1),
    ("unknown key in a person", (0, "recruiter", "typo"), 1),
    ("unknown key in an application", (1, "typo"), 1),
    ("a person without a name", (0, "recruiter", "name"), None),
    ("a blank name", (0, "recruiter", "name"), " "),
    ("a control character", (0, "recruiter", "name"), "Sam\x1b[31m"),
    ("lead as a number", (0, "recruiter", "lead"), 1),
    ("unknown zone", (1, "timezone"), "Mars/Base"),
    ("unknown zone of a person", (0, "recruiter", "timezone"), "Mars/Base"),
    ("a bad id", (1, "id"), "beta gamma"),
    ("a list of texts with a number", (0, "events", 1, "to"), ["x", 3]),
    ("events not a list", (1, "events"), {"type": "interview"}),
    ("an event not a mapping", (0, "events", 1), "thank_you_sent"),
    ("an application not a mapping", (1,), "beta"),
    ("notes too deep", (1, "notes"), json.loads("[" * 70 + "]" * 70)),
    ("duplicate id", (1, "id"), "acme"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "where", "value"), EDITS, ids=[e[0] for e in EDITS])
def test_each_problem_is_left_to_the_checked_way(
    what: str, where: tuple[Any, ...], value: Any
) -> None:
    document = _base()
    target: Any = document["applications"]
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    text = json.dumps(document, indent=1)
    quick, checked = read(EventsReader, text, "json"), read(CheckedOnly, text, "json")
    assert quick == checked
    assert checked[1] or checked[0].startswith("refused"), "each edit is a problem"


def test_the_base_of_those_edits_is_read_the_quick_way() -> None:
    text = json.dumps(_base(), indent=1)
    assert quick_count(text, "json") == 2
    assert read(EventsReader, text, "json") == read(CheckedOnly, text, "json")


def test_a_number_for_text_is_read_as_text_both_ways() -> None:
    document = _base()
    document["applications"][1]["company"] = 7
    text = json.dumps(document, indent=1)
    assert quick_count(text, "json") == 1  # the checked way reads it
    model, problems = read(EventsReader, text, "json")
    assert (model, problems) == read(CheckedOnly, text, "json")
    assert "company='7'" in model and not problems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=damaged(), kind=st.sampled_from(["json", "yaml"]))
def test_both_ways_agree_on_damaged_files(document: dict[str, Any], kind: str) -> None:
    text = json.dumps(document, indent=1)  # JSON is YAML too: the same file, both readers
    assert read(EventsReader, text, kind) == read(CheckedOnly, text, kind)


@pytest.mark.parametrize("keys", [APPLICATION, CANDIDATE, DECISION, EVENT, PERSON])
def test_each_quick_reader_reads_what_the_checked_way_accepts(keys: tuple[Key, ...]) -> None:
    """A quick reader either leaves a value to the checked way or reads it exactly as the
    checked way does, without a problem."""
    doc = parse_document("{}", "events.json", "json")
    values = [*WRONG, *(v for vs in VALUES.values() for v in vs), 2**70, "a" * 3, "Ann Lee "]
    for key in keys:
        reader = EventsReader(doc)
        quick = reader._compiled_for(keys)[0].get(key.name)
        if quick is None or key.name in ("events", "notes"):  # the application reads these
            continue
        for value in values:
            checked = CheckedOnly(doc)
            expected = checked.value(copy.deepcopy(value), ("x",), key)
            got = quick(reader, copy.deepcopy(value))
            if got is not CHECK:
                assert not checked.problems, (key.name, value)
                assert repr(got) == repr(expected), (key.name, value)
