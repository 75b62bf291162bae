"""A thank-you still owed to the recruiter and a status call to them: thank them on the call,
not a late note and a call the same day (G9, G17: nothing that reads as pestering; G26: the
recruiter is thanked; G4: a follow-up starts with thanks).

Worked by hand. Priya Shah, London; Acme Robotics (technology: `fast-paced`). Interview Monday
2 November 2026 10:00 with Ms. Dana Cole; "we'll decide by Tuesday" (a bare 2026-11-03: 17:00).
She thanked Ms. Cole at 15:00, not the recruiter, Tom Reed, who has a phone number: fast-paced
checks in by phone. His thank-you: Mon 10:00 -> Tue 3 Nov 10:00 (24 hours), overdue after,
lapsed after a week. The status call: 2 working days after Tue 17:00 = Thu 5 Nov 09:00 -> 17:00
(G23, G2).

Wednesday noon only the thank-you is open: nothing to pair, it goes on its own. Thursday 09:00
both are: a coach says "call Tom, thank him for arranging the interview, then ask where things
stand" - not an apologetic note at 09:00 and a call at 09:30. Each action names the other, and
the call's talking points thank him (not "again": no note reached him). Had a note reached him,
the call thanks him "again", and nothing is owed.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import run

THANKS = "acme/thank-you-recruiter/2026-11-02"
CALL = "acme/follow-up-after-decision-date/2026-11-02"


def _write(tmp_path: Path, *, thanked_tom: bool = False) -> Path:
    interview = {
        "type": "interview",
        "at": "2026-11-02T10:00",
        "decision_by": "2026-11-03",
        "interviewers": [{"name": "Dana Cole", "honorific": "Ms.", "email": "dana@acme.example"}],
    }
    to = ["dana@acme.example", "tom@acme.example"] if thanked_tom else ["dana@acme.example"]
    sent = {"type": "thank_you_sent", "at": "2026-11-02T15:00", "to": to}
    app = {
        "id": "acme",
        "company": "Acme Robotics",
        "role": "Data Engineer",
        "industry": "technology",
        "recruiter": {"name": "Tom Reed", "email": "tom@acme.example", "phone": "+44 20 79460000"},
        "events": [interview, sent],
    }
    doc = {"candidate": {"name": "Priya Shah", "timezone": "Europe/London"}, "applications": [app]}
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc))
    return path


def _plan(path: Path, as_of: str) -> dict[str, dict[str, object]]:
    code, out, err = run("plan", str(path), "--as-of", as_of, "--format", "json", "--all")
    assert code == 0, err
    return {a["id"]: a for a in json.loads(out)["actions"]}


def test_on_thursday_the_late_thanks_are_said_on_the_call(tmp_path: Path) -> None:
    found = _plan(_write(tmp_path), "2026-11-05T09:00")
    thanks, call = found[THANKS], found[CALL]
    assert (thanks["status"], thanks["channel"], thanks["to"]) == (
        "overdue",
        "email",
        ["Tom Reed <tom@acme.example>"],
    )
    assert (call["status"], call["channel"], call["not_before"], call["due_by"]) == (
        "due",
        "phone",
        "2026-11-05T09:00:00+00:00",
        "2026-11-05T17:00:00+00:00",
    )
    explanation: dict[str, list[str]] = call["explanation"]  # type: ignore[assignment]
    assert explanation["notes"] == [
        f"the thank-you to Tom Reed is still unsent ({THANKS}): thank them on this call instead "
        "of sending a note the same day (G26; G9, G17), and record both"
    ]
    explanation = thanks["explanation"]  # type: ignore[assignment]
    assert explanation["notes"] == [
        f"a status call to Tom Reed can be made now too ({CALL}): thank them on the call instead "
        "of sending a note the same day (G26; G9, G17), and record both"
    ]


def test_before_the_call_opens_the_thank_you_stands_alone(tmp_path: Path) -> None:
    found = _plan(_write(tmp_path), "2026-11-04T12:00")
    assert found[THANKS]["status"] == "overdue"
    assert found[CALL]["status"] == "upcoming"
    for action in (found[THANKS], found[CALL]):
        explanation: dict[str, list[str]] = action["explanation"]  # type: ignore[assignment]
        assert not [n for n in explanation["notes"] if "on the call" in n or "this call" in n]


def test_the_call_s_talking_points_thank_him_once(tmp_path: Path) -> None:
    code, out, err = run("draft", str(_write(tmp_path)), CALL, "--as-of", "2026-11-05T09:00")
    assert code == 0, err
    assert (
        "- Thank them for arranging the interview: you have not thanked them in writing, so this "
        "is your thanks." in out
    )
    assert "Thank them again" not in out


def test_a_recruiter_already_thanked_is_thanked_again_and_nothing_is_paired(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, thanked_tom=True)
    found = _plan(path, "2026-11-05T09:00")
    assert found[THANKS]["status"] == "done"
    explanation: dict[str, list[str]] = found[CALL]["explanation"]  # type: ignore[assignment]
    assert explanation["notes"] == []
    code, out, err = run("draft", str(path), CALL, "--as-of", "2026-11-05T09:00")
    assert code == 0, err
    assert "- Thank them again for arranging the interview.\n" in out


def test_due_names_the_call_on_the_thank_you_s_line_and_back(tmp_path: Path) -> None:
    """`followup due` alone must not lead to a note at 09:00 and a call at 09:30: each line
    names the other."""
    code, out, err = run("due", str(_write(tmp_path)), "--as-of", "2026-11-05T09:00")
    assert code == 0, err
    text = " ".join(out.split())
    assert f"to Tom Reed (Acme Robotics), say it on the status call [{CALL}]" in text
    assert f"to Tom Reed (Acme Robotics), with the thank-you still owed [{THANKS}]" in text


def test_done_of_the_call_says_how_to_record_the_thanks_said_on_it(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"  # JSON is YAML: `followup done` edits it
    path.write_text(_write(tmp_path).read_text())
    code, _out, err = run(
        "done", CALL, "--file", str(path), "--at", "2026-11-05T09:40", "--as-of", "2026-11-05T10:00"
    )
    assert code == 0, err
    assert (
        f"one call with {THANKS}: if your call covered it too, record that with "
        f"`followup done {THANKS}`" in err
    )
