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
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import explain
from followup.actions import Action, copied
from followup.dates import formatting
from followup.dates.formatting import iso, moment_texts, when
from followup.dates.zones import in_zone, zone_name, zone_named
from followup.events import EVENT_TYPES
from followup.facts import ANCHORS, DEADLINES
from followup.kinds import CHANNELS, KINDS, Channel, Status
from followup.planner import builtin_policies
from followup.policytests import load_test_file, run_case
from followup.render import json_render
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
    assert any(len(a.to) > 1 for a in actions)
    matched = [len(explain.matched_events(a)) for a in actions]
    assert 1 in matched and 2 in matched


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


def test_a_moments_texts_are_those_of_moment_texts() -> None:
    """`moment_texts` remembers both texts per moment as `iso` and `when` do: an instant in
    another zone and the second reading of a repeated hour get their own."""
    london, new_york = zone_named("Europe/London"), zone_named("America/New_York")
    first = dt.datetime(2026, 10, 25, 1, 30, tzinfo=london)
    here = dt.datetime(2026, 10, 26, 9, 5, tzinfo=london)
    for moment in (first, first.replace(fold=1), here, here.astimezone(new_york)):
        assert (
            moment_texts(moment)
            == (iso(moment), when(moment))
            == (
                moment.isoformat(),
                f"{moment:%a} {moment.day} {moment:%b %Y %H:%M}",
            )
        )
    assert moment_texts(first)[0] != moment_texts(first.replace(fold=1))[0]


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


def test_each_word_of_the_input_in_a_summary_or_timing_is_escaped(actions: list[Action]) -> None:
    """`action_json` writes the summary and the timing unescaped only when no word of the input
    they hold needs escaping: each such word changed alone (the action's or application's id,
    a recipient, one copied, the company, a window's note, the anchor's name, the event's type,
    the recipient's zone when the timing does not read it) is escaped as `json.dumps` escapes
    it, and so are a status's reason and the notes; words of other scripts and a lone
    surrogate, which need none, are written as they are."""
    for odd in ('a "quoted" \\ back\nslash\x1f', "Zo\u00eb \u6771\u4eac \ud800 \U0001f600 \x7f"):
        _each_word_escaped(actions, odd)


def _each_word_escaped(actions: list[Action], odd: str) -> None:
    changes = {
        "id": lambda a: setattr(a, "id", a.id + odd),
        "application id": lambda a: setattr(
            a, "application", replace(a.application, id=a.application.id + odd)
        ),
        "to": lambda a: setattr(a, "to", tuple(replace(p, name=odd) for p in a.to)),
        "cc": lambda a: setattr(a, "cc", tuple(replace(p, email=odd) for p in a.cc)),
        "company": lambda a: setattr(a, "application", replace(a.application, company=odd)),
        "timing_notes": lambda a: setattr(a, "timing_notes", (*a.timing_notes, odd)),
        "anchor_name": lambda a: setattr(a, "anchor_name", odd),
        "event type": lambda a: setattr(
            a, "anchor_event", a.anchor_event and replace(a.anchor_event, type=odd)
        ),
        "status_reason": lambda a: setattr(a, "status_reason", odd),
        "notes": lambda a: setattr(a, "notes", (odd,)),
    }
    seen = set()
    for action in actions:
        for name, change in changes.items():
            changed = copied(action)
            change(changed)
            if changed == action:
                continue
            seen.add(name)
            assert action_json(changed) == _as_the_document_writes_it(changed), (name, action.id)
        changed = copied(action)
        changed.recipient_zone = odd  # its own field; the timing's only for someone's window
        if not action.to:
            assert action_json(changed) == _as_the_document_writes_it(changed), action.id
    assert seen == set(changes)


def test_matched_events_written_alone_or_listed_are_the_explanations(
    actions: list[Action],
) -> None:
    """`action_json` writes the one matched event of an action whose anchor and interview are
    its trigger's event (or none) without listing them (`_matched`): the same text as the
    explanation's list, for the scenarios' actions and for copies whose anchor or interview is
    another event object of the same number, or another event."""
    for action in actions:
        events = action.application.events
        trigger = action.trigger
        variants = [action]
        for anchor in (trigger.event, replace(trigger.event), events[0], None):
            changed = copied(action)
            changed.anchor_event = anchor
            variants.append(changed)
        for interview in (replace(trigger.event), events[-1]):
            changed = copied(action)
            changed.trigger = replace(trigger, interview=interview)
            variants.append(changed)
        for changed in variants:
            assert action_json(changed) == _as_the_document_writes_it(changed), action.id


def test_a_recipients_zone_in_a_timing_is_escaped(
    actions: list[Action], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timing names the recipient's zone when they read the window in another: a zone's
    name that needs escaping (none of the tz database does; here one standing for New York) is
    escaped as `json.dumps` escapes it."""
    odd = 'New "York"'
    named = explain.zone_named
    monkeypatch.setattr(
        explain, "zone_named", lambda name: named(name.replace(odd, "America/New_York"))
    )
    written = 0
    for action in actions:
        if action.to and zone_name(action.not_before) != "America/New_York":
            changed = copied(action)
            changed.recipient_zone = odd
            assert odd in explain.timing_text(changed)
            assert action_json(changed) == _as_the_document_writes_it(changed), action.id
            written += 1
    assert written


def test_the_programs_own_words_in_summaries_and_timings_need_no_escaping() -> None:
    """What `action_json` writes unescaped without looking (`explain.summary_of` and
    `timing_of`'s own words) holds nothing JSON escapes: each kind's phrase by each channel,
    the day and month names, the anchors, deadlines and event types a file or policy may name,
    the statuses and channels, and every built-in rule's durations."""
    words = [KINDS[kind].what(channel) + f" {CHANNELS[channel].how}" for kind in KINDS
             for channel in Channel]  # fmt: skip
    words += [KINDS[kind].phrase.lower() for kind in KINDS]
    words += [*formatting._DAY_NAMES, *formatting._MONTH_NAMES, *ANCHORS, *DEADLINES]
    words += [*EVENT_TYPES, *Status, *Channel]
    for policy in builtin_policies():
        for rule in policy.rules:
            timing = rule.timing
            words += map(str, (timing.not_before, timing.due_by))
            words += map(str, (timing.late_after, timing.lapse_after))
    assert all(json.dumps(word, ensure_ascii=False) == f'"{word}"' for word in words)
    assert json_render._plain("Europe/London") and not json_render._plain('a"b')


def test_every_builtin_rule_is_written_as_its_dict(actions: list[Action]) -> None:
    """A rule's parts written once (`json_render._rule_parts`: its policy, rule, kind, because,
    cites and source, and whether its timing's words need escaping) for every rule of every
    built-in policy, and for a rule whose deadline's name needs escaping."""
    action = next(a for a in actions if a.to and a.rule.timing.deadline)
    for policy in builtin_policies():
        for rule in policy.rules:
            changed = copied(action)
            changed.policy, changed.rule = policy, rule
            assert action_json(changed) == _as_the_document_writes_it(changed), rule.id
    changed = copied(action)
    timing = replace(action.rule.timing, deadline='answer"date')
    changed.rule = replace(action.rule, timing=timing)
    assert json_render._rule_parts(changed)[4] is False
    assert json_render._rule_parts(action)[4] is True
    assert action_json(changed) == _as_the_document_writes_it(changed)


def test_a_text_changed_by_the_escaping_table_is_one_json_escapes() -> None:
    """`action_json` asks whether json escapes any of several words by one `bytes.translate`
    of their UTF-8 (`json_render._ESCAPED`): it changes a character's bytes exactly when json
    escapes the character, for every character (lone surrogates as json leaves them)."""
    escape = json_render._encode_text
    for code in range(0x110000):
        char = chr(code)
        written = char.encode("utf-8", "surrogatepass")
        assert (written.translate(json_render._ESCAPED) != written) == (
            escape(char) != f'"{char}"'
        ), hex(code)


@settings(max_examples=300, deadline=None)
@given(
    zones=st.sampled_from([["Europe/London"], ["Europe/London", "America/New_York", "UTC"]]),
    items=st.data(),
)
def test_the_documents_order_is_by_window_then_id(zones: list[str], items: st.DataObject) -> None:
    """`json_render.in_order` (two sorts of one field each, for openings of one zone) orders
    as one sort by (opening, id) does, ties kept in their order: equal openings, the two
    readings of a repeated hour, equal ids; the same instant in several zones."""
    drawn = items.draw(_order_items(zones))
    rendered = [
        (wall.replace(tzinfo=zone_named(zone), fold=fold), ident, text)
        for wall, zone, fold, ident, text in drawn
    ]
    expected = sorted(rendered, key=lambda item: (item[0], item[1]))
    json_render.in_order(rendered)
    assert [id(item) for item in rendered] == [id(item) for item in expected]


def _order_items(
    zones: list[str],
) -> st.SearchStrategy[list[tuple[dt.datetime, str, int, str, str]]]:
    return st.lists(
        st.tuples(
            st.datetimes(min_value=dt.datetime(2026, 3, 1), max_value=dt.datetime(2026, 3, 3))
            | st.sampled_from([dt.datetime(2026, 10, 25, 1, 30), dt.datetime(2026, 10, 25, 9)]),
            st.sampled_from(zones),
            st.sampled_from([0, 1]),
            st.sampled_from(["a", "b", "a/b", "ab", "\u00e9"]),
            st.text(max_size=2),
        )
    )
