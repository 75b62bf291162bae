"""A letter dates things as its reader's calendar has them (G4: "you mentioned that you would
provide feedback by [Date]"; G13, G16: a thank-you names the interview).

Worked by hand. Priya Nair lives in London; Orbit Games is in Los Angeles. Her video interview
was Friday 23 October 2026 16:00-17:00 in Los Angeles (PDT, -07:00) = Saturday 00:00-01:00 in
London (BST, +01:00). For Mark Li, in Los Angeles, it was Friday: "Thank you for the time you
gave me on Friday 23 October 2026", not Saturday 24 October, the date in London.

Round 2 on Thursday 29 October 09:00 Los Angeles (16:00 in London, GMT since the 25th) with the
hiring manager Ann Fox, "a decision by Friday 6 November" - 17:00 that day in Los Angeles (PST
since 1 November, -08:00) = 01:00 Saturday 7 November in London. The status email to Dana
Cole, the recruiter, says what she said: "by Friday 6 November 2026". Round 1's thanks to
Dana, never sent, go into her round-2 note (one note each, G12): "Thank you as well for
arranging the interview on Friday 23 October 2026".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_support import run

DANA = {"name": "Dana Cole", "email": "dana@orbit.example"}
ROUND_1 = {
    "type": "interview",
    "at": "2026-10-23T16:00:00-07:00",
    "ends": "17:00",
    "format": "video",
    "interviewers": [{"name": "Mark Li", "email": "mark@orbit.example"}],
}
ROUND_2 = {
    "type": "interview",
    "at": "2026-10-29T09:00:00-07:00",
    "round": 2,
    "decision_by": "2026-11-06",
    "interviewers": [{"name": "Ann Fox", "email": "ann@orbit.example", "hiring_manager": True}],
}


def _events(tmp_path: Path, *events: dict[str, Any]) -> Path:
    app = {
        "id": "orbit",
        "company": "Orbit Games",
        "role": "Producer",
        "industry": "technology",
        "timezone": "America/Los_Angeles",
        "recruiter": DANA,
        "events": list(events),
    }
    doc = {"candidate": {"name": "Priya Nair", "timezone": "Europe/London"}, "applications": [app]}
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc))
    return path


def _draft(path: Path, action_id: str, as_of: str) -> str:
    code, out, err = run("draft", str(path), action_id, "--as-of", as_of)
    assert code == 0, err
    return out


def test_a_thank_you_names_the_day_the_interviewer_met_you(tmp_path: Path) -> None:
    path = _events(tmp_path, ROUND_1)
    body = _draft(path, "orbit/thank-you-each-interviewer/2026-10-24/mark-li", "2026-10-24T08:00")
    assert "on Friday 23 October 2026 during my interview" in body
    assert "Saturday" not in body


def test_the_status_email_gives_their_decision_date_as_they_gave_it(tmp_path: Path) -> None:
    sent = {"type": "thank_you_sent", "at": "2026-10-29T19:00:00+00:00"}
    path = _events(tmp_path, ROUND_1, {**sent, "at": "2026-10-24T09:00:00+01:00"}, ROUND_2, sent)
    body = _draft(path, "orbit/follow-up-after-decision-date/2026-10-29", "2026-11-11T17:00")
    assert "by Friday 6 November 2026" in body
    assert "Saturday" not in body


def test_round_2_s_note_thanks_the_recruiter_for_round_1_too(tmp_path: Path) -> None:
    path = _events(tmp_path, ROUND_1, ROUND_2)
    code, out, err = run("plan", str(path), "--as-of", "2026-10-29T18:00")
    assert code == 0, err
    assert "orbit/thank-you-recruiter/2026-10-24" not in out  # not a second note to Dana
    body = _draft(path, "orbit/thank-you-recruiter/2026-10-29", "2026-10-29T18:00")
    assert "my second interview for the Producer position at Orbit Games on Thursday" in body
    assert "arranging the interview on Friday 23 October 2026" in body
