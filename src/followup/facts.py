"""Facts: the flat, derived view of one application that policy conditions are matched against.

Every event of an application that has happened by `as_of` becomes one *trigger*: a flat dict of
facts about that event and the application's state at that moment (the round of the interview it
belongs to, whether a decision date is known, how many follow-ups were sent...). Rules match one
trigger each, against constants, so the engine never has to join facts. Time-dependent values are
computed here, in Python, from `as_of`; nothing downstream reads a clock.

`FACTS` is the catalogue: the validator, the JSON Schema, the explanations and the docs all read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import pendulum

from followup.events import EVENT_TYPES, FORMATS, Application, Event
from followup.frozen import frozen

BOOKED: Final = "interview_booked"
"""The `event` fact of an interview dated after the time of planning: booked, not yet held."""


@frozen
class FactSpec:
    """One fact a rule's `when` may test: its name, type, meaning and allowed values."""

    name: str
    type: str  # "choice" | "int" | "bool" | "text"
    doc: str
    choices: tuple[str, ...] = ()


FACTS: Final[dict[str, FactSpec]] = {
    spec.name: spec
    for spec in (
        FactSpec(
            "event",
            "choice",
            "the event that starts the rule (interview_booked: an interview not yet held)",
            (*EVENT_TYPES, BOOKED),
        ),
        FactSpec("round", "int", "round of the interview the event belongs to (0 if none yet)"),
        FactSpec("format", "choice", "format of that interview", (*FORMATS, "none")),
        FactSpec("interviewers", "int", "how many interviewers that interview had"),
        FactSpec("has_recruiter", "bool", "the application names a recruiter"),
        FactSpec(
            "has_decision_date",
            "bool",
            "a decision date is known for that interview (given at it or in a later response)",
        ),
        FactSpec("sets_decision_date", "bool", "the event itself gives a decision date"),
        FactSpec(
            "decision_date_pending",
            "bool",
            "a decision date is known and has not passed at the time of the event (a date given"
            " at a late interview for that same day counts from the interview itself)",
        ),
        FactSpec(
            "follow_up_number",
            "int",
            "for a follow_up_sent: 1 for the first follow-up since the interview or their last "
            "reply (an attempt without a response, G28), 2 for the second...",
        ),
        FactSpec(
            "before_decision_date",
            "bool",
            "for a follow_up_sent: it was sent while a decision date was still pending (early)",
        ),
        FactSpec("follow_ups_sent", "int", "follow-ups sent since the interview, up to the event"),
        FactSpec(
            "unanswered_follow_ups",
            "int",
            "follow-ups sent since the interview or their last reply, up to the event: the "
            "attempts without a response (G28) that settings.max_follow_ups limits (G9, G17)",
        ),
        FactSpec("thank_you_sent", "bool", "a thank-you was sent since the interview"),
        FactSpec(
            "has_answer_date",
            "bool",
            "for an offer_received: they said by when they want your answer (its answer_by)",
        ),
        FactSpec("responses_received", "int", "responses received since the interview"),
        FactSpec(
            "days_since_first_interview",
            "int",
            "whole days from the application's first interview to the event",
        ),
        FactSpec("days_since_event", "int", "whole days from the event to the time of planning"),
        FactSpec(
            "days_since_last_contact",
            "int",
            "whole days since the employer was last heard from (interview or response)",
        ),
        FactSpec("industry", "text", "the application's industry, lower case"),
    )
}

FACT_NAMES: Final[tuple[str, ...]] = tuple(FACTS)
"""The facts in `FACTS`' order: the order of a `Trigger`'s `values`."""

FACT_AT: Final[dict[str, int]] = {name: at for at, name in enumerate(FACT_NAMES)}
"""Each fact's position in a `Trigger`'s `values`."""

UNANSWERED_AT: Final = FACT_AT["unanswered_follow_ups"]

DAY_COUNTS: Final = ("days_since_first_interview", "days_since_event", "days_since_last_contact")
"""The facts that count days: each needs timestamps, so `derive_triggers` counts them only when
asked (see there)."""

_DAYS_AT: Final = tuple(FACT_AT[name] for name in DAY_COUNTS)

DayCounts = tuple[bool, ...]
"""Which of `DAY_COUNTS` to count, in that order."""

EVERY_COUNT: Final[DayCounts] = (True, True, True)
NO_COUNT: Final[DayCounts] = (False, False, False)
"""Nothing to count (`derive_triggers` tells it by identity)."""


class _Uncounted:
    """The type of `UNCOUNTED`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNCOUNTED"


UNCOUNTED: Final[Any] = _Uncounted()
"""A day count `derive_triggers` was not asked for, in `Trigger.values`: `Trigger.counted` and
`Trigger.facts` count it when asked."""

CONTACT_EVENTS: Final = frozenset({"interview", "response_received"})


def values_of(facts: Mapping[str, Any]) -> tuple[Any, ...]:
    """A trigger's `values` from its facts by name (a fact left out is None, as
    `Condition.holds` reads a missing one)."""
    return tuple(facts.get(name) for name in FACT_NAMES)


@dataclass(slots=True)
class Trigger:
    """One event of an application with the facts and anchors derived for it.

    Not declared `frozen`, like `followup.actions.Action` (see there): treated as immutable.
    """

    position: int  # position in the application's time-sorted events
    event: Event
    values: tuple[Any, ...]  # the facts' values, in `FACT_NAMES` order (`facts` names them)
    interview: Event | None  # the interview the event belongs to
    decision_date: pendulum.DateTime | None
    decision_event: Event | None  # the event that gave the decision date
    last_follow_up: Event | None
    last_contact: Event | None
    booked: bool = False  # an interview dated after the time of planning
    first_interview: Event | None = None  # the application's first known interview
    now: float = 0.0  # the time of planning's timestamp (`stamp`)

    @property
    def facts(self) -> dict[str, Any]:
        """The trigger's facts by name, in `FACTS`' order, made when asked (the explanations,
        `why-not`): matching and planning read `values` by position. A dict of 19 facts made
        for every event cost about 7.5 k instructions (made and freed), a tuple 0.7 k: a plan
        of `followup plan` 1.8 % fewer instructions."""
        return dict(zip(FACT_NAMES, self.counted(), strict=True))

    def counted(self) -> tuple[Any, ...]:
        """`values` with every day count in it: those `derive_triggers` was not asked to count
        (`UNCOUNTED`) are counted now, as it would have counted them."""
        values = self.values
        wanted = tuple(values[at] is UNCOUNTED for at in _DAYS_AT)
        if not any(wanted):
            return values
        days = _days(self.event, self.first_interview, self.last_contact, self.now, wanted)
        found = list(values)
        for at, counted, count in zip(_DAYS_AT, wanted, days, strict=True):
            if counted:
                found[at] = count
        return tuple(found)

    def anchor(self, name: str) -> tuple[pendulum.DateTime, Event | None] | None:
        """The moment a timing anchor names, with the event it comes from."""
        if name == "trigger":
            return self.event.at, self.event
        if name == "interview" and self.interview is not None:
            # Thanks and check-ins come after the interview: from its end when it is known.
            return self.interview.ends or self.interview.at, self.interview
        if name == "decision_date" and self.decision_date is not None:
            return self.decision_date, self.decision_event
        if name == "last_follow_up" and self.last_follow_up is not None:
            return self.last_follow_up.at, self.last_follow_up
        if name == "last_contact" and self.last_contact is not None:
            return self.last_contact.at, self.last_contact
        if name == "answer_date" and self.event.answer_by is not None:
            return self.event.answer_by, self.event
        return None


ANCHORS: Final[dict[str, str | None]] = {
    "trigger": None,  # the event that started the rule: always known
    "interview": "the event belongs to no interview",  # its end (`ends`), else its start
    "decision_date": "no decision date is known (none given at the interview or in a response)",
    "last_follow_up": "no follow-up has been sent yet",
    "last_contact": "nobody from the employer has been heard from yet",
    "answer_date": "the offer gives no date for your answer (its answer_by)",
}
"""The moments a rule's window can be measured from and, for those that can be unknown (see
`Trigger.anchor`), why one is (`followup explain --why-not`)."""

DEADLINES: Final = ("answer_date",)
"""The anchors a window may be held to (a rule's `timing.deadline`): when the moment is known,
the action is due no later than it (an offer's reply, by the date they want your answer)."""


def known_events(app: Application, as_of: pendulum.DateTime) -> tuple[Event, ...]:
    """The events known at `as_of`: those that have happened, and interviews booked for later
    (an interview dated after `as_of` is known unless its `booked_at` is after `as_of` too).
    Nothing else after `as_of` is known, so replays stay honest."""
    return tuple(e for e in app.events if e.at <= as_of or is_booked(e, as_of))


def happened_events(app: Application, as_of: pendulum.DateTime) -> tuple[Event, ...]:
    """The events that have happened by `as_of` (a booked interview has not)."""
    return tuple(e for e in app.events if e.at <= as_of)


def is_booked(event: Event, as_of: pendulum.DateTime) -> bool:
    """An interview dated after `as_of` whose booking is known at `as_of`."""
    return (
        event.type == "interview"
        and event.at > as_of
        and (event.booked_at is None or event.booked_at <= as_of)
    )


def whole_days(start: float, end: float) -> int:
    """Whole days from timestamp `start` to timestamp `end`, 0 when `end` is earlier."""
    return max(0, int((end - start) // 86400))


def stamp(moment: dt.datetime) -> float:
    """`moment.timestamp()`, the same float, through a plain `datetime` of the same reading,
    zone and fold: `timestamp()` asks the zone for the moment's offset, and zoneinfo reads a
    pendulum DateTime's fields one by one by name (its slow path for a subclass), so the copy
    costs less than the question (~7,700 instructions against ~11,600)."""
    return dt.datetime.combine(moment, moment.timetz()).timestamp()


_last_as_of: tuple[dt.datetime | None, float] = (None, 0.0)


def _as_of_stamp(as_of: dt.datetime) -> float:
    """`stamp(as_of)`, remembered for the last `as_of` by identity (the object is held, so its
    id cannot be reused): a plan asks it for every application with the same moment."""
    global _last_as_of
    last, found = _last_as_of
    if last is not as_of:
        found = stamp(as_of)
        _last_as_of = (as_of, found)
    return found


def derive_triggers(
    app: Application, as_of: pendulum.DateTime, counted: Mapping[str, DayCounts] | None = None
) -> list[Trigger]:
    """One `Trigger` per event known at `as_of`, in time order.

    `counted`: for each `event` fact, the day counts (`DAY_COUNTS`) to count now, those the
    rules that start on that event read (`compile.counts_read`); the others are left
    `UNCOUNTED` in `values` and counted, the same way, when `Trigger.facts` or
    `Trigger.counted` asks. None: every count now. Each count needs the timestamps of two
    moments (about 9 k instructions each, `stamp`); the built-in policies read one count, on
    interviews, and the first interview is 0 days from itself, so a plan converts 1.05 moments
    per application instead of 3.33 (2.5 % fewer instructions)."""
    # Events are sorted by time: when the last has happened, all are known and none is booked
    # (`known_events` and `is_booked` asked of each: about 7 k instructions per application).
    events = app.events
    future = bool(events) and events[-1].at > as_of
    if future:
        events = known_events(app, as_of)
    # Found on the way: an event before it is 0 days from it, as from no interview.
    first_interview: Event | None = None
    triggers: list[Trigger] = []
    interview: Event | None = None
    decision: tuple[pendulum.DateTime, Event] | None = None
    last_follow_up: Event | None = None
    last_contact: Event | None = None
    follow_ups = attempts = thanks = responses = 0
    now = _as_of_stamp(as_of)
    # What the application and its current interview give every trigger, read once.
    has_recruiter, industry = app.recruiter is not None, app.industry
    round_, format_, interviewers = 0, "none", 0
    for position, event in enumerate(events):
        kind, at = event.type, event.at
        booked = future and kind == "interview" and is_booked(event, as_of)
        follow_up = kind == "follow_up_sent"
        early = follow_up and decision is not None and decision[0] > at
        if kind == "interview":
            interview, decision = event, None
            follow_ups = attempts = thanks = responses = 0
            round_, format_, interviewers = event.round, event.format, len(event.interviewers)
            if first_interview is None:
                first_interview = event
        decision_by = event.decision_by
        sets_decision = decision_by is not None
        if decision_by is not None:
            decision = (decision_by, event)
        if follow_up:
            follow_ups += 1
            attempts += 1
            last_follow_up = event
        elif kind == "thank_you_sent":
            thanks += 1
        elif kind == "response_received":
            responses += 1
            attempts = 0  # they answered: the attempts without a response start again (G28)
        if kind in CONTACT_EVENTS and not booked:
            last_contact = event
        fact = BOOKED if booked else kind
        wanted = EVERY_COUNT if counted is None else counted.get(fact, NO_COUNT)
        if wanted is NO_COUNT:
            since_first = since_event = since_contact = UNCOUNTED
        else:
            since_first, since_event, since_contact = _days(
                event, first_interview, last_contact, now, wanted
            )
        # The facts in `FACT_NAMES` order (a tuple: `Trigger.facts` names them when asked).
        values = (
            fact,  # event
            round_,
            format_,
            interviewers,
            has_recruiter,
            decision is not None,  # has_decision_date
            sets_decision,  # sets_decision_date
            decision is not None and decision[0] >= at,  # decision_date_pending
            attempts if follow_up else 0,  # follow_up_number
            early,  # before_decision_date
            follow_ups,  # follow_ups_sent
            attempts,  # unanswered_follow_ups
            thanks > 0,  # thank_you_sent
            event.answer_by is not None,  # has_answer_date
            responses,  # responses_received
            since_first,  # days_since_first_interview
            since_event,  # days_since_event
            since_contact,  # days_since_last_contact
            industry,
        )
        # By position, in the order `Trigger` declares its fields: matching keywords cost
        # about as much as the rest of this loop (docs/performance.md, round 10).
        triggers.append(
            Trigger(
                position,
                event,
                values,
                interview,
                decision[0] if decision else None,
                decision[1] if decision else None,
                last_follow_up,
                last_contact,
                booked,
                first_interview,
                now,
            )
        )
    return triggers


def _days(
    event: Event,
    first_interview: Event | None,
    last_contact: Event | None,
    now: float,
    wanted: DayCounts,
) -> tuple[Any, Any, Any]:
    """The day counts (`DAY_COUNTS`) `wanted` of a trigger of `event`, `UNCOUNTED` for the
    others: whole days (as `whole_days` counts them) from the first interview to the event, from
    the event to `now` (the time of planning's timestamp) and from the last contact to `now`, 0
    when there is no such event. The first interview is 0 days from itself: no timestamp."""
    want_first, want_event, want_contact = wanted
    since_first = since_event = since_contact = UNCOUNTED
    moment = 0.0
    if want_event or (want_first and first_interview is not None and first_interview is not event):
        moment = stamp(event.at)
    if want_first:
        if first_interview is None or first_interview is event:
            since_first = 0
        else:
            since_first = whole_days(stamp(first_interview.at), moment)
    if want_event:
        since_event = whole_days(moment, now)
    if want_contact:
        since_contact = 0 if last_contact is None else whole_days(stamp(last_contact.at), now)
    return since_first, since_event, since_contact
