"""`build_actions`' loop takes shortcuts (round 16): a rule's facts read once per policy
(`_rule_facts`), an action to the candidate or to the recruiter addressed without `address`, the
pending decision date and `_closed_before` asked inline, the later events sliced once per
trigger, `_settle` reading a rule's `done_when` and `cancelled_by` as sets and passing over
events of no type it reads, `_by_window` without `window_status`. Each is compared here with
the loop as written before (below, `reference_build_actions`, with `_settle`, `_by_window`,
`_rule_index`, `_rule_roles` and `_pending_date` as they were): every example, synthetic
applications at four `--as-of` and hypothesis applications are planned both ways, with every
window and with settled windows left until read, and what the loop hands to the passes after
it is compared too; `_settle` is compared with the old one over random later events."""

from __future__ import annotations

import copy
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import actions as am
from followup.actions import Action, settle_window
from followup.dates.action_windows import ActionWindow
from followup.engine.compile import counts_read
from followup.events import (
    EVENT_TYPES,
    Application,
    Event,
    EventsFile,
    Person,
    load_events,
)
from followup.facts import Trigger, derive_triggers
from followup.kinds import KINDS, ActionKind, Channel, Kind, Status
from followup.planner import PolicyChooser, _default_matcher, builtin_policies
from followup.policy import load_policy
from followup.policy.model import Policy, Rule
from paths import ROOT
from plan_support import candidate_moment, events_of
from strategies import events_document

pytestmark = pytest.mark.python_internals  # records calls by replacing module functions

_UNASKED: Any = object()
"""An anchor the reference loop has not asked its trigger for yet (the loop's old sentinel)."""

AS_OFS = ("2026-09-20T09:00", "2026-10-07T09:00", "2026-11-20T09:00", "2027-01-15T12:00")


# The loop and the helpers it changed, as written before round 16 (the general code).


def reference_rule_index(policy: Policy) -> dict[str, int]:
    return {rule.id: i for i, rule in enumerate(policy.rules)}


def reference_rule_roles(policy: Policy) -> tuple[tuple[bool, ...], ...]:
    return tuple(
        (
            rule.action.kind == am._MOVE_ON_KIND,
            am.MOVE_ON in rule.cancelled_by,
            rule.action.kind == am._THANK_YOU_KIND,
            rule.action.kind == am._FOLLOW_UP_KIND,
            am.KINDS[rule.action.kind].carries_thanks and am.THANK_YOU_SENT in rule.done_when,
        )
        for rule in policy.rules
    )


def reference_pending_date(trigger: Trigger) -> dt.datetime | None:
    date = trigger.decision_date
    return date if date is not None and date > trigger.event.at else None


def reference_settle(
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
) -> tuple[Any, ...]:
    """`_settle` before round 16: `done_when` and `cancelled_by` as tuples, every event read."""
    counts = spec.counts_as_follow_up
    guard = pending if counts else None
    notes: tuple[str, ...] = ()
    done_when, cancelled_by = rule.done_when, rule.cancelled_by
    for event in later:
        kind = event.type
        if kind == "follow_up_sent" and event.at <= as_of:
            sent += 1
        if kind in done_when and (not event.to or not to or am._satisfies(event, to, spec)):
            early = ends is not None and kind == am.THANK_YOU_SENT and event.at < ends
            if early and (rule.action.kind != am._THANK_YOU_KIND or not event.to):
                notes += am._early_thanks(rule, event)
            elif guard is not None and kind == "follow_up_sent" and event.at < guard:
                notes += (
                    f"the follow-up of {am.padded_day(event.at)} was early (before the decision "
                    f"date {am.padded_day(guard)}): it counts toward max_follow_ups but does not "
                    "replace this check-in",
                )
            else:
                found = am._DONE_BY.get(id(event))  # `_settled("done", event)`, remembered
                reason = found[1] if found is not None else am._settled("done", event)
                return (am._DONE, reason, event, None, notes)
        if kind in cancelled_by:
            if event.at > as_of:
                reason = f"cancelled: the next round is booked ({event.describe()})"
            else:
                found = am._CANCELLED_BY.get(id(event))
                reason = found[1] if found is not None else am._settled("cancelled", event)
            return (am._CANCELLED, reason, None, event, notes)
        if counts and sent >= limit:
            return (am._CANCELLED, am._over_limit(limit, since), None, None, notes)
        if kind == "response_received" and event.at <= as_of:
            sent, since = 0, event  # they answered: the attempts without a response start again
    if counts and sent >= limit:
        return (am._CANCELLED, am._over_limit(limit, since), None, None, notes)
    return (None, "", None, None, notes)


"""What `_settle` gives when no event settles an action."""


def reference_by_window(
    spec: Kind, window: ActionWindow, as_of: dt.datetime, notes: tuple[str, ...]
) -> tuple[Status, str, tuple[str, ...]]:
    """`_by_window` before round 16, through `window_status`."""
    lapses = window.lapses
    if lapses is not None and as_of > lapses:
        reason = f"lapsed since {am.padded_day_year_time(lapses)}: {spec.lapse_advice}"
        return (am._LAPSED, reason, notes)
    status, reason = am.window_status(window.opens, window.due, as_of)
    if status == am._OVERDUE and spec.overdue_note:  # still owed: an offer's answer
        notes += (spec.overdue_note,)
    return (status, reason, notes)


def reference_build_actions(
    app: Application,
    policy: Policy,
    triggers: list[Trigger],
    matches: list[tuple[str, int]],
    as_of: dt.datetime,
    *,
    all_windows: bool = True,
) -> list[Action]:
    """`build_actions` before round 16."""
    index = reference_rule_index(policy)
    roles = reference_rule_roles(policy)
    events = tuple(t.event for t in triggers)
    final = len(events) - 1  # the last trigger's position
    settlers = am._Settlers(events)
    calendars: dict[str, Any] = {}  # recipient zone -> calendar, looked up once
    limit = policy.settings.max_follow_ups
    actions: list[Action] = []
    last = -1
    most = am.limits.MAX_ACTIONS_PER_APPLICATION
    anchors: dict[str, Any] = {}
    named: object = am._NOT_NAMED  # the last anchor's zone, when a pendulum zone (named by itself)
    anchor_zone = home = ""
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
        rule = policy.rules[number]
        if position != last:  # what depends on the trigger alone, once for its rules
            last = position
            trigger = triggers[position]
            closed = am._closed_before(triggers, position)
            before = (closed,) if closed is not None else ()
            at = trigger.event.at
            tag = f"{am.year_text(at.year)}-{am.TWO_DIGITS[at.month]}-{am.TWO_DIGITS[at.day]}"
            pending = reference_pending_date(trigger)
            sent = int(trigger.values[am.UNANSWERED_AT])
            ends = trigger.event.ends if trigger.event.type == "interview" else None
            anchors = {}  # anchor name -> `trigger.anchor(name)`: its rules share a few
        timing = rule.timing
        anchor = anchors.get(timing.anchor, _UNASKED)
        if anchor is _UNASKED:
            anchor = anchors[timing.anchor] = trigger.anchor(timing.anchor)
        if anchor is None:
            continue
        anchor_at, anchor_event = anchor
        if anchor_at.tzinfo is not named:  # the anchor's zone and `recipient_zone`'s fallback
            anchor_zone = am.zone_name(anchor_at)  # named once per zone, not once per action
            home = app.timezone or anchor_zone
            named = (
                anchor_at.tzinfo if isinstance(anchor_at.tzinfo, am.ZONE_TYPES) else am._NOT_NAMED
            )
        spec = am.KINDS[rule.action.kind]
        guard = pending if spec.waits_for_decision else None
        for_you = rule.action.to == am._TO_YOU  # a note to yourself: your zone
        held_at = None  # due no later than the date they gave, if the rule holds it to one
        if timing.deadline:
            held = anchors.get(timing.deadline, _UNASKED)
            if held is _UNASKED:
                held = anchors[timing.deadline] = trigger.anchor(timing.deadline)
            held_at = held[0] if held is not None else None
        rule_id = f"{app.id}/{rule.id}/{tag}"
        moving, stopping, thanking, chasing, replying = roles[number]
        for to, cc, slug, addressed, channel in am.address(rule, app, trigger):
            # `recipient_zone(to, app, anchor_at)`, the anchor's zone named once above
            zone = anchor_zone if for_you else (to[0].timezone if to else None) or home
            over = spec.counts_as_follow_up and sent >= limit
            if position == final and not before and not over:
                # No event after its trigger (a fifth of all actions): `_settle` would read
                # none and settle nothing.
                status, reason, done_by, cancelled_by, notes = am._UNSETTLED
            else:
                if over:  # over the limit already: the very next event, whatever it is, settles it
                    later: Iterable[Event] = events[position + 1 :]
                else:
                    later = settlers.after(rule, to, position)
                if before:  # an event that had closed the application settles it first
                    later = am.chain(before, later)
                status, reason, done_by, cancelled_by, notes = reference_settle(
                    rule, spec, later, to, as_of, sent, limit, pending, trigger.last_contact, ends
                )
            if len(actions) >= most:  # refused past the limit (a call for each action cost more)
                am.check_actions_of(app, len(actions) + 1)
            action_id = f"{rule_id}/{slug}" if slug else rule_id
            ids.add(action_id)
            # Every field set by name on a bare object: a class called with 22 keywords cost
            # 16.5 k instructions against 2.8 k (docs/performance.md, round 9).
            live = False  # open (upcoming, due or overdue)
            if status is None or len(to) > 1:  # its window gives its status (or notes, `shared`)
                window, shared = am._window_of(
                    rule, policy, calendars, to, app, anchor_at, zone, guard, held_at
                )
                if status is None:
                    status, reason, notes = reference_by_window(spec, window, as_of, notes)
                    live = status is not am._LAPSED
                    if held_at is not None:
                        notes = am._deadline_notes(spec, notes, status, held_at, as_of, zone)
                notes = shared + notes
                action = am._new(Action)
                action.not_before = window.opens
                action.due_by = window.due
                action.late_after = window.late
                action.timing_notes = window.notes
                action.lapses_at = window.lapses
                action.deferred = None
            else:  # done or cancelled: its window is worked out only when needed
                action = am._new(Action)
                action.deferred = (rule, policy, calendars, app, anchor_at, zone, guard, held_at)
            action.id = action_id
            action.application = app
            action.policy = policy
            action.rule = rule
            action.trigger = trigger
            action.to = to
            action.cc = cc
            action.channel = channel = channel or rule.action.channel
            action.recipient_zone = zone
            action.anchor_name = timing.anchor
            action.anchor_at = anchor_at
            action.anchor_event = anchor_event
            action.status = status
            action.status_reason = reason
            notes = addressed + notes
            if channel == am._EMAIL:
                if cc or len(to) > 1:
                    if not all(p.email for p in (*to, *cc)):
                        notes += am._no_address((*to, *cc))
                elif to and not to[0].email:  # one addressee, nobody copied (most emails)
                    notes += am._no_address(to)
                if live and to:
                    if opened.setdefault(number, position) != position:
                        again = True
                    if thanking:
                        thanks += 1
                    elif chasing and action.not_before <= as_of:
                        chases = True
                if replying or (thanking and cc and done_by is not None and done_by.to):
                    follows = True  # a reply that may carry notes; a panel's note half thanked
            elif channel == am._PHONE:
                if to and not all(p.phone for p in to):
                    notes += am._no_number(to)
                if chasing and live and to and action.not_before <= as_of:
                    chases = True
            action.notes = notes
            action.done_by = done_by
            action.cancelled_by = cancelled_by
            action.covers = action.carried = action.shared_with = ()
            action.past_deadline = held_at is not None and as_of > held_at
            if moving and status != am._CANCELLED:
                moves.append(len(actions))
            if stopping and live:
                movable.append(len(actions))
            actions.append(action)
    made = len(actions)
    actions = am.merge_same_moment(am._apply_move_on(actions, as_of, moves, movable), again)
    if follows or thanks >= (1 if chases else 2) or len(ids) < made:
        actions = am._passes_after_merging(actions, events, as_of)
    if not all_windows:
        return actions
    am._settle_windows(actions)
    return sorted(actions, key=am._BY_WINDOW)


# Both ways compared.


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """What each `build_actions` hands to the passes after its loop: the actions it made (copies),
    the move-ons and what they cancel, whether a rule has open emails from two triggers, and
    whether the passes after merging ran."""
    calls: list[Any] = []
    real_move_on, real_merge, real_after = (
        am._apply_move_on,
        am.merge_same_moment,
        am._passes_after_merging,
    )

    def move_on(found: list[Action], as_of: Any, moves: Any = None, movable: Any = None) -> Any:
        calls.append([[copy.copy(a) for a in found], list(moves), list(movable), None, False])
        return real_move_on(found, as_of, moves, movable)

    def merge(found: list[Action], again: bool = True) -> list[Action]:
        calls[-1][3] = again
        return real_merge(found, again)

    def after(found: list[Action], events: Any, as_of: Any) -> list[Action]:
        calls[-1][4] = True
        return real_after(found, events, as_of)

    with monkeypatch.context() as patched:
        patched.setattr(am, "_apply_move_on", move_on)
        patched.setattr(am, "merge_same_moment", merge)
        patched.setattr(am, "_passes_after_merging", after)
        yield calls


def settled(found: list[Action]) -> list[Action]:
    for action in found:
        settle_window(action)
        settled(list(action.carried))
    return found


def check_application(
    app: Application, policy: Policy, as_of: pendulum.DateTime, monkeypatch: pytest.MonkeyPatch
) -> int:
    """Plan `app` with the loop and with the reference, both ways; the number of actions."""
    triggers = derive_triggers(app, as_of, counts_read(policy))
    matches = _default_matcher()(policy, triggers)
    made = 0
    for every in (True, False):
        with recording(monkeypatch) as calls:
            found = am.build_actions(app, policy, triggers, matches, as_of, all_windows=every)
            expected = reference_build_actions(
                app, policy, triggers, matches, as_of, all_windows=every
            )
        assert settled(found) == settled(expected), app.id
        assert len(calls) == 2  # the loop, then the reference
        (loop, loop_notes), (reference, reference_notes) = (
            (calls[0][0], calls[0][1:]),
            (calls[1][0], calls[1][1:]),
        )
        # the same windows left unset (before `settled` sets them), then every field
        assert [a.deferred is None for a in loop] == [a.deferred is None for a in reference]
        assert settled(loop) == settled(reference), app.id
        assert loop_notes == reference_notes, app.id
        made = len(loop)
    return made


def plan_file(events: EventsFile, monkeypatch: pytest.MonkeyPatch) -> int:
    chooser = PolicyChooser()
    made = 0
    for moment in AS_OFS:
        as_of = candidate_moment(events, moment)
        for app in events.applications:
            made += check_application(app, chooser.choose(app), as_of, monkeypatch)
    return made


def test_every_example_plans_as_the_loop_did(monkeypatch: pytest.MonkeyPatch) -> None:
    made = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        try:
            events = load_events(path)
        except Exception:  # a policy, not an events file
            continue
        made += plan_file(events, monkeypatch)
    assert made > 100


def test_synthetic_applications_plan_as_the_loop_did(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate, write_document

    path = tmp_path / "apps.json"
    write_document(generate(150, 7), path)
    assert plan_file(load_events(path, "apps.json"), monkeypatch) > 1000


@settings(max_examples=60, deadline=None)
@given(
    document=events_document(max_apps=3),
    policy=st.sampled_from(("fast-paced", "generic", "conservative")),
    moment=st.sampled_from(AS_OFS),
)
def test_random_applications_plan_as_the_loop_did(
    document: dict[str, Any], policy: str, moment: str
) -> None:
    events = events_of(document)
    as_of = candidate_moment(events, moment)
    with pytest.MonkeyPatch.context() as monkeypatch:
        for app in events.applications:
            check_application(app, load_policy(policy), as_of, monkeypatch)


AS_OF = pendulum.datetime(2026, 11, 15, 9, tz="Europe/London")
PEOPLE = (
    Person(name="Grace Hopper", email="grace@acme.example"),
    Person(name="Alan Turing"),
)
RULES = [
    (rule, policy.settings.max_follow_ups) for policy in builtin_policies() for rule in policy.rules
]

SOURCE = load_events(ROOT / "examples" / "offer.yaml").applications[0].events[0].source
later_events = st.lists(
    st.builds(
        Event,
        index=st.integers(1, 9),
        source=st.just(SOURCE),
        type=st.sampled_from(EVENT_TYPES),
        at=st.integers(-30, 30).map(lambda days: AS_OF.add(days=days, hours=days % 5)),
        to=st.sampled_from(((), ("Grace Hopper",), ("alan turing",), ("nobody",))),
    ),
    max_size=6,
)
"""Later events of every type, before and after the time of planning, naming nobody, one
addressee or someone else."""


@settings(max_examples=400, deadline=None)
@given(
    picked=st.sampled_from(RULES),
    later=later_events,
    to=st.sampled_from(((), PEOPLE[:1], PEOPLE[1:], PEOPLE)),
    sent=st.integers(0, 3),
    pending=st.none() | st.integers(-20, 20).map(lambda days: AS_OF.add(days=days)),
    ends=st.none() | st.integers(-20, 20).map(lambda days: AS_OF.add(days=days)),
    closed_first=st.booleans(),
)
def test_settle_is_what_it_was(
    picked: tuple[Rule, int],
    later: list[Event],
    to: tuple[Person, ...],
    sent: int,
    pending: pendulum.DateTime | None,
    ends: pendulum.DateTime | None,
    closed_first: bool,
) -> None:
    rule, limit = picked
    spec = KINDS[rule.action.kind]
    since = later[0] if closed_first and later else None
    expected = reference_settle(rule, spec, later, to, AS_OF, sent, limit, pending, since, ends)
    # with its sets made once per policy (as `build_actions` asks) and made for the call
    ends_of = am._ends_of(rule)
    assert am._settle(rule, spec, later, to, AS_OF, sent, limit, pending, since, ends) == expected
    found = am._settle(
        rule, spec, iter(later), to, AS_OF, sent, limit, pending, since, ends, ends_of
    )
    assert found == expected


def shortcut(addressed_as: int, app: Application, trigger: Trigger) -> list[Any] | None:
    """What `build_actions` takes for `address(rule, app, trigger)` without the call, for a rule
    addressed as `addressed_as` (None: it calls `address`)."""
    recruiter = app.recruiter
    if addressed_as == am._CANDIDATE:
        return list(am._TO_CANDIDATE)
    if addressed_as == am._GENERAL:
        return None
    if recruiter is not None:
        if addressed_as == am._THANKS_TO_RECRUITER and am.attended(recruiter, trigger.interview):
            return []
        return [((recruiter,), (), None, (), None)]
    if addressed_as == am._HIRING_CONTACT:
        lead, notes = am._lead_of(trigger.interview)
        return [((lead,), (), None, notes, None)] if lead is not None else None
    return []


def addressed_rules() -> list[Rule]:
    """Every built-in rule, and each rule to the recruiter or the hiring contact again as every
    kind, channel and copy (a rule of the policy a user writes may be any of them)."""
    rules = [rule for policy in builtin_policies() for rule in policy.rules]
    variants = []
    for rule in rules:
        if rule.action.to in ("recruiter", "hiring_contact"):
            for kind in (ActionKind.THANK_YOU, ActionKind.FOLLOW_UP):
                for channel in (Channel.EMAIL, Channel.PHONE):
                    for cc in ("none", "recruiter"):
                        action = replace(rule.action, kind=kind, channel=channel, cc=cc)
                        variants.append(replace(rule, action=action))
    return rules + variants


def test_addressing_without_address_is_what_address_gives() -> None:
    # For every rule addressed without `address`, in every example's applications (and again
    # without their recruiter), `address` gives that very addressing.
    as_of = pendulum.datetime(2026, 11, 20, 9, tz="UTC")
    rules = addressed_rules()
    checked: set[tuple[int, bool, int]] = set()
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        try:
            events = load_events(path)
        except Exception:  # a policy, not an events file
            continue
        for app in events.applications:
            for without in (False, True):
                shown = copy.copy(app)
                if without:
                    shown.recruiter = None
                for trigger in derive_triggers(shown, as_of):
                    for rule in rules:
                        addressed_as = am._addressed_as(rule)
                        found = shortcut(addressed_as, shown, trigger)
                        if found is not None:
                            assert found == list(am.address(rule, shown, trigger)), rule.id
                            checked.add((addressed_as, without, len(found)))
    for addressed_as in (am._RECRUITER, am._HIRING_CONTACT, am._THANKS_TO_RECRUITER):
        assert (addressed_as, False, 1) in checked, addressed_as
    assert (am._THANKS_TO_RECRUITER, False, 0) in checked  # a recruiter who interviewed
    assert (am._HIRING_CONTACT, True, 1) in checked  # the lead, with no recruiter
    assert (am._RECRUITER, True, 0) in checked  # no recruiter to write to
    for policy in builtin_policies():  # the facts `build_actions` reads are the rule's
        index, facts = am._rule_facts(policy)
        for rule, fact in zip(policy.rules, facts, strict=True):
            assert fact[0] is rule and policy.rules[index[rule.id]] is rule
            assert fact[9] == am._addressed_as(rule)
