"""The draft of one message for two applications writes both parts (G12, G17: one message per
person; G13, G16: a thank-you's content; G21, G24: no status question before its time).

Worked by hand. Candidate in New York (EST, -05:00). Globex, a finance company (`generic`),
two roles, both arranged by the recruiter Mr. Sam Reed, both interviews with Hank Scorpio:

- Both interviews Tue 17 Nov (Analyst 10:00, topic "risk models"; Associate 14:00). Thank-yous
  are due within 24 hours: Analyst 10:00 -> Wed 10:00, Associate 14:00 -> Wed 14:00, both open
  at 16:00. Sam gets one note thanking him for arranging both; Hank one note for both
  conversations, the Analyst one naming its topic.
- No date given: status follow-ups a week on, Tue 24 Nov 09:00 -> Fri 27 Nov 17:00, both to
  Sam: one email asking about both roles, subject "Follow-up on Candidate for Analyst and
  Associate".
- Associate interview moved to Mon 23 Nov 14:00 instead: its thank-you to Sam runs Mon 23 14:00
  -> Tue 24 14:00 and meets the Analyst's status email (opens Tue 24 09:00). Drafted Tue 24
  10:00, the thank-you also asks about the Analyst role; drafted Mon 23 16:00, the status
  question is not yet due (a week has not passed): the thank-you is sent alone, with no
  question about the Analyst role.
- Associate interview Tue 1 Dec 14:00 instead: no window of the two roles meets (the Analyst's
  status email closes Fri 27 Nov): two separate drafts.
- Both interviews Tue 17 Nov, thank-yous sent; Sam turns the Associate role down Tue 24 Nov
  09:30 (or offers it). The gracious reply (or the offer reply) to Sam and the Analyst's status
  email (Tue 24 09:00 -> Fri 27 17:00) are one email. Drafted as the status email, it asks about
  the Analyst role only: subject "Follow-up on Candidate for Analyst" (no one follows up on a
  role already decided, G10, G19), with a paragraph thanking Sam for the Associate news (or
  offer); drafted as the reply, it keeps the reply's own subject.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_support import run
from followup.api import draft_document

SAM = {"name": "Sam Reed", "email": "sam@globex.example", "honorific": "Mr."}
HANK = {"name": "Hank Scorpio", "email": "hank@globex.example"}
HANK_NOTE = (  # his honorific is not known: the greeting keeps his full name (G27)
    "note: the greeting names Hank Scorpio without an honorific: a letter greets them by"
    " honorific and surname (Dr., Ms., Mr.: 'Dear Dr. Scorpio,', G27); add `honorific:` to them"
    " in the events file, or edit the draft"
)
ARGS = ("--policy", "generic")


def _app(app_id: str, role: str, at: str, topics: list[str]) -> dict[str, Any]:
    interview = {"type": "interview", "at": at, "round": 1, "interviewers": [HANK]}
    return {
        "id": app_id,
        "company": "Globex",
        "role": role,
        "industry": "finance",
        "recruiter": SAM,
        "events": [{**interview, "topics": topics}],
    }


def _events(tmp_path: Path, associate_at: str) -> Path:
    doc = {
        "candidate": {"name": "Ada Lovelace", "timezone": "America/New_York"},
        "applications": [
            _app("globex-analyst", "Analyst", "2026-11-17T10:00", ["risk models"]),
            _app("globex-associate", "Associate", associate_at, []),
        ],
    }
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc))
    return path


def _draft(path: Path, action_id: str, as_of: str, note: str = "") -> str:
    code, out, err = run("draft", str(path), action_id, "--as-of", as_of, *ARGS)
    assert code == 0 and " ".join(err.split()) == note, err
    return out


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_two_thank_yous_the_same_day_are_one_note_to_each_person(tmp_path: Path) -> None:
    path = _events(tmp_path, "2026-11-17T14:00")
    sam = _draft(path, "globex-analyst/thank-you-recruiter/2026-11-17", "2026-11-17T16:00")
    assert sam.startswith("To: Mr. Sam Reed <sam@globex.example>\n")
    assert "Subject: Thank you - Analyst and Associate\n" in sam
    assert "Thank you for arranging my interview for the Analyst position at Globex" in sam
    assert (
        "Thank you as well for arranging my interview for the Associate position that day."
        in _paragraphs(sam)[5]  # after the Analyst's paragraphs, before the last thanks
    )
    assert "[" not in sam  # nothing left for the user to fill in
    hank = "globex-associate/thank-you-each-interviewer/2026-11-17/hank-scorpio"
    note = _draft(path, hank, "2026-11-17T16:00", HANK_NOTE)
    assert "Subject: Thank you - Associate and Analyst\n" in note
    assert (
        "Thank you as well for our conversation that day about the Analyst position: I"
        " particularly valued what we discussed about risk models.\n"
    ) in note
    # Its own topic is unknown: the user supplies it, once.
    assert note.count("[mention one specific topic you discussed") == 1


def test_one_status_email_asks_about_both_roles(tmp_path: Path) -> None:
    path = _events(tmp_path, "2026-11-17T14:00")
    mine = "globex-analyst/follow-up-after-first-round/2026-11-17"
    email = _draft(path, mine, "2026-11-25T10:00")
    assert "Subject: Follow-up on Candidate for Analyst and Associate\n" in email
    assert "I am writing to ask about the status of my application" in email
    assert (
        "I am also still very keen on the Associate position, and would be grateful for any"
        " news on my application for it.\n"
    ) in email
    assert email.index("Associate position") < email.index("Thank you for considering")


def test_a_thank_you_carries_the_status_question_once_it_is_due(tmp_path: Path) -> None:
    path = _events(tmp_path, "2026-11-23T14:00")
    thanks = "globex-associate/thank-you-recruiter/2026-11-23"
    both = _draft(path, thanks, "2026-11-24T10:00")
    assert "Subject: Thank you - Associate and Analyst\n" in both
    assert "Thank you for arranging my interview for the Associate position at Globex" in both
    assert (
        "And while I have you: is there any news on my application for the Analyst position?"
        " I remain very interested in that role too.\n"
    ) in both
    # The evening before, the Analyst's week is not up (G24): no chasing, the note goes alone.
    # Said on stderr, with when to draft again (the plan's note says when both are open).
    note = (
        "note: the draft leaves out globex-analyst/follow-up-after-first-round/2026-11-17: its"
        " window opens only Tue 24 Nov 09:00 (no chasing before its time); draft again then"
        " for one message for both, or send this one now and that one on its own"
    )
    alone = _draft(path, thanks, "2026-11-23T16:00", note)
    assert "Subject: Thank you - interview for Associate\n" in alone
    assert "Analyst" not in alone


def test_what_a_draft_leaves_out_opens_at_your_time_as_due_says(tmp_path: Path) -> None:
    # Sam in Tokyo (+09:00): the Analyst's status email opens Wed 25 Nov 09:00 his time, Tue 24
    # Nov 19:00 yours (New York, -05:00), as `followup due` lists it. The Associate interview
    # Mon 23 Nov 22:00: its thank-you to Sam runs to Tue 24 Nov 22:00, and meets it.
    doc = json.loads(_events(tmp_path, "2026-11-23T22:00").read_text())
    for app in doc["applications"]:
        app["recruiter"] = {**SAM, "timezone": "Asia/Tokyo"}
    path = tmp_path / "tokyo.json"
    path.write_text(json.dumps(doc))
    code, out, _ = run("due", str(path), "--as-of", "2026-11-23T23:00", *ARGS)
    assert code == 0 and "  from Tue 24 Nov 19:00     Follow up on the status" in out
    note = (
        "note: the draft leaves out globex-analyst/follow-up-after-first-round/2026-11-17: its"
        " window opens only Tue 24 Nov 19:00 (no chasing before its time); draft again then"
        " for one message for both, or send this one now and that one on its own"
    )
    _draft(path, "globex-associate/thank-you-recruiter/2026-11-23", "2026-11-23T23:00", note)
    # The plan's note gives the time both are open in Sam's zone, and names it: the thank-you's
    # own window line reads "Mon 23 Nov 2026 22:00 -> Tue 24 Nov 2026 22:00", your time.
    code, out, _ = run("plan", str(path), "--as-of", "2026-11-23T23:00", *ARGS)
    assert code == 0
    assert "both windows are open Wed 25 Nov 09:00 -> Wed 25 Nov 12:00 Tokyo;" in " ".join(
        out.split()
    )


def test_the_library_s_draft_says_what_it_left_out_as_the_command_does(tmp_path: Path) -> None:
    # `followup serve` and `followup.api` callers have no stderr: the answer carries the note.
    doc = json.loads(_events(tmp_path, "2026-11-23T14:00").read_text())
    thanks = "globex-associate/thank-you-recruiter/2026-11-23"
    alone = draft_document(doc, thanks, as_of="2026-11-23T16:00", policy="generic")
    (note,) = alone["left_out"]
    assert note.startswith("note: the draft leaves out globex-analyst/follow-up-after-first-round")
    both = draft_document(doc, thanks, as_of="2026-11-24T10:00", policy="generic")
    assert both["left_out"] == [] and "Analyst position" in both["body"]


def test_windows_that_do_not_meet_give_two_separate_drafts(tmp_path: Path) -> None:
    path = _events(tmp_path, "2026-12-01T14:00")
    status = _draft(
        path, "globex-analyst/follow-up-after-first-round/2026-11-17", "2026-11-25T10:00"
    )
    assert "Subject: Follow-up on Candidate for Analyst\n" in status
    assert "Associate" not in status
    thanks = _draft(path, "globex-associate/thank-you-recruiter/2026-12-01", "2026-12-01T16:00")
    assert "Subject: Thank you - interview for Associate\n" in thanks
    assert "Analyst" not in thanks


def test_one_call_about_both_roles(tmp_path: Path) -> None:
    # Technology (`fast-paced`): at both interviews Hank said a decision by Fri 20 Nov; no word
    # by then, so one call to Sam, Tue 24 Nov 09:00-17:00, asks about both roles.
    path = _events(tmp_path, "2026-11-17T14:00")
    doc = json.loads(path.read_text())
    for app in doc["applications"]:
        app["industry"] = "technology"
        app["events"][0]["decision_by"] = "2026-11-20"
    path.write_text(json.dumps(doc))
    call = "globex-analyst/follow-up-after-decision-date/2026-11-17"
    code, out, err = run("draft", str(path), call, "--as-of", "2026-11-24T10:00")
    assert code == 0, err
    assert out.startswith(
        "Call Mr. Reed at Globex about your applications for Analyst and Associate.\n"
    )
    assert (
        "- Ask about your Associate application too: you understood from Hank Scorpio that a"
        " decision was expected by Friday 20 November 2026, and say that you remain interested"
        " in that role as well.\n"
    ) in out


def test_a_template_of_ones_own_writes_the_other_part_from_the_fields(tmp_path: Path) -> None:
    path = _events(tmp_path, "2026-11-17T14:00")
    mine = tmp_path / "mine.j2"
    mine.write_text(
        "Subject: Thanks ({{ roles }})\n{{ greeting }}\n\n"
        "{% for other in also %}{{ other.kind }}: {{ other.position }}, {{ other.topic }}\n"
        "{% endfor %}"
    )
    hank = "globex-associate/thank-you-each-interviewer/2026-11-17/hank-scorpio"
    args = ("--as-of", "2026-11-17T16:00", "--template", str(mine), *ARGS)
    code, out, err = run("draft", str(path), hank, *args)
    assert code == 0, err
    assert "Subject: Thanks (Associate and Analyst)\n" in out
    assert "thank_you: the Analyst position, risk models\n" in out
    mine.write_text("{% for other in also %}{{ other.agenda }}{% endfor %}\n")
    code, out, err = run("draft", str(path), hank, *args)
    # found before rendering, at its column, as any field (`followup validate` lists it too)
    assert code == 2 and err.strip() == f"Error: {mine}:1:27: missing field 'also[n].agenda'", err


def test_a_status_email_s_subject_names_only_the_role_still_undecided(tmp_path: Path) -> None:
    doc = json.loads(_events(tmp_path, "2026-11-17T14:00").read_text())
    for app in doc["applications"]:
        app["events"].append({"type": "thank_you_sent", "at": "2026-11-17T16:00"})
    status = "globex-analyst/follow-up-after-first-round/2026-11-17"
    for answer, reply, thanks, greeted in (
        ("rejected", "gracious-reply-to-rejection", "for letting me know your decision on", ""),
        ("offer_received", "reply-to-offer", "for offering me", HANK_NOTE),  # to Hank too
    ):
        doc["applications"][1]["events"].append({"type": answer, "at": "2026-11-24T09:30"})
        path = tmp_path / f"{answer}.json"
        path.write_text(json.dumps(doc))
        email = _draft(path, status, "2026-11-24T10:00")
        assert "Subject: Follow-up on Candidate for Analyst\n" in email, answer
        assert f"Thank you as well {thanks} the Associate position" in email
        other = _draft(path, f"globex-associate/{reply}/2026-11-24", "2026-11-24T10:00", greeted)
        assert "is there any news on my application for the Analyst position?" in other
        assert "Subject: Re: " in other and "Analyst and" not in other
        doc["applications"][1]["events"].pop()


def test_the_fields_a_template_reader_knows_are_those_of_an_also_item(tmp_path: Path) -> None:
    # `followup validate` checks `also[n].x` against ALSO_FIELDS: they are the item's own keys.
    from followup.api import PlanRequest, plan_path
    from followup.drafts import ALSO_FIELDS, template_variables

    path = _events(tmp_path, "2026-11-17T14:00")
    plan = plan_path(PlanRequest([path], 1 << 20, policy="generic", as_of="2026-11-25T10:00"))
    action = next(a for a in plan.actions if a.shared_with and a.is_open)  # the status emails
    (item,) = template_variables(action, plan.events.candidate)["also"]
    assert set(item) == ALSO_FIELDS
