"""The durable_rules adapter: the only module that imports durable.

How it fences durable_rules' sharp edges (see DEVELOPERS.md and docs/engine.md):
- No `Host`: its two timer threads run on wall-clock time. We create each policy's `Ruleset`
  directly, once per process, under a name that includes the policy's content hash (durable has
  no update of a ruleset), and drive its actions synchronously from the C engine.
- One short-lived session per evaluation, with a process-unique id, deleted in a `finally`:
  durable hashes session ids to 32 bits, so two live sessions could share facts; ours never
  overlap. Inside a session the fact ids are the facts' positions "0", "1", ...
  (tests/engine/test_durable_engine.py checks that thousands of them never collide).
- Facts are asserted (not posted): an event is consumed by the first rule that matches it, a
  fact is seen by every rule.
- Matches are collected from the engine's action queue, never by raising inside an action
  (durable swallows those exceptions); `MessageNotHandledException` means "nothing fired".
- A catch-all rule (compile.CATCH_ALL) handles every fact: deleting a session holding a fact
  that matched nothing crashes durable's C engine, and so does deleting one with actions still
  pending (an error mid-drain completes them unread first).
- Only small integers reach the engine (compile.py), and a policy too large for one ruleset's
  fixed-size tables is split over several (network.py), each evaluated in its own session:
  256 rules with the same conditions crashed the process, 257 raised durable's error 108.
  `validate` refuses policies past the documented limits (followup.limits) before any of this.
- The engine's verdict on a fact is kept per policy (`Compiled.verdicts`), by the fact's key
  (`FactEncoder.key`: its event and what the conditions of the rules that start on it can tell
  apart, so what decides the verdict): a fact of a key seen before is neither written nor sent,
  and one whose event starts no rule (key None) is never sent (the 3,000-application synthetic
  plan's 9,987 facts are 2,778 of those and 163 keys). The verdicts are also kept by what the
  rules that start on a fact's event read of it, as it is (`Compiled.read`, `compile.reader`:
  976 readings), asked first because one `itemgetter` call costs less than the key.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from typing import Any

import durable_rules_engine  # type: ignore[import-not-found,unused-ignore]
from durable import engine as durable

from followup.engine.compile import CATCH_ALL, FactEncoder, Key, compile_rulesets, no_action
from followup.facts import Trigger
from followup.frozen import frozen
from followup.policy.model import Policy

_lock = threading.Lock()
_session_ids = itertools.count(1)

VERDICTS_KEPT = 65_536
"""How many facts' verdicts a policy keeps (a fact's key -> the rules that fire on it): the
synthetic plans hold a few thousand distinct facts; past this the memo starts again."""


@frozen
class Compiled:
    """A policy as durable_rules runs it: its Rulesets (one unless it is large), the encoder of
    the facts its conditions read, and the engine's verdict on each fact it has seen, by key.

    Rules match one flat fact against constants, so the verdict is a function of the key
    (`FactEncoder.key`), and the verdict on the first fact of a key is kept for every other;
    tests/engine checks that facts of one key fire the same rules, and the memo against the
    reference evaluator."""

    rulesets: tuple[Any, ...]
    encode: FactEncoder
    verdicts: dict[Key, tuple[str, ...]]
    read: dict[tuple[Any, ...], tuple[str, ...]]
    """The verdicts again, by what a trigger's rules read as it is (`compile.reader`): asked
    first, as it costs less than the key."""

    def forget(self) -> None:
        """Start both memos again: every fact is sent to the engine once more."""
        self.verdicts.clear()
        self.read.clear()


_compiled: dict[str, Compiled] = {}


_by_object: dict[int, tuple[Policy, Compiled]] = {}
"""`rulesets_for`'s answer by the policy object's identity (the object is held, so its id cannot
be reused while its entry is kept): a plan asks for every application, and `Policy.key` (a text
made each time) and the lock cost about 5.5 k instructions a call (0.4 % of a plan)."""

OBJECTS_KEPT = 64
"""How many policy objects `_by_object` holds before it starts again (policies read anew, as a
long-running service may, would otherwise each stay alive)."""


def rulesets_for(policy: Policy) -> Compiled:
    """The policy compiled for durable_rules, registered once per process under name-hash[-part]."""
    held = _by_object.get(id(policy))
    if held is not None and held[0] is policy:
        return held[1]
    found = _compiled_for(policy)
    if len(_by_object) >= OBJECTS_KEPT:
        _by_object.clear()
    _by_object[id(policy)] = (policy, found)
    return found


def _compiled_for(policy: Policy) -> Compiled:
    """`rulesets_for` by the policy's content (`Policy.key`): policies of one content share it."""
    with _lock:
        found = _compiled.get(policy.key)
        if found is None:
            rulesets = []
            for part, definition in enumerate(compile_rulesets(policy)):
                for rule in definition.values():
                    rule["run"] = no_action
                name = policy.key if part == 0 else f"{policy.key}-{part}"
                rulesets.append(durable.Ruleset(name, None, definition))
            found = Compiled(tuple(rulesets), FactEncoder(policy), {}, {})
            _compiled[policy.key] = found
        return found


_ID_MARK = '"id": "'
_CATCH_ALL_PREFIX = '{"' + CATCH_ALL + '"'


def _parse_match(message: str) -> tuple[str, int]:
    """(rule id, trigger position) from an action message.

    Messages look like `{"RULE":{"m":{"sid": "S", "id": "N", ...}}}`.

    The engine echoes the fact as we sent it, `sid` and `id` first (neither can hold a quote), so
    the two values are read directly; anything unexpected falls back to decoding the JSON.
    """
    end = message.find('"', 2)
    mark = message.find(_ID_MARK, end)
    if end > 2 and mark != -1:
        start = mark + len(_ID_MARK)
        digits = message[start : message.find('"', start)]
        if digits.isdigit():
            return message[2:end], int(digits)
    ((rule_id, match),) = json.loads(message).items()
    return str(rule_id), int(match["m"]["_position"])


def _drain(handle: Any, state_handle: Any) -> list[tuple[str, int]]:
    """Run the engine's action queue for one session, recording (rule id, trigger position)."""
    fired: list[tuple[str, int]] = []
    result = durable_rules_engine.start_action_for_state(handle, state_handle)
    message = result[1] if result else None
    while message:
        # Every trigger also matches the catch-all rule: skip those without reading them.
        if not message.startswith(_CATCH_ALL_PREFIX):
            fired.append(_parse_match(message))
        message = durable_rules_engine.complete_and_start_action(handle, state_handle)
    return fired


def _discard(handle: Any, state_handle: Any) -> None:
    """Complete every pending action unread: deleting a session with actions pending crashes."""
    pending = durable_rules_engine.start_action_for_state(handle, state_handle)
    while pending:
        pending = durable_rules_engine.complete_and_start_action(handle, state_handle)


def match_rules_durable(policy: Policy, triggers: list[Trigger]) -> list[tuple[str, int]]:
    """(rule id, trigger position) for every rule of the policy that fires on a trigger.

    Only a fact of a key with no verdict yet reaches the engine, one per key, in one session
    per ruleset; a fact whose event starts no rule (key None) never does. The verdicts are kept
    by key (`FactEncoder.key`), so most applications need no session at all."""
    if not triggers:
        return []
    compiled = rulesets_for(policy)
    encode, verdicts, by_read = compiled.encode, compiled.verdicts, compiled.read
    readers = encode.readers  # each event's reader and key (`FactEncoder.reader_of`)
    # Most applications' keys all have verdicts: matched in one pass that keeps nothing else,
    # left for the general way below at the first key without one (0.6 % of a plan).
    fired: list[tuple[str, int]] = []
    for trigger in triggers:
        values = trigger.values
        try:
            of = readers[values[0]]  # the `event` fact
        except KeyError:
            of = encode.reader_of(values[0])
        if of is None:
            continue  # no rule starts on its event: nothing can fire
        read = of[0](values)
        rules = by_read.get(read)
        if rules is None:
            rules = verdicts.get(of[1](values))
            if rules is None:
                return _match_with_new_keys(compiled, triggers)
            if len(by_read) >= VERDICTS_KEPT:
                by_read.clear()
            by_read[read] = rules
        position = trigger.position
        for rule_id in rules:
            fired.append((rule_id, position))
    return fired


def _match_with_new_keys(compiled: Compiled, triggers: list[Trigger]) -> list[tuple[str, int]]:
    """`match_rules_durable` when a key may have no verdict yet: each new key's first fact is
    sent, in one session per ruleset."""
    key_of, verdicts = compiled.encode.key, compiled.verdicts
    fired: list[tuple[str, int]] = []
    seen: list[tuple[int, Key, tuple[str, ...] | None]] = []  # for the slow way
    unknown: dict[Key, Trigger] = {}  # each new key's first fact
    for trigger in triggers:
        key = key_of(trigger.values)
        if key is None:
            continue  # no rule starts on its event: nothing can fire
        rules = verdicts.get(key)  # read once: another thread may start the memo again
        seen.append((trigger.position, key, rules))
        if rules is None:
            unknown.setdefault(key, trigger)
        elif rules:
            fired.extend((rule_id, trigger.position) for rule_id in rules)
    if not unknown:
        return fired
    found = _verdicts(compiled, unknown)
    return [
        (rule_id, position)
        for position, key, rules in seen
        for rule_id in (found[key] if rules is None else rules)
    ]


def _verdicts(compiled: Compiled, unknown: dict[Key, Trigger]) -> dict[Key, tuple[str, ...]]:
    """The engine's verdict on each key of `unknown` (key -> its first fact), kept in
    `compiled.verdicts`: one fact of each key written and sent, in one session per ruleset."""
    texts = [compiled.encode(trigger.counted()) for trigger in unknown.values()]
    rules: list[list[str]] = [[] for _ in texts]
    for ruleset in compiled.rulesets:
        for rule_id, at in _match_in(ruleset, texts):
            rules[at].append(rule_id)
    found = dict(zip(unknown, map(tuple, rules), strict=True))
    verdicts = compiled.verdicts
    if len(verdicts) + len(found) > VERDICTS_KEPT:
        verdicts.clear()
    verdicts.update(found)
    return found


def _match_in(ruleset: Any, encoded: list[str]) -> list[tuple[str, int]]:
    """(rule id, index in `encoded`) for every rule of one ruleset that fires, in one session.

    The facts go to the engine as the JSON text `Ruleset.assert_facts` would make of them
    (`[{"sid": "S", "id": "N", ..., "_position": N}, ...]`, N the index), written directly (see
    `FactEncoder`); its result is read by the `Ruleset`'s own `_handle_result`."""
    sid = f"{os.getpid()}-{next(_session_ids)}"
    facts = ", ".join(
        f'{{"sid": "{sid}", "id": "{i}", {fact}, "_position": {i}}}'
        for i, fact in enumerate(encoded)
    )
    state_handle = None
    drained = False
    try:
        try:
            result = durable_rules_engine.assert_facts(ruleset._handle, f"[{facts}]")
            state_handle = ruleset._handle_result(result, facts)
        except durable.MessageNotHandledException:
            return []
        fired = _drain(ruleset._handle, state_handle)
        drained = True
        return fired
    finally:
        if state_handle is not None and not drained:
            _discard(ruleset._handle, state_handle)
        ruleset.delete_state(sid)
