"""The one door: the command line, the HTTP server and programs reach the library through here.

`plan` is a pure function of the events, the policies and `as_of` (see `followup.planner`).
The command line builds one `PlanRequest` and calls `plan_paths`/`plan_path`; programs pass
documents in memory to the `*_document` functions. Importing this module is cheap: every other
name is imported from its module on first use (`__getattr__` below), so `followup --help` and
the small commands load only what they use. Errors come out as `FollowupError` (the command
line's one handler turns it into exit 2) or, for documents, `InvalidInput`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from followup.errors import FollowupError, InputError, InvalidInput, did_you_mean
from followup.frozen import frozen

if TYPE_CHECKING:
    import pendulum

    from followup.actions import Action
    from followup.atomic import write_atomically as write_atomically
    from followup.audit import AuditLog, Verification
    from followup.audit import log_run as log_run
    from followup.auditchain import ChainProblem
    from followup.config import config_path as config_path
    from followup.config import load_config as load_config
    from followup.dates.clock import Clock as Clock
    from followup.dates.clock import SystemClock as SystemClock
    from followup.documents import AsOf
    from followup.documents import load_policy_text as load_policy_text
    from followup.documents import validate_policy as validate_policy
    from followup.drafts import draft_for as draft_for
    from followup.drafts import left_out as left_out
    from followup.drafts import tone_notes as tone_notes
    from followup.edits import Edit as Edit
    from followup.edits import EditRequest as EditRequest
    from followup.edits import act as act
    from followup.edits import add_event as add_event
    from followup.edits import completing as completing
    from followup.edits import dismissal as dismissal
    from followup.edits import import_from_mail as import_from_mail
    from followup.edits import mark_lead as mark_lead
    from followup.edits import new_application as new_application
    from followup.edits import read_invitation as read_invitation
    from followup.edits import reschedule as reschedule
    from followup.edits import set_contact as set_contact
    from followup.edits import set_surnames as set_surnames
    from followup.edits import snoozing as snoozing
    from followup.events import EventsFile as EventsFile
    from followup.gcpause import paused_gc as paused_gc
    from followup.ics import build_calendar as build_calendar
    from followup.limits import MAX_INPUT_MB as MAX_INPUT_MB
    from followup.limits import MAX_REQUEST_KB as MAX_REQUEST_KB
    from followup.mailimport import Mail as Mail
    from followup.mailimport import Scan as Scan
    from followup.partition import is_problem_line as is_problem_line
    from followup.partition import plan_partition as plan_partition
    from followup.planner import Plan as Plan
    from followup.planner import PlannedApplication as PlannedApplication
    from followup.planner import PolicyChooser as PolicyChooser
    from followup.planner import builtin_policies as builtin_policies
    from followup.planner import iter_plan_applications as iter_plan_applications
    from followup.planner import plan as plan
    from followup.policy import Policy as Policy
    from followup.policy import builtin_path as builtin_path
    from followup.policy import load_policy as load_policy
    from followup.policy.dump import policy_to_yaml as policy_to_yaml
    from followup.policy.load import check_policy_file as check_policy_file
    from followup.policy.load import looks_like_path as looks_like_path
    from followup.policy.load import resolve_reference as resolve_reference
    from followup.policy.registry import ENV_VAR as POLICY_DIR_ENV_VAR
    from followup.policy.registry import dirs_from_env as dirs_from_env
    from followup.policy.registry import load_registered as load_registered
    from followup.policy.starter import policy_name_for as policy_name_for
    from followup.policy.starter import starter_policy as starter_policy
    from followup.policy.validate import find_policy_files as find_policy_files
    from followup.policy.validate import validate_files as validate_files
    from followup.policytests import run_tests as run_tests
    from followup.record import default_events_path as default_events_path
    from followup.record import parse_person as parse_person
    from followup.schemas import schema_text as schema_text
    from followup.serve import create_app as create_app
    from followup.whynot import why_not as why_not

_ELSEWHERE: dict[str, tuple[str, str]] = {
    name: (module, attribute or name)
    for module, names in {
        "followup.atomic": "write_atomically",
        "followup.audit": "log_run",
        "followup.dates.clock": "Clock SystemClock",
        "followup.config": "config_path load_config",
        "followup.documents": "load_policy_text validate_policy",
        "followup.events": "EventsFile",
        "followup.edits": "Edit EditRequest act add_event completing dismissal import_from_mail "
        "mark_lead new_application read_invitation reschedule set_contact set_surnames snoozing",
        "followup.gcpause": "paused_gc",
        "followup.mailimport": "Mail Scan",
        "followup.drafts": "draft_for left_out tone_notes",
        "followup.ics": "build_calendar",
        "followup.limits": "MAX_INPUT_MB MAX_REQUEST_KB",
        "followup.partition": "is_problem_line plan_partition",
        "followup.planner": "Plan PlannedApplication PolicyChooser "
        "builtin_policies iter_plan_applications plan",
        "followup.policy": "Policy builtin_path load_policy",
        "followup.policy.dump": "policy_to_yaml",
        "followup.policy.load": "check_policy_file looks_like_path resolve_reference",
        "followup.policy.registry": "POLICY_DIR_ENV_VAR=ENV_VAR dirs_from_env load_registered",
        "followup.policy.starter": "policy_name_for starter_policy",
        "followup.policy.validate": "find_policy_files validate_files",
        "followup.policytests": "run_tests",
        "followup.record": "default_events_path parse_person",
        "followup.schemas": "schema_text",
        "followup.serve": "create_app",
        "followup.whynot": "why_not",
    }.items()
    for entry in names.split()
    for name, _, attribute in [entry.partition("=")]
}
"""The names this door passes on from other modules: name -> (module, its name there)."""


def __getattr__(name: str) -> Any:
    """Import a passed-on name from its module on first use (and keep it)."""
    found = _ELSEWHERE.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(found[0]), found[1])
    globals()[name] = value
    return value


# -- The command line's door --------------------------------------------------------------------


@frozen
class PlanRequest:
    """What a command asks to plan: events files (or folders of them), the input size limit,
    `--policy` (a name or a file, for every application), `--as-of` (text; None: the clock's
    now), the registered policy folders in search order and the processes `followup plan`
    plans its text and JSON in (`followup.forked`; 0: one per CPU)."""

    events: Sequence[Path]
    max_bytes: int
    policy: str | None = None
    as_of: str | None = None
    policy_dirs: Sequence[Path] = ()
    clock: Clock | None = None
    jobs: int = 1


def plan_paths(request: PlanRequest) -> list[Plan]:
    """One `Plan` per events file of the request (folders stand for their files, see
    `followup.batch`), planned in this process (planned actions cost more to send between
    processes than to plan: `followup.forked` sends text).

    Policy choice: `policy` for all > `policy_dirs` by industry > built-ins by industry >
    generic."""
    from followup.batch import plan_files

    files, moments, chooser = plan_inputs(request)
    return plan_files(files, as_of=moments, chooser=chooser)


def plan_path(request: PlanRequest) -> Plan:
    """The `Plan` of the request's one events file."""
    from followup.events import load_events
    from followup.planner import plan

    chooser = policy_chooser(request.policy, request.policy_dirs)
    [path] = request.events
    events = load_events(path, str(path), max_bytes=request.max_bytes)
    return plan(events, as_of=_moments(request, [events])[0], chooser=chooser)


def plan_inputs(
    request: PlanRequest,
) -> tuple[list[EventsFile], list[pendulum.DateTime], PolicyChooser]:
    """What `plan_paths` plans, not planned yet: the events files, each one's moment and the
    policy chooser (for output written as each application is planned)."""
    from followup.batch import load_events_files

    chooser = policy_chooser(request.policy, request.policy_dirs)
    files = load_events_files(request.events, max_bytes=request.max_bytes)
    return files, _moments(request, files), chooser


def policy_chooser(
    policy: str | None, policy_dirs: Sequence[Path] | Callable[[], Sequence[Path]] = ()
) -> PolicyChooser:
    """`policy` (a name or a file, see `policy_ref`) for every application, else each one's
    industry chooses among the policies in `policy_dirs` and the built-ins."""
    from followup.planner import PolicyChooser
    from followup.policy.registry import load_registered

    if policy is not None:
        return PolicyChooser(policy_ref(policy, policy_dirs))
    return PolicyChooser(None, load_registered(policy_dirs_of(policy_dirs)))


def policy_dirs_of(dirs: Sequence[Path] | Callable[[], Sequence[Path]]) -> Sequence[Path]:
    """The policy folders, given or (a function, as the commands pass them: reading the config
    file may fail) found now."""
    return dirs() if callable(dirs) else dirs


def _moments(request: PlanRequest, files: Sequence[EventsFile]) -> list[pendulum.DateTime]:
    """`as_of` read in each file's candidate's zone (when it has no offset), else one now."""
    if request.as_of is not None:
        from followup.dates.reading import parse_as_of

        return [parse_as_of(request.as_of, f.candidate.timezone) for f in files]
    from followup.dates.clock import SystemClock

    return [(request.clock or SystemClock()).now()] * len(files)


@frozen
class LogCheck:
    """`followup audit verify`: an audit log, what breaks its chain (with a missing `head`) and
    each logged run re-run."""

    path: Path
    log: AuditLog
    problems: list[ChainProblem]
    results: list[Verification]

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.verdict == "same" for r in self.results)


def check_audit_log(path: Path, max_bytes: int, head: str | None = None) -> LogCheck:
    """Read an audit log, check its hash chain (and that it still holds the record `head`
    names) and re-run every plan it logged."""
    from followup.audit import read_log, verify_entry

    log = read_log(path, max_bytes)
    problems = list(log.problems)
    missing = log.check_head(head) if head is not None else None
    problems += [missing] if missing is not None else []
    return LogCheck(path, log, problems, [verify_entry(entry) for entry in log.entries])


def policy_ref(ref: str, policy_dirs: Sequence[Path] | Callable[[], Sequence[Path]] = ()) -> Policy:
    """`--policy NAME|PATH`: a built-in's name, a policy's name in `policy_dirs` (a function
    giving them: called only for a name that is not a built-in's) or a policy file; an unknown
    name gets a did-you-mean."""
    from followup.policy import builtin_names, load_policy
    from followup.policy.load import looks_like_path, unknown_policy
    from followup.policy.registry import load_registered

    if looks_like_path(ref) or ref in builtin_names():
        return load_policy(ref)
    registered = load_registered(policy_dirs_of(policy_dirs))
    found = next((policy for policy in registered if policy.name == ref), None)
    if found is None:
        raise unknown_policy(ref, registered)
    return found


# -- The library's file-free door ---------------------------------------------------------------
# Documents in memory in, today's JSON contract out; `as_of` is always given (no hidden clock);
# bad input raises `InvalidInput` with every problem as (code, path, message). docs/api.md.


class Planning(TypedDict, total=False):
    """How every `*_document` function chooses policies: `policy` plans every application (a
    `Policy` or a name); else each application's industry chooses among `policies`, the
    policies in `policy_dirs` and the built-ins."""

    policy: str | Policy | None
    policy_dirs: Sequence[str | Path]
    policies: Sequence[Policy]


def plan_document(
    doc: Mapping[str, Any],
    *,
    as_of: AsOf,
    include_all: bool = False,
    name: str = "events",
    **planning: Unpack[Planning],
) -> dict[str, Any]:
    """The plan of an events document, as `followup plan --format json` prints it (open actions;
    `include_all` adds done and cancelled ones). `name` is the document's name in
    `events_files`."""
    from followup.documents import plan_of
    from followup.render.json_render import plans_to_dict

    result = plan_of(doc, as_of, name=name, **planning)
    return plans_to_dict([result], include_all=include_all)


def explain_document(
    doc: Mapping[str, Any], action_id: str, *, as_of: AsOf, **planning: Unpack[Planning]
) -> dict[str, Any]:
    """One action (any status) as in the plan's JSON, and `text`, the account `followup explain`
    prints."""
    from followup.documents import plan_of
    from followup.render.explain_render import explain_to_dict

    result = plan_of(doc, as_of, **planning)
    return explain_to_dict(result, find_action(result, action_id))


def why_not_document(
    doc: Mapping[str, Any],
    rule_id: str,
    *,
    application: str | None = None,
    as_of: AsOf,
    **planning: Unpack[Planning],
) -> dict[str, Any]:
    """Why a rule gave no open action for an application (`followup explain --why-not`):
    every condition with the fact value it saw, event by event, or what became of the action."""
    from followup.documents import plan_of
    from followup.whynot import why_not, why_not_dict

    result = plan_of(doc, as_of, **planning)
    try:
        return why_not_dict(why_not(result, rule_id, application))
    except FollowupError as exc:
        raise InvalidInput([("unknown-rule-or-application", "rule", exc.message)]) from None


def draft_document(
    doc: Mapping[str, Any], action_id: str, *, as_of: AsOf, **planning: Unpack[Planning]
) -> dict[str, Any]:
    """The message for one action (`followup draft`): subject (None for a call or a note to
    yourself), body, the people it goes to, what it leaves out (`left_out`: another
    application's message to the same person whose window opens later) and what to edit in it
    (`tone`: an emoji or exclamation mark from the events file's words, G27), as `followup
    draft` says on stderr."""
    from followup.documents import plan_of
    from followup.drafts import contact_fields, draft_for, left_out, tone_notes

    result = plan_of(doc, as_of, **planning)
    action = find_action(result, action_id)
    try:
        draft = draft_for(action, result.events.candidate)
    except FollowupError as exc:
        raise InvalidInput([("draft-failed", "action_id", exc.message)]) from None
    return {
        "action_id": action.id,
        "channel": draft.channel,
        "subject": draft.subject,
        "body": draft.body,
        "template": draft.template_name,
        "to": [contact_fields(c) for c in draft.to],
        "cc": [contact_fields(c) for c in draft.cc],
        "left_out": left_out(action),
        "tone": tone_notes(draft),
    }


def find_action(result: Plan, action_id: str, where: str | None = None) -> Action:
    """The action with this id (any status), else a did-you-mean in an `InputError` naming
    `where`, or (no `where`: a document's `action_id`) in an `InvalidInput`."""
    action = result.find(action_id)
    if action is not None:
        return action
    ids = [a.id for a in result.actions]
    if where is None:
        hint = did_you_mean(action_id, ids, n=3)
        raise InvalidInput([("unknown-action", "action_id", f"no action {action_id!r}{hint}")])
    hint = did_you_mean(action_id, ids, n=3, cutoff=0.5, otherwise=_ALL_IDS)
    raise InputError(f"{where}: no action {action_id!r}{hint}")


_ALL_IDS = "; `followup plan --all` lists ids"


__all__ = [
    "POLICY_DIR_ENV_VAR",
    "InvalidInput",
    "LogCheck",
    "Plan",
    "PlanRequest",
    "PlannedApplication",
    "Planning",
    "PolicyChooser",
    "check_audit_log",
    "draft_document",
    "explain_document",
    "find_action",
    "iter_plan_applications",
    "load_policy_text",
    "plan",
    "plan_document",
    "plan_inputs",
    "plan_path",
    "plan_paths",
    "policy_chooser",
    "policy_ref",
    "validate_policy",
    "why_not_document",
]
