"""The JSON contract of `followup plan --format json` (stable; see docs/json-contract.md)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from operator import itemgetter
from typing import Any, Final

import pendulum

from followup.actions import Action
from followup.dates.formatting import iso, moment_texts
from followup.events import EventsFile
from followup.explain import explanation, summary_of, timing_of
from followup.kinds import OPEN_STATUSES, Channel, Status
from followup.planner import Plan, PlannedApplication, PolicyChooser
from followup.policy import Policy

SCHEMA_VERSION: Final = 2


def action_to_dict(action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "application": action.application.id,
        "policy": action.policy.name,
        "rule": action.rule.id,
        "kind": action.kind,
        "channel": action.channel,
        "to": [p.display() for p in action.to],
        "cc": [p.display() for p in action.cc],
        "not_before": iso(action.not_before),
        "due_by": iso(action.due_by),
        "recipient_timezone": action.recipient_zone,
        "status": action.status,
        "covers": [r.id for r in action.covers],
        "explanation": explanation(action),
    }


def plans_to_dict(plans: Sequence[Plan], *, include_all: bool = False) -> dict[str, Any]:
    """One document for one or several events files (`followup plan a.yaml b.yaml`).

    `as_of` is the first file's; each `events_files` entry carries its own (the same moment,
    in that file's candidate's time zone, unless `--as-of` had no offset and the zones differ).
    Policies used by several files are listed once; actions of all files are sorted together.
    """
    return _document(plans, [action_to_dict(a) for a in _shown(plans, include_all)])


def _shown(plans: Sequence[Plan], include_all: bool) -> list[Action]:
    """The actions the document lists (open ones; `include_all`: every one), by window."""
    shown = (a for plan in plans for a in plan.actions if include_all or a.is_open)
    return sorted(shown, key=Action.sort_key)


def _document(plans: Sequence[Plan], actions: list[Any]) -> dict[str, Any]:
    """The plan's document of `plans` around `actions`: the events files, their policies."""
    policies: dict[tuple[str, str, str], dict[str, str]] = {}
    for plan in plans:
        for policy in plan.policies:
            _add_policy(policies, policy)
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": iso(plans[0].as_of),
        "events_files": [
            {"path": plan.events.name, "sha256": plan.events.sha256, "as_of": iso(plan.as_of)}
            for plan in plans
        ],
        "policies": [policies[key] for key in sorted(policies)],
        "actions": actions,
    }


def _add_policy(policies: dict[tuple[str, str, str], dict[str, str]], policy: Policy) -> None:
    """The plan's entry of a policy, once per (name, source, digest)."""
    key = (policy.name, policy.source, policy.sha256)
    if key not in policies:
        policies[key] = {"name": policy.name, "source": policy.source, "sha256": policy.sha256}


_CHUNK_ACTIONS: Final = 500


def iter_json_planned(
    files: Sequence[EventsFile],
    moments: Sequence[pendulum.DateTime],
    chooser: PolicyChooser,
    *,
    include_all: bool = False,
    jobs: int = 1,
) -> Iterator[str]:
    """`render_json_files(plan_files(files, as_of=moments, chooser=chooser))` in pieces, the
    same bytes, holding far less: each application is planned and its actions written to text
    at once, keeping only the text and its place in the order (the document lists every action
    of every file by window, so nothing can be written before the last application is planned),
    and the pieces are written out one after another, never joined into one. In `jobs`
    processes (`followup.forked`: each sends back its actions' text and places)."""
    from followup.forked import planned_shares

    moments = [m.in_timezone(f.candidate.timezone) for m, f in zip(moments, files, strict=True)]
    entries = [
        {"path": events.name, "sha256": events.sha256, "as_of": iso(moment)}
        for events, moment in zip(files, moments, strict=True)
    ]
    write = partial(json_share, include_all=include_all)
    policies: dict[tuple[str, str, str], dict[str, str]] = {}
    rendered: list[tuple[dt.datetime, str, str]] = []
    # without --all, open actions' windows only (sorted here)
    shares = planned_shares(files, moments, chooser, write, all_windows=include_all, jobs=jobs)
    for _, (used, mine) in shares:
        policies.update(used)  # one entry per (name, source, digest): the same in every share
        rendered.extend(mine)
    in_order(rendered)
    document = {
        "schema_version": SCHEMA_VERSION,
        "as_of": entries[0]["as_of"] if entries else None,
        "events_files": entries,
        "policies": [policies[key] for key in sorted(policies)],
        "actions": [],
    }
    return _written(document, [text for _, _, text in rendered])


def json_share(
    events: EventsFile,
    as_of: pendulum.DateTime,
    planned: Iterable[PlannedApplication],
    *,
    include_all: bool,
) -> tuple[dict[tuple[str, str, str], dict[str, str]], list[tuple[dt.datetime, str, str]]]:
    """The policies of `planned` applications (`_add_policy`) and each action they list, as
    (window's opening, id, its JSON text): one run's share of the plan's document."""
    policies: dict[tuple[str, str, str], dict[str, str]] = {}
    rendered: list[tuple[dt.datetime, str, str]] = []
    for planned_app in planned:
        _add_policy(policies, planned_app.policy)
        for action in planned_app.actions:
            if include_all or action.status in OPEN_STATUSES:  # no property call
                rendered.append((action.not_before, action.id, action_json(action)))
    return policies, rendered


def in_order(rendered: list[tuple[dt.datetime, str, str]]) -> None:
    """Sort (window's opening, action id, text) by opening, then id, as a key of both would:
    when the openings share one zone, by id, then by opening alone (a stable sort keeps the
    ids' order among equal openings). A sort whose keys are all text or all moments compares
    each pair once, where one of pairs compares their first items for equality before ordering
    them (4,679 actions: 21 M instructions against 9 M). Moments of several zones compare by
    instant, except the second reading of a repeated hour (PEP 495), which makes the order
    depend on the comparisons made: those are sorted as before."""
    if len({id(opens.tzinfo) for opens, _, _ in rendered}) > 1:
        rendered.sort(key=lambda item: (item[0], item[1]))
        return
    rendered.sort(key=itemgetter(1))
    rendered.sort(key=itemgetter(0))


def render_json_files(plans: Sequence[Plan], *, include_all: bool = False) -> str:
    """`plans_to_dict(plans)` as `json.dumps(indent=2)` writes it, each action by `action_json`
    (the bytes of `iter_json_planned`)."""
    texts = [action_json(a) for a in _shown(plans, include_all)]
    return "".join(_written(_document(plans, []), texts))


def _written(document: dict[str, Any], actions: list[str]) -> Iterator[str]:
    """`document` (its `actions` empty) written as `json.dumps(indent=2)` writes it, with the
    actions' text in its `actions`, in pieces of at most _CHUNK_ACTIONS actions."""
    head = json.dumps(document, indent=2, ensure_ascii=False)
    if not actions:
        yield head + "\n"
        return
    tail = '"actions": []\n}'
    yield head[: -len(tail)] + '"actions": [\n    '
    for start in range(0, len(actions), _CHUNK_ACTIONS):
        lead = ",\n    " if start else ""
        yield lead + ",\n    ".join(actions[start : start + _CHUNK_ACTIONS])
    yield "\n  ]\n}\n"


def render_jsonl_files(plans: Sequence[Plan], *, include_all: bool = False) -> str:
    """`--format jsonl`: one compact action per line (the plan's `actions`, in its order), for
    batch consumers; each line is the plan schema's `#/$defs/action`."""
    actions = plans_to_dict(plans, include_all=include_all)["actions"]
    return "".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n" for a in actions)


_encode_text: Any = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.py_encode_basestring
)
"""json's own escaping of a text value (its C function where there is one)."""


_INNER: Final = "\n      "
"""An action's own keys, as the plan's document indents them."""
_EXPLAINED: Final = _INNER + "  "
"""The keys of its explanation."""
_RULE_PARTS: Final[dict[tuple[int, int], tuple[Policy, Any, str, str, bool]]] = {}
"""(policy, rule) by identity -> their written parts and whether the timing's words need no
escaping (the objects kept alive with them)."""


_TO_BETWEEN: Final = f'",{_INNER}  "'
"""Between two recipients that need no escaping, as `_texts` writes them."""


def _texts(items: list[str], newline: str) -> str:
    """A list of text as `json.dumps(indent=2)` writes it, its lines starting `newline`."""
    if not items:
        return "[]"
    inner = newline + "  "
    return "[" + inner + ("," + inner).join(map(_encode_text, items)) + newline + "]"


def _covers(action: Action) -> str:
    """The explanation's `covers` (`explain.explanation`) as `_texts` writes a list."""
    if not action.covers:
        return "[]"
    item, key = _EXPLAINED + "  ", _EXPLAINED + "    "
    written = (
        f'{{{key}"rule": {_encode_text(rule.id)},{key}"rule_source": {_encode_text(rule.source)}'
        f',{key}"cites": {_texts(list(rule.cites), key)}{item}}}'
        for rule in action.covers
    )
    return "[" + item + ("," + item).join(written) + _EXPLAINED + "]"


def _rule_parts(action: Action) -> tuple[Policy, Any, str, str, bool]:
    """What every action of one rule of one policy writes alike: its policy, rule and kind, and
    its explanation's `because`, `cites` and `rule_source` (written once per rule); and whether
    the words of its timing (`explain.timing_of`: the durations and the deadline's name) need
    no escaping."""
    rule = action.rule
    key = (id(action.policy), id(rule))
    found = _RULE_PARTS.get(key)
    if found is None:
        if len(_RULE_PARTS) >= 4096:
            _RULE_PARTS.clear()
        head = (
            f',{_INNER}"policy": {_encode_text(action.policy.name)}'
            f',{_INNER}"rule": {_encode_text(rule.id)}'
            f',{_INNER}"kind": {_encode_text(action.kind)}'
        )
        why = (
            f',{_EXPLAINED}"because": {_encode_text(rule.because)}'
            f',{_EXPLAINED}"cites": {_texts(list(rule.cites), _EXPLAINED)}'
            f',{_EXPLAINED}"rule_source": {_encode_text(rule.source)}'
        )
        timing = rule.timing
        words = (timing.not_before, timing.due_by, timing.late_after, timing.lapse_after)
        plain = _plain("".join((*map(str, words), timing.deadline or "")))
        found = _RULE_PARTS[key] = (action.policy, rule, head, why, plain)
    return found


_QUOTED: Final[dict[str, str]] = {}
"""A text -> json's writing of it, for the fields of few values (a recipient's zone, a
status's reason: 3,000 applications show 3 reasons): a lookup costs a fifth of an escaping
call."""


def _quoted(text: str) -> str:
    """json's writing of `text`, remembered (`_QUOTED`)."""
    if len(_QUOTED) >= 4096:
        _QUOTED.clear()
    written: str = _encode_text(text)
    _QUOTED[text] = written
    return written


_CHANNEL_TEXT: Final = {channel: _encode_text(channel) for channel in Channel}
"""Each channel as json writes it (a closed set)."""
_STATUS_TEXT: Final = {status: _encode_text(status) for status in Status}
"""Each status as json writes it (a closed set)."""


def _plain(text: str) -> bool:
    """Whether json writes `text` between its quotes as it is: it holds no `"`, `\\` or
    control character (escaping only ever lengthens a text)."""
    written: str = _encode_text(text)
    return len(written) == len(text) + 2


_ESCAPED: Final = bytes(127 if n < 32 or n in b'"\\' else n for n in range(256))
"""A table for `bytes.translate` that changes the bytes of what json escapes in a text
(`ensure_ascii=False`: the C0 controls, `"` and `\\`) and keeps every other: no byte of the
UTF-8 of any other character is one of them."""


def _matched(action: Action) -> str:
    """`matched_events(action)` as the explanation's list writes its items (without a set:
    at most three indexes, most often one or two)."""
    event = action.trigger.event
    found = [event.index]
    anchor = action.anchor_event
    if anchor is not None and anchor.index not in found:
        found.append(anchor.index)
    interview = action.trigger.interview
    if interview is not None and interview is not event and interview.index not in found:
        found.append(interview.index)
    if len(found) > 1:
        found.sort()
    return ",\n          ".join(map(int.__repr__, found))


def action_json(action: Action) -> str:
    """`action_to_dict(action)` as `json.dumps(indent=2)` writes it, indented as one of the
    document's actions: the same text without the dictionaries, in one f-string (its fixed text
    one piece between the values: an f-string joins every piece, and the pieces of several were
    joined again), a rule's parts written once (`_rule_parts`, looked up here: a Python call
    costs more than the lookup), each end of the window and each recipient written once for
    every field that shows them, the fields of few values looked up written (`_CHANNEL_TEXT`,
    `_STATUS_TEXT`, `_QUOTED`), one matched event written without a list (`_matched` for two or
    more). The summary and the timing are written between their quotes as they are unless a
    word of the input they hold needs escaping: their other words are the program's own
    (`explain.summary_of`: the kind's phrase, the window's days; `timing_of`: ISO moments, an
    event's number, the rule's durations and deadline, checked once per rule), so one look over
    those words (~110 characters) stands for two escaping calls over the texts (~380); the
    recipients then need none either, nor the action's and application's ids when the look
    took them in. The look is one `bytes.translate` of their UTF-8 (`_ESCAPED`): ~5
    instructions a byte, where an escaping call costs ~30 a character (and two calls fewer,
    the ids': 3,200 instructions an action). `tests/scale/test_fast_paths.py` and
    `tests/render/test_explained_texts.py` compare both on every action, the latter with names,
    notes and more holding what JSON escapes."""
    found = _RULE_PARTS.get((id(action.policy), id(action.rule)))
    _, _, head, why, plain = _rule_parts(action) if found is None else found
    text = _encode_text
    opens, opens_when = moment_texts(action.not_before)
    closes, closes_when = moment_texts(action.due_by)
    to = [p.display() for p in action.to] if action.to else []
    cc = [p.display() for p in action.cc] if action.cc else []
    covers = _texts([r.id for r in action.covers], _INNER) if action.covers else "[]"
    notes = _texts(list(action.notes), _EXPLAINED) if action.notes else "[]"
    cancelled, done, event = action.cancelled_by, action.done_by, action.anchor_event
    trigger = action.trigger
    first, interview = trigger.event, trigger.interview
    if (event is None or event is first) and (interview is None or interview is first):
        matched: int | str = first.index  # one event (3 actions in 4): no list, no sort
    else:
        matched = _matched(action)
    zone, reason = action.recipient_zone, action.status_reason
    summary = summary_of(action, opens_when, closes_when, to)
    timing = timing_of(action, opens, closes)
    ident, app = action.id, action.application.id
    said = "".join(  # what of the input the ids, the summary and the timing hold
        (
            ident,
            app,
            action.application.company,
            *to,
            *cc,
            action.anchor_name,
            "" if event is None else event.type,
            zone,
            *action.timing_notes,
        )
    )
    written = said.encode("utf-8", "surrogatepass")  # a lone surrogate: as json leaves it
    if not plain or written.translate(_ESCAPED) != written:  # one of them needs escaping
        summary, timing = text(summary)[1:-1], text(timing)[1:-1]
        ident, app = text(ident)[1:-1], text(app)[1:-1]
        listed = _texts(to, _INNER)
    else:  # and so are the recipients
        listed = f'[{_INNER}  "{_TO_BETWEEN.join(to)}"{_INNER}]' if to else "[]"
    quoted = _QUOTED.get
    return (
        f'{{\n      "id": "{ident}",\n      "application": "{app}"'
        f'{head},\n      "channel": {_CHANNEL_TEXT[action.channel]}'
        f',\n      "to": {listed},\n      "cc": {_texts(cc, _INNER) if cc else "[]"}'
        f',\n      "not_before": "{opens}",\n      "due_by": "{closes}"'
        f',\n      "recipient_timezone": {quoted(zone) or _quoted(zone)}'
        f',\n      "status": {_STATUS_TEXT[action.status]},\n      "covers": {covers}'
        f',\n      "explanation": {{\n        "summary": "{summary}"{why}'
        f',\n        "matched_events": [\n          {matched}\n        ]'
        f',\n        "timing": "{timing}"'
        f',\n        "cancelled_by": {"null" if cancelled is None else cancelled.index}'
        f',\n        "done_by": {"null" if done is None else done.index}'
        f',\n        "status_reason": {quoted(reason) or _quoted(reason)}'
        f',\n        "notes": {notes}'
        f',\n        "covers": {_covers(action) if action.covers else "[]"}\n      }}\n    }}'
    )
