"""A done or cancelled action's window is worked out only when something reads it
(`build_actions(..., all_windows=False)`, what `plan --format json` asks for without `--all`):
the window it gets then is the one it gets when every window is worked out at once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

import pendulum
import pytest

from followup import actions
from followup.actions import Action, settle_window
from followup.events import Application, load_events
from followup.kinds import OPEN_STATUSES
from followup.planner import PolicyChooser, plan_application
from paths import ROOT
from plan_support import candidate_moment

WINDOW = ("not_before", "due_by", "late_after", "lapses_at", "timing_notes")

PANEL_AND_OFFER = """\
candidate:
  name: Ada Lovelace
  timezone: Europe/London
applications:
  - id: acme-sre
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    recruiter: {name: Sam Reed, email: sam@acme.example}
    events:
      - type: interview
        at: 2026-10-06T10:00
        format: panel
        interviewers:
          - {name: Grace Hopper, email: grace@acme.example, lead: true, hiring_manager: true}
          - {name: Alan Turing, email: alan@acme.example}
          - {name: Katherine Johnson, email: katherine@acme.example}
      - type: offer_received
        at: 2026-10-06T16:00
      - type: thank_you_sent
        at: 2026-10-07T10:00
        to: [sam@acme.example, grace@acme.example]
"""
"""The offer came before the panel's notes went out, and one thank-you recorded the reply to
the recruiter and the hiring manager: the panel note it completed is done, and the panelists
the reply did not reach are still owed a note in that done note's window (`_remainder`)."""

WITHDRAWN = """\
candidate:
  name: Ada Lovelace
  timezone: Europe/London
applications:
  - id: initech-pm
    company: Initech
    role: Product Manager
    industry: technology
    recruiter: {name: Bill Lumbergh, email: bill@initech.example}
    events:
      - type: interview
        at: 2026-09-01T10:00
        decision_by: 2026-12-15
        interviewers: [{name: Peter Gibbons, email: peter@initech.example}]
      - type: follow_up_sent
        at: 2026-09-10T10:00
      - type: follow_up_sent
        at: 2026-09-20T10:00
      - type: withdrawn
        at: 2026-10-25T10:00
"""
"""Two follow-ups without a reply, then withdrawn: the move-ons are done (by the withdrawal),
and `_apply_move_on` reads their openings, held back by the decision date still to come."""


@contextmanager
def every_window_at_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Plan as before windows could wait: each action's window worked out before its status,
    the status still the one the events give (`_settle` says no event settled it, and
    `_by_window` then gives the status it did say)."""
    real_settle, real_by_window = actions._settle, actions._by_window
    settled: list[Any] = []

    def settle(*args: Any) -> Any:
        fate = real_settle(*args)
        settled.append(fate)
        return (None, *fate[1:])

    def by_window(spec: Any, window: Any, as_of: Any, notes: Any) -> Any:
        fate = settled.pop() if settled else (None,)
        if fate[0] is None:
            return real_by_window(spec, window, as_of, notes)
        return (fate[0], fate[1], notes)

    with monkeypatch.context() as patched:
        patched.setattr(actions, "_settle", settle)
        patched.setattr(actions, "_by_window", by_window)
        yield


def three_ways(
    app: Application, as_of: pendulum.DateTime, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Action], list[Action], list[Action]]:
    """`app`'s actions with every window worked out first, as planned (every window), and with
    the settled ones' windows left until read."""
    policy = PolicyChooser().choose(app)
    with every_window_at_once(monkeypatch):
        eager = plan_application(app, policy, as_of)
    assert not any(a.deferred for a in eager)
    return (
        eager,
        plan_application(app, policy, as_of),
        plan_application(app, policy, as_of, all_windows=False),
    )


def unset(action: Action) -> bool:
    return all(not hasattr(action, name) for name in WINDOW)


def assert_the_same(eager: list[Action], planned: list[Action], waiting: list[Action]) -> None:
    assert planned == eager
    for action in waiting:  # what is set is set as planning sets it; open ones have it all
        assert action.deferred is None or (action.status not in OPEN_STATUSES and unset(action))
    settled = sorted((settle_window(a) for a in waiting), key=Action.sort_key)
    assert settled == eager
    for mine, theirs in zip(settled, eager, strict=True):
        assert all(getattr(mine, f.name) == getattr(theirs, f.name) for f in fields(Action))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(text, "utf-8")
    return path


def test_synthetic_plans_give_every_window_the_same_whenever_it_is_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate, write_document

    path = tmp_path / "apps.json"
    write_document(generate(120, 3), path)
    events = load_events(path, "apps.json")
    left: dict[tuple[str, str], int] = {}
    for moment in ("2026-09-20T09:00", "2026-11-15T09:00"):
        as_of = candidate_moment(events, moment)
        for app in events.applications:
            eager, planned, waiting = three_ways(app, as_of, monkeypatch)
            for action in waiting:
                if action.deferred is not None:
                    key = (action.kind, action.status)
                    left[key] = left.get(key, 0) + 1
            assert_the_same(eager, planned, waiting)
    # done thank-you notes and cancelled follow-ups among those left unset
    assert left[("thank_you", "done")] and left[("follow_up", "cancelled")]


def test_a_panel_notes_remainder_keeps_the_done_notes_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = load_events(write(tmp_path, PANEL_AND_OFFER))
    as_of = pendulum.datetime(2026, 10, 8, 9, tz="Europe/London")
    eager, planned, waiting = three_ways(events.applications[0], as_of, monkeypatch)
    by_id = {a.id: a for a in waiting}
    note = by_id["acme-sre/thank-you-panel-lead/2026-10-06"]
    rest = by_id["acme-sre/thank-you-panel-lead/2026-10-06/alan-turing"]
    assert (note.status, rest.status) == ("done", "overdue")
    assert note.deferred is None  # worked out: the remainder is given its window
    assert (rest.not_before, rest.due_by) == (note.not_before, note.due_by)
    assert by_id["acme-sre/move-on-after-a-month-of-silence/2026-10-06"].deferred is not None
    assert_the_same(eager, planned, waiting)


def test_a_done_move_on_has_its_window_when_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = load_events(write(tmp_path, WITHDRAWN))
    as_of = pendulum.datetime(2026, 11, 15, 9, tz="Europe/London")
    eager, planned, waiting = three_ways(events.applications[0], as_of, monkeypatch)
    moves = [a for a in waiting if a.kind == "move_on" and a.status == "done"]
    assert moves and all(a.deferred is None for a in moves)  # read by _apply_move_on
    decided = pendulum.datetime(2026, 12, 15, tz="Europe/London")
    assert any(a.not_before > decided for a in moves)  # held back by the decision date
    assert any(a.deferred is not None for a in waiting)  # others are left unset
    assert_the_same(eager, planned, waiting)


def test_an_unset_window_is_not_read_by_accident(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A field left unset is missing, not a wrong value: reading one is an error at once.
    events = load_events(write(tmp_path, PANEL_AND_OFFER))
    as_of = pendulum.datetime(2026, 10, 8, 9, tz="Europe/London")
    waiting = plan_application(
        events.applications[0], PolicyChooser().choose(events.applications[0]), as_of,
        all_windows=False,
    )  # fmt: skip
    left = next(a for a in waiting if a.deferred is not None)
    with pytest.raises(AttributeError):
        _ = left.not_before
    assert settle_window(left).not_before == left.not_before and left.deferred is None
