"""One message per person across applications (G12: a unique note to each person; G17: no
barrage of follow-ups): two roles at one company, one recruiter and one interviewer.

Worked by hand. Candidate in New York (EST, -05:00 in November). Globex, a finance company
(`generic`): Analyst interview Tue 17 Nov 10:00, Associate interview the same day 14:00, both
with Hank Scorpio, both arranged by the recruiter Sam Reed.
- Thank-yous: 24 hours from each interview, so Analyst 10:00 -> Wed 10:00 and Associate
  14:00 -> Wed 14:00. A coach: "one note to Hank and one to Sam, covering both conversations,
  sent between 14:00 today and 10:00 tomorrow" (both windows are open then).
- Status follow-ups (no date given: a week to 10 days, generic): both Tue 24 Nov 09:00 -> Fri
  27 Nov 17:00 - one email to Sam asking about both roles.
Each application keeps its own actions (so `done` works on each); a note on each says to write
one message and names the other action.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from cli_support import run
from followup.api import plan_document
from followup.peers import MAX_SHARING, shared_people

SAM = {"name": "Sam Reed", "email": "sam@globex.example"}
HANK = {"name": "Hank Scorpio", "email": "hank@globex.example"}


def _app(app_id: str, role: str, hour: str, *extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": app_id,
        "company": "Globex",
        "role": role,
        "industry": "finance",
        "recruiter": SAM,
        "events": [
            {"type": "interview", "at": f"2026-11-17T{hour}", "round": 1, "interviewers": [HANK]},
            *extra,
        ],
    }


def _doc(*apps: dict[str, Any]) -> dict[str, Any]:
    return {
        "candidate": {"name": "Ada Lovelace", "timezone": "America/New_York"},
        "applications": list(apps),
    }


ANALYST = _app("globex-analyst", "Analyst", "10:00")
ASSOCIATE = _app("globex-associate", "Associate", "14:00")


def _action(plan: dict[str, Any], action_id: str) -> dict[str, Any]:
    (found,) = [a for a in plan["actions"] if a["id"] == action_id]
    return found


def _notes(action: dict[str, Any]) -> str:
    return " ".join(action["explanation"]["notes"])


def test_the_same_recruiter_on_two_roles_gets_one_thank_you_for_both() -> None:
    plan = plan_document(_doc(ANALYST, ASSOCIATE), as_of="2026-11-17T16:00", policy="generic")
    mine = _action(plan, "globex-analyst/thank-you-recruiter/2026-11-17")
    theirs = _action(plan, "globex-associate/thank-you-recruiter/2026-11-17")
    assert mine["to"] == theirs["to"] == ["Sam Reed <sam@globex.example>"]
    assert mine["status"] == theirs["status"] == "due"
    assert "one email to Sam Reed <sam@globex.example> for both applications" in _notes(mine)
    assert "globex-associate/thank-you-recruiter/2026-11-17" in _notes(mine)
    assert "globex-analyst/thank-you-recruiter/2026-11-17" in _notes(theirs)
    # The time both windows are open, in Sam's zone: from the later opening to the earlier due.
    for action in (mine, theirs):
        assert "both windows are open Tue 17 Nov 14:00 -> Wed 18 Nov 10:00" in _notes(action)
        assert "mark both done" in _notes(action)


def test_the_interviewer_of_both_roles_and_the_status_email_are_one_message_each() -> None:
    plan = plan_document(_doc(ANALYST, ASSOCIATE), as_of="2026-11-17T16:00", policy="generic")
    hank = _action(plan, "globex-associate/thank-you-each-interviewer/2026-11-17/hank-scorpio")
    assert "one email to Hank Scorpio <hank@globex.example>" in _notes(hank)
    assert "globex-analyst/thank-you-each-interviewer/2026-11-17/hank-scorpio" in _notes(hank)
    status = _action(plan, "globex-analyst/follow-up-after-first-round/2026-11-17")
    assert status["not_before"] == "2026-11-24T09:00:00-05:00"
    assert "both windows are open Tue 24 Nov 09:00 -> Fri 27 Nov 17:00" in _notes(status)
    # A note to yourself (moving on) is nobody's message.
    move_on = _action(plan, "globex-analyst/move-on-after-a-month-of-silence/2026-11-17")
    assert "both applications" not in _notes(move_on)


def test_once_one_is_sent_the_other_has_no_note() -> None:
    sent = {"type": "thank_you_sent", "at": "2026-11-17T15:00", "to": [SAM["email"]]}
    analyst = _app("globex-analyst", "Analyst", "10:00", sent)
    plan = plan_document(
        _doc(analyst, ASSOCIATE), as_of="2026-11-17T16:00", policy="generic", include_all=True
    )
    done = _action(plan, "globex-analyst/thank-you-recruiter/2026-11-17")
    assert done["status"] == "done"
    open_one = _action(plan, "globex-associate/thank-you-recruiter/2026-11-17")
    assert open_one["status"] == "due" and "both applications" not in _notes(open_one)


def test_windows_that_do_not_meet_need_no_note() -> None:
    # The Associate interview a week later, Tue 24 Nov 14:00: its thank-you to Sam (-> Wed 25
    # 14:00) does not meet the Analyst's (Tue 17 -> Wed 18: a week on, it has lapsed), but it
    # meets the Analyst's status email to Sam (Tue 24 09:00 -> Fri 27 17:00): one email to Sam
    # thanks him for today and asks about the Analyst role, Tue 24 14:00 -> Wed 25 14:00.
    later = _app("globex-associate", "Associate", "14:00")
    later["events"][0]["at"] = "2026-11-24T14:00"
    plan = plan_document(
        _doc(ANALYST, later), as_of="2026-11-24T16:00", policy="generic", include_all=True
    )
    assert _action(plan, "globex-analyst/thank-you-recruiter/2026-11-17")["status"] == "lapsed"
    note = _action(plan, "globex-associate/thank-you-recruiter/2026-11-24")
    assert note["status"] == "due"
    assert "globex-analyst/thank-you-recruiter" not in _notes(note)
    assert "globex-analyst/follow-up-after-first-round/2026-11-17" in _notes(note)
    assert "both windows are open Tue 24 Nov 14:00 -> Wed 25 Nov 14:00" in _notes(note)


def test_two_people_of_the_same_name_at_two_companies_are_two_people() -> None:
    other = _app("initech", "Analyst", "14:00")
    other["company"] = "Initech"
    other["recruiter"] = {"name": "Sam Reed", "email": "sam.reed@initech.example"}
    other["events"][0]["interviewers"] = [{"name": "Hank Scorpio"}]  # no email: not the same
    plan = plan_document(_doc(ANALYST, other), as_of="2026-11-17T16:00", policy="generic")
    assert not any("both applications" in _notes(a) for a in plan["actions"])


def test_an_address_shared_by_too_many_applications_links_none() -> None:
    from followup.events import parse_events
    from followup.source import parse_document

    def doc(count: int) -> str:
        apps = [_app(f"role-{n}", f"Role {n}", "10:00") for n in range(count)]
        return json.dumps(_doc(*apps))

    few = parse_events(parse_document(doc(3), "e.json")).applications
    assert [a.id for a in shared_people(few)["role-1"]] == ["role-0", "role-2"]
    many = parse_events(parse_document(doc(MAX_SHARING + 1), "e.json")).applications
    assert shared_people(many) == {}


def test_the_plan_says_so_whatever_the_number_of_jobs(tmp_path: Any) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(_doc(ANALYST, ASSOCIATE)))
    args = ("plan", str(path), "--as-of", "2026-11-17T16:00", "--policy", "generic")
    code, one, _ = run(*args)
    assert code == 0 and "one email to Sam Reed <sam@globex.example> for both" in one
    assert run(*args, "--jobs", "2")[1] == one
    code, text, _ = run(*args, "--format", "json")
    same = plan_document(_doc(ANALYST, ASSOCIATE), as_of="2026-11-17T16:00", policy="generic")
    assert code == 0 and json.loads(text)["actions"] == same["actions"]


def test_due_and_the_draft_say_one_message_for_both(tmp_path: Any) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(_doc(ANALYST, ASSOCIATE)))
    code, due, _ = run("due", str(path), "--as-of", "2026-11-17T16:00", "--policy", "generic")
    assert code == 0
    due = " ".join(due.split())  # as read, not as wrapped
    assert "Send a thank-you note to Sam Reed (Globex), one email with globex-associate" in due
    assert "to Sam Reed (Globex), one email with globex-analyst" in due
    mine = "globex-analyst/thank-you-recruiter/2026-11-17"
    args = ("--as-of", "2026-11-17T16:00", "--policy", "generic")
    code, draft, _ = run("draft", str(path), mine, *args)
    assert code == 0
    assert "Subject: Thank you - Analyst and Associate\n" in draft
    assert "Thank you as well for arranging my interview for the Associate position that day." in (
        draft
    )
    # Alone in its file, the same application's draft has no such line.
    alone = tmp_path / "alone.json"
    alone.write_text(json.dumps(_doc(ANALYST)))
    code, draft, _ = run("draft", str(alone), mine, *args)
    assert code == 0 and "Associate" not in draft and "Sincerely," in draft


def test_done_on_one_says_how_to_record_the_other(tmp_path: Any) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(json.dumps(_doc(ANALYST, ASSOCIATE)))
    mine = "globex-analyst/thank-you-recruiter/2026-11-17"
    theirs = "globex-associate/thank-you-recruiter/2026-11-17"
    args = ("--file", str(path), "--at", "2026-11-17T17:00", "--as-of", "2026-11-17T17:30")
    code, out, err = run("done", mine, *args)
    assert code == 0 and f"due -> done  [{mine}]" in out
    assert f"one email with {theirs}: if your message covered it too" in err
    assert f"`followup done {theirs}`" in err
    # Only the application named was recorded: the other is still due, until told.
    plan = plan_document(
        yaml.safe_load(path.read_text()), as_of="2026-11-17T17:30", policy="generic"
    )
    assert _action(plan, theirs)["status"] == "due"
    code, out, err = run("done", theirs, *args)
    assert code == 0 and f"due -> done  [{theirs}]" in out and "one email with" not in err
