"""What one message says for another application's action to the same person.

Two roles at one company, one recruiter: the plan says to write one message for both
(`followup.peers`, G12, G17). The draft of one of them (the message the user sends) then
carries, for each other action it serves, the sentences a careful coach would add, chosen by
the other action's kind (and, for a status question, by the kind of the message that carries
it):

- a thank-you: thanks for arranging that interview (a recruiter who was not in it), or for
  that conversation and the topic discussed in it (G13, G16: a bracket when no topic is known);
- a status follow-up: "is there any news on my application for ...?", with the decision date as
  it was given (G4), and the last follow-up says it is the last (G28, G29);
- a timeline question: when they expect to decide on it (G6, G20);
- an offer: thanks, and the user's own open questions in a bracket (G19);
- a rejection: thanks and no burnt bridges (G10);
- keeping in touch: thanks for the conversations (G18).

A sentence says only what the plan knows; a bracket is left only where the user must supply
the content (a topic, their questions). The wording is the built-in one: a template reads it as
`also[n].sentence`, or writes its own from the item's fields (see `followup.drafts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from followup.kinds import ActionKind, Channel

Item = Mapping[str, Any]
"""One entry of the draft's `also` (see `followup.drafts.template_variables`)."""


def sentence(
    item: Item,
    carrier: ActionKind,
    channel: str,
    interview_date: str | None,
    *,
    apologised: bool = False,
) -> str:
    """The sentences a message of kind `carrier` (its interview on `interview_date`, if any;
    `apologised`: it already says sorry for coming late) says for the other action `item`: a
    paragraph of an email, a talking point of a call."""
    if channel == Channel.PHONE:
        return _talking_point(item)
    kind, position = item["kind"], item["position"]
    if kind == ActionKind.THANK_YOU:
        return _thanks(item, interview_date, apologised)
    if kind == ActionKind.FOLLOW_UP:
        if carrier == ActionKind.FOLLOW_UP:
            ask = f"I am also still very keen on {position}, and would be grateful for any news"
            ask += " on my application for it."
            return " ".join([ask, *_decision(item), *_final(item)])
        ask = f"And while I have you: is there any news on my application for {position}?"
        interest = "I remain very interested in that role too."
        return " ".join([ask, *_decision(item), interest, *_final(item)])
    if kind == ActionKind.ASK_TIMELINE:
        return (
            f"Could you also tell me what the next steps are for {position}, and roughly when"
            " you expect to reach a decision on it?"
        )
    if kind == ActionKind.OFFER_REPLY:
        thanked = item["thanks_for_interview"]
        also = f", and for the interview on {thanked}" if thanked else ""
        said = (
            f"Thank you as well for offering me {position}{also}: I am very pleased to have"
            " received it. Before I give you my answer, I would like to clarify [your open"
            " questions about that offer, e.g. the start date, salary or working arrangements]."
        )
        if item["late"] and not apologised:
            said += " I am sorry my reply to it comes later than I intended."
        if item["answer_by_passed"]:
            said += (
                f" I know that you asked for my answer by {item['answer_by']}: if I need a little"
                " more time to decide, could you give it to me?"
            )
        elif item["answer_by"]:
            said += f" I will give you my answer by {item['answer_by']}, as you asked."
        elif item["late"]:
            said += " Could you also let me know by when you need my answer?"
        return said
    if kind == ActionKind.GRACIOUS_REPLY:
        return (
            f"Thank you as well for letting me know your decision on {position}, and for the"
            " time you gave me during that process; I would be glad to be considered for"
            " future openings."
        )
    if kind == ActionKind.KEEP_IN_TOUCH:
        return f"Thank you as well for your time and the conversations we had about {position}."
    return f"[one message for both: add a sentence for {position} ({item['what']})]"


def _thanks(item: Item, interview_date: str | None, apologised: bool) -> str:
    """A thank-you for the other interview, as the recipient took part in it (sorry for the
    delay once in a message)."""
    position, role, date = item["position"], item["recipient_role"], item["interview_date"]
    when = "" if date is None else " that day" if date == interview_date else f" on {date}"
    if role == "recruiter":
        said = f"Thank you as well for arranging my {item['interview_label']} for {position}"
        said += f"{when}."
    elif role == "interviewer":
        said = f"Thank you as well for our conversation{when} about {position}"
        topic = item["topic"]
        said += (
            f": I particularly valued what we discussed about {topic}."
            if topic
            else ". [one specific topic from that conversation and why it stayed with you]"
        )
    else:
        said = f"Thank you as well for your help with my application for {position}."
    if item["late"] and not apologised:
        said += " I am sorry my thanks for it come later than I intended."
    if item["asks_timeline"]:
        said += " Could you also tell me roughly when you expect to reach a decision on it?"
    return said


def _decision(item: Item) -> list[str]:
    """The decision date for the other role as it was given, in a sentence (or none)."""
    date = item["decision_date"]
    if date is None:
        return []
    if item["decision_from_addressee"]:
        return [f"You mentioned that you expected to reach a decision on it by {date}."]
    given_by = item["decision_given_by"]
    if given_by is not None:
        return [f"I understood from {given_by} that a decision on it was expected by {date}."]
    return [f"I understood that a decision on it was expected by {date}."]


def _final(item: Item) -> list[str]:
    """The last follow-up on the other role says so (G28, G29)."""
    if not item["final"]:
        return []
    earlier = item["previous_follow_up_date"]
    since = f", following my message of {earlier}" if earlier else ""
    return [f"This will be my last note on it{since}."]


def _talking_point(item: Item) -> str:
    """A call's talking point for the other application (a call goes with a call only)."""
    if item["kind"] != ActionKind.FOLLOW_UP:
        return f"One call for both: also cover your {item['role']} application ({item['what']})."
    point = f"Ask about your {item['role']} application too"
    date = item["decision_date"]
    if item["final"]:
        point += ": say that this is your last check-in on it as well"
    elif date and item["decision_from_addressee"]:
        point += f": they expected a decision on it by {date}"
    elif date and item["decision_given_by"]:
        point += f": you understood from {item['decision_given_by']} that a decision was"
        point += f" expected by {date}"
    elif date:
        point += f": you understood a decision was expected by {date}"
    return point + ", and say that you remain interested in that role as well."
