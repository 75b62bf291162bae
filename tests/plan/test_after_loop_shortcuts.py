"""The passes after `build_actions`' loop read what the loop noted as it made the actions
(round 15): the move-ons and the actions they cancel (`_apply_move_on`), whether a rule has open
emails from two triggers (`_one_note_a_day`), and whether any pass after merging can change
anything (`_passes_after_merging`, skipped when none can); `_read_by_another` looks at each pair
once, both ways. Each is compared here with the general code: the passes as written before
round 15 (below), over every example and random applications (the synthetic generator's and
hypothesis's), with every window and with settled windows left until read."""

from __future__ import annotations

import copy
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import actions
from followup.actions import (
    OPEN_STATUSES,
    Action,
    _after_last_follow_up,
    _day,
    _merge_order,
    _moving_on,
    _one_note_a_day,
    _passes_after_merging,
    _read_by_another,
    _settle_windows,
    copied,
    same_person,
    settle_window,
)
from followup.events import Application, EventsFile, Person, load_events
from followup.facts import derive_triggers
from followup.kinds import ActionKind, Status
from followup.planner import PolicyChooser, plan_application
from followup.policy import load_policy
from followup.policy.model import Rule
from followup.policy.schema import MOVE_ON
from paths import ROOT
from plan_support import candidate_moment, events_of
from strategies import events_document

pytestmark = pytest.mark.python_internals  # records calls by replacing module functions

AS_OFS = ("2026-09-20T09:00", "2026-10-07T09:00", "2026-11-20T09:00", "2027-01-15T12:00")


# The passes as written before round 15 (the general code the shortcuts are compared with).


def reference_move_on(found: list[Action], as_of: dt.datetime) -> list[Action]:
    moves = [
        a for a in found if a.rule.action.kind == ActionKind.MOVE_ON and a.status != "cancelled"
    ]
    if not moves:
        return found
    _settle_windows(moves)
    superseded: set[int] = set()
    why = ""
    waiting = [a for a in moves if a.status in OPEN_STATUSES] if len(moves) > 1 else moves
    if len(waiting) > 1:
        latest = max(waiting, key=attrgetter("trigger.position"))
        superseded = {id(a) for a in waiting if a.trigger.position < latest.trigger.position}
        why = (
            f"cancelled: superseded by {latest.id} (rule {latest.rule.id}), which counts from "
            f"a later event ({latest.trigger.event.type}, "
            f"{actions.short_day(latest.trigger.event.at)}): one move-on at a time"
        )
    waited = {
        id(a): later
        for a in waiting
        if a.status in OPEN_STATUSES
        and id(a) not in superseded
        and (later := _after_last_follow_up(a, found, as_of))
    }
    moves = [waited.get(id(a), a) for a in moves]
    moving_on = [a for a in moves if a.not_before <= as_of and id(a) not in superseded]
    if not moving_on and not superseded and not waited:
        return found
    first = min(moving_on, key=lambda a: a.not_before) if moving_on else None
    out = []
    for action in found:
        if id(action) in superseded:
            action = copied(action)
            action.status, action.status_reason = Status.CANCELLED, why
        elif id(action) in waited:
            action = waited[id(action)]
        elif (
            first is not None
            and action.status in OPEN_STATUSES
            and MOVE_ON in action.rule.cancelled_by
        ):
            action = copied(action)
            action.status = Status.CANCELLED
            action.status_reason = f"cancelled: time to move on ({first.id}, rule {first.rule.id})"
        out.append(action)
    return out


def reference_read_by_another(members: list[Any]) -> list[Any]:
    found: set[int] = set()
    for action in members:
        readers = (*action.to, *action.cc)
        for other in members:
            if other is not action:
                first = other.to[0]
                for person in readers:
                    if same_person(first, person):
                        found.add(id(action))
                        found.add(id(other))
                        break
    return [a for a in members if id(a) in found] if found else []


def reference_merge(found: list[Action]) -> list[Action]:
    by_moment: dict[tuple[int, Status | None], list[Action]] = {}
    for action in found:
        if action.channel == "email" and action.to:
            status = action.status
            key = (action.trigger.position, None if status in OPEN_STATUSES else status)
            by_moment.setdefault(key, []).append(action)
    carried: dict[int, Action] = {}
    dropped: set[int] = set()
    for (_, state), members in by_moment.items():
        if len(members) > 1 and state is not None:
            members = reference_read_by_another(members)
            _settle_windows(members)
        if len(members) < 2:
            continue
        members.sort(key=_merge_order)
        for i, primary in enumerate(members):
            if id(primary) in dropped:
                continue
            taken: list[Rule] = []
            held: list[Action] = []
            readers = (*primary.to, *primary.cc)
            opening: dt.date | None = None
            for other in members[i + 1 :]:
                if id(other) in dropped:
                    continue
                if not any(same_person(other.to[0], person) for person in readers):
                    continue
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
    return _one_note_a_day([carried.get(id(a), a) for a in found if id(a) not in dropped])


def reference_passes(
    found: list[Action], events: tuple[Any, ...], as_of: dt.datetime
) -> list[Action]:
    """`build_actions`' passes after its loop as they were: every one, on every application."""
    return _passes_after_merging(reference_merge(reference_move_on(found, as_of)), events, as_of)


# Planning while recording what each pass is given.


@dataclass
class Planned:
    """One `build_actions` call: the actions its loop made (copies), what it noted, and what the
    passes after merging were given, if they ran."""

    made: list[Action] = field(default_factory=list)
    moves: list[int] = field(default_factory=list)
    movable: list[int] = field(default_factory=list)
    again: bool = True
    merged: list[Action] = field(default_factory=list)
    after: bool = False


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Planned]]:
    calls: list[Planned] = []
    real_move_on, real_merge = actions._apply_move_on, actions.merge_same_moment
    real_after = actions._passes_after_merging

    def move_on(found: list[Action], as_of: Any, moves: Any = None, movable: Any = None) -> Any:
        assert moves is not None and movable is not None  # build_actions gives its notes
        calls.append(Planned([copy.copy(a) for a in found], list(moves), list(movable)))
        return real_move_on(found, as_of, moves, movable)

    def merge(found: list[Action], again: bool = True) -> list[Action]:
        calls[-1].again = again
        merged = real_merge(found, again)
        calls[-1].merged = [copy.copy(a) for a in merged]
        return merged

    def after(found: list[Action], events: Any, as_of: Any) -> list[Action]:
        calls[-1].after = True
        return real_after(found, events, as_of)

    with monkeypatch.context() as patched:
        patched.setattr(actions, "_apply_move_on", move_on)
        patched.setattr(actions, "merge_same_moment", merge)
        patched.setattr(actions, "_passes_after_merging", after)
        yield calls


def settled(found: list[Action]) -> list[Action]:
    """`found` with every window worked out, those of the actions they carry too (so that
    actions compare field by field)."""
    for action in found:
        settle_window(action)
        settled(list(action.carried))
    return found


def check_application(
    app: Application, policy: Any, as_of: pendulum.DateTime, monkeypatch: pytest.MonkeyPatch
) -> Planned:
    """Plan `app` both ways (every window, and settled ones left until read) and compare every
    shortcut with the general code; the last call's record."""
    assert not app.decisions  # they change the plan afterwards (none in these files)
    events = tuple(t.event for t in derive_triggers(app, as_of))
    for every in (True, False):
        with recording(monkeypatch) as calls:
            planned = plan_application(app, policy, as_of, all_windows=every)
        (call,) = calls
        # what the loop noted is what walking its actions finds
        assert (call.moves, call.movable) == _moving_on(call.made)
        expected = reference_passes([copy.copy(a) for a in call.made], events, as_of)
        if every:
            expected = sorted(settled(expected), key=Action.sort_key)
        assert settled(planned) == settled(expected), app.id
        if not call.again:  # no rule with open emails from two triggers: nothing to join
            merged = settled(call.merged)
            assert _one_note_a_day(merged) == merged
        if not call.after:  # skipped: each pass after merging gives back what it is given
            merged = call.merged
            assert _passes_after_merging(merged, events, as_of) is merged
    return call


def plan_file(events: EventsFile, monkeypatch: pytest.MonkeyPatch) -> list[Planned]:
    chooser = PolicyChooser()
    found = []
    for moment in AS_OFS:
        as_of = candidate_moment(events, moment)
        for app in events.applications:
            found.append(check_application(app, chooser.choose(app), as_of, monkeypatch))
    return found


def test_every_example_plans_as_the_general_passes_do(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        events = load_events(path)  # every example is an events file (test_quick_read)
        checked += len(plan_file(events, monkeypatch))
    assert checked > 20


def test_synthetic_applications_plan_as_the_general_passes_do(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate, write_document

    path = tmp_path / "apps.json"
    write_document(generate(150, 5), path)
    calls = plan_file(load_events(path, "apps.json"), monkeypatch)
    # each shortcut is taken, and each general path runs, somewhere among these
    assert any(c.after for c in calls) and not all(c.after for c in calls)
    assert not any(c.again for c in calls)  # `_one_note_a_day`: see the loop below
    assert any(len(c.moves) > 1 for c in calls) and any(c.movable for c in calls)
    assert any(len(c.merged) < len(c.made) for c in calls)


LOOP = {
    "candidate": {"name": "Mia Wong", "timezone": "America/Los_Angeles"},
    "applications": [
        {
            "id": "kite",
            "company": "Kite Robotics",
            "role": "Firmware Engineer",
            "industry": "technology",
            "recruiter": {"name": "Sam Reed", "email": "sam@kite.example"},
            "events": [
                {"type": "interview", "at": f"2026-11-10T{hour}", "round": 2, "interviewers": [who]}
                for hour, who in (
                    ("09:00", {"name": "Dana Fox", "email": "dana.fox@kite.example"}),
                    ("11:00", {"name": "Eli Park", "email": "eli.park@kite.example"}),
                    ("15:00", {"name": "dana fox", "email": "Dana.Fox@kite.example"}),
                )
            ],
        }
    ],
}
"""An on-site loop imported as one interview per invitation, the hiring manager at its start and
at its end (under another spelling): one rule's open notes from two triggers, which
`_one_note_a_day` joins (tests/etiquette/test_one_note_a_day.py)."""


@pytest.mark.parametrize("policy", ["fast-paced", "generic", "conservative"])
@pytest.mark.parametrize("moment", ["2026-11-10T18:00", "2026-11-12T09:00"])
def test_a_loop_of_interviews_in_one_day_plans_as_the_general_passes_do(
    policy: str, moment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = events_of(LOOP)
    as_of = candidate_moment(events, moment)
    call = check_application(events.applications[0], load_policy(policy), as_of, monkeypatch)
    assert call.again


@settings(max_examples=60, deadline=None)
@given(
    document=events_document(max_apps=3),
    policy=st.sampled_from(("fast-paced", "generic", "conservative")),
    moment=st.sampled_from(AS_OFS),
)
def test_random_applications_plan_as_the_general_passes_do(
    document: dict[str, Any], policy: str, moment: str
) -> None:
    events = events_of(document)
    as_of = candidate_moment(events, moment)
    with pytest.MonkeyPatch.context() as monkeypatch:
        for app in events.applications:
            check_application(app, load_policy(policy), as_of, monkeypatch)


# `_read_by_another` on its own, with people who are one person under two spellings.

NAMES = ("Grace Hopper", "grace hopper", "Alan Turing")
EMAILS = (None, "grace@acme.example", "GRACE@acme.example", "alan@acme.example")
people = st.builds(Person, name=st.sampled_from(NAMES), email=st.sampled_from(EMAILS))
emails = st.builds(
    SimpleNamespace,
    to=st.lists(people, min_size=1, max_size=2).map(tuple),
    cc=st.lists(people, max_size=2).map(tuple),
)


@given(members=st.lists(emails, min_size=2, max_size=5))
def test_read_by_another_is_every_pair_both_ways(members: list[SimpleNamespace]) -> None:
    found = _read_by_another(members)  # type: ignore[arg-type]  # only .to and .cc are read
    expected = reference_read_by_another(members)
    assert [id(a) for a in found] == [id(a) for a in expected]
