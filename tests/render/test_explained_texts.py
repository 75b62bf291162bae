"""An action's summary and timing text as the plan writes them (`explain`: a rule's words and a
kind's phrase made once, each end of the window written once) against the same texts built
afresh from the action alone, on every action of the scenario files: recipients in other zones,
windows held to a decision or answer date, windows counted from an interview's end."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from followup import explain
from followup.actions import Action, copied
from followup.dates.formatting import iso, iso_and_when, when
from followup.dates.zones import in_zone, zone_name, zone_named
from followup.kinds import KINDS
from followup.policytests import load_test_file, run_case
from followup.render.json_render import action_json, action_to_dict

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _scenario_actions() -> list[Action]:
    return [
        action
        for path in sorted(SCENARIOS.glob("*.test.yaml"))
        for case in load_test_file(path)
        for action in run_case(case).actions
    ]


def _timing_afresh(action: Action) -> str:
    """`explain.timing_text` as it was written before its parts were remembered."""
    timing = action.rule.timing
    anchor = f"anchor {action.anchor_name}"
    if action.anchor_event is not None:
        anchor += f" = event {action.anchor_event.index} ({action.anchor_event.type})"
    deadline = timing.deadline
    held = action.trigger.anchor(deadline) if deadline else None
    held_text = "" if held is None else f", no later than {deadline} {held[0].isoformat()}"
    event = action.anchor_event
    from_end = ""
    if event is not None and event.ends is not None and action.anchor_at == event.ends:
        end, start = event.ends, event.at
        if start.date() == end.date():
            said = f"{end:%H:%M}", f"{start:%H:%M}"
        else:
            said = when(end), when(start)
        from_end = f" (from the end of the interview at {said[0]}, not its start at {said[1]})"
    parts = [
        f"{anchor} at {action.anchor_at.isoformat()}{from_end}",
        f"not_before = anchor + {timing.not_before} = {action.not_before.isoformat()}",
        f"due_by = anchor + {timing.due_by}{held_text} = {action.due_by.isoformat()}",
    ]
    if action.late_after is not None and timing.late_after is not None:
        parts.append(f"late after anchor + {timing.late_after} = {action.late_after.isoformat()}")
    if action.lapses_at is not None and timing.lapse_after is not None:
        parts.append(f"lapses after anchor + {timing.lapse_after} = {action.lapses_at.isoformat()}")
    if action.to and action.recipient_zone != zone_name(action.not_before):
        zone = zone_named(action.recipient_zone)
        parts.append(
            f"recipient's zone {action.recipient_zone}: "
            f"{in_zone(action.not_before, zone).isoformat()} -> "
            f"{in_zone(action.due_by, zone).isoformat()}"
        )
    parts.extend(action.timing_notes)
    return "; ".join(parts)


def _summary_afresh(action: Action) -> str:
    """`explain.summary` as it was written before its parts were remembered."""
    said = f"{when(action.not_before)} and {when(action.due_by)}"
    window = f"between {said}"
    if action.not_before == action.due_by:
        window = f"at {when(action.due_by)}"
    covers = ""
    if action.covers:
        asks = "; ".join(dict.fromkeys(KINDS[r.action.kind].phrase.lower() for r in action.covers))
        covers = f"; in the same message: {asks}"
    what = explain.what_and_how(action) + explain.recipients_text(action)
    return f"{what} ({action.application.company}), {window}{covers}."


@pytest.fixture(scope="module")
def actions() -> list[Action]:
    return _scenario_actions()


def test_the_scenarios_hold_every_case_the_texts_tell_apart(actions: list[Action]) -> None:
    """The comparisons below see each branch: another zone, a held window, an interview's end,
    a late and a lapsing window, one moment for both ends, merged messages, carbon copies."""
    timings = [explain.timing_text(a) for a in actions]
    assert any("recipient's zone" in t for t in timings)
    assert any("no later than" in t for t in timings)
    assert any("from the end of the interview" in t for t in timings)
    assert any("late after" in t for t in timings) and any("lapses after" in t for t in timings)
    assert any(a.covers for a in actions) and any(a.cc for a in actions)
    assert any(a.timing_notes for a in actions)


def test_timing_text_is_the_text_built_afresh(actions: list[Action]) -> None:
    for action in actions:
        assert explain.timing_text(action) == _timing_afresh(action), action.id


def test_summary_is_the_text_built_afresh(actions: list[Action]) -> None:
    for action in actions:
        assert explain.summary(action) == _summary_afresh(action), action.id


def test_remembered_words_are_those_of_each_rule_and_kind(actions: list[Action]) -> None:
    """Written again with the memos emptied between, every text is the same: nothing of one
    rule's or kind's words reaches another's."""
    first = [(explain.timing_text(a), explain.summary(a)) for a in actions]
    explain._TIMING_WORDS.clear()
    explain._WHAT_AND_HOW.clear()
    again = [(explain.timing_text(a), explain.summary(a)) for a in reversed(actions)]
    assert again[::-1] == first


def test_a_moments_iso_and_when_texts_are_those_of_iso_and_when() -> None:
    """`iso_and_when` remembers both texts per moment as `iso` and `when` do: an instant in
    another zone and the second reading of a repeated hour get their own."""
    london, new_york = zone_named("Europe/London"), zone_named("America/New_York")
    first = dt.datetime(2026, 10, 25, 1, 30, tzinfo=london)
    here = dt.datetime(2026, 10, 26, 9, 5, tzinfo=london)
    for moment in (first, first.replace(fold=1), here, here.astimezone(new_york)):
        assert (
            iso_and_when(moment)
            == (iso(moment), when(moment))
            == (
                moment.isoformat(),
                f"{moment:%a} {moment.day} {moment:%b %Y %H:%M}",
            )
        )
    assert iso_and_when(first)[0] != iso_and_when(first.replace(fold=1))[0]


def _as_the_document_writes_it(action: Action) -> str:
    return json.dumps(action_to_dict(action), indent=2, ensure_ascii=False).replace("\n", "\n    ")


def test_an_action_is_written_as_its_dict_whatever_its_names_hold(actions: list[Action]) -> None:
    """Names, a company, notes and an anchor holding quotes, backslashes, control characters
    and other scripts are escaped as `json.dumps` escapes them: `action_json` writes a moment's
    ISO text unescaped, and its summary and timing from parts made once."""
    odd = 'O\'Brien "Bob" \\ Åsa\t\x01'
    for action in actions:
        assert action_json(action) == _as_the_document_writes_it(action), action.id
        changed = copied(action)
        changed.to = tuple(replace(p, name=p.name + odd) for p in action.to)
        changed.cc = tuple(replace(p, name=odd, email=None) for p in action.cc)
        changed.application = replace(action.application, company=odd)
        changed.timing_notes = (*action.timing_notes, odd)
        assert action_json(changed) == _as_the_document_writes_it(changed), action.id
        changed.anchor_name = f"{action.anchor_name}{odd}"
        assert action_json(changed) == _as_the_document_writes_it(changed), action.id
