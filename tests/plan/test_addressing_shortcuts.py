"""Who is copied (`actions._cc`) and who attended (`actions.attended`) give what the plain
comparisons give: `_cc` asks a person's `__eq__` only of two people of one name."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup import actions
from followup.actions import _cc, address, attended, same_person
from followup.events import Person, load_events
from followup.facts import derive_triggers
from followup.planner import PolicyChooser
from paths import ROOT

NAMES = ("Grace Hopper", "Alan Turing", "grace hopper")
EMAILS = (None, "grace@acme.example", "GRACE@acme.example", "alan@acme.example")

_APPLICATION = load_events(ROOT / "examples" / "tech-panel.yaml").applications[0]
_INTERVIEW = next(e for e in _APPLICATION.events if e.interviewers)
"""Real records to vary (compiled code checks the types it is given)."""

people = st.builds(
    Person,
    name=st.sampled_from(NAMES),
    email=st.sampled_from(EMAILS),
    title=st.sampled_from((None, "CTO")),
    lead=st.booleans(),
    timezone=st.sampled_from((None, "Europe/London")),
)
"""Few names and addresses, so that equal people (distinct objects), people of one name who
differ in another field, and one person under two spellings all come up."""


def _rule(cc: str) -> Any:
    return SimpleNamespace(action=SimpleNamespace(cc=cc))


@given(
    cc=st.sampled_from(("none", "other_interviewers", "recruiter")),
    panel=st.lists(people, max_size=4),
    recruiter=st.none() | people,
    primary=st.none() | people,
    pick=st.integers(0, 4),
    interviewed=st.booleans(),
)
def test_cc_is_everyone_else_by_equality(
    cc: str,
    panel: list[Person],
    recruiter: Person | None,
    primary: Person | None,
    pick: int,
    interviewed: bool,
) -> None:
    if primary is None and panel and pick < len(panel):
        primary = panel[pick]  # the primary as one of the panel's own objects, as planned
    interview = replace(_INTERVIEW, interviewers=tuple(panel)) if interviewed else None
    app = replace(_APPLICATION, recruiter=recruiter)
    if cc == "other_interviewers" and interview is not None:
        expected = tuple(p for p in panel if p != primary)
    elif cc == "recruiter" and recruiter is not None and recruiter != primary:
        expected = (recruiter,)
    else:
        expected = ()
    found = _cc(_rule(cc), app, interview, primary)
    assert found == expected
    assert all(a is b for a, b in zip(found, expected, strict=True))


@given(person=people, panel=st.lists(people, max_size=4), interviewed=st.booleans())
def test_attended_is_any_same_person(
    person: Person, panel: list[Person], interviewed: bool
) -> None:
    interview = replace(_INTERVIEW, interviewers=tuple(panel)) if interviewed else None
    expected = interviewed and any(same_person(person, p) for p in panel)
    assert attended(person, interview) is expected


def test_every_addressing_copies_whom_cc_says(monkeypatch: pytest.MonkeyPatch) -> None:
    # `address` skips `_cc` for a rule that copies nobody and remembers each interview's lead
    # (`_lead_of`): every example's every rule is addressed as with neither shortcut.
    as_of = pendulum.datetime(2026, 11, 20, 9, tz="UTC")
    chooser = PolicyChooser()
    checked = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        events = load_events(path)  # every example is an events file (test_quick_read)
        for app in events.applications:
            policy = chooser.choose(app)
            for trigger in derive_triggers(app, as_of):
                for rule in policy.rules:
                    found = address(rule, app, trigger)
                    actions._LEADS.clear()
                    with monkeypatch.context() as patched:
                        patched.setattr(actions, "_LEADS", _Forgetful())
                        again = address(rule, app, trigger)
                    assert found == again, (path.name, rule.id)
                    for to, cc, *_ in found:
                        if to and rule.action.to != "hiring_managers":
                            assert cc == _cc(rule, app, trigger.interview, to[0])
                            checked += 1
    assert checked > 50


class _Forgetful(dict):  # type: ignore[type-arg]
    """A memo that keeps nothing: `_lead_of` works its answer out every time."""

    def __setitem__(self, key: object, value: object) -> None:
        pass
