"""One person, one thank-you a day, even from two interview events (G12: "send a unique note to
each person who participated in your interview"; G9, G17: don't be annoying).

An on-site loop imported from the calendar is one interview event per invitation; the hiring
manager who opens and closes the day appears in two of them. A coach says: two notes, not
three - one to Ms. Fox covering both conversations (and, no date given, the question when they
will decide, G6/G20), one to Mr. Park. The scenario in tests/scenarios/thank-yous.test.yaml
checks the note's window; this checks that there is exactly one note to Ms. Fox.
"""

from __future__ import annotations

from typing import Any

import pytest

from followup.api import plan_document

POLICIES = ("fast-paced", "generic", "conservative")


def _loop(*, sent_between: bool = False) -> dict[str, Any]:
    dana = {"name": "Dana Fox", "email": "dana.fox@kite.example", "hiring_manager": True}
    eli = {"name": "Eli Park", "email": "eli.park@kite.example"}
    events: list[dict[str, Any]] = [
        {"type": "interview", "at": f"2026-11-10T{hour}", "round": 2, "interviewers": [who]}
        for hour, who in (("09:00", dana), ("11:00", eli), ("15:00", dana))
    ]
    if sent_between:  # thanked her at lunch, before she closed the day
        events.append({"type": "thank_you_sent", "at": "2026-11-10T12:30", "to": [dana["email"]]})
    return {
        "candidate": {"name": "Mia Wong", "timezone": "America/Los_Angeles"},
        "applications": [
            {
                "id": "kite",
                "company": "Kite Robotics",
                "role": "Firmware Engineer",
                "industry": "technology",
                "events": events,
            }
        ],
    }


DANA = "Dana Fox <dana.fox@kite.example>"
ELI = "Eli Park <eli.park@kite.example>"


def _thank_yous(plan: dict[str, Any], who: str) -> list[dict[str, Any]]:
    return [a for a in plan["actions"] if a["kind"] == "thank_you" and a["to"] == [who]]


@pytest.mark.parametrize("policy", POLICIES)
def test_the_hiring_manager_met_twice_in_one_day_gets_one_note(policy: str) -> None:
    plan = plan_document(_loop(), as_of="2026-11-10T18:00", policy=policy)
    (note,) = _thank_yous(plan, DANA)
    assert note["status"] == "due"
    assert note["not_before"] == "2026-11-10T09:00:00-08:00"
    assert note["covers"] == ["ask-about-timeline"]  # carried over from the 15:00 interview
    assert "also covers the interview at 15:00" in " ".join(note["explanation"]["notes"])
    assert len(_thank_yous(plan, ELI)) == 1


def test_a_note_sent_between_the_two_leaves_the_second_conversation_to_thank() -> None:
    """Thanked at 12:30 for the morning: the afternoon is a new conversation, a new note."""
    plan = plan_document(
        _loop(sent_between=True), as_of="2026-11-10T18:00", policy="generic", include_all=True
    )
    notes = _thank_yous(plan, DANA)
    assert sorted((n["not_before"], n["status"]) for n in notes) == [
        ("2026-11-10T09:00:00-08:00", "done"),
        ("2026-11-10T15:00:00-08:00", "due"),
    ]
