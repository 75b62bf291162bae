"""The audit log: one JSON line per `followup plan --audit-log FILE` run, and its verification.

A line records what is needed to answer "what did the tool recommend then, and from what?":

    {"audit_version": 1, "run_at": "...", "as_of": "...", "version": "0.1.0",
     "policy_override": null,
     "policies": [{"name", "source", "sha256", "builtin", "path"}],
     "inputs": [{"events": "as given", "path": "/absolute", "sha256": "...", "as_of": "...",
                 "assignments": {"app-id": "policy source"},
                 "actions": [{"id", "rule", "status"}]}]}

`sha256` of an events file is the digest of its text (what was planned; equal to `sha256sum` for
a UTF-8 file without a byte-order mark); a policy's is `Policy.sha256` (its file and every file it
extends), as in `followup plan --format json`. Every action is logged, whatever its status.

Every record is also a link of a hash chain (`seq`, `prev`, `hash`: see `followup.auditchain`,
which appends all or nothing and repairs a record cut short). The run time comes from a `Clock`
the caller passes in.

`verify_entry` re-runs a logged plan with the logged policies (assigned per application as
logged) and `as_of`, and compares the actions: `same`, `differs`, `policy changed` (a policy's
sha256 is not the logged one), or `inputs missing` (the events file is gone or changed, or a
policy can no longer be found or loaded).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from followup import __version__
from followup.auditchain import ChainProblem, LogEntry, append, check_chain, is_torn
from followup.dates.clock import Clock
from followup.dates.reading import BadMoment, parse_moment_text
from followup.errors import FollowupError, InputError, Location, Problem
from followup.events import Application, load_events
from followup.format import Checker, Key, one_line
from followup.frozen import frozen
from followup.planner import Plan, PolicyChooser, plan
from followup.policy import Policy, builtin_names, load_policy
from followup.policy.load import BUILTIN_DISPLAY_DIR, builtin_path, check_policy_file
from followup.source import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    PathKey,
    deeper_than,
    is_unicode_text,
    line_document,
    read_bytes,
)

AUDIT_VERSION = 2
"""2: records are chained (`seq`, `prev`, `hash`); version 1 records are not read."""

SAME = "same"
DIFFERS = "differs"
POLICY_CHANGED = "policy changed"
INPUTS_MISSING = "inputs missing"
VERDICTS = (SAME, DIFFERS, POLICY_CHANGED, INPUTS_MISSING)


# -- writing -----------------------------------------------------------------------------------
def _builtin_name(policy: Policy) -> str | None:
    """The built-in name when the policy is the packaged one: shown as `policies/NAME.yaml` and
    with the packaged content (not a user's file of that name)."""
    prefix = f"{BUILTIN_DISPLAY_DIR}/"
    name = policy.source.removeprefix(prefix).removesuffix(".yaml")
    if policy.source.startswith(prefix) and name in builtin_names():
        return name if load_policy(name).sha256 == policy.sha256 else None
    return None


def policy_entry(policy: Policy) -> dict[str, Any]:
    builtin = _builtin_name(policy)
    path = None if builtin else str(Path(policy.source).resolve())
    return {
        "name": policy.name,
        "source": policy.source,
        "sha256": policy.sha256,
        "builtin": builtin,
        "path": path,
    }


def log_run(
    path: Path, plans: Sequence[Plan], *, clock: Clock, policy_override: str | None
) -> str | None:
    """Chain the record of the run that made these plans onto the log and append it, all or
    nothing (`InputError` on failure); returns a note when a record cut short was removed
    first."""
    policies: dict[str, dict[str, Any]] = {}
    inputs = []
    for result in plans:
        events_path = Path(result.events.name)
        for policy in result.policies:
            policies.setdefault(policy.key, policy_entry(policy))
        inputs.append(
            {
                "events": str(events_path),
                "path": str(events_path.resolve()),
                "sha256": result.events.sha256,
                "as_of": result.as_of.isoformat(),
                "assignments": {app: p.source for app, p in result.assignments.items()},
                "actions": [
                    {"id": a.id, "rule": a.rule.id, "status": a.status} for a in result.actions
                ],
            }
        )
    record = {
        "audit_version": AUDIT_VERSION,
        "run_at": clock.now().in_timezone("UTC").isoformat(),
        "as_of": plans[0].as_of.isoformat() if plans else None,
        "version": __version__,
        "policy_override": policy_override,
        "policies": list(policies.values()),
        "inputs": inputs,
    }
    return append(path, record)


# -- reading -----------------------------------------------------------------------------------
@frozen
class AuditLog:
    """A log read in full: its records, and what breaks its chain (or cut its last line)."""

    entries: list[LogEntry]
    problems: list[ChainProblem]

    @property
    def head(self) -> str | None:
        """The hash of the last record: keep it elsewhere to detect records cut from the end."""
        last = self.entries[-1].record.get("hash") if self.entries else None
        return last if isinstance(last, str) else None

    def check_head(self, head: str) -> ChainProblem | None:
        """A problem unless some record's hash starts with `head` (a head kept earlier)."""
        wanted = head.strip().lower()
        if len(wanted) < 8 or not re.fullmatch(r"[0-9a-f]+", wanted):
            raise InputError(f"--head {head!r}: give a record hash (at least 8 hex digits)")
        for entry in self.entries:
            if str(entry.record.get("hash", "")).startswith(wanted):
                return None
        return ChainProblem(
            0,
            f"no record has hash {wanted}: records were removed from the end, "
            "or the log was rewritten",
        )


def _string(name: str, *, required: bool = True) -> Key:
    return Key(name, "string", "a string", required, null=not required)


def _moment(name: str, *, required: bool = True) -> Key:
    return Key(name, "moment", "a date-time", required, null=not required)


# An audit record, declared once: what the verifier reads (other keys, such as the chain's, are
# let be). `Checker.walk` checks a record against it.
_LOGGED_POLICY = (
    *(_string(name) for name in ("name", "source", "sha256")),
    _string("builtin", required=False),
    _string("path", required=False),
)
_LOGGED_ACTION = tuple(_string(name) for name in ("id", "rule", "status"))
_LOGGED_INPUT = (
    *(_string(name) for name in ("events", "path", "sha256")),
    _moment("as_of"),
    Key("assignments", "assignments", "an object of application id: policy source", True),
    Key(
        "actions",
        "list[map]",
        "a list of action records",
        True,
        keys=_LOGGED_ACTION,
        item="an action record (a JSON object)",
    ),
)
AUDIT_RECORD = (
    _moment("run_at"),
    _moment("as_of", required=False),  # null when a run planned nothing
    _string("version"),
    _string("policy_override", required=False),
    Key(
        "policies",
        "list[map]",
        "a list of policy records",
        True,
        keys=_LOGGED_POLICY,
        item="a policy record (a JSON object)",
    ),
    Key(
        "inputs",
        "list[map]",
        "a list of logged events files",
        True,
        keys=_LOGGED_INPUT,
        item="a logged events file (a JSON object)",
    ),
)
_REQUIRED = ("audit_version", *(key.name for key in AUDIT_RECORD if key.required))


class _RecordChecker(Checker):
    """Checks one record (one line) of an audit log against `AUDIT_RECORD`."""

    def other(self, value: Any, path: PathKey, key: Key) -> Any:
        if key.type == "string":
            if not is_unicode_text(value):
                self.wrong(path, "a string", value)
        elif key.type == "moment":
            try:
                parse_moment_text(value, None)
            except BadMoment as exc:
                self.report(path, exc.code, str(exc))
        elif not isinstance(value, dict) or not all(  # assignments
            is_unicode_text(app) and is_unicode_text(source) for app, source in value.items()
        ):
            self.wrong(path, key.doc, value)
        return value


def read_log(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> AuditLog:
    """Every record of an audit log and the breaks in its chain. A line that is no audit record
    and every field of a record the verifier cannot read are all reported in one `InputError`,
    each at `file:line:col` (a last line cut short by an interrupted write is a chain problem,
    not an error: the next append removes it)."""
    raw = read_bytes(path, str(path), max_bytes)  # a regular file, under the size limit
    name = str(path)
    entries = []
    problems = []
    found: list[Problem] = []
    lines = raw.split(b"\n")
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = Location(name, n, len(line) - len(line.lstrip()) + 1)  # the record
        try:
            text = line.decode("utf-8")
            record = json.loads(text)
            # The nesting limit of events and policy files (a record itself is 4 deep).
            too_deep = deeper_than(record, MAX_DEPTH)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            if n == len(lines) and is_torn(line):  # no newline after it: an interrupted write
                problems.append(ChainProblem(n, _CUT_SHORT))
                break
            if not isinstance(exc, RecursionError):
                message = f"not a JSON line ({exc})"
                found.append(Problem(_where_unreadable(where, line, exc), "syntax", message))
                continue
            too_deep = True  # deeper than json reads, so deeper than the limit
        if too_deep:
            message = f"not an audit record (nested deeper than {MAX_DEPTH})"
            found.append(Problem(where, "not-an-audit-record", message))
            continue
        if not isinstance(record, dict):
            message = "not an audit record (expected a JSON object)"
            found.append(Problem(where, "not-an-audit-record", message))
            continue
        missing = [k for k in _REQUIRED if k not in record]
        if missing:
            message = f"not an audit record: missing {', '.join(missing)}"
            found.append(Problem(where, "not-an-audit-record", message))
            continue
        version = record["audit_version"]
        if isinstance(version, bool) or version != AUDIT_VERSION:
            shown = repr(version) if isinstance(version, int | float | str) else "(not a number)"
            message = (
                f"audit_version {shown} is not supported "
                f"(this followup reads version {AUDIT_VERSION})"
            )
            found.append(Problem(where, "unsupported-version", message))
            continue
        checker = _RecordChecker(line_document(name, record, text, n))
        checker.walk(record, (), AUDIT_RECORD)
        if checker.problems:
            found.extend(checker.problems)
            continue
        entries.append(LogEntry(n, record))
    if found:
        message = one_line(found[0], len(found) - 1, whole="")
        raise InputError(message, found)
    chain = check_chain(entries)
    return AuditLog(entries, sorted([*chain, *problems], key=lambda p: p.line))


def _where_unreadable(record: Location, line: bytes, exc: ValueError) -> Location:
    """Where a line stops being UTF-8 or JSON (the decoder's column, in characters), else where
    its record starts."""
    if isinstance(exc, UnicodeDecodeError):
        col = len(line[: exc.start].decode("utf-8", "replace")) + 1
    elif isinstance(exc, json.JSONDecodeError):
        col = exc.colno
    else:
        return record
    return Location(record.file, record.line, col)


_CUT_SHORT = "a record cut short by an interrupted write (the next --audit-log run removes it)"


# -- verifying ---------------------------------------------------------------------------------
@frozen
class ActionDiff:
    id: str
    logged: str | None  # status then, None when the action did not exist
    now: str | None  # status now, None when it no longer exists


@frozen
class PolicyChange:
    name: str
    source: str
    logged: str  # sha256 then
    now: str  # sha256 now


@frozen
class Verification:
    entry: LogEntry
    verdict: str
    details: tuple[str, ...] = ()
    policy_changes: tuple[PolicyChange, ...] = ()
    diffs: tuple[ActionDiff, ...] = ()
    actions: int = 0  # actions compared


class _Replay(PolicyChooser):
    """Assign each application the policy the log says planned it."""

    def __init__(self, by_app: dict[str, Policy]) -> None:
        super().__init__()
        self.by_app = by_app

    def choose(self, app: Application) -> Policy:
        found = self.by_app.get(app.id)
        if found is not None:
            return found
        return super().choose(app)


def _reload_policy(entry: dict[str, Any]) -> Policy:
    """A logged policy as it is now, read afresh (no process cache); `FollowupError` if gone."""
    builtin = entry.get("builtin")
    if builtin:
        path = builtin_path(str(builtin))
        if path is None:
            raise InputError(f"built-in policy {builtin!r} no longer exists")
    else:
        path = Path(str(entry.get("path") or entry.get("source")))
        if not path.is_file():
            raise InputError(f"{path}: policy file not found")
    result = check_policy_file(path, referenced=True)
    if result.policy is None:  # there is a policy only when no problem is an error
        first = next((p.render() for p in result.problems if p.severity == "error"), "invalid")
        raise InputError(f"policy {entry.get('name')} no longer loads: {first}")
    return result.policy


def verify_entry(entry: LogEntry) -> Verification:
    """Re-run one logged plan (an entry `read_log` checked) and compare its actions with the
    logged ones."""
    record = entry.record
    details: list[str] = []
    if record.get("version") != __version__:
        details.append(f"logged by followup {record.get('version')}, now {__version__}")

    def missing(why: str) -> Verification:
        return Verification(entry, INPUTS_MISSING, (*details, why))

    policies: dict[str, Policy] = {}
    changes: list[PolicyChange] = []
    for logged in record["policies"]:
        source = str(logged.get("source"))
        try:
            now = _reload_policy(logged)
        except FollowupError as exc:
            return missing(exc.message)
        policies[source] = now
        if now.sha256 != logged.get("sha256"):
            changes.append(PolicyChange(now.name, source, str(logged.get("sha256")), now.sha256))
    diffs: list[ActionDiff] = []
    compared = 0
    for logged_input in record["inputs"]:
        path = Path(str(logged_input["path"]))
        shown = str(logged_input["events"])
        if not path.is_file():
            return missing(f"{shown}: events file not found")
        try:
            events = load_events(path, shown)
        except FollowupError as exc:
            return missing(exc.message)
        if events.sha256 != logged_input["sha256"]:
            return missing(f"{shown}: events file changed since the run")
        by_app = {
            app: policies[src]
            for app, src in logged_input["assignments"].items()
            if src in policies
        }
        as_of = parse_moment_text(logged_input["as_of"], None)  # checked by read_log
        result = plan(events, as_of=as_of, chooser=_Replay(by_app))
        then = {str(a["id"]): str(a["status"]) for a in logged_input["actions"]}
        now_ = {a.id: a.status for a in result.actions}
        compared += len(set(then) | set(now_))
        for action_id in sorted(set(then) | set(now_)):
            if then.get(action_id) != now_.get(action_id):
                diffs.append(ActionDiff(action_id, then.get(action_id), now_.get(action_id)))
    if changes:
        verdict = POLICY_CHANGED
    elif diffs:
        verdict = DIFFERS
    else:
        verdict = SAME
    return Verification(entry, verdict, tuple(details), tuple(changes), tuple(diffs), compared)
