"""The vocabulary of action kinds: one row per kind, everything every output says about it.

Adding a kind of action is one row here plus one draft template (`templates/<kind>.<channel>.j2`);
`tests/test_kinds.py` fails when a row lacks an entry or a template. The policy schema, the plan
and `explain`, the calendar, the timeline and the etiquette engine all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    doc: str  # what it is, for the policy schema and `followup schema`
    phrase: str  # the plan's imperative: "Send a thank-you note"
    calendar_title: str  # a calendar entry's title; `{to}` the recipients, `{medium}` call/email
    label: str  # a short label (the timeline's bars)
    tip: str  # a few words for an explanation bubble
    merge_priority: int  # which message carries another to the same person (lower first)
    own_time: bool = False  # sent whenever the candidate likes: working hours do not apply
    lapse_advice: str = "the moment has passed"  # what a lapsed action tells you instead
    self_phrase: str = ""  # the phrase of a note to yourself (channel note), when it differs

    def what(self, channel: str) -> str:
        """The plan's phrase for this kind sent by `channel`."""
        return self.self_phrase if channel == "note" and self.self_phrase else self.phrase


KINDS: dict[str, Kind] = {
    "thank_you": Kind(
        doc="a thank-you note for an interview",
        phrase="Send a thank-you note",
        calendar_title="Thank-you note to {to}",
        label="Thank-you",
        tip="Thank-you note",
        merge_priority=0,
        own_time=True,
        lapse_advice="the moment for a separate note has passed: fold your thanks into your next "
        "message to them instead",
    ),
    "follow_up": Kind(
        doc="a polite status check",
        phrase="Follow up on the status of your application",
        calendar_title="Follow-up {medium} to {to}",
        label="Follow-up",
        tip="Status follow-up",
        merge_priority=3,
    ),
    "move_on": Kind(
        doc="a note to yourself: stop waiting on this one and keep applying",
        phrase="Move on: stop waiting on this one and keep applying",
        calendar_title="Move on and keep applying",
        label="Move on",
        tip="Move on, keep applying",
        merge_priority=7,
    ),
    "gracious_reply": Kind(
        doc="a courteous reply to a rejection",
        phrase="Reply graciously to the rejection",
        calendar_title="Gracious reply to {to}",
        label="Gracious reply",
        tip="Gracious reply to the rejection",
        merge_priority=2,
        lapse_advice="the moment has passed: if you write to them again, keep it gracious",
    ),
    "offer_reply": Kind(
        doc="a thank-you for an offer that asks your open questions",
        phrase="Thank them for the offer and ask your open questions",
        calendar_title="Reply to the offer from {to}",
        label="Offer reply",
        tip="Thanks for the offer, with your questions",
        merge_priority=1,
        lapse_advice="reply to the offer without further delay",
    ),
    "keep_in_touch": Kind(
        doc="a check-in that keeps the relationship warm",
        phrase="Check in to keep the relationship warm",
        calendar_title="Keep in touch with {to}",
        label="Keep in touch",
        tip="Keep-in-touch check-in",
        merge_priority=5,
    ),
    "ask_timeline": Kind(
        doc="ask when they expect to decide",
        phrase="Ask when they expect to make a decision",
        calendar_title="Ask {to} about the timeline",
        label="Ask timeline",
        tip="Ask when they will decide",
        merge_priority=4,
        lapse_advice="ask about the timeline in your next message instead",
        self_phrase="At your next interview, ask when they expect to make a decision",
    ),
    "reconsider": Kind(
        doc="a note to yourself: weigh the warning signs",
        phrase="Weigh the warning signs before going further",
        calendar_title="Reconsider this application",
        label="Reconsider",
        tip="Weigh the warning signs",
        merge_priority=6,
    ),
}


def kind(name: str) -> Kind:
    """The row of `name`; a kind the table lacks gets a row made from its name (never silent:
    the validator refuses unknown kinds before a plan is made)."""
    found = KINDS.get(name)
    if found is not None:
        return found
    words = name.replace("_", " ").capitalize()
    return Kind(name, words, f"{words} to {{to}}", words, words, 9)


__all__ = ["KINDS", "Kind", "kind"]
