"""The vocabulary of actions: the closed sets of kinds, channels, recipients and statuses, one
row per kind and one row per channel with everything every output says about them.

Adding a kind of action is one `ActionKind` member, one row in `KINDS` and one draft template
(`templates/<kind>.<channel>.j2`, named in the row); `tests/plan/test_kinds.py` fails when a kind
lacks a row, a row lacks an entry or its template file. The policy schema, the plan and
`explain`, the drafts, the calendar, the timeline and the etiquette engine all read this table.
"""

from __future__ import annotations

from enum import StrEnum

from followup.frozen import frozen


class ActionKind(StrEnum):
    """What a rule's action asks of the candidate (the policy's `action.kind`)."""

    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    MOVE_ON = "move_on"
    GRACIOUS_REPLY = "gracious_reply"
    OFFER_REPLY = "offer_reply"
    KEEP_IN_TOUCH = "keep_in_touch"
    ASK_TIMELINE = "ask_timeline"
    RECONSIDER = "reconsider"


class Channel(StrEnum):
    """How a message goes out (the policy's `action.channel`)."""

    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"
    NOTE = "note"  # a note to yourself: nothing is sent


class Recipient(StrEnum):
    """Whom an action is addressed to (the policy's `action.to`)."""

    EACH_INTERVIEWER = "each_interviewer"
    LEAD_INTERVIEWER = "lead_interviewer"
    RECRUITER = "recruiter"
    HIRING_CONTACT = "hiring_contact"
    HIRING_MANAGERS = "hiring_managers"
    CANDIDATE = "candidate"


class Status(StrEnum):
    """Where a planned action stands as of the time of planning."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    LAPSED = "lapsed"
    DONE = "done"
    CANCELLED = "cancelled"
    DISMISSED = "dismissed"  # by the candidate (`followup dismiss`)


OPEN_STATUSES = (Status.UPCOMING, Status.DUE, Status.OVERDUE)


@frozen
class Kind:
    """Everything every output says about one kind of action (one row of `KINDS`)."""

    phrase: str  # the plan's imperative: "Send a thank-you note"
    calendar_title: str  # a calendar entry's title; `{to}` the recipients, `{medium}` call/email
    label: str  # a short label (the timeline's bars)
    tip: str  # a few words for an explanation bubble
    merge_priority: int  # which message carries another to the same person (lower first)
    template: str  # the built-in draft template when none is written for the action's channel
    waits_for_decision: bool = False  # never opens before a pending decision date (G21)
    counts_as_follow_up: bool = False  # limited by `max_follow_ups`: the follow-ups unanswered
    own_time: bool = False  # sent whenever the candidate likes: working hours do not apply
    lapse_advice: str = "the moment has passed"  # what a lapsed action tells you instead
    self_phrase: str = ""  # the phrase of a note to yourself (channel note), when it differs
    carries_thanks: bool = False  # its message thanks its readers: it takes in their open notes
    after_decision: bool = False  # about an application already decided (an offer, a rejection)
    overdue_note: str = ""  # what an overdue action of this kind adds: still owed, and how

    def what(self, channel: str) -> str:
        """The plan's phrase for this kind sent by `channel`."""
        return self.self_phrase if channel == Channel.NOTE and self.self_phrase else self.phrase


KINDS: dict[ActionKind, Kind] = {
    ActionKind.THANK_YOU: Kind(
        phrase="Send a thank-you note",
        calendar_title="Thank-you note to {to}",
        label="Thank-you",
        tip="Thank-you note",
        merge_priority=0,
        template="thank_you.email.j2",
        own_time=True,
        lapse_advice="the moment for a separate note has passed: fold your thanks into your next "
        "message to them instead",
    ),
    ActionKind.FOLLOW_UP: Kind(
        phrase="Follow up on the status of your application",
        calendar_title="Follow-up {medium} to {to}",
        label="Follow-up",
        tip="Status follow-up",
        merge_priority=3,
        template="follow_up.email.j2",
        waits_for_decision=True,
        counts_as_follow_up=True,
    ),
    ActionKind.MOVE_ON: Kind(
        phrase="Move on: stop waiting on this one and keep applying",
        calendar_title="Move on and keep applying",
        label="Move on",
        tip="Move on, keep applying",
        merge_priority=7,
        template="move_on.note.j2",
        waits_for_decision=True,
    ),
    ActionKind.GRACIOUS_REPLY: Kind(
        phrase="Reply graciously to the rejection",
        calendar_title="Gracious reply to {to}",
        label="Gracious reply",
        tip="Gracious reply to the rejection",
        merge_priority=2,
        template="gracious_reply.email.j2",
        lapse_advice="the moment has passed: if you write to them again, keep it gracious",
        after_decision=True,
    ),
    ActionKind.OFFER_REPLY: Kind(
        phrase="Thank them for the offer and ask your open questions",
        calendar_title="Reply to the offer from {to}",
        label="Offer reply",
        tip="Thanks for the offer, with your questions",
        merge_priority=1,
        template="offer_reply.email.j2",
        lapse_advice="reply to the offer without further delay",
        overdue_note="an offer waits for your answer however late: reply now, say sorry for the "
        "delay and, if you need more time to decide, ask by when they need your answer",
        carries_thanks=True,
        after_decision=True,
    ),
    ActionKind.KEEP_IN_TOUCH: Kind(
        phrase="Check in to keep the relationship warm",
        calendar_title="Keep in touch with {to}",
        label="Keep in touch",
        tip="Keep-in-touch check-in",
        merge_priority=5,
        template="keep_in_touch.email.j2",
        after_decision=True,
    ),
    ActionKind.ASK_TIMELINE: Kind(
        phrase="Ask when they expect to make a decision",
        calendar_title="Ask {to} about the timeline",
        label="Ask timeline",
        tip="Ask when they will decide",
        merge_priority=4,
        template="ask_timeline.email.j2",
        lapse_advice="ask about the timeline in your next message instead",
        self_phrase="At your next interview, ask when they expect to make a decision",
    ),
    ActionKind.RECONSIDER: Kind(
        phrase="Weigh the warning signs before going further",
        calendar_title="Reconsider this application",
        label="Reconsider",
        tip="Weigh the warning signs",
        merge_priority=6,
        template="reconsider.note.j2",
    ),
}
"""The row of every kind (each `ActionKind` has one: tests/plan/test_kinds.py)."""


@frozen
class ChannelWords:
    """What the outputs say about one channel (one row of `CHANNELS`)."""

    how: str  # after the plan's phrase: "by email" ("" for a note to yourself)
    medium: str  # a calendar title's `{medium}`: "call", "email"


CHANNELS: dict[Channel, ChannelWords] = {
    Channel.EMAIL: ChannelWords(how="by email", medium="email"),
    Channel.PHONE: ChannelWords(how="by phone", medium="call"),
    Channel.LETTER: ChannelWords(how="by letter", medium="letter"),
    Channel.NOTE: ChannelWords(how="", medium="note"),
}
