"""Merging reads the openings of the settled emails it joins without their windows (round 16,
`actions._merge_settled`): an opening is known when the rule's window keeps calendar time and
opens at its anchor, else only the least it can be (`_opening_shape`), and two openings that far
apart are on different days wherever they are read (`_days_apart`). Each is compared here with
the windows worked out whole (`_window_of`, `settle_window`); the merging itself is compared
with the general loop in tests/plan/test_after_loop_shortcuts.py."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from typing import Any

import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup import actions
from followup.actions import (
    Action,
    _days_apart,
    _opening_shape,
    _window_of,
    copied,
    settle_window,
)
from followup.dates.durations import Duration
from followup.dates.zones import plain, utc, zone_named
from followup.events import load_events
from followup.planner import PolicyChooser, plan_application
from followup.policy import load_policy
from paths import ROOT
from plan_support import candidate_moment

ZONES = (
    "Europe/London",
    "America/New_York",
    "Pacific/Apia",  # a day skipped at the end of 2011 (from -10 to +14 hours)
    "Pacific/Kiritimati",
    "Australia/Lord_Howe",  # half an hour's clock change
    "America/Santiago",
    "America/Havana",  # clock changes at midnight
    "Asia/Kathmandu",
    "Etc/GMT+12",
    "Etc/GMT-14",
)
POLICIES = ("generic", "fast-paced", "conservative")
APPLICATION = load_events(ROOT / "examples" / "tech-panel.yaml").applications[0]
"""An application for `_window_of`, which reads it only for a message to several people."""


def check_opening(action: Action) -> None:
    """What merging knows of a settled action's opening before its window is worked out is
    what the window then gives."""
    rule, policy, _, _, anchor, _, guard, held = action.deferred  # type: ignore[misc]
    at_anchor, after = _opening_shape(rule, policy.settings)
    opens = settle_window(copied(action)).not_before
    if held is None:
        assert utc(anchor) + after <= utc(opens), action.id
    if at_anchor and guard is None and held is None:
        assert opens == plain(anchor) and opens.tzinfo is anchor.tzinfo, action.id
        assert opens.fold == anchor.fold


def deferred_of(found: list[Action]) -> list[Action]:
    """The actions of `found` whose windows are not worked out, those they carry too (first:
    a carrier's window worked out works theirs out)."""
    out = []
    for action in found:
        out += deferred_of(list(action.carried))
        if action.deferred is not None:
            out.append(action)
    return out


def test_every_settled_opening_is_what_merging_takes_it_for(tmp_path: Any) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate, write_document

    path = tmp_path / "apps.json"
    write_document(generate(150, 7), path)
    files = [load_events(path, "apps.json")]
    for name in sorted((ROOT / "examples").glob("*.yaml")):
        try:
            files.append(load_events(name))
        except Exception:  # a policy, not an events file
            continue
    checked = at_anchor = 0
    for events in files:
        chooser = PolicyChooser()
        for moment in ("2026-09-20T09:00", "2026-11-20T09:00", "2027-01-15T12:00"):
            as_of = candidate_moment(events, moment)
            for app in events.applications:
                policy = chooser.choose(app)
                for action in deferred_of(plan_application(app, policy, as_of, all_windows=False)):
                    check_opening(action)
                    checked += 1
                    at_anchor += _opening_shape(action.rule, policy.settings)[0]
    assert checked > 1000 and 0 < at_anchor < checked


durations = st.builds(
    Duration,
    hours=st.sampled_from((0, 0, 1, 5, 24, 49)),
    days=st.sampled_from((0, 0, 1, 2, 10)),
    weeks=st.sampled_from((0, 0, 1, 2)),
    months=st.sampled_from((0, 0, 0, 1, 2)),
    business_days=st.sampled_from((0, 0, 1, 3)),
)
anchors = st.datetimes(
    min_value=dt.datetime(2011, 12, 20), max_value=dt.datetime(2012, 1, 10)
) | st.datetimes(min_value=dt.datetime(2026, 3, 1), max_value=dt.datetime(2026, 11, 30))


@settings(max_examples=300, deadline=None)
@given(
    policy_name=st.sampled_from(POLICIES),
    number=st.integers(0, 1000),
    not_before=durations,
    working_hours=st.sampled_from((None, True, False)),
    anchor=anchors,
    anchor_zone=st.sampled_from(ZONES),
    zone=st.sampled_from(ZONES),
    guard_after=st.none() | st.integers(-72, 400),
)
def test_the_least_opening_is_never_after_the_opening(
    policy_name: str,
    number: int,
    not_before: Duration,
    working_hours: bool | None,
    anchor: dt.datetime,
    anchor_zone: str,
    zone: str,
    guard_after: int | None,
) -> None:
    policy = load_policy(policy_name)
    rule = policy.rules[number % len(policy.rules)]
    rule = replace(
        rule, timing=replace(rule.timing, not_before=not_before, working_hours=working_hours)
    )
    at = pendulum.instance(anchor.replace(tzinfo=zone_named(anchor_zone)))
    guard = None if guard_after is None else at.add(hours=guard_after)
    window, _ = _window_of(rule, policy, {}, (), APPLICATION, at, zone, guard, None)
    at_anchor, after = _opening_shape(rule, policy.settings)
    assert utc(at) + after <= utc(window.opens)
    if at_anchor and guard is None:
        assert window.opens == plain(at) and window.opens.tzinfo is at.tzinfo


moments = st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2199, 12, 30))


@settings(max_examples=300)
@example(first=dt.datetime(2026, 1, 1, 10), hours=72, zones=("Etc/GMT-14", "Etc/GMT+12"))
@example(first=dt.datetime(2026, 1, 1, 10), hours=40, zones=("Etc/GMT-14", "Etc/GMT+12"))
@given(
    first=moments,
    hours=st.integers(0, 200),
    zones=st.tuples(st.sampled_from(ZONES), st.sampled_from(ZONES)),
)
def test_openings_days_apart_are_on_different_days(
    first: dt.datetime, hours: int, zones: tuple[str, str]
) -> None:
    opens = first.replace(tzinfo=dt.UTC).astimezone(zone_named(zones[0]))
    later = opens.astimezone(dt.UTC) + dt.timedelta(hours=hours)
    if _days_apart(opens, later):
        for extra in (0, 1, 25, 1000):
            then = (later + dt.timedelta(hours=extra)).astimezone(zone_named(zones[1]))
            assert then.date() > opens.date()
    else:
        assert hours < 72
    assert not _days_apart(None, later) and not _days_apart(opens, None)


def test_a_copy_keeps_a_window_left_unset(tmp_path: Any) -> None:
    events = load_events(ROOT / "examples" / "tech-panel.yaml")
    as_of = pendulum.datetime(2026, 11, 20, 9, tz=events.candidate.timezone)
    app = events.applications[0]
    policy = PolicyChooser().choose(app)
    found = deferred_of(plan_application(app, policy, as_of, all_windows=False))
    assert found
    for action in found:
        copy = copied(action)
        assert copy.deferred is action.deferred and not hasattr(copy, "not_before")
        assert settle_window(copy) == settle_window(action)


@pytest.mark.python_internals  # replaces `actions` functions to count their calls
def test_merging_works_out_a_window_only_where_its_opening_is_needed(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate, write_document

    path = tmp_path / "apps.json"
    write_document(generate(300, 11), path)
    events = load_events(path, "apps.json")
    worked: list[Action] = []
    apart: list[bool] = []
    real_settle, real_apart = actions.settle_window, actions._days_apart
    real_merge = actions._merge_settled

    def settle(action: Action) -> Action:
        worked.append(action)
        return real_settle(action)

    def days_apart(*args: Any) -> bool:
        apart.append(real_apart(*args))
        return apart[-1]

    def merge(members: list[Action], *args: Any) -> None:
        with monkeypatch.context() as inside:
            inside.setattr(actions, "settle_window", settle)
            inside.setattr(actions, "_days_apart", days_apart)
            real_merge(members, *args)

    monkeypatch.setattr(actions, "_merge_settled", merge)
    as_of = pendulum.datetime(2026, 11, 15, 9, tz=events.candidate.timezone)
    chooser = PolicyChooser()
    for app in events.applications:
        plan_application(app, chooser.choose(app), as_of, all_windows=False)
    # days told apart by the least openings, and a few windows worked out where they could not be
    assert any(apart) and 0 < len(worked) < apart.count(True)
