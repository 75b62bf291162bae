"""The library's file-free door (`followup.api`): documents in memory in, the JSON contract out.

An events document is a mapping shaped like an events file (what `json.load` or
`yaml.safe_load` give: `datetime` and `date` values are taken as ISO text). It is read by the
same reader as a file, which reports every problem at once with its code and field, and planned
with the same policies and engine as the CLI.
Bad input raises `InvalidInput`; nothing reads the clock, prints or touches a file (policy
directories, when given, are read).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Unpack

import pendulum

from followup.api import Planning
from followup.dates.reading import parse_moment_text
from followup.errors import FollowupError, InputError, InvalidInput, Problem
from followup.events import EventsFile, parse_events
from followup.planner import Plan, PolicyChooser, plan
from followup.policy import Policy, builtin_names, load_policy
from followup.source import DEFAULT_MAX_BYTES, MAX_DEPTH, format_path, parse_document

DEFAULT_NAME = "events"
"""How an events document is named in the plan's `events_files` and in messages."""

AsOf = str | dt.datetime


def _problems(exc: FollowupError, default_code: str) -> list[tuple[str, str, str]]:
    if exc.problems:
        return [_triple(p) for p in exc.problems if p.severity == "error"] or [
            _triple(p) for p in exc.problems
        ]
    return [(default_code, "", exc.message)]


def _triple(problem: Problem) -> tuple[str, str, str]:
    return (problem.code, problem.field, problem.message)


def _plain(value: Any, path: tuple[str | int, ...], depth: int = 0) -> Any:
    """JSON values only: dates and date-times become ISO text, tuples lists."""
    if depth > MAX_DEPTH:
        raise InvalidInput([("too-deep", format_path(path), f"nested over {MAX_DEPTH} levels")])
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                where = format_path(path)
                raise InvalidInput([("bad-key", where, f"keys are text, not {key!r}")])
            out[key] = _plain(item, (*path, key), depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, (*path, i), depth + 1) for i, item in enumerate(value)]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    kind = type(value).__name__
    raise InvalidInput([("bad-value", format_path(path), f"not a JSON value ({kind})")])


def read_events(doc: Mapping[str, Any], name: str) -> EventsFile:
    """An events document in memory, checked as a file is (under the same size limit);
    `InvalidInput` lists the problems, sorted by path."""
    value = _plain(doc, ())
    text = json.dumps(value, ensure_ascii=False)
    if len(text.encode("utf-8")) > DEFAULT_MAX_BYTES:
        raise InvalidInput([("too-large", "", f"over the {DEFAULT_MAX_BYTES}-byte limit")])
    try:
        return parse_events(parse_document(text, name, "json"))
    except InputError as exc:
        found = _problems(exc, "invalid")
        raise InvalidInput(sorted(found, key=lambda p: (p[1], p[0], p[2]))) from None


def moment(as_of: AsOf, timezone: str) -> pendulum.DateTime:
    """`as_of` as text (`2026-10-07T09:00`; no offset: the candidate's zone) or a datetime
    (naive: the candidate's zone)."""
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is None:
            return pendulum.instance(as_of, tz=timezone)
        return pendulum.instance(as_of).in_timezone(timezone)
    if not isinstance(as_of, str):
        raise InvalidInput([("bad-as-of", "as_of", "give ISO 8601 text or a datetime")])
    try:
        return parse_moment_text(as_of, timezone)
    except ValueError as exc:
        raise InvalidInput([("bad-as-of", "as_of", str(exc))]) from None


def load_policy_text(text: str, name: str) -> Policy:
    """A policy from its YAML text, for `policy=` and `policies=` (it may extend a built-in
    policy by name, never a file); `InvalidInput` lists its errors."""
    from followup.policy.load import check_policy_text

    result = check_policy_text(text, name)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors or result.policy is None:
        raise InvalidInput([_triple(p) for p in errors] or [("invalid", "", "not a policy")])
    return result.policy


def validate_policy(text: str, name: str) -> dict[str, Any]:
    """Every problem of a policy given as YAML text, each with its line, column and code, as
    `followup validate --format json` lists them for a file; `valid` is false when one of them
    is an error."""
    from followup.policy.load import check_policy_text
    from followup.render.validate_render import problem_to_dict

    result = check_policy_text(text, name)
    policy = result.policy  # there is one only when no problem is an error
    return {
        "name": name,
        "valid": policy is not None,
        "policy": None
        if policy is None
        else {"name": policy.name, "sha256": policy.sha256, "rules": [r.id for r in policy.rules]},
        "problems": [problem_to_dict(p) for p in result.problems],
    }


def chooser(
    policy: str | Policy | None = None,
    policy_dirs: Sequence[str | Path] = (),
    policies: Sequence[Policy] = (),
) -> PolicyChooser:
    """Policies as the CLI chooses them: `policy` for every application (a Policy, or the name
    of one of `policies`, of a policy in `policy_dirs` or of a built-in), else by industry."""
    from followup.policy.registry import load_registered

    try:
        registered = [*policies, *load_registered([Path(d) for d in policy_dirs])]
    except FollowupError as exc:
        raise InvalidInput(_problems(exc, "bad-policy")) from None
    if policy is None or isinstance(policy, Policy):
        return PolicyChooser(policy, registered)
    found = next((p for p in registered if p.name == policy), None)
    if found is None and policy in builtin_names():
        found = load_policy(policy)
    if found is None:
        known = ", ".join(sorted({*builtin_names(), *(p.name for p in registered)}))
        raise InvalidInput([("unknown-policy", "policy", f"no policy {policy!r}; known: {known}")])
    return PolicyChooser(found, registered)


def plan_of(
    doc: Mapping[str, Any], as_of: AsOf, name: str = DEFAULT_NAME, **planning: Unpack[Planning]
) -> Plan:
    choose = chooser(**planning)
    events = read_events(doc, name)
    when = moment(as_of, events.candidate.timezone)
    try:
        return plan(events, as_of=when, chooser=choose)
    except FollowupError as exc:  # e.g. a policy that fails only when applied
        raise InvalidInput(_problems(exc, "invalid")) from None
