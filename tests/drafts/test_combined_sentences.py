"""The words one message says for another application's action, kind by kind
(`followup.combined`): what a combined draft relies on beyond the worked scenarios of
tests/etiquette/test_combined_drafts.py (thank-you and status question)."""

from __future__ import annotations

from typing import Any

from followup.combined import sentence
from followup.kinds import ActionKind, Channel

DATE = "Friday 4 December 2026"


def _item(kind: str, **facts: Any) -> dict[str, Any]:
    item = {
        "kind": kind,
        "role": "Associate",
        "position": "the Associate position",
        "what": "a phrase",
        "recipient_role": "interviewer",
        "interview_label": "interview",
        "interview_date": "Tuesday 17 November 2026",
        "topic": None,
        "decision_date": None,
        "decision_from_addressee": False,
        "decision_given_by": None,
        "final": False,
        "previous_follow_up_date": None,
        "late": False,
        "asks_timeline": False,
        "thanks_for_interview": None,
        "answer_by": None,
        "answer_by_passed": False,
    }
    return {**item, **facts}


def _email(kind: str, carrier: ActionKind = ActionKind.THANK_YOU, **facts: Any) -> str:
    return sentence(_item(kind, **facts), carrier, Channel.EMAIL, "Monday 16 November 2026")


def test_a_thank_you_names_its_own_day_and_leaves_an_unknown_topic_to_the_user() -> None:
    assert _email("thank_you") == (
        "Thank you as well for our conversation on Tuesday 17 November 2026 about the Associate"
        " position. [one specific topic from that conversation and why it stayed with you]"
    )
    late = _email("thank_you", recipient_role="recruiter", late=True)
    assert late.endswith("I am sorry my thanks for it come later than I intended.")
    # A note that already says sorry for its own delay says it once.
    item = _item("thank_you", recipient_role="recruiter", late=True)
    once = sentence(item, ActionKind.THANK_YOU, Channel.EMAIL, None, apologised=True)
    assert once == (
        "Thank you as well for arranging my interview for the Associate position on Tuesday 17"
        " November 2026."
    )


def test_a_status_question_gives_the_date_as_it_was_given_and_the_last_says_so() -> None:
    theirs = _email("follow_up", decision_date=DATE, decision_from_addressee=True)
    assert f"You mentioned that you expected to reach a decision on it by {DATE}." in theirs
    hearsay = _email("follow_up", decision_date=DATE, decision_given_by="Dr. Hopper")
    assert f"I understood from Dr. Hopper that a decision on it was expected by {DATE}." in (
        hearsay
    )
    last = _email("follow_up", ActionKind.FOLLOW_UP, final=True, previous_follow_up_date=DATE)
    assert last.endswith(f"This will be my last note on it, following my message of {DATE}.")


def test_an_offer_leaves_the_questions_to_the_user_and_a_rejection_keeps_the_bridge() -> None:
    offer = _email("offer_reply", thanks_for_interview=DATE)
    assert offer.startswith(
        "Thank you as well for offering me the Associate position, and for the interview on"
        f" {DATE}:"
    )
    assert "[your open questions about that offer" in offer
    rejection = _email("gracious_reply", ActionKind.FOLLOW_UP)
    assert "letting me know your decision on the Associate position" in rejection
    assert rejection.endswith("I would be glad to be considered for future openings.")
    assert "[" not in rejection
    timeline = _email("ask_timeline")
    assert "roughly when you expect to reach a decision on it?" in timeline


def test_a_late_offer_s_paragraph_says_sorry_once_and_asks_for_the_deadline() -> None:
    asks = "Could you also let me know by when you need my answer?"
    late = _email("offer_reply", late=True)
    assert late.endswith(
        "I am sorry my reply to it comes later than I intended. Could you also let me know by"
        " when you need my answer?"
    )
    item = _item("offer_reply", late=True)
    said = sentence(item, ActionKind.THANK_YOU, Channel.EMAIL, None, apologised=True)
    assert "sorry" not in said and said.endswith(asks)  # the message said sorry already
    assert asks not in _email("offer_reply")


def test_an_offer_with_their_date_promises_the_answer_by_it_or_asks_for_more_time() -> None:
    # They want the answer by a date (`answer_by`, G19): never ask them for it again.
    on_time = _email("offer_reply", answer_by=DATE)
    assert on_time.endswith(f"I will give you my answer by {DATE}, as you asked.")
    late = _email("offer_reply", late=True, answer_by=DATE)
    assert "by when" not in late and late.endswith(f"by {DATE}, as you asked.")
    passed = _email("offer_reply", late=True, answer_by=DATE, answer_by_passed=True)
    assert passed.endswith(
        "I am sorry my reply to it comes later than I intended. I know that you asked for my"
        f" answer by {DATE}: if I need a little more time to decide, could you give it to me?"
    )


def test_a_call_asks_about_the_other_role_in_one_talking_point() -> None:
    item = _item("follow_up", decision_date=DATE, decision_from_addressee=True)
    point = sentence(item, ActionKind.FOLLOW_UP, Channel.PHONE, None)
    assert point == (
        f"Ask about your Associate application too: they expected a decision on it by {DATE},"
        " and say that you remain interested in that role as well."
    )
