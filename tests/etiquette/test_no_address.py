"""An email to someone the events file has no address for says so (G12: unsure of an
interviewer's details, "call the company receptionist and ask"), and a call to someone it has
no number for.

Worked by hand. A phone interview on Friday 23 October 2026 09:00 London with Mr. Kenji Sato
(no email recorded) and Yuki Mori (yuki@kaito.example); no recruiter, no lead marked, no date
given. Each gets a thank-you within 24 hours (G11, G12); Mr. Sato, the first listed, is the
contact for the timeline question and the check-in a week on. The plan cannot give his
address: every email to him says to ask the receptionist for it; Yuki's note needs no such
line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_support import run


def _plan(tmp_path: Path, app: dict[str, Any], as_of: str) -> dict[str, dict[str, Any]]:
    """`followup plan --format json` of a London candidate's application: id -> action."""
    doc = {"candidate": {"name": "Priya Nair", "timezone": "Europe/London"}, "applications": [app]}
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc))
    code, out, err = run("plan", str(path), "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return {a["id"]: a for a in json.loads(out)["actions"]}


def test_every_email_to_someone_without_an_address_says_how_to_find_it(tmp_path: Path) -> None:
    interview = {
        "type": "interview",
        "at": "2026-10-23T09:00",
        "format": "phone",
        "interviewers": [
            {"name": "Kenji Sato", "honorific": "Mr."},
            {"name": "Yuki Mori", "email": "yuki@kaito.example"},
        ],
    }
    app = {"id": "kaito", "company": "Kaito Bank", "role": "Analyst", "events": [interview]}
    actions = {i: a["explanation"] for i, a in _plan(tmp_path, app, "2026-10-23T12:00").items()}
    hint = (
        "no email address for Kenji Sato in the events file: ask the company's receptionist "
        "for it (G12) and add it"
    )
    assert hint in actions["kaito/thank-you-each-interviewer/2026-10-23/kenji-sato"]["notes"]
    assert hint in actions["kaito/follow-up-after-first-round/2026-10-23"]["notes"]
    assert not any(
        "no email address" in n
        for n in actions["kaito/thank-you-each-interviewer/2026-10-23/yuki-mori"]["notes"]
    )


def test_a_panelist_copied_without_an_address_is_named_too(tmp_path: Path) -> None:
    """A panel: one note to the lead, Dr. Fox, the others in cc (G26); Meg Rye has no address,
    so the note cannot copy her until it is found."""
    interview = {
        "type": "interview",
        "at": "2026-10-23T09:00",
        "format": "panel",
        "decision_by": "2026-10-30",
        "interviewers": [
            {"name": "Ian Fox", "honorific": "Dr.", "email": "ian@lumen.example", "lead": True},
            {"name": "Meg Rye"},
            {"name": "Tom Ash", "email": "tom@lumen.example"},
        ],
    }
    app = {"id": "lumen", "company": "Lumen Media", "role": "Editor", "events": [interview]}
    actions = {i: a["explanation"] for i, a in _plan(tmp_path, app, "2026-10-23T12:00").items()}
    assert actions["lumen/thank-you-panel-lead/2026-10-23"]["notes"] == [
        "no email address for Meg Rye in the events file: ask the company's receptionist for "
        "it (G12) and add it"
    ]


def _status_call_plan(tmp_path: Path, recruiter: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Worked by hand. A technology company (fast-paced): a video interview on Tuesday 6
    October 2026 10:00 London, a decision promised by Tuesday 13 October. Past that date plus
    two working days (G21, G23), Thursday 15 October, a short call to the recruiter about the
    status, in their working hours (G7, G3/G25). Planned the day before."""
    interview = {
        "type": "interview",
        "at": "2026-10-06T10:00",
        "format": "video",
        "decision_by": "2026-10-13",
        "interviewers": [{"name": "Grace Hopper", "email": "grace@acme.example"}],
    }
    app = {
        "id": "acme",
        "company": "Acme",
        "role": "Engineer",
        "industry": "technology",
        "recruiter": recruiter,
        "events": [interview, {"type": "thank_you_sent", "at": "2026-10-06T15:00"}],
    }
    return _plan(tmp_path, app, "2026-10-14T12:00")


def test_a_call_to_someone_without_a_number_says_how_to_reach_them(tmp_path: Path) -> None:
    actions = _status_call_plan(tmp_path, {"name": "Sam Reed", "email": "sam@acme.example"})
    call = actions["acme/follow-up-after-decision-date/2026-10-06"]
    assert (call["channel"], call["to"]) == ("phone", ["Sam Reed <sam@acme.example>"])
    assert (call["not_before"], call["due_by"]) == (
        "2026-10-15T09:00:00+01:00",
        "2026-10-15T17:00:00+01:00",
    )
    assert call["explanation"]["notes"] == [
        "no phone number for Sam Reed in the events file: ask the company's receptionist to put "
        "you through (G12), or add the number"
    ]


def test_a_call_to_someone_whose_number_is_known_has_no_such_note(tmp_path: Path) -> None:
    recruiter = {"name": "Sam Reed", "email": "sam@acme.example", "phone": "+44 20 7946 0000"}
    call = _status_call_plan(tmp_path, recruiter)["acme/follow-up-after-decision-date/2026-10-06"]
    assert call["channel"] == "phone"
    assert call["explanation"]["notes"] == []
