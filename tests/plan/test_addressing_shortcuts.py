"""Who is copied (`actions._cc`) and who attended (`actions.attended`) give what the plain
comparisons give: `_cc` asks a person's `__eq__` only of two people of one name."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from followup.actions import _cc, attended, same_person
from followup.events import Person

NAMES = ("Grace Hopper", "Alan Turing", "grace hopper")
EMAILS = (None, "grace@acme.example", "GRACE@acme.example", "alan@acme.example")

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
    interview = SimpleNamespace(interviewers=tuple(panel)) if interviewed else None
    app = SimpleNamespace(recruiter=recruiter)
    if cc == "other_interviewers" and interview is not None:
        expected = tuple(p for p in panel if p != primary)
    elif cc == "recruiter" and recruiter is not None and recruiter != primary:
        expected = (recruiter,)
    else:
        expected = ()
    found = _cc(_rule(cc), app, interview, primary)  # type: ignore[arg-type]
    assert found == expected
    assert all(a is b for a, b in zip(found, expected, strict=True))


@given(person=people, panel=st.lists(people, max_size=4), interviewed=st.booleans())
def test_attended_is_any_same_person(
    person: Person, panel: list[Person], interviewed: bool
) -> None:
    interview = SimpleNamespace(interviewers=tuple(panel)) if interviewed else None
    expected = interviewed and any(same_person(person, p) for p in panel)
    assert attended(person, interview) is expected  # type: ignore[arg-type]
