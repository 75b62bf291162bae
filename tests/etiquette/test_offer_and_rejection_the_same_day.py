"""An offer for one role and a rejection for another, the same morning, from the same
recruiter: one email to her, written from the offer reply's draft, as that one goes to the
hiring manager too (G19: thank the hiring managers; G10; one message per person, G12, G17).

Worked by hand. Sam Carter, Chicago, two roles at Harbor Freight Co, both through Ms. Lena
Ford. Operations Lead: second round Monday 2 November 2026 with Mr. Tom Reyes (hiring manager),
a decision by Friday 6 November; Operations Analyst: first round Tuesday 3 November with Ms. Amy
Cho. Friday 6 November 11:00 Ms. Ford offers him the Lead role, and at 11:05 turns him down for
the Analyst one. `generic`: the offer reply to Ms. Ford and Mr. Reyes by the end of the next
working day (Mon 9 Nov 17:00, G19); the gracious reply to Ms. Ford within 2 days (Sun 8 Nov
11:05, in her working hours Mon 9 Nov 17:00, G10). Both windows are open Friday 11:05 -> Monday
17:00: one email to Ms. Ford for both. A coach adds: write it as the offer reply - to Ms. Ford
and Mr. Reyes, with a line thanking her for the news on the Analyst role - since the gracious
reply's own draft goes to her alone, and sent as it stands Mr. Reyes would never be thanked for
the offer. The offer reply's note needs no such line: its draft reaches everyone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_support import run

OFFER = "ops-lead/reply-to-offer/2026-11-06"
REJECTION = "ops-analyst/gracious-reply-to-rejection/2026-11-06"
LENA = {"name": "Lena Ford", "honorific": "Ms.", "email": "lena@harbor.example"}


def _app(app_id: str, role: str, interview: dict[str, Any], news: dict[str, Any]) -> Any:
    return {
        "id": app_id,
        "company": "Harbor Freight Co",
        "role": role,
        "industry": "logistics",
        "recruiter": LENA,
        "events": [interview, news],
    }


def _plan(tmp_path: Path) -> dict[str, dict[str, Any]]:
    lead = _app(
        "ops-lead",
        "Operations Lead",
        {
            "type": "interview",
            "at": "2026-11-02T10:00",
            "round": 2,
            "decision_by": "2026-11-06",
            "interviewers": [
                {
                    "name": "Tom Reyes",
                    "honorific": "Mr.",
                    "email": "tom@harbor.example",
                    "hiring_manager": True,
                }
            ],
        },
        {"type": "offer_received", "at": "2026-11-06T11:00"},
    )
    analyst = _app(
        "ops-analyst",
        "Operations Analyst",
        {
            "type": "interview",
            "at": "2026-11-03T10:00",
            "decision_by": "2026-11-06",
            "interviewers": [
                {"name": "Amy Cho", "honorific": "Ms.", "email": "amy@harbor.example"}
            ],
        },
        {"type": "rejected", "at": "2026-11-06T11:05"},
    )
    for app in (lead, analyst):  # the notes of the interviews went out that afternoon
        people = [p["email"] for p in app["events"][0]["interviewers"]] + [LENA["email"]]
        sent = {"type": "thank_you_sent", "at": app["events"][0]["at"][:11] + "15:00", "to": people}
        app["events"].insert(1, sent)
    doc = {"candidate": {"name": "Sam Carter", "timezone": "America/Chicago"}}
    path = tmp_path / "events.json"
    path.write_text(json.dumps({**doc, "applications": [lead, analyst]}))
    code, out, err = run("plan", str(path), "--as-of", "2026-11-06T12:00", "--format", "json")
    assert code == 0, err
    return {a["id"]: a for a in json.loads(out)["actions"]}


def test_the_gracious_reply_says_to_write_the_one_email_from_the_offer_reply(
    tmp_path: Path,
) -> None:
    actions = _plan(tmp_path)
    offer, rejection = actions[OFFER], actions[REJECTION]
    assert offer["to"] == ["Lena Ford <lena@harbor.example>", "Tom Reyes <tom@harbor.example>"]
    assert rejection["to"] == ["Lena Ford <lena@harbor.example>"]
    assert offer["status"] == rejection["status"] == "due"
    (note,) = rejection["explanation"]["notes"]
    assert note.startswith("one email to Lena Ford <lena@harbor.example> for both applications")
    assert (
        f"it goes to Tom Reyes too: write the one email from that draft (`followup draft {OFFER}`)"
        " to all of them" in note
    )
    (theirs,) = offer["explanation"]["notes"]
    assert f"({REJECTION})" in theirs and "goes to" not in theirs
