"""A thank-you still owed and a status email to the same person are one email, not two the same
morning (G9, G17: nothing that reads as pestering; G4: a follow-up opens with thanks).

Worked by hand. Marcus Webb, New York; Granite Logistics (logistics: `generic`). Second round
Thursday 5 November 2026 10:00 with Mr. Paul Grant; "we'll let you know today" (a bare
2026-11-05: 17:00). He thanked Mr. Grant at 14:00 but not the recruiter, Ms. Maria Lopez.
Her thank-you: Thu 10:00 -> Fri 6 Nov 10:00, overdue after. The status email to her: +2
working days from Thu 17:00 = Mon 9 Nov 09:00 -> +3 = Tue 10 Nov 17:00 (G23, G2).

Friday noon only the thank-you is open: nothing to combine. Monday 10:00 both are: the coach
says "one email to Ms. Lopez - thank her for arranging Thursday, then ask where things stand",
and each action says so, naming the other. So does the daily loop: `followup due` lists the two
on their own lines (one overdue, one due now), and each line names the other's email, so that
nobody reading only `due` sends Ms. Lopez two emails the same morning; `followup done` of either
says how to record the other, as it does for one message serving two applications.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import run

THANKS = "granite/thank-you-recruiter/2026-11-05"
STATUS = "granite/follow-up-after-decision-date/2026-11-05"


def _write(tmp_path: Path) -> Path:
    interview = {
        "type": "interview",
        "at": "2026-11-05T10:00",
        "round": 2,
        "decision_by": "2026-11-05",
        "interviewers": [
            {"name": "Paul Grant", "honorific": "Mr.", "email": "paul@granite.example"}
        ],
    }
    sent = {"type": "thank_you_sent", "at": "2026-11-05T14:00", "to": ["paul@granite.example"]}
    app = {
        "id": "granite",
        "company": "Granite Logistics",
        "role": "Operations Manager",
        "industry": "logistics",
        "recruiter": {"name": "Maria Lopez", "honorific": "Ms.", "email": "maria@granite.example"},
        "events": [interview, sent],
    }
    doc = {"candidate": {"name": "Marcus Webb", "timezone": "America/New_York"}}
    path = tmp_path / "events.yaml"  # JSON is YAML: `followup done` edits it
    path.write_text(json.dumps({**doc, "applications": [app]}))
    return path


def _notes(tmp_path: Path, as_of: str) -> dict[str, list[str]]:
    path = _write(tmp_path)
    code, out, err = run("plan", str(path), "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return {a["id"]: a["explanation"]["notes"] for a in json.loads(out)["actions"]}


def test_on_monday_the_late_thanks_go_in_the_status_email(tmp_path: Path) -> None:
    notes = _notes(tmp_path, "2026-11-09T10:00")
    assert notes[STATUS] == [
        f"the thank-you to Maria Lopez is still unsent ({THANKS}): thank them at the start of "
        "this email instead of sending two (G4; G9, G17), and record both"
    ]
    assert notes[THANKS] == [
        f"a status email to Maria Lopez can go now too ({STATUS}): send one email that thanks "
        "them and asks (G4; G9, G17), and record both"
    ]


def test_before_the_status_email_opens_the_thank_you_stands_alone(tmp_path: Path) -> None:
    notes = _notes(tmp_path, "2026-11-06T12:00")
    assert notes[THANKS] == []
    assert notes[STATUS] == []


def _due(tmp_path: Path, as_of: str) -> list[str]:
    """`followup due`'s lines, each action's wrapped text joined into one."""
    code, out, err = run("due", str(_write(tmp_path)), "--as-of", as_of)
    assert code == 0, err
    return _lines(out)


def _lines(out: str) -> list[str]:
    items: list[str] = []
    for line in out.splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            items.append(line)
        elif line.startswith("   "):
            items[-1] += line
    return [" ".join(item.split()) for item in items]


def test_on_monday_due_says_one_email_on_both_lines(tmp_path: Path) -> None:
    thanks, status = (
        next(line for line in _due(tmp_path, "2026-11-09T10:00") if line.endswith(f"[{i}]"))
        for i in (THANKS, STATUS)
    )
    assert f"to Maria Lopez (Granite Logistics), one email with the status email [{STATUS}]" in (
        thanks
    )
    assert thanks.startswith("was due Fri 6 Nov 10:00 Send a thank-you note")
    assert status.startswith("by Tue 10 Nov 17:00 Follow up on the status")
    assert f"(Granite Logistics), one email with the thank-you still owed [{THANKS}]" in status


def test_on_friday_due_lists_the_thank_you_alone(tmp_path: Path) -> None:
    lines = _due(tmp_path, "2026-11-06T12:00")
    assert not any("one email with" in line for line in lines)


def test_done_on_the_status_email_says_how_to_record_the_thanks(tmp_path: Path) -> None:
    path = _write(tmp_path)
    args = ("--file", str(path), "--as-of", "2026-11-09T10:30")
    code, out, err = run("done", STATUS, *args)
    assert code == 0 and f"due -> done  [{STATUS}]" in out
    assert f"one email with {THANKS}: if your message covered it too" in err
    assert f"`followup done {THANKS}`" in err
    code, out, err = run("done", THANKS, *args)
    assert code == 0 and f"overdue -> done  [{THANKS}]" in out


def test_a_panel_note_copying_others_goes_first_on_its_own(tmp_path: Path) -> None:
    """The same Thursday, but a panel chaired by Ms. Lopez with Mr. Grant and Ms. Lee, and no
    note sent: one note to the chair, the others in cc (G26), overdue on Monday. Folded into the
    status email to Ms. Lopez alone, Mr. Grant and Ms. Lee would never be thanked (G12, G26),
    and recording it would say they were. The coach: "send the panel note now, on its own; ask
    about the status tomorrow" - the status window runs to Tuesday 17:00, so the two emails to
    Ms. Lopez need not go the same morning (G9, G17). `due` names no one email but the order:
    the panel note first, the status email after it; `done` names no pair."""
    lopez = {"name": "Maria Lopez", "honorific": "Ms.", "email": "maria@granite.example"}
    interview = {
        "type": "interview",
        "at": "2026-11-05T10:00",
        "round": 2,
        "format": "panel",
        "decision_by": "2026-11-05",
        "interviewers": [
            {**lopez, "lead": True},
            {"name": "Paul Grant", "honorific": "Mr.", "email": "paul@granite.example"},
            {"name": "Ann Lee", "honorific": "Ms.", "email": "ann@granite.example"},
        ],
    }
    app = {
        "id": "granite",
        "company": "Granite Logistics",
        "role": "Operations Manager",
        "industry": "logistics",
        "recruiter": lopez,
        "events": [interview],
    }
    doc = {"candidate": {"name": "Marcus Webb", "timezone": "America/New_York"}}
    path = tmp_path / "events.yaml"
    path.write_text(json.dumps({**doc, "applications": [app]}))
    code, out, err = run("plan", str(path), "--as-of", "2026-11-09T10:00", "--format", "json")
    assert code == 0, err
    notes = {a["id"]: a["explanation"]["notes"] for a in json.loads(out)["actions"]}
    panel = "granite/thank-you-panel-lead/2026-11-05"
    assert notes[STATUS] == [
        f"the thank-you to Maria Lopez (cc Paul Grant and Ann Lee) is still unsent ({panel}): "
        "send it first, on its own, and this one a day later, by Tue 10 Nov 17:00 (G26; G9, G17)"
    ]
    assert notes[panel] == [
        f"a status email to Maria Lopez can go now too ({STATUS}), but this note also thanks "
        "Paul Grant and Ann Lee: send it first, on its own, and the status email a day later, "
        "by Tue 10 Nov 17:00 (G26; G9, G17)"
    ]
    code, out, err = run("due", str(path), "--as-of", "2026-11-09T10:00")
    assert code == 0 and "one email with" not in out
    lines = _lines(out)
    note = next(line for line in lines if line.endswith(f"[{panel}]"))
    status = next(line for line in lines if line.endswith(f"[{STATUS}]"))
    assert f"(Granite Logistics), first: before the status email [{STATUS}]" in note
    assert f"(Granite Logistics), after the thank-you still owed [{panel}]" in status
