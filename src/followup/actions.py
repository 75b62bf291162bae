"""Turn matches into actions: who receives them, their window, and their status as of a moment.

A match is (rule, trigger). The rule's recipients are expanded (one action per interviewer, or one
to the lead with the others in cc...), its window is computed in Python from the trigger's anchor,
and its status is decided against `as_of`: done when a later event satisfies it, cancelled when a
later event makes it moot, else upcoming / due / overdue by the window.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import chain, islice
from operator import attrgetter
from typing import Final, cast

from followup import limits
from followup.dates.action_windows import ActionWindow, TimingPlan, shared_plan
from followup.dates.calendars import BusinessCalendar, calendar_for_zone
from followup.dates.formatting import (
    TWO_DIGITS,
    padded_day,
    padded_day_year_time,
    short_day,
    with_their_time,
    year_text,
)
from followup.dates.zones import (
    ZONE_TYPES,
    as_pendulum,
    in_zone,
    plain,
    utc,
    zone_name,
    zone_named,
)
from followup.errors import join_names
from followup.events import TERMINAL_EVENTS, Application, Event, Person
from followup.facts import UNANSWERED_AT, Trigger
from followup.kinds import (
    CHANNELS,
    KINDS,
    OPEN_STATUSES,
    ActionKind,
    Channel,
    Kind,
    Recipient,
    Status,
)
from followup.limits import check_actions_of
from followup.policy.model import Policy, Rule, Settings
from followup.policy.schema import MOVE_ON

STATUSES: Final = tuple(s for s in Status if s != Status.DISMISSED)
THANK_YOU_SENT: Final = "thank_you_sent"
"""What planning gives an action (the candidate's decisions may also make it `dismissed`)."""

# The members read on every action, read once here: on CPython 3.11 each `Status.DONE` goes
# through the enum class's `__getattr__` hook, about 900 instructions against a global's 20
# (docs/performance.md, round 10).
_UPCOMING: Final = Status.UPCOMING
_DUE: Final = Status.DUE
_OVERDUE: Final = Status.OVERDUE
_DONE: Final = Status.DONE
_CANCELLED: Final = Status.CANCELLED
_LAPSED: Final = Status.LAPSED
_EMAIL: Final = Channel.EMAIL
_PHONE: Final = Channel.PHONE
_TO_YOU: Final = Recipient.CANDIDATE
_TO_HIRING_CONTACT: Final = Recipient.HIRING_CONTACT
_MOVE_ON_KIND: Final = ActionKind.MOVE_ON
_THANK_YOU_KIND: Final = ActionKind.THANK_YOU
_FOLLOW_UP_KIND: Final = ActionKind.FOLLOW_UP
# Likewise the loops over every action below read `status in OPEN_STATUSES` and
# `rule.action.kind` rather than the `is_open` and `kind` properties: a property is a Python
# call, about 600 instructions more a read, and they ran about 46 times per application.


@dataclass(slots=True)
class Action:
    """One recommended message or step of one application, with its window and status.

    Treated as immutable (changed only in a fresh copy, `dataclasses.replace` or `copied`,
    before anything else sees it; a settled action's window may be set later, once, by
    `settle_window`) but not declared `frozen`: a frozen dataclass sets each field
    through `object.__setattr__`, a slot-wrapper call that costs 0.3-0.8 us on CPython 3.11
    here, about 20 us for these 24 fields, a fifth of a plan's time over its ~8 actions per
    application (docs/performance.md, round 4).
    """

    id: str
    application: Application
    policy: Policy
    rule: Rule
    trigger: Trigger
    to: tuple[Person, ...]
    cc: tuple[Person, ...]
    channel: Channel  # the rule's, unless it fell back (a call with nobody to call: an email)
    recipient_zone: str  # the time zone the recipient reads the window in
    anchor_name: str
    anchor_at: dt.datetime
    anchor_event: Event | None
    not_before: dt.datetime
    due_by: dt.datetime
    late_after: dt.datetime | None
    status: Status
    status_reason: str
    timing_notes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    done_by: Event | None = None
    cancelled_by: Event | None = None
    lapses_at: dt.datetime | None = None
    covers: tuple[Rule, ...] = ()  # rules whose message this one carries (asked inside it)
    carried: tuple[Action, ...] = ()  # those messages as planned on their own (see decisions)
    shared_with: tuple[Action, ...] = ()  # other applications' messages to the same person then
    past_deadline: bool = False  # held to a date they gave (`timing.deadline`), now passed
    deferred: _Deferred | None = field(default=None, repr=False, compare=False)
    """What a settled action's window is worked out from, while its window's fields are not set
    (only `build_actions(..., all_windows=False)` leaves them so: see `settle_window`); None
    for every other action."""

    @property
    def kind(self) -> ActionKind:
        return self.rule.action.kind

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def label(self) -> str:
        """`thank-you to Grace Hopper`, `move-on`."""
        kind = self.kind.replace("_", "-")
        return f"{kind} to {', '.join(p.name for p in self.to)}" if self.to else kind

    def sort_key(self) -> tuple[dt.datetime, str]:
        return (self.not_before, self.id)


_BY_WINDOW: Final = attrgetter("not_before", "id")
"""`Action.sort_key` without a Python call per action (build_actions sorts every action)."""

_ALL_FIELDS: Final = attrgetter(*(f.name for f in fields(Action)))

_WINDOW_FIELDS: Final = ("not_before", "due_by", "late_after", "timing_notes", "lapses_at")
"""The fields `settle_window` sets: unset on an action whose window is `deferred`."""
_UNWINDOWED: Final = tuple(f.name for f in fields(Action) if f.name not in _WINDOW_FIELDS)
_UNWINDOWED_FIELDS: Final = attrgetter(*_UNWINDOWED)


_new: Final = Action.__new__
"""`_new(Action)`: an `Action` with no field set yet, for `build_actions` to set every one by
name (each of its fields is read by `copied`, equality and every output, so one left out fails
at once). Called directly: a Python function around it cost a call for each action. It is
`object.__new__` as plain Python, and the compiled class's own when mypyc compiled this module
(which refuses `object.__new__`)."""


def copied(action: Action) -> Action:
    """A copy of `action` whose fields the caller then changes (as `dataclasses.replace`
    would make it, in a seventh of the time: 2.4 against 16.6 us here), built from all its
    fields in their declared order. A settled action whose window is not worked out yet
    (`deferred`) is copied without it: the copy works it out when read, as the action would."""
    if action.deferred is None:
        return Action(*_ALL_FIELDS(action))
    copy = _new(Action)
    for name, value in zip(_UNWINDOWED, _UNWINDOWED_FIELDS(action), strict=True):
        setattr(copy, name, value)
    return copy


_Addressing = tuple[
    tuple[Person, ...], tuple[Person, ...], str | None, tuple[str, ...], Channel | None
]
"""To, cc, the slug that tells the action's id apart (or None), notes, and the channel when it is
not the rule's (else None). A plain tuple: one is made for most actions, and a `NamedTuple` is
built by a Python `__new__`."""


_LEADS: dict[int, tuple[Event, tuple[Person | None, tuple[str, ...]]]] = {}
"""An interview by identity -> the interview (kept alive with its entry) and `_lead_of` it: the
rules of its triggers that go to its lead ask again and again."""


def _lead_of(event: Event | None) -> tuple[Person | None, tuple[str, ...]]:
    if event is None:
        return None, ()
    found = _LEADS.get(id(event))
    if found is not None:
        return found[1]
    if len(_LEADS) >= 1024:
        _LEADS.clear()
    lead = event.lead
    notes: tuple[str, ...] = ()
    if lead is not None and event.lead_assumed:
        notes = (
            f"no interviewer is marked lead or hiring_manager: addressed to the first listed, "
            f"{lead.name} (mark the person in charge with `lead: true`)",
        )
    _LEADS[id(event)] = (event, (lead, notes))
    return lead, notes


def same_person(a: Person, b: Person) -> bool:
    """Two entries for one person: the same email, else (without emails) the same name."""
    if a.email and b.email:
        return a.email.casefold() == b.email.casefold()
    return a.name.casefold() == b.name.casefold()


def attended(person: Person, interview: Event | None) -> bool:
    if interview is not None:
        for other in interview.interviewers:  # a loop, not `any()` over a generator
            if same_person(person, other):
                return True
    return False


def _hiring_managers(app: Application, interview: Event | None) -> _Addressing:
    """The offer's thanks: the recruiter who made it and the hiring manager (marked, else the
    lead of the latest round)."""
    manager = app.hiring_manager()
    notes: tuple[str, ...] = ()
    if manager is None:
        manager, notes = _lead_of(interview)
    people = [p for p in (app.recruiter, manager) if p is not None]
    unique: list[Person] = []
    for person in people:
        if not any(same_person(person, q) for q in unique):
            unique.append(person)
    if not unique:
        note = "no contact recorded: add the recruiter or the interviewers to the events file"
        return ((), (), None, (note,), None)
    return (tuple(unique), (), None, notes, None)


def _cc(
    rule: Rule, app: Application, interview: Event | None, primary: Person | None
) -> tuple[Person, ...]:
    """Who is copied on a message to `primary`. `p != primary` asked as `p is not primary and
    (p.name != name or p != primary)`: a record's `__eq__` is a Python call comparing every
    field, and two people of different names are never equal (nor one object unequal)."""
    cc = rule.action.cc
    if cc == "none":
        return ()
    name = primary.name if primary is not None else None
    if cc == "other_interviewers" and interview is not None:
        return tuple(
            [
                p
                for p in interview.interviewers
                if p is not primary and (p.name != name or p != primary)
            ]
        )
    recruiter = app.recruiter
    if (
        cc == "recruiter"
        and recruiter is not None
        and recruiter is not primary
        and (recruiter.name != name or recruiter != primary)
    ):
        return (recruiter,)
    return ()


_TO_CANDIDATE: Final[tuple[_Addressing]] = (((), (), None, (), None),)
"""The addressing of a step the candidate takes (a quarter of all actions): made once."""


def address(rule: Rule, app: Application, trigger: Trigger) -> Sequence[_Addressing]:
    """The recipients of a rule's action(s); none means the rule yields nothing here."""
    interview = trigger.interview
    target = rule.action.to
    if target == "candidate":
        return _TO_CANDIDATE
    if target == "each_interviewer":
        people = interview.interviewers if interview else ()
        if not people:
            note = "interviewer names not recorded: ask the receptionist for names and titles (G12)"
            return [((), (), "interviewer", (note,), None)]
        if rule.action.cc == "none":  # nobody copied: no `_cc` call for each person
            return [((p,), (), p.slug(), (), None) for p in people]
        return [((p,), _cc(rule, app, interview, p), p.slug(), (), None) for p in people]
    if target == "recruiter":
        if app.recruiter is None:
            return []
        if rule.action.kind == "thank_you" and attended(app.recruiter, interview):
            return []  # they interviewed too: their interviewer's note thanks them (one each)
        cc = _cc(rule, app, interview, app.recruiter) if rule.action.cc != "none" else ()
        return [((app.recruiter,), cc, None, (), None)]
    if target == "hiring_managers":
        return [_hiring_managers(app, interview)]
    if target == "lead_interviewer":
        lead, notes = _lead_of(interview)
    else:  # hiring_contact
        lead, notes = (app.recruiter, ()) if app.recruiter else _lead_of(interview)
    if lead is None:
        note = "no contact recorded: add the recruiter or the interviewers to the events file"
        return [((), (), None, (note,), None)]
    channel = None
    if rule.action.channel == _PHONE and target == _TO_HIRING_CONTACT and app.recruiter is None:
        channel = _EMAIL
        notes = (
            *notes,
            f"no recruiter or HR contact recorded: an email to {lead.name} instead of a call "
            "(a status call goes to HR or the recruiter)",
        )
    cc = _cc(rule, app, interview, lead) if rule.action.cc != "none" else ()
    return [((lead,), cc, None, notes, channel)]


def _no_address(people: tuple[Person, ...]) -> tuple[str, ...]:
    """A note for an email to (or copied to) someone the events file has no address for (G12:
    unsure of an interviewer's details, ask the receptionist)."""
    names = join_names([p.name for p in people if not p.email])
    return (
        f"no email address for {names} in the events file: ask the company's receptionist for "
        "it (G12) and add it",
    )


def _no_number(people: tuple[Person, ...]) -> tuple[str, ...]:
    """A note for a call to someone the events file has no phone number for (G3, G25: a call to
    HR or the recruiter; G12: the receptionist knows who is who)."""
    names = join_names([p.name for p in people if not p.phone])
    return (
        f"no phone number for {names} in the events file: ask the company's receptionist to put "
        "you through (G12), or add the number",
    )


def recipient_zone(to: tuple[Person, ...], app: Application, anchor: dt.datetime) -> str:
    """Where the (first) recipient reads the message: their own zone, else the employer's office
    (the application's `timezone`), else the candidate's (the zone every moment is kept in)."""
    own = to[0].timezone if to else None
    return own or app.timezone or zone_name(anchor)


_Zoned = tuple[Person, str]
"""An addressee and the zone they read the message in."""


def _zones_of(to: tuple[Person, ...], app: Application, anchor: dt.datetime) -> list[_Zoned]:
    """Each addressee with the zone they read the message in (`recipient_zone` of each)."""
    return [(person, recipient_zone((person,), app, anchor)) for person in to]


def _other_zones(
    policy: Policy, calendars: dict[str, BusinessCalendar], zones: list[_Zoned], zone: str
) -> dict[str, BusinessCalendar]:
    """The zones of the addressees after the first that are not `zone` (the first's), each with
    its calendar (looked up once in `calendars`)."""
    others: dict[str, BusinessCalendar] = {}
    for _, theirs in zones[1:]:
        if theirs != zone and theirs not in others:
            calendar = calendars.get(theirs)
            if calendar is None:
                calendar = calendars[theirs] = _calendar(policy, theirs)
            others[theirs] = calendar
    return others


def _window_for_several(
    plan: TimingPlan,
    policy: Policy,
    calendars: dict[str, BusinessCalendar],
    zones: list[_Zoned],
    anchor_at: dt.datetime,
    guard: dt.datetime | None,
) -> tuple[ActionWindow, tuple[str, ...]]:
    """The window of one message to several people (an offer reply to the recruiter and the
    hiring manager): inside the working hours of each of their zones, or, when those hours
    never meet, the first addressee's alone, with a note saying so."""
    (first, zone), *_ = zones
    others = _other_zones(policy, calendars, zones, zone)
    if others:
        shared = plan.shared_window_from(anchor_at, zone, tuple(others.items()), guard)
        named = [f"{p.name} ({theirs})" for p, theirs in zones]
        people = join_names(named)
        if shared is not None:
            every = "both" if len(named) == 2 else "all"
            return shared, (f"the window keeps to the hours when {people} are {every} at work",)
        note = (
            f"the working hours of {people} do not overlap: the window keeps to "
            f"{first.name}'s (the first addressee)"
        )
        return plan.window_from(anchor_at, zone, guard), (note,)
    return plan.window_from(anchor_at, zone, guard), ()


def _window_of(
    rule: Rule,
    policy: Policy,
    calendars: dict[str, BusinessCalendar],
    to: tuple[Person, ...],
    app: Application,
    anchor_at: dt.datetime,
    zone: str,
    guard: dt.datetime | None,
    held: dt.datetime | None,
) -> tuple[ActionWindow, tuple[str, ...]]:
    """The window of an action of `rule` to `to` from `anchor_at`, read in `zone` (the first
    addressee's), opening after `guard` and due by `held` when given, and the notes a message to
    people in several zones adds (`_window_for_several`). `calendars`: the application's
    calendars by zone, each made once."""
    calendar = calendars.get(zone)
    if calendar is None:
        calendar = calendars[zone] = _calendar(policy, zone)
    plan = _timing_plan(rule, policy.settings, calendar)
    shared: tuple[str, ...] = ()
    if len(to) > 1 and plan.window is not None:  # people in several zones?
        zones = _zones_of(to, app, anchor_at)
        window, shared = _window_for_several(plan, policy, calendars, zones, anchor_at, guard)
    else:
        window = plan.window_from(anchor_at, zone, guard)
    if held is not None:
        window = plan.held_to(window, held, zone)
    return window, shared


_Deferred = tuple[
    Rule,
    Policy,
    dict[str, BusinessCalendar],
    Application,
    dt.datetime,
    str,
    dt.datetime | None,
    dt.datetime | None,
]
"""What a settled action's window is worked out from (`_window_of`'s arguments but its
addressees: one at most, so no hours shared between zones)."""


def settle_window(action: Action) -> Action:
    """`action` with its window set: a settled action's that `build_actions` left unset (see
    its `all_windows`) is worked out now, as it would have been then (the same arguments to
    `_window_of`; a deadline gives notes to open actions only). So are the windows of the
    messages it carries: merging reads only the openings of the settled emails it joins
    (`_merge_settled`), and a dismissed message gives back what it carried, with its window."""
    deferred = action.deferred
    if deferred is not None:
        rule, policy, calendars, app, anchor_at, zone, guard, held = deferred
        window, _ = _window_of(rule, policy, calendars, (), app, anchor_at, zone, guard, held)
        action.not_before = window.opens
        action.due_by = window.due
        action.late_after = window.late
        action.timing_notes = window.notes
        action.lapses_at = window.lapses
        action.deferred = None
    if action.carried:
        _settle_windows(action.carried)
    return action


def _settle_windows(actions: Iterable[Action]) -> None:
    """`settle_window` for each of `actions` that needs it (or carries one that does)."""
    for action in actions:
        if action.deferred is not None or action.carried:
            settle_window(action)


def reopened(
    action: Action, opens: dt.datetime, length: dt.timedelta
) -> tuple[dt.datetime, dt.datetime]:
    """The window a snooze gives `action`: from `opens` for `length`, kept to its recipients'
    working hours (and the hours they share) as its first window was; a thank-you note or a
    note to yourself keeps calendar time."""
    if not action.to or action.rule.action.to == _TO_YOU:
        return opens, as_pendulum(opens) + length
    policy, zone = action.policy, action.recipient_zone
    calendars: dict[str, BusinessCalendar] = {zone: _calendar(policy, zone)}
    plan = _timing_plan(action.rule, policy.settings, calendars[zone])
    zones = _zones_of(action.to, action.application, action.anchor_at)
    others = _other_zones(policy, calendars, zones, zone)
    return plan.kept_to_hours(opens, length, zone, tuple(others.items()))


def _calendar(policy: Policy, zone: str) -> BusinessCalendar:
    """The policy's business calendar as the recipient in `zone` keeps it."""
    settings = policy.settings
    if settings.holidays_from_zone:
        return calendar_for_zone(settings.calendar, zone)
    return settings.calendar


_PLANS: Final[dict[tuple[int, int, int], tuple[Rule, Settings, BusinessCalendar, TimingPlan]]] = {}
"""(rule, settings, calendar) by identity -> the rule's `TimingPlan`; the objects are kept with
it, so no other object can take their identities while the entry lives."""


def _timing_plan(rule: Rule, settings: Settings, calendar: BusinessCalendar) -> TimingPlan:
    """The windows of `rule` under a policy's `settings` for a recipient whose calendar is
    `calendar` (see `_calendar`), made once and kept (and shared by rules of equal timing)."""
    key = (id(rule), id(settings), id(calendar))
    found = _PLANS.get(key)
    if found is not None:
        return found[3]
    if len(_PLANS) >= 4096:
        _PLANS.clear()
    timing = rule.timing
    plan = shared_plan(
        TimingPlan(
            timing.not_before,
            timing.due_by,
            timing.late_after,
            timing.lapse_after,
            settings.send_window if rule.follows_working_hours() else None,
            calendar,
            settings.calendar,
        )
    )
    _PLANS[key] = (rule, settings, calendar, plan)
    return plan


_RuleFacts = tuple[
    Rule,
    Kind,
    str,
    str | None,
    bool,
    bool,
    bool,
    Channel,
    str,
    int,
    bool,
    bool,
    bool,
    bool,
    bool,
    "_Ends",
]
"""What `build_actions` reads of a rule, read once per policy (`_rule_facts`): the rule, its
kind's `Kind`, its timing's anchor and deadline, whether it waits for a pending decision date,
goes to the candidate, counts as a follow-up, its channel, its id, how it is addressed
(`_GENERAL`, `_CANDIDATE`, `_RECRUITER`), and what the passes after the loop ask of its actions:
whether it is a move-on, cancelled by a move-on (`_apply_move_on`), a thank-you, a follow-up,
and a reply that carries thanks (`_replies_carry_thanks`); and its `done_when` and
`cancelled_by` as sets (`_ends_of`)."""

_GENERAL: Final = 0
_CANDIDATE: Final = 1
_RECRUITER: Final = 2
_HIRING_CONTACT: Final = 3
_THANKS_TO_RECRUITER: Final = 4
"""How a rule's action is addressed in `build_actions` (what `address` gives, without the
call): by `address`; to the candidate (`_TO_CANDIDATE`); to the recruiter, when the
application has one (a rule to the recruiter that copies nobody and is no thank-you note), else
by `address`; to the hiring contact by email, copying nobody: the recruiter, else the
interview's lead (`_lead_of`) when there is one, else by `address`; a thank-you to the
recruiter copying nobody: the recruiter unless they interviewed too (`attended`). Nine of
every ten `address` calls were one of these (21,411 for 3,000 applications)."""

_RULE_FACTS: Final[dict[int, tuple[Policy, dict[str, int], tuple[_RuleFacts, ...]]]] = {}
"""policy by identity -> rule id -> its place in the policy, and each rule's `_RuleFacts` in
the policy's order (kept with the policy, as `_PLANS`)."""


def _addressed_as(rule: Rule) -> int:
    """How `build_actions` addresses an action of `rule` (see `_GENERAL`)."""
    target = rule.action.to
    if target == _TO_YOU:
        return _CANDIDATE
    if rule.action.cc != "none":
        return _GENERAL
    if target == _TO_HIRING_CONTACT:
        return _HIRING_CONTACT if rule.action.channel != _PHONE else _GENERAL
    if target == Recipient.RECRUITER:
        return _THANKS_TO_RECRUITER if rule.action.kind == _THANK_YOU_KIND else _RECRUITER
    return _GENERAL


def _rule_facts(policy: Policy) -> tuple[dict[str, int], tuple[_RuleFacts, ...]]:
    """Each rule id of `policy` -> its place in `policy.rules`, and each rule's `_RuleFacts`
    in that order, made once per policy."""
    found = _RULE_FACTS.get(id(policy))
    if found is not None:
        return found[1], found[2]
    if len(_RULE_FACTS) >= 4096:
        _RULE_FACTS.clear()
    index = {rule.id: i for i, rule in enumerate(policy.rules)}
    facts: list[_RuleFacts] = []
    for rule in policy.rules:
        kind = rule.action.kind
        spec = KINDS[kind]
        facts.append(
            (
                rule,
                spec,
                rule.timing.anchor,
                rule.timing.deadline,
                spec.waits_for_decision,
                rule.action.to == _TO_YOU,
                spec.counts_as_follow_up,
                rule.action.channel,
                rule.id,
                _addressed_as(rule),
                kind == _MOVE_ON_KIND,
                MOVE_ON in rule.cancelled_by,
                kind == _THANK_YOU_KIND,
                kind == _FOLLOW_UP_KIND,
                spec.carries_thanks and THANK_YOU_SENT in rule.done_when,
                _ends_of(rule),
            )
        )
    made = tuple(facts)
    _RULE_FACTS[id(policy)] = (policy, index, made)
    return index, made


def _satisfies(event: Event, to: tuple[Person, ...], spec: Kind) -> bool:
    """A done_when event completes the action; one that names recipients (`to:`), only an
    action addressed to one of them. A thank-you completes a reply that thanks its readers
    (an offer reply) only when it names all of them: a thank-you to the hiring manager alone,
    sent after the offer, is the interview's note, not the reply to the recruiter's offer."""
    if not event.to or not to:
        return True
    if spec.carries_thanks and event.type == THANK_YOU_SENT:
        return all(any(person.matches(token) for token in event.to) for person in to)
    return any(person.matches(token) for token in event.to for person in to)


_DONE_BY: Final[dict[int, tuple[Event, str]]] = {}
"""Event by identity -> the event (kept alive with its entry) and the reason of the actions it
completes (`_settled`); `_settle` looks here first, without a call or a key tuple."""
_CANCELLED_BY: Final[dict[int, tuple[Event, str]]] = {}
"""Likewise for the actions it cancels."""


def _settled(verb: str, event: Event) -> str:
    """`done: follow_up_sent 2026-10-09 10:00 (event 3)`: the reason of every action `event`
    settles (about five per event in the benchmark's plans), written once per event."""
    known = _DONE_BY if verb == "done" else _CANCELLED_BY
    found = known.get(id(event))
    if found is not None:
        return found[1]
    if len(known) >= 1024:  # the events of the last few applications: little is kept
        known.clear()
    reason = f"{verb}: {event.describe()} (event {event.index})"
    known[id(event)] = (event, reason)
    return reason


def _over_limit(limit: int, since: Event | None) -> str:
    """Why a follow-up is not planned: `limit` attempts without a response since `since`, the
    interview or their last reply (the count starts again when they answer, G28)."""
    if since is None:
        start = ""
    elif since.type == "interview":
        start = f" since the interview (event {since.index})"
    else:
        start = f" since their last reply ({since.describe()}, event {since.index})"
    return (
        f"cancelled: {limit} follow-ups without a response already sent{start} "
        "(settings.max_follow_ups)"
    )


_Ends = tuple[frozenset[str], frozenset[str], frozenset[str]]
"""A rule's `done_when` and `cancelled_by` as sets (`_ends_of`)."""


def _ends_of(rule: Rule) -> _Ends:
    """`rule.done_when` and `rule.cancelled_by` as sets: `_settle` asks each event whether its
    type is in them, and a tuple of six texts asked about one it does not hold cost ~870
    instructions against ~250 (the event's type is a text of its own, so each is compared)."""
    counted = _COUNTED if KINDS[rule.action.kind].counts_as_follow_up else ()
    done_when, cancelled_by = frozenset(rule.done_when), frozenset(rule.cancelled_by)
    return done_when, cancelled_by, done_when | cancelled_by | frozenset(counted)


_Settling = tuple[Status | None, str, Event | None, Event | None, tuple[str, ...]]
"""What the later events alone decide of an action (`_settle`): its status (None when no event
settles it, and its window decides, `_by_window`), its reason, the events that did it or
cancelled it, and notes (a plain tuple: a `NamedTuple` is built by a Python `__new__`, once for
each of ~23,000 actions)."""


def _settle(
    rule: Rule,
    spec: Kind,
    later: Iterable[Event],
    to: tuple[Person, ...],
    as_of: dt.datetime,
    sent: int,
    limit: int,
    pending: dt.datetime | None,
    since: Event | None,
    ends: dt.datetime | None = None,
    ends_of: _Ends | None = None,
) -> _Settling:
    """Whether one of the `later` events settles an action of `rule` (of kind `spec`) to `to`:
    done or cancelled, with the notes read on the way; its status None when none does (its
    window then decides, `_by_window`). Nothing here reads the window: `build_actions` works
    out a settled action's window only when something reads it. `sent` follow-ups without a
    response were sent by its trigger, since `since` (the interview or their last reply); a
    later reply starts the count again (G28: the limit is on attempts without a response, G9,
    G17). `pending` is the decision date still to come then (a follow-up before it does not
    replace a check-in); `ends` is the end of the interview that triggered it, if known
    (`_early_thanks`). `ends_of`: `_ends_of(rule)`, made once per rule by `build_actions`."""
    counts = spec.counts_as_follow_up
    guard = pending if counts else None
    notes: tuple[str, ...] = ()
    done_when, cancelled_by, read = ends_of if ends_of is not None else _ends_of(rule)
    for event in later:
        kind = event.type
        if kind not in read:  # changes nothing here, but past the limit
            if counts and sent >= limit:
                return (_CANCELLED, _over_limit(limit, since), None, None, notes)
            continue
        if kind == "follow_up_sent" and event.at <= as_of:
            sent += 1
        if kind in done_when and (not event.to or not to or _satisfies(event, to, spec)):
            early = ends is not None and kind == THANK_YOU_SENT and event.at < ends
            if early and (rule.action.kind != _THANK_YOU_KIND or not event.to):
                notes += _early_thanks(rule, event)
            elif guard is not None and kind == "follow_up_sent" and event.at < guard:
                notes += (
                    f"the follow-up of {padded_day(event.at)} was early (before the decision date "
                    f"{padded_day(guard)}): it counts toward max_follow_ups but does not replace "
                    "this check-in",
                )
            else:
                found = _DONE_BY.get(id(event))  # `_settled("done", event)`, remembered
                reason = found[1] if found is not None else _settled("done", event)
                return (_DONE, reason, event, None, notes)
        if kind in cancelled_by:
            if event.at > as_of:
                reason = f"cancelled: the next round is booked ({event.describe()})"
            else:
                found = _CANCELLED_BY.get(id(event))
                reason = found[1] if found is not None else _settled("cancelled", event)
            return (_CANCELLED, reason, None, event, notes)
        if counts and sent >= limit:
            return (_CANCELLED, _over_limit(limit, since), None, None, notes)
        if kind == "response_received" and event.at <= as_of:
            sent, since = 0, event  # they answered: the attempts without a response start again
    if counts and sent >= limit:
        return (_CANCELLED, _over_limit(limit, since), None, None, notes)
    return (None, "", None, None, notes)


_UNSETTLED: Final[_Settling] = (None, "", None, None, ())
"""What `_settle` gives when no event settles an action."""


def _by_window(
    spec: Kind, window: ActionWindow, as_of: dt.datetime, notes: tuple[str, ...]
) -> tuple[Status, str, tuple[str, ...]]:
    """The status of an action no event settled (`_settle`), its reason and its notes (`notes`
    and what the window adds): lapsed, or upcoming / due / overdue by `window` (as
    `window_status` says, without the call)."""
    lapses = window.lapses
    if lapses is not None and as_of > lapses:
        reason = f"lapsed since {padded_day_year_time(lapses)}: {spec.lapse_advice}"
        return (_LAPSED, reason, notes)
    if as_of < window.opens:
        return (_UPCOMING, _WINDOW_NOT_OPEN, notes)
    if as_of <= window.due:
        return (_DUE, _WINDOW_OPEN, notes)
    if spec.overdue_note:  # still owed: an offer's answer
        notes += (spec.overdue_note,)
    return (_OVERDUE, _WINDOW_CLOSED, notes)


def _early_thanks(rule: Rule, event: Event) -> tuple[str, ...]:
    """Why a thank-you sent before the interview it thanks had ended (the evening of a multi-day
    on-site's first day, `followup.events.thanks_from`) does not complete an action of `rule`.
    It thanks the people met so far: it completes the notes of those it names (`to:`) and
    nothing else. One that names nobody cannot say whose (the people met later are still owed
    theirs, G12): said on each note; the question of when they will decide belongs after the
    whole interview (G6/G20): its own `because` says so."""
    if rule.action.kind != _THANK_YOU_KIND:
        return ()
    return (
        f"your thank-you of {short_day(event.at)}, sent before the interview ended, does not say"
        " whom it thanked: it completes no note (list the people it thanked in its `to:` and"
        " send the others theirs)",
    )


def _deadline_notes(
    spec: Kind,
    notes: tuple[str, ...],
    status: Status,
    deadline: dt.datetime,
    as_of: dt.datetime,
    zone: str,
) -> tuple[str, ...]:
    """The notes of an open action held to a date they gave (an offer's `answer_by`): the
    kind's words naming it, in place of its overdue note (which would ask for a date)."""
    if status not in OPEN_STATUSES:
        return notes
    if status == _OVERDUE:
        notes = tuple(n for n in notes if n != spec.overdue_note)
        words = spec.deadline_passed_note if as_of > deadline else spec.deadline_overdue_note
    else:
        words = spec.deadline_note
    return (*notes, words.format(date=with_their_time(deadline, zone))) if words else notes


_WINDOW_NOT_OPEN: Final = "the window has not opened yet"
_WINDOW_OPEN: Final = "the window is open"
_WINDOW_CLOSED: Final = "the window closed before the time of planning"


def window_status(opens: dt.datetime, due: dt.datetime, as_of: dt.datetime) -> tuple[Status, str]:
    """The status of an action still to do, and why, from its window and the time of planning
    (a snoozed one's too: see `followup.decisions`)."""
    if as_of < opens:
        return _UPCOMING, _WINDOW_NOT_OPEN
    if as_of <= due:
        return _DUE, _WINDOW_OPEN
    return _OVERDUE, _WINDOW_CLOSED


_COUNTED: Final = frozenset({"follow_up_sent", "response_received"})
"""The events that move a follow-up's count toward `max_follow_ups`: one more attempt, or their
reply (the count starts again)."""

_FEW_EVENTS = 16
"""Applications of at most this many events give `_settle` every later event to read."""


class _Settlers:
    """The later events that can settle an action, found by bisection.

    Reading every later event for every action was quadratic (an application of 1,000 events
    with 20 interviewers per interview took seconds). An event can only matter to an action
    if it is in the rule's `done_when` and names one of its recipients, in its `cancelled_by`,
    or is a follow-up (counted toward `max_follow_ups`) or a reply (which starts that count
    again); those positions are listed once per rule and recipients, and each action reads the
    ones after its trigger. An application of a few events (most: the synthetic ones have about
    four) gives all of its later events: `_settle` passes over the others, and listing
    positions per rule and recipients cost more than reading them.
    """

    def __init__(self, events: tuple[Event, ...]) -> None:
        self._events = events
        self._positions: dict[tuple[str, tuple[Person, ...]], list[int]] = {}

    def after(self, rule: Rule, to: tuple[Person, ...], position: int) -> Iterable[Event]:
        events = self._events
        if len(events) <= _FEW_EVENTS:  # read them all: cheaper than listing their positions
            return events[position + 1 :]
        key = (rule.id, to)  # equal people of different interviews share their positions
        positions = self._positions.get(key)
        if positions is None:
            spec = KINDS[rule.action.kind]
            counts = spec.counts_as_follow_up
            positions = [
                i
                for i, event in enumerate(self._events)
                if event.type in rule.cancelled_by
                or (counts and event.type in _COUNTED)
                or (event.type in rule.done_when and _satisfies(event, to, spec))
            ]
            self._positions[key] = positions
        return (events[i] for i in islice(positions, bisect_right(positions, position), None))


_CLOSING_OR_INTERVIEW: Final = TERMINAL_EVENTS | {"interview"}  # made once, not for each trigger


def _closed_before(triggers: list[Trigger], position: int) -> Event | None:
    """The rejection, offer or withdrawal that had already closed the application when a later,
    non-terminal event (a reply, a follow-up) started a rule; None if an interview reopened it.

    Such an event settles the action like a later one would: `cancelled_by: [rejected]` means the
    action is moot once rejected, whichever came first (no status follow-up after a rejection).
    A booked interview is settled the same way by a rejection, offer or withdrawal that came
    after it was booked (its `booked_at`, else the interview before it): the round is off.
    """
    current = triggers[position]
    if not current.booked and current.event.type in _CLOSING_OR_INTERVIEW:
        return None
    since = current.event.booked_at if current.booked else None
    for trigger in reversed(triggers[:position]):
        if trigger.event.type == "interview" and since is None:
            return None
        if since is not None and trigger.event.at < since:
            return None
        if trigger.event.type in TERMINAL_EVENTS:
            return trigger.event
    return None


def _unique_ids(actions: list[Action]) -> list[Action]:
    """Two triggers of one rule on the same day: the earlier keeps the plain id, so an id
    stays the same when a second interview is recorded later that day (a calendar keeps its
    entry); the later ones are told apart by their time of day."""
    if len({a.id for a in actions}) == len(actions):  # no id repeats (the usual case)
        return actions
    counts = Counter(a.id for a in actions)
    used: set[str] = set()
    out: list[Action] = []
    for action in sorted(actions, key=lambda a: (a.id, a.trigger.event.at, a.trigger.position)):
        new_id = action.id
        if counts[action.id] > 1 and action.id in used:
            base = _with_suffix(action.id, f"{action.trigger.event.at:%H%M}")
            new_id, n = base, 2
            while new_id in used:
                new_id, n = f"{base}-{n}", n + 1
        used.add(new_id)
        if new_id != action.id:
            action = copied(settle_window(action))
            action.id = new_id
        out.append(action)
    return out


def _with_suffix(action_id: str, suffix: str) -> str:
    parts = action_id.split("/")
    parts[2] = f"{parts[2]}T{suffix}"
    return "/".join(parts)


_NOT_NAMED: Final = object()
"""No anchor's zone named yet in `build_actions` (or one that is not a pendulum zone, whose name
could depend on the moment: asked again each time)."""

_Anchor = tuple[dt.datetime, Event | None]


def build_actions(
    app: Application,
    policy: Policy,
    triggers: list[Trigger],
    matches: list[tuple[str, int]],
    as_of: dt.datetime,
    *,
    all_windows: bool = True,
) -> list[Action]:
    """All actions of one application, every status included, sorted by not_before then id.

    `all_windows` False is for a caller that reads the windows of open actions only and sorts
    what it shows itself (`plan --format json` without `--all`): a done or cancelled action's
    status does not depend on its window, two of every three actions are settled so, and their
    windows were a large part of planning. Those windows are then worked out only where
    planning itself reads them (merging, a move-on, a panel note's remainder, a copy); the
    others are left unset (`Action.deferred`: `settle_window` sets them) and the actions come
    in the order they were planned.
    """
    index, facts = _rule_facts(policy)
    events = tuple(t.event for t in triggers)
    final = len(events) - 1  # the last trigger's position
    # Few events (most applications): `_settle` reads every later event (`_Settlers.after`).
    settlers = None if len(events) <= _FEW_EVENTS else _Settlers(events)
    calendars: dict[str, BusinessCalendar] = {}  # recipient zone -> calendar, looked up once
    limit = policy.settings.max_follow_ups
    actions: list[Action] = []
    last = -1
    most = limits.MAX_ACTIONS_PER_APPLICATION
    anchors: dict[str, _Anchor | None] = {}
    named: object = _NOT_NAMED  # the last anchor's zone, when a pendulum zone (named by itself)
    anchor_zone = home = ""
    recruiter = app.recruiter
    to_recruiter: Sequence[_Addressing] = (
        (((recruiter,), (), None, (), None),) if recruiter is not None else ()
    )
    # Noted as each action is made, for the passes after the loop (`_passes_after_merging`):
    # a walk over the actions afterwards cost about 4,000 instructions an action.
    ids: set[str] = set()
    thanks = 0  # open thank-you emails with someone to go to
    chases = follows = False  # an open status follow-up that can go now; another pass's work
    opened: dict[int, int] = {}  # rule -> the trigger of its last open email with addressees
    moves: list[int] = []  # the places in `actions` of the move-ons not cancelled
    movable: list[int] = []  # and of the open actions a move-on cancels
    again = False  # a rule with open emails from two triggers (`_one_note_a_day`)
    # by trigger, then in the policy's order (the engine only knows the policy's own rules)
    for position, number in sorted({(p, index[r]) for r, p in matches if r in index}):
        (
            rule,
            spec,
            anchor_name,
            deadline,
            waits,
            for_you,  # a note to yourself: your zone
            counts,
            rule_channel,
            own_id,
            addressed_as,
            moving,
            stopping,
            thanking,
            chasing,
            replying,
            ends_of,
        ) = facts[number]
        if position != last:  # what depends on the trigger alone, once for its rules
            last = position
            trigger = triggers[position]
            event = trigger.event
            at = event.at
            # `_closed_before`, None at once for an interview or a closing event not booked
            before: tuple[Event, ...] = ()
            if trigger.booked or event.type not in _CLOSING_OR_INTERVIEW:
                closed = _closed_before(triggers, position)
                if closed is not None:
                    before = (closed,)
            tag = f"{year_text(at.year)}-{TWO_DIGITS[at.month]}-{TWO_DIGITS[at.day]}"  # %Y-%m-%d
            pending = trigger.decision_date  # the decision date still to come then, if any
            if pending is not None and pending <= at:
                pending = None
            sent = int(trigger.values[UNANSWERED_AT])
            ends = event.ends if event.type == "interview" else None
            since = trigger.last_contact
            after_it = events[position + 1 :]  # every later event
            anchors = {}  # anchor name -> `trigger.anchor(name)`: its rules share a few
        if anchor_name in anchors:  # by key, not a sentinel: compiled, a tuple is not kept
            anchor = anchors[anchor_name]  # as the same object, so `is` cannot find it
        else:
            anchor = anchors[anchor_name] = trigger.anchor(anchor_name)
        if anchor is None:
            continue
        anchor_at, anchor_event = anchor
        if anchor_at.tzinfo is not named:  # the anchor's zone and `recipient_zone`'s fallback
            anchor_zone = zone_name(anchor_at)  # named once per zone, not once per action
            home = app.timezone or anchor_zone
            named = anchor_at.tzinfo if isinstance(anchor_at.tzinfo, ZONE_TYPES) else _NOT_NAMED
        guard = pending if waits else None
        held_at = None  # due no later than the date they gave, if the rule holds it to one
        if deadline:
            if deadline in anchors:
                held = anchors[deadline]
            else:
                held = anchors[deadline] = trigger.anchor(deadline)
            held_at = held[0] if held is not None else None
        rule_id = f"{app.id}/{own_id}/{tag}"
        over = counts and sent >= limit
        # `address(rule, app, trigger)`, without the call where the rule's facts say how
        if addressed_as == _CANDIDATE:
            addressings: Sequence[_Addressing] = _TO_CANDIDATE
        elif addressed_as == _GENERAL:
            addressings = address(rule, app, trigger)
        elif recruiter is not None:
            addressings = to_recruiter
            if addressed_as == _THANKS_TO_RECRUITER and attended(recruiter, trigger.interview):
                continue  # they interviewed too: their interviewer's note thanks them
        elif addressed_as == _HIRING_CONTACT:
            lead, assumed = _lead_of(trigger.interview)
            if lead is not None:
                addressings = (((lead,), (), None, assumed, None),)
            else:
                addressings = address(rule, app, trigger)
        else:
            continue  # to the recruiter, and there is none
        for to, cc, slug, addressed, channel in addressings:
            # `recipient_zone(to, app, anchor_at)`, the anchor's zone named once above
            zone = anchor_zone if for_you else (to[0].timezone if to else None) or home
            if position == final and not before and not over:
                # No event after its trigger (a fifth of all actions): `_settle` would read
                # none and settle nothing.
                status, reason, done_by, cancelled_by, notes = _UNSETTLED
            else:
                # over the limit already: the very next event, whatever it is, settles it
                later: Iterable[Event] = (
                    after_it if over or settlers is None else settlers.after(rule, to, position)
                )
                if before:  # an event that had closed the application settles it first
                    later = chain(before, later)
                status, reason, done_by, cancelled_by, notes = _settle(
                    rule, spec, later, to, as_of, sent, limit, pending, since, ends, ends_of
                )
            if len(actions) >= most:  # refused past the limit (a call for each action cost more)
                check_actions_of(app, len(actions) + 1)
            action_id = f"{rule_id}/{slug}" if slug else rule_id
            ids.add(action_id)
            # Every field set by name on a bare object: a class called with 22 keywords cost
            # 16.5 k instructions against 2.8 k (docs/performance.md, round 9).
            live = False  # open (upcoming, due or overdue)
            if status is None or len(to) > 1:  # its window gives its status (or notes, `shared`)
                window, shared = _window_of(
                    rule, policy, calendars, to, app, anchor_at, zone, guard, held_at
                )
                if status is None:
                    status, reason, notes = _by_window(spec, window, as_of, notes)
                    live = status is not _LAPSED
                    if held_at is not None:
                        notes = _deadline_notes(spec, notes, status, held_at, as_of, zone)
                notes = shared + notes
                action = _new(Action)
                action.not_before = window.opens
                action.due_by = window.due
                action.late_after = window.late
                action.timing_notes = window.notes
                action.lapses_at = window.lapses
                action.deferred = None
            else:  # done or cancelled: its window is worked out only when needed
                action = _new(Action)
                action.deferred = (rule, policy, calendars, app, anchor_at, zone, guard, held_at)
            action.id = action_id
            action.application = app
            action.policy = policy
            action.rule = rule
            action.trigger = trigger
            action.to = to
            action.cc = cc
            action.channel = channel = channel or rule_channel
            action.recipient_zone = zone
            action.anchor_name = anchor_name
            action.anchor_at = anchor_at
            action.anchor_event = anchor_event
            action.status = status
            action.status_reason = reason
            notes = addressed + notes
            if channel == _EMAIL:
                if cc or len(to) > 1:
                    if not all(p.email for p in (*to, *cc)):
                        notes += _no_address((*to, *cc))
                elif to and not to[0].email:  # one addressee, nobody copied (most emails)
                    notes += _no_address(to)
                if live and to:
                    if opened.setdefault(number, position) != position:
                        again = True
                    if thanking:
                        thanks += 1
                    elif chasing and action.not_before <= as_of:
                        chases = True
                if replying or (thanking and cc and done_by is not None and done_by.to):
                    follows = True  # a reply that may carry notes; a panel's note half thanked
            elif channel == _PHONE:
                if to and not all(p.phone for p in to):
                    notes += _no_number(to)
                if chasing and live and to and action.not_before <= as_of:
                    chases = True
            action.notes = notes
            action.done_by = done_by
            action.cancelled_by = cancelled_by
            action.covers = action.carried = action.shared_with = ()
            action.past_deadline = held_at is not None and as_of > held_at
            if moving and status != _CANCELLED:
                moves.append(len(actions))
            if stopping and live:
                movable.append(len(actions))
            actions.append(action)
    made = len(actions)
    actions = merge_same_moment(_apply_move_on(actions, as_of, moves, movable), again)
    if follows or thanks >= (1 if chases else 2) or len(ids) < made:
        actions = _passes_after_merging(actions, events, as_of)
    if not all_windows:
        return actions
    _settle_windows(actions)
    return sorted(actions, key=_BY_WINDOW)


def _passes_after_merging(
    actions: list[Action], events: tuple[Event, ...], as_of: dt.datetime
) -> list[Action]:
    """The passes after merging, in order. `build_actions` skips them all when what it noted
    while making the actions shows that none can change anything: each gives back the very list
    it was given when it finds no reply that may carry a thank-you, no panel's note recorded
    done that names only some of its readers, at most one open thank-you email (none when a
    status follow-up can go now) and no id twice. Moving on and merging never add such an
    action: they only cancel, drop, or copy one with its kind, channel, status, people and id.
    203 of 3,000 synthetic applications run them (round 15; tests/plan/
    test_after_loop_shortcuts.py runs them on the others too and compares)."""
    actions = _copied_still_owed(_replies_carry_thanks(actions, events, as_of), events, as_of)
    actions = _later_note_carries_owed(actions, as_of)
    actions = _thanks_owed_with_a_chase(actions, as_of)
    return _unique_ids(actions)


def _merge_order(action: Action) -> tuple[int, dt.datetime, str]:
    """The order merging tries an event's emails in: the kind that carries others first."""
    return (KINDS[action.rule.action.kind].merge_priority, action.not_before, action.id)


def merge_same_moment(actions: list[Action], again: bool = True) -> list[Action]:
    """One person, one message per moment (G9, G12, G17, G26): an email to someone who already
    receives (or is copied on) another email started by the same event (an interview) that
    opens the same day, in the recipient's zone, becomes part of that message. The message of
    higher priority (a thank-you before a timeline question) carries the other: its `covers`
    names the rule it took over (explanations and drafts say what to add). Only messages in the
    same state merge: a question their reply made moot is not carried by a thank-you still due.

    `again` False: no rule has open emails with addressees from two triggers (`build_actions`
    notes it), so `_one_note_a_day` has nothing to join and is not asked (it asked every open
    email's day; none of the 3,000 synthetic applications has such a rule).
    """
    # By trigger and state (its status, or None for any open one): only those merge. Of a closed
    # state's emails only those that one of the others reads, or that read one, are sorted and
    # their days asked: most are settled, and a settled action's window is worked out when read.
    by_moment: dict[tuple[int, Status | None], list[Action]] = {}
    for action in actions:
        if action.channel == "email" and action.to:
            status = action.status
            key = (action.trigger.position, None if status in OPEN_STATUSES else status)
            by_moment.setdefault(key, []).append(action)
    carried: dict[int, Action] = {}
    dropped: set[int] = set()
    for (_, state), members in by_moment.items():
        if len(members) < 2:
            continue
        if state is not None:  # settled: their windows are mostly not worked out
            members = _read_by_another(members)
            if members:
                _merge_settled(members, carried, dropped)
            continue
        members.sort(key=_merge_order)
        for i, primary in enumerate(members):
            if id(primary) in dropped:
                continue
            taken: list[Rule] = []  # the rules of the messages it carries
            held: list[Action] = []
            readers = (*primary.to, *primary.cc)
            opening: dt.date | None = None  # the primary's day, once one of them needs it
            for j in range(i + 1, len(members)):
                other = members[j]
                if id(other) in dropped:
                    continue
                first = other.to[0]
                for person in readers:
                    if same_person(first, person):
                        break
                else:
                    continue  # not one of its readers
                if opening is None:
                    opening = _day(primary)
                if _day(other) != opening:
                    continue
                dropped.add(id(other))
                taken += (other.rule, *other.covers)
                held.append(other)
            if taken:
                merged = carried[id(primary)] = copied(primary)
                merged.covers = (*primary.covers, *taken)
                merged.carried = (*primary.carried, *held)
    if dropped:
        actions = [carried.get(id(a), a) for a in actions if id(a) not in dropped]
    return _one_note_a_day(actions) if again else actions


def _merge_settled(members: list[Action], carried: dict[int, Action], dropped: set[int]) -> None:
    """Merging's loop (see `merge_same_moment`) over one group of settled emails (done,
    cancelled or lapsed: one trigger's, in one state, each read by another or reading one), whose
    windows are mostly not worked out (`deferred`). Only their openings are read: to order two
    emails of one priority, and to compare the days of two that one reads. An opening is known
    without its window when the rule's window keeps calendar time and opens at its anchor (a
    thank-you, a question about the timeline); otherwise only the least it can be
    (`_opening_shape`), and its window is worked out only when that cannot tell two days apart.
    For 3,000 applications: 34 windows worked out here instead of 4,433 (of which 2,594 fresh),
    1.7 % of the command's instructions (round 16; tests/plan/test_after_loop_shortcuts.py
    compares with the general loop, every window worked out; test_merge_openings.py checks
    the openings and their bounds)."""
    count = len(members)
    exact: list[dt.datetime | None] = [None] * count  # each one's opening, once known
    least: list[dt.datetime | None] = [None] * count  # else the least it can be (UTC), if known
    plains: dict[int, dt.datetime] = {}  # an anchor by identity -> as a plain datetime
    for k, action in enumerate(members):
        deferred = action.deferred
        if deferred is None:
            exact[k] = action.not_before
            continue
        rule, policy, _, _, anchor, _, guard, held = deferred
        if held is not None:  # held to a deadline: it may open as late as it is due
            continue
        at_anchor, after = _opening_shape(rule, policy.settings)
        if not at_anchor or guard is not None:
            least[k] = utc(anchor) + after
            continue
        found = plains.get(id(anchor))
        if found is None:  # `TimingPlan.window_from` works on the anchor as a plain datetime
            found = plains[id(anchor)] = anchor if type(anchor) is dt.datetime else plain(anchor)
        exact[k] = found
    # The order of `_merge_order` (by priority, then opening and id, then as they came), the
    # openings worked out only where two emails have one priority.
    priorities = [KINDS[a.rule.action.kind].merge_priority for a in members]
    order = sorted(range(count), key=priorities.__getitem__)
    if len(set(priorities)) < count:
        for k, priority in enumerate(priorities):
            if priorities.count(priority) > 1 and exact[k] is None:
                exact[k] = settle_window(members[k]).not_before
        openings = cast(list[dt.datetime], exact)  # known for each one now that is compared by it
        order.sort(key=lambda k: (priorities[k], openings[k], members[k].id))
    days: list[dt.date | None] = [None] * count

    def day(k: int) -> dt.date:
        """`_day` of the `k`th email, its window worked out if its opening is not known."""
        found = days[k]
        if found is None:
            opens = exact[k]
            if opens is None:
                opens = exact[k] = settle_window(members[k]).not_before
            found = days[k] = _day_at(opens, members[k].recipient_zone)
        return found

    for place, i in enumerate(order):
        primary = members[i]
        if id(primary) in dropped:
            continue
        taken: list[Rule] = []  # the rules of the messages it carries
        held_: list[Action] = []
        readers = (*primary.to, *primary.cc)
        for j in order[place + 1 :]:
            other = members[j]
            if id(other) in dropped:
                continue
            first = other.to[0]
            for person in readers:
                if same_person(first, person):
                    break
            else:
                continue  # not one of its readers
            if exact[i] is None and exact[j] is None:
                day(i)  # one opening known, to bound the other's by
            if _days_apart(exact[i], least[j]) or _days_apart(exact[j], least[i]):
                continue  # on different days, whatever the later one's opening is
            if day(j) != day(i):
                continue
            dropped.add(id(other))
            taken += (other.rule, *other.covers)
            held_.append(other)
        if taken:
            merged = carried[id(primary)] = copied(primary)
            merged.covers = (*primary.covers, *taken)
            merged.carried = (*primary.carried, *held_)


_APART: Final = dt.timedelta(days=3)
"""Two moments this far apart fall on different days in whatever zones each is read: an offset
is from -12 to +14 hours, so their local readings are still more than a day apart."""


def _days_apart(opens: dt.datetime | None, later: dt.datetime | None) -> bool:
    """Whether an opening at `opens` falls on another day than any opening at or after `later`
    (a UTC moment), in whatever zones each is read; False when either is unknown."""
    return opens is not None and later is not None and later - opens.astimezone(dt.UTC) >= _APART


_SHAPES: Final[dict[int, tuple[Rule, Settings, bool, dt.timedelta]]] = {}
"""A rule by identity -> the rule and the settings it was asked under (kept alive with it, so no
other object takes their identities while the entry lives) and its `_opening_shape`."""

_SLACK: Final = dt.timedelta(days=4)
"""More than a window's opening can come before its anchor plus the days (a month at least 28, a
week 7, a business day one) and hours its `not_before` adds: the start of working hours on that
day, and the clock changes between (an offset moves by 26 hours at the most, from -12 to +14)."""


def _opening_shape(rule: Rule, settings: Settings) -> tuple[bool, dt.timedelta]:
    """Whether a settled action of `rule` under `settings` with no decision date pending and no
    deadline opens at its anchor itself (its window keeps calendar time and its `not_before` adds
    nothing: `TimingPlan.window_from` then gives the anchor, as a plain datetime); and the least
    time after its anchor it can open at (each month 28 days, a week 7, a business day one, less
    `_SLACK`). A pending decision date only moves an opening later."""
    found = _SHAPES.get(id(rule))
    if found is not None and found[0] is rule and found[1] is settings:
        return found[2], found[3]
    if len(_SHAPES) >= 1024:
        _SHAPES.clear()
    plan = _timing_plan(rule, settings, settings.calendar)  # the window and durations: any calendar
    adds = plan.not_before
    days = 28 * adds.months + 7 * adds.weeks + adds.days + adds.business_days
    at_anchor = plan.window is None and not (days or adds.hours)
    after = dt.timedelta(days=days, hours=adds.hours) - _SLACK
    _SHAPES[id(rule)] = (rule, settings, at_anchor, after)
    return at_anchor, after


def _read_by_another(members: list[Action]) -> list[Action]:
    """Those of `members` whose first addressee reads another one (is its addressee or copied),
    and those others, in their order: the only ones that can carry or be carried, whatever
    order merging tries them in.

    Each pair is looked at once, both ways: `same_person` is symmetric, and two emails to one
    person each (most) ask it once, not twice (a call is about 2,700 instructions: 20,479 calls
    for 3,000 applications became 11,855, round 15)."""
    found: set[int] = set()
    count = len(members)
    for i in range(count - 1):
        action = members[i]
        readers = (*action.to, *action.cc)
        first = readers[0]
        for j in range(i + 1, count):
            other = members[j]
            theirs = other.to[0]
            if len(readers) == 1 and len(other.to) == 1 and not other.cc:
                met = same_person(theirs, first)  # each reads the other, or neither
            else:
                met = _reads(readers, theirs) or _reads((*other.to, *other.cc), first)
            if met:
                found.add(i)
                found.add(j)
    return [a for i, a in enumerate(members) if i in found] if found else []


def _reads(readers: tuple[Person, ...], person: Person) -> bool:
    """Whether `person` is one of `readers`."""
    for reader in readers:  # a loop, not `any()` over a generator (one more call)
        if same_person(person, reader):
            break
    else:
        return False
    return True


def _one_note_a_day(actions: list[Action]) -> list[Action]:
    """One person, one note a day from two events too (G12: a unique note to each person who
    took part): the same rule's email to the same people, opening the same day in their zone,
    started by two events of one day - an on-site loop imported as one interview per
    invitation, the hiring manager at its start and at its end - is one message while both are
    still to be sent. The earliest carries the later one (and what that one carried); a note
    says so."""
    kept: dict[tuple[str, dt.date], list[int]] = {}  # (rule, day) -> open emails in `out`
    out: list[Action] = []
    for action in actions:
        if action.status not in OPEN_STATUSES or action.channel != "email" or not action.to:
            out.append(action)
            continue
        key = (action.rule.id, _day(action))
        for at in kept.get(key, ()):
            held = out[at]
            if _one_message(held, action):
                first, later = sorted((held, action), key=Action.sort_key)
                out[at] = _carry(first, later)
                break
        else:
            kept.setdefault(key, []).append(len(out))
            out.append(action)
    return out


def _one_message(primary: Action, other: Action) -> bool:
    """`other` goes to exactly `primary`'s people, from another event (both still open)."""
    return (
        other.trigger.position != primary.trigger.position
        and len(other.to) == len(primary.to)
        and all(any(same_person(p, q) for q in primary.to) for p in other.to)
    )


def _carry(primary: Action, other: Action) -> Action:
    readers = (*primary.to, *primary.cc)
    cc = tuple(p for p in other.cc if not any(same_person(p, q) for q in readers))
    at = in_zone(other.trigger.event.at, zone_named(other.recipient_zone))
    note = (
        f"this message also covers the {other.trigger.event.type} at {at:%H:%M} the same day "
        "(one note a day to each person, G12)"
    )
    return replace(
        primary,
        cc=primary.cc + cc,
        covers=(*primary.covers, *other.covers),
        carried=(*primary.carried, other),
        notes=(*primary.notes, note),
    )


def _open_emails(actions: Sequence[Action], kind: ActionKind) -> list[Action]:
    """The open emails of `kind` that have someone to go to."""
    return [
        a
        for a in actions
        if a.rule.action.kind == kind and a.channel == _EMAIL and a.status in OPEN_STATUSES and a.to
    ]


def _later_note_carries_owed(actions: list[Action], as_of: dt.datetime) -> list[Action]:
    """One note to each person at a time, across rounds too (G12; G9, G17: not two emails the
    same day): a thank-you still owed for an earlier interview (round 1's note to the recruiter
    never went out) once the next interview's note to the same person has opened is one
    message. The later note thanks them for both, and a note says so; the one
    `thank_you_sent` that records it completes both. Only open emails, and only when the later
    note reaches everyone the earlier one did (a panel's note copying others stands alone)."""
    notes = _open_emails(actions, _THANK_YOU_KIND)
    if len(notes) < 2:
        return actions
    notes.sort(key=lambda a: a.trigger.position, reverse=True)
    merged: dict[int, Action] = {}
    dropped: set[int] = set()
    for later in notes:
        if id(later) in dropped or later.not_before > as_of:
            continue
        readers = (*later.to, *later.cc)
        owed = [
            a
            for a in notes
            if a.trigger.position < later.trigger.position
            and id(a) not in dropped
            and all(any(same_person(p, q) for q in later.to) for p in a.to)
            and all(any(same_person(p, q) for q in readers) for p in a.cc)
        ]
        if not owed:
            continue
        dropped.update(id(a) for a in owed)
        zone = zone_named(later.recipient_zone)
        days = join_names([short_day(in_zone(a.trigger.event.at, zone)) for a in reversed(owed)])
        names = join_names([p.name for p in later.to])
        note = (
            f"this note also thanks {names} for the interview of {days}, still unsent: one note "
            "to each person at a time, not one per interview (G12, G9)"
        )
        merged[id(later)] = replace(
            later,
            covers=(*later.covers, *(r for a in owed for r in a.covers)),
            carried=(*later.carried, *owed),
            notes=(*later.notes, note),
        )
    if not merged:
        return actions
    return [merged.get(id(a), a) for a in actions if id(a) not in dropped]


def _owed_with_a_chase(
    actions: Sequence[Action], as_of: dt.datetime
) -> list[tuple[Action, Action, tuple[Person, ...]]]:
    """(status email or call, thank-you, the people the thank-you copies whom the chase does
    not reach): a thank-you still owed for the chase's interview or an earlier one, to people
    the chase, which can go now, is addressed to."""
    chases = [
        a
        for a in actions
        if a.rule.action.kind == _FOLLOW_UP_KIND
        and a.channel in _CHASES
        and a.status in OPEN_STATUSES
        and a.to
        and a.not_before <= as_of
    ]
    if not chases:
        return []
    thanks = _open_emails(actions, _THANK_YOU_KIND)
    return [
        (chase, owed, tuple(p for p in owed.cc if not any(same_person(p, q) for q in chase.to)))
        for chase in chases
        for owed in thanks
        if owed.trigger.position <= chase.trigger.position
        and all(any(same_person(p, q) for q in chase.to) for p in owed.to)
    ]


_CHASES: Final = (_EMAIL, _PHONE)
"""The channels of a status follow-up that carries a thank-you still owed to its addressees."""


def _thanks_owed_with_a_chase(actions: list[Action], as_of: dt.datetime) -> list[Action]:
    """One message to a person at a time (G9, G17): a thank-you still owed (late) to the people
    a status email or call that can go now is addressed to is not a second message the same
    day. Each says so: thank them at the start of the status email, as a follow-up begins
    anyway (G4), or on the call (G26: the recruiter is thanked for arranging the interview),
    and record both. (Each stays its own action: a `thank_you_sent` does not complete a
    follow-up, nor a `follow_up_sent` a thank-you.) A panel's note that copies the other
    panelists is not folded into a status email or call to the lead - they would never be
    thanked (G12, G26) - so it goes first, on its own, and the status email or call a day later
    when its window allows."""
    notes: dict[int, tuple[str, ...]] = {}
    for chase, owed, beyond in _owed_with_a_chase(actions, as_of):
        names = join_names([p.name for p in owed.to])
        medium = CHANNELS[chase.channel].medium
        can_go = "can be made now" if chase.channel == _PHONE else "can go now"
        if beyond:
            copied_names = join_names([p.name for p in beyond])
            zone = zone_named(chase.recipient_zone)
            due = in_zone(chase.due_by, zone)
            later = "a day later" if due.date() > in_zone(as_of, zone).date() else "after it"
            when = f"{later}, by {short_day(due)}"
            chase_note = (
                f"the thank-you to {names} (cc {copied_names}) is still unsent ({owed.id}): "
                f"send it first, on its own, and this one {when} (G26; G9, G17)"
            )
            owed_note = (
                f"a status {medium} to {names} {can_go} too ({chase.id}), but this note also "
                f"thanks {copied_names}: send it first, on its own, and the status {medium} "
                f"{when} (G26; G9, G17)"
            )
        elif chase.channel == _PHONE:
            chase_note = (
                f"the thank-you to {names} is still unsent ({owed.id}): thank them on this call "
                "instead of sending a note the same day (G26; G9, G17), and record both"
            )
            owed_note = (
                f"a status call to {names} can be made now too ({chase.id}): thank them on the "
                "call instead of sending a note the same day (G26; G9, G17), and record both"
            )
        else:
            chase_note = (
                f"the thank-you to {names} is still unsent ({owed.id}): thank them at the "
                "start of this email instead of sending two (G4; G9, G17), and record both"
            )
            owed_note = (
                f"a status email to {names} can go now too ({chase.id}): send one email that "
                "thanks them and asks (G4; G9, G17), and record both"
            )
        notes[id(chase)] = (*notes.get(id(chase), ()), chase_note)
        notes[id(owed)] = (*notes.get(id(owed), ()), owed_note)
    if not notes:
        return actions
    return [replace(a, notes=(*a.notes, *notes[id(a)])) if id(a) in notes else a for a in actions]


def one_email_with(
    actions: Sequence[Action], as_of: dt.datetime, *, apart: bool = False
) -> dict[str, tuple[Action, ...]]:
    """Action id -> the other actions of its application that go in the same email or call to
    the same person (`_thanks_owed_with_a_chase`), for the daily commands to say so.
    `apart`: those that go to that person in two messages instead, the thank-you first (a
    panel's note copying others, see `_thanks_owed_with_a_chase`)."""
    found: dict[str, tuple[Action, ...]] = {}
    for chase, owed, beyond in _owed_with_a_chase(actions, as_of):
        if bool(beyond) == apart:
            found[chase.id] = (*found.get(chase.id, ()), owed)
            found[owed.id] = (*found.get(owed.id, ()), chase)
    return found


def _replies_carry_thanks(
    actions: list[Action], events: tuple[Event, ...], as_of: dt.datetime
) -> list[Action]:
    """One person, one message (G12, G19): a reply that thanks its readers (an offer that came
    the day of the final interview, before the notes went out) carries the thank-you notes of
    an earlier interview still to be sent to them, instead of a second message to each.

    Only when one `thank_you_sent` records the reply (its rule's `done_when` lists it, so
    `followup done` completes the reply and every note it carries at once), and only when each
    note it would complete is addressed to its readers. A panel's note copies panelists the
    reply does not go to (questions about pay are not for them): the reply thanks the lead,
    and the others get a note of their own (`_remainder`) - before the reply is sent and after.
    """
    out = actions
    for reply in actions:
        if not (
            reply.channel == _EMAIL
            and KINDS[reply.rule.action.kind].carries_thanks
            and THANK_YOU_SENT in reply.rule.done_when
        ):
            continue
        sent = reply.done_by if reply.status == _DONE else None
        if reply.status not in OPEN_STATUSES and (sent is None or sent.type != THANK_YOU_SENT):
            continue
        readers = (*reply.to, *reply.cc)

        def reads(person: Person, readers: tuple[Person, ...] = readers) -> bool:
            return any(same_person(person, p) for p in readers)

        notes = [
            a
            for a in out
            if a is not reply
            and (a.status in OPEN_STATUSES if sent is None else a.done_by is sent)
            and THANK_YOU_SENT in a.rule.done_when
            and any(reads(p) for p in a.to)
        ]
        if not notes or not all(
            a.rule.action.kind == _THANK_YOU_KIND
            and a.channel == _EMAIL
            and a.trigger.event.at < reply.trigger.event.at
            and all(reads(p) for p in a.to)
            for a in notes
        ):
            continue
        _settle_windows(notes)  # done ones are copied, and a remainder keeps their window
        rest = [r for a in notes if (r := _remainder(a, reply, reads, events, as_of))]
        carried = [_read_part(a, reads) for a in notes]  # each to the reply's readers only
        if sent is not None:  # sent: the panelists it did not go to are still owed their note
            if rest:
                read = {id(a): part for a, part in zip(notes, carried, strict=True)}
                out = [read.get(id(a), a) for a in out] + rest
            continue
        names = join_names(dict.fromkeys(p.name for a in notes for p in a.to))
        at = short_day(in_zone(notes[0].trigger.event.at, zone_named(reply.recipient_zone)))
        note = (
            f"this reply also thanks {names} for the {notes[0].trigger.event.type} of {at}: "
            "one message to each person, not a thank-you note and a reply (G12, G19)"
        )
        carrier = replace(
            reply,
            covers=(*reply.covers, *(r for a in notes for r in (a.rule, *a.covers))),
            carried=(*reply.carried, *carried),
            notes=(*reply.notes, note),
        )
        out = [carrier if a is reply else a for a in out if not any(a is n for n in notes)]
        out += rest
    return out


def _read_part(note: Action, reads: Callable[[Person], bool]) -> Action:
    """`note` as the reply carries it: copied to its readers only (a dismissed reply gives it
    back so, the other panelists having their own note)."""
    if all(reads(p) for p in note.cc):
        return note
    part = copied(note)
    part.cc = tuple(p for p in note.cc if reads(p))
    return part


def _remainder(
    note: Action,
    reply: Action,
    reads: Callable[[Person], bool],
    events: tuple[Event, ...],
    as_of: dt.datetime,
) -> Action | None:
    """The thank-you still owed to the people `note` copies whom `reply` does not reach (a
    panel's other interviewers), see `_owed_part`."""
    others = tuple(p for p in note.cc if not reads(p))
    if not others:
        return None
    thanked = join_names([p.name for p in note.to])
    return _owed_part(
        note,
        others,
        events,
        as_of,
        f"{thanked} is thanked in the reply to the offer ({reply.id}): this note thanks the "
        "other panelists, who are not among its readers (one message to each person, G12)",
    )


def _owed_part(
    note: Action,
    others: tuple[Person, ...],
    events: tuple[Event, ...],
    as_of: dt.datetime,
    why: str,
) -> Action:
    """The thank-you still owed to `others`, people `note` copies who were not thanked: one
    note to the first, the others in cc, in `note`'s window, done by a thank-you that names one
    of them; `why` says so."""
    to, cc = others[:1], others[1:]
    window = ActionWindow(
        note.not_before, note.due_by, note.late_after, note.lapses_at, note.timing_notes
    )
    later = events[note.trigger.position + 1 :]
    ends = note.trigger.event.ends if note.trigger.event.type == "interview" else None
    spec = KINDS[note.kind]
    status, reason, done_by, cancelled_by, notes = _settle(
        note.rule, spec, later, to, as_of, 0, 0, None, None, ends
    )
    if status is None:
        status, reason, notes = _by_window(spec, window, as_of, notes)
    action = copied(note)
    action.id = f"{note.id}/{to[0].slug()}"
    action.to, action.cc = to, cc
    action.status, action.status_reason = status, reason
    action.done_by, action.cancelled_by = done_by, cancelled_by
    action.covers = action.carried = ()
    action.notes = (*notes, why)
    return action


def _copied_still_owed(
    actions: list[Action], events: tuple[Event, ...], as_of: dt.datetime
) -> list[Action]:
    """Thank everyone (G26, G12): a panel's note (to the person in charge, the other panelists
    copied) recorded done by a thank-you whose `to:` names only some of its readers did not
    thank the others. They are still owed a note, in the panel note's window (one to the
    first, the rest copied), unless a thank-you that names them comes later; the done note
    says who is left, and the new one how to record that they were copied after all.

    A thank-you recorded without `to:`, by `followup done` (which lists everyone it reached)
    or from your mail (To and Cc) names them all, and changes nothing here."""
    out = actions
    for note in actions:
        sent = note.done_by
        if (
            sent is None
            or not sent.to
            or not note.cc
            or note.status != _DONE
            or note.channel != _EMAIL
            or note.rule.action.kind != _THANK_YOU_KIND
        ):
            continue
        others = tuple(p for p in note.cc if not any(p.matches(t) for t in sent.to))
        if not others:
            continue
        names = join_names([p.name for p in others])
        readers = (*note.to, *note.cc)
        named = join_names([p.name for p in readers if any(p.matches(t) for t in sent.to)])
        part_id = f"{note.id}/{others[0].slug()}"
        if any(a.id == part_id for a in out):  # owed already (a reply that thanked the lead)
            continue
        settle_window(note)  # the owed note keeps its window
        verb = "was" if len(others) == 1 else "were"
        part = _owed_part(
            note,
            others,
            events,
            as_of,
            f"your thank-you of {short_day(sent.at)} names {named} only: {names} {verb} copied "
            "on the panel's note and not thanked (G26, G12); if you did copy them, record it "
            f"with `followup done {part_id} --at {sent.at.isoformat(timespec='minutes')}`",
        )
        told = copied(note)
        told.notes = (*note.notes, f"{names} still to be thanked: {part_id}")
        out = [told if a is note else a for a in out] + [part]
    return out


_DAYS: Final[dict[tuple[int, str], tuple[dt.datetime, dt.date]]] = {}
"""(an opening by identity, a recipient zone) -> the opening (kept alive with its entry) and its
day in that zone."""


def _day(action: Action) -> dt.date:
    """The day `action` opens in its recipient's zone. Remembered per opening (the moment object
    itself: a window's opening is shared by every action of that window) and zone, since merging
    asks for it twice per email and a conversion costs two `astimezone` calls (7,240 days asked
    for 3,000 applications, 2,858 distinct)."""
    return _day_at(action.not_before, action.recipient_zone)


def _day_at(opens: dt.datetime, zone: str) -> dt.date:
    """The day of `opens` in `zone` (see `_day`)."""
    found = _DAYS.get((id(opens), zone))  # the entry keeps `opens` alive: no other takes its id
    if found is not None:
        return found[1]
    if len(_DAYS) >= 4096:
        _DAYS.clear()
    day = in_zone(opens, zone_named(zone)).date()
    _DAYS[(id(opens), zone)] = (opens, day)
    return day


def _after_last_follow_up(
    move_on: Action, actions: list[Action], as_of: dt.datetime
) -> Action | None:
    """`move_on` come due after the follow-ups it would cut off (G29 before G30): "one final
    follow up a week or so after that. If there is no response within a month", move on. A
    final follow-up whose window is still running when the month is up (the first one sent at
    the late end of its window) is sent first: the move-on waits until that window closes, and
    keeps its own length. None when no open follow-up runs past its opening."""
    running = [
        a.due_by
        for a in actions
        if a.status in OPEN_STATUSES
        and KINDS[a.rule.action.kind].counts_as_follow_up
        and MOVE_ON in a.rule.cancelled_by
        and a.due_by > move_on.not_before
        and a.not_before <= move_on.due_by
    ]
    if not running:
        return None
    last = max(running)
    later = copied(move_on)
    later.not_before, later.due_by = last, move_on.due_by + (last - move_on.not_before)
    later.status, later.status_reason = window_status(later.not_before, later.due_by, as_of)
    later.timing_notes = (
        *move_on.timing_notes,
        f"waits for the follow-up still open until {short_day(last)}: one final follow-up "
        "before moving on (G29)",
    )
    return later


def _apply_move_on(
    actions: list[Action],
    as_of: dt.datetime,
    moves: list[int] | None = None,
    movable: list[int] | None = None,
) -> list[Action]:
    """One move-on at a time, and rules that list `move_on` in cancelled_by stop once it has
    come due.

    Of the open move-on notes, the one started by the latest event stands; the others are
    superseded (G28, G29, G30): a candidate who has just sent a final follow-up is given the
    time its rule allows for an answer ("be patient"), not told three days later that a month
    has passed since the interview, and nobody is told to move on twice.

    `moves` and `movable`: the places in `actions` of the move-ons not cancelled and of the open
    actions whose rule lists `move_on` in cancelled_by, the only ones read or changed here
    (`build_actions` notes them as it makes the actions; walking every action three times here,
    and a comprehension's call for each step of one move-on, cost about 10,000 instructions an
    application, round 15); None: found here (`_moving_on`). Every action keeps its place."""
    if moves is None or movable is None:
        moves, movable = _moving_on(actions)
    if not moves or (len(moves) == 1 and not movable):
        return actions  # nothing to supersede, wait for or cancel
    found = [actions[i] for i in moves]
    _settle_windows(found)  # a done one's opening is read
    superseded: set[int] = set()
    why = ""
    waiting = found
    if len(found) > 1:
        waiting = [a for a in found if a.status in OPEN_STATUSES]
        if len(waiting) > 1:
            latest = max(waiting, key=attrgetter("trigger.position"))
            superseded = {id(a) for a in waiting if a.trigger.position < latest.trigger.position}
            why = (
                f"cancelled: superseded by {latest.id} (rule {latest.rule.id}), which counts "
                f"from a later event ({latest.trigger.event.type}, "
                f"{short_day(latest.trigger.event.at)}): one move-on at a time"
            )
    # Plain loops, not comprehensions: most applications have one move-on, and each
    # comprehension is a call.
    waited: dict[int, Action] = {}
    if movable:  # only an open follow-up cancelled by a move-on can hold one back
        running = [actions[i] for i in movable]
        for move in waiting:
            if move.status in OPEN_STATUSES and id(move) not in superseded:
                later = _after_last_follow_up(move, running, as_of)
                if later is not None:
                    waited[id(move)] = later
    first: Action | None = None  # the earliest to open of those come due (`min`'s first)
    for move in found:
        move = waited.get(id(move), move)
        if (
            move.not_before <= as_of
            and id(move) not in superseded
            and (first is None or move.not_before < first.not_before)
        ):
            first = move
    if first is None and not superseded and not waited:
        return actions
    reason = f"cancelled: time to move on ({first.id}, rule {first.rule.id})" if first else ""
    out = actions.copy()
    for i in chain(moves, movable):  # a move-on cancelled by a move-on is in both: the same
        action = actions[i]
        if id(action) in superseded:
            action = copied(action)
            action.status, action.status_reason = _CANCELLED, why
        elif id(action) in waited:
            action = waited[id(action)]
        elif (
            first is not None
            and action.status in OPEN_STATUSES
            and MOVE_ON in action.rule.cancelled_by
        ):
            action = copied(action)
            action.status, action.status_reason = _CANCELLED, reason
        out[i] = action
    return out


def _moving_on(actions: list[Action]) -> tuple[list[int], list[int]]:
    """The places in `actions` of the move-ons not cancelled, and of the open actions whose rule
    lists `move_on` in cancelled_by (see `_apply_move_on`)."""
    moves: list[int] = []
    movable: list[int] = []
    for i, action in enumerate(actions):
        if action.rule.action.kind == _MOVE_ON_KIND and action.status != _CANCELLED:
            moves.append(i)
        if action.status in OPEN_STATUSES and MOVE_ON in action.rule.cancelled_by:
            movable.append(i)
    return moves, movable
