"""One message to people in two time zones keeps to the hours when both are at work.

The offer reply goes to the recruiter and the hiring manager together (G19). When one works in
New York and the other in London, a careful coach sends it when it is working hours for both
(09:00-12:00 New York = 14:00-17:00 London in November), not at 15:00 New York = 20:00 London.
The windows themselves are worked out by hand in tests/scenarios/several-zones.test.yaml; this
checks what the plan and `followup explain` say about them, and a window that also waits for a
decision date (a policy of the user's that sends a status check to both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from followup.api import explain_document, plan_document
from followup.policy import load_policy


def _offer(hiring_manager_zone: str, recruiter_zone: str, at: str) -> dict[str, Any]:
    return {
        "candidate": {"name": "Dana Ortiz", "timezone": recruiter_zone},
        "applications": [
            {
                "id": "northwind",
                "company": "Northwind Shipping",
                "role": "Logistics Analyst",
                "industry": "logistics",
                "recruiter": {
                    "name": "Sam Rivera",
                    "email": "sam@northwind.example",
                    "timezone": recruiter_zone,
                },
                "events": [
                    {
                        "type": "interview",
                        "at": "2026-11-10T10:00",
                        "round": 2,
                        "interviewers": [
                            {
                                "name": "James Holt",
                                "email": "james@northwind.example",
                                "timezone": hiring_manager_zone,
                                "hiring_manager": True,
                            }
                        ],
                    },
                    {"type": "thank_you_sent", "at": "2026-11-10T15:00"},
                    {"type": "offer_received", "at": at},
                ],
            }
        ],
    }


REPLY = "northwind/reply-to-offer/2026-11-17"


def test_explain_shows_both_zones_and_the_hours_they_share() -> None:
    doc = _offer("Europe/London", "America/New_York", "2026-11-17T15:00")
    text = explain_document(doc, REPLY, as_of="2026-11-17T16:00", policy="generic")["text"]
    assert (
        "note        the window keeps to the hours when Sam Rivera (America/New_York) and "
        "James Holt (Europe/London) are both at work\n"
    ) in text
    assert (
        "working hours 09:00-17:00 on working days in America/New_York and Europe/London, "
        "both at work on Wed 18 Nov 09:00-12:00 in America/New_York = 14:00-17:00 in "
        "Europe/London: Tue 17 Nov 15:00 -> Wed 18 Nov 15:00 becomes "
        "Wed 18 Nov 09:00 -> Wed 18 Nov 12:00"
    ) in text


def test_a_holiday_in_the_second_zone_is_named_in_the_explanation() -> None:
    """London recruiter, New York hiring manager, offer the day before Thanksgiving."""
    doc = _offer("America/New_York", "Europe/London", "2026-11-25T10:00")
    doc["applications"][0]["events"][2]["at"] = "2026-11-25T10:00"
    action = explain_document(
        doc, "northwind/reply-to-offer/2026-11-25", as_of="2026-11-25T11:00", policy="generic"
    )
    assert (action["action"]["not_before"], action["action"]["due_by"]) == (
        "2026-11-25T14:00:00+00:00",
        "2026-11-27T17:00:00+00:00",
    )
    assert "(skipping Thu 26 Nov Thanksgiving Day in America/New_York)" in action["text"]


def test_hours_that_never_meet_keep_to_the_first_addressee_and_say_so() -> None:
    doc = _offer("Europe/London", "Australia/Sydney", "2026-11-17T10:00")
    (reply,) = plan_document(doc, as_of="2026-11-17T12:00", policy="generic")["actions"]
    assert (reply["not_before"], reply["due_by"]) == (
        "2026-11-17T10:00:00+11:00",
        "2026-11-18T17:00:00+11:00",
    )
    assert reply["recipient_timezone"] == "Australia/Sydney"
    assert reply["explanation"]["notes"] == [
        "the working hours of Sam Rivera (Australia/Sydney) and James Holt (Europe/London) do not "
        "overlap: the window keeps to Sam Rivera's (the first addressee)"
    ]


def test_one_zone_for_both_adds_no_note_and_no_second_zone() -> None:
    doc = _offer("Europe/London", "Europe/London", "2026-11-17T15:00")
    (reply,) = plan_document(doc, as_of="2026-11-17T16:00", policy="generic")["actions"]
    assert reply["explanation"]["notes"] == []
    assert (
        "working hours 09:00-17:00 on working days in Europe/London: "
        in (reply["explanation"]["timing"])
    )


STATUS_TO_BOTH = """\
policy: both-managers
extends: generic
rules:
  - id: status-to-both
    when: {event: interview, has_decision_date: true}
    action: {kind: follow_up, channel: email, to: hiring_managers}
    timing: {anchor: interview, not_before: 0h, due_by: 2bd, late_after: 4bd}
    done_when: [follow_up_sent]
    because: Ask them both, once their date has passed.
    cites: [G21]
"""


def test_a_window_to_both_still_waits_for_their_decision_date(tmp_path: Path) -> None:
    """Interview Mon 16 Nov 10:00 New York, "we decide by Wednesday" (17:00 New York).
    Shared hours 09:00-12:00 New York. Raw opening Mon 10:00 is inside them, but the date is
    still to come: the first shared moment after Wed 17:00 New York is Thu 19 Nov 09:00.
    +2 bd = Wed 18 Nov 10:00 -> that day's shared hours end at 12:00, before the opening: the
    window closes with the shared hours it opens in, Thu 19 Nov 12:00. Late: +4 bd = Fri 20 Nov
    10:00 -> Fri 20 Nov 12:00."""
    path = tmp_path / "both.yaml"
    path.write_text(STATUS_TO_BOTH)
    doc = _offer("Europe/London", "America/New_York", "2026-11-30T10:00")
    events = doc["applications"][0]["events"]
    events[0].update(at="2026-11-16T10:00", decision_by="2026-11-18")
    del events[1:]  # no thank-you sent, no offer yet
    action = explain_document(
        doc,
        "northwind/status-to-both/2026-11-16",
        as_of="2026-11-16T12:00",
        policy=load_policy(path),
    )
    assert (action["action"]["not_before"], action["action"]["due_by"]) == (
        "2026-11-19T09:00:00-05:00",
        "2026-11-19T12:00:00-05:00",
    )
    assert "opens only after the decision date they gave (Wed 18 Nov 17:00)" in action["text"]
    assert "late after anchor + 4 business days = 2026-11-20T12:00:00-05:00" in action["text"]
