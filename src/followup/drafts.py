"""Draft messages for planned actions, rendered from Jinja2 templates.

`render_draft(action, context)` picks the built-in template for the action's kind and channel
(`thank_you.email.j2`, falling back to any channel of that kind) and returns a `Draft`. A user can
copy a built-in template (see `TEMPLATE_DIR` and `list_templates()`), edit it and pass it as
`template=`. A template's first line may be `Subject: ...`; it becomes `Draft.subject`.

Templates see these variables (all read-only):

- `candidate` (`name`, `email`, `phone`), `application` (`id`, `company`, `role`, `industry`,
  `recruiter`), `interview` (`at`, `round`, `format`, `decision_by`, `topics`, `interviewers`,
  `lead`; or `none`), `recipient` (a person or `none`), `action` (`id`, `kind`, `channel`,
  `application`, `policy`, `rule`, `to`, `cc`, `to_names`, `cc_names`, `not_before`, `due_by`,
  `status`, `explanation` with `summary`, `because`, `cites`, `rule_source`, `timing`).
  A person has `name`, `title`, `honorific`, `email`, `phone`, `lead`, `surname`, `formal_name`.
- Ready-made phrases: `greeting` ("Dear Dr. Hopper,"), `addressee` (the person addressed or
  `none`), `closing` ("Sincerely,"), `signature` (the candidate's name), `interview_label`
  ("second interview"), `interview_date` / `decision_date` (e.g. "Tuesday 6 October 2026" or
  `none`), `topic` (the first topic discussed or `none`), `topics`, `panel` (the action has cc
  recipients), `cc_names`, `recipient_role` ("interviewer", "recruiter" or "contact").
- Filters: `long_date` (a date-time to "Tuesday 6 October 2026"), `names` (a list to
  "A, B and C").

Templates render with `StrictUndefined`: a field the context lacks raises an `InputError` naming
the template file, the line and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import getaddresses
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from followup.errors import InputError

TEMPLATE_DIR: Path = Path(__file__).resolve().parent / "templates"
"""Where the built-in templates live: `<kind>.<channel>.j2`, `channel` also `note`."""

TEMPLATE_SUFFIX = ".j2"
CLOSING = "Sincerely,"
FALLBACK_GREETING = "Dear Hiring Manager,"

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_SUBJECT = re.compile(r"^Subject:[ \t]*(?P<subject>.*)$")
_BLANK_RUNS = re.compile(r"\n{3,}")
_NAME_PART = re.compile(r"^[a-z][a-z0-9_]*$")


# -- the context ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contact:
    """A person a message is addressed to or mentions: interviewer, recruiter or recipient."""

    name: str
    title: str | None = None
    honorific: str | None = None
    email: str | None = None
    phone: str | None = None
    lead: bool = False

    @property
    def surname(self) -> str:
        """The last word of the name: "Hopper" for "Grace Hopper"."""
        parts = self.name.split()
        return parts[-1] if parts else self.name

    @property
    def formal_name(self) -> str:
        """Honorific and surname when an honorific is known ("Dr. Hopper"), else the full name."""
        return f"{self.honorific} {self.surname}" if self.honorific else self.name

    def matches(self, name: str, email: str) -> bool:
        """Whether a parsed address (display name, email) refers to this person."""
        names = {self.name.casefold(), (self.email or "").casefold()} - {""}
        return bool({name.casefold(), email.casefold()} & names)


@dataclass(frozen=True, slots=True)
class CandidateInfo:
    """The job seeker who signs the message."""

    FIELD_OWNER: ClassVar[str] = "candidate"

    name: str
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class ApplicationInfo:
    """The application the action belongs to."""

    FIELD_OWNER: ClassVar[str] = "application"

    id: str
    company: str
    role: str
    industry: str | None = None
    recruiter: Contact | None = None


@dataclass(frozen=True, slots=True)
class InterviewInfo:
    """The interview the action is about."""

    FIELD_OWNER: ClassVar[str] = "interview"

    at: datetime
    round: int | None = None
    format: str | None = None
    decision_by: datetime | None = None
    topics: tuple[str, ...] = ()
    interviewers: tuple[Contact, ...] = ()

    @property
    def lead(self) -> Contact | None:
        """The interviewer marked `lead`, else the first interviewer, else None."""
        for person in self.interviewers:
            if person.lead:
                return person
        return self.interviewers[0] if self.interviewers else None


@dataclass(frozen=True, slots=True)
class DraftContext:
    """Everything a template may use besides the action itself. Built from plain dicts."""

    FIELD_OWNER: ClassVar[str] = "context"

    candidate: CandidateInfo
    application: ApplicationInfo
    interview: InterviewInfo | None = None
    recipient: Contact | None = None

    @classmethod
    def from_dicts(
        cls,
        candidate: Mapping[str, Any],
        application: Mapping[str, Any],
        interview: Mapping[str, Any] | None = None,
        recipient: Mapping[str, Any] | None = None,
    ) -> DraftContext:
        """Build a context from the JSON-shaped dicts; bad input raises `InputError`."""
        return cls(
            candidate=_candidate(_mapping(candidate, "candidate")),
            application=_application(_mapping(application, "application")),
            interview=None if interview is None else _interview(_mapping(interview, "interview")),
            recipient=None if recipient is None else _contact(recipient, "recipient"),
        )


@dataclass(frozen=True, slots=True)
class ExplanationInfo:
    """Why the action is planned, as the plan explains it."""

    FIELD_OWNER: ClassVar[str] = "action.explanation"

    summary: str = ""
    because: str = ""
    cites: tuple[str, ...] = ()
    rule_source: str = ""
    timing: str = ""


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """The planned action as templates see it."""

    FIELD_OWNER: ClassVar[str] = "action"

    id: str
    kind: str
    channel: str
    application: str = ""
    policy: str = ""
    rule: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    not_before: str = ""
    due_by: str = ""
    status: str = ""
    explanation: ExplanationInfo = ExplanationInfo()

    @property
    def to_names(self) -> list[str]:
        """Display names (or bare addresses) of the `to` recipients."""
        return _display_names(self.to)

    @property
    def cc_names(self) -> list[str]:
        """Display names (or bare addresses) of the `cc` recipients."""
        return _display_names(self.cc)

    @classmethod
    def from_dict(cls, action: Mapping[str, Any]) -> ActionInfo:
        """Read the fields templates use from an action in the JSON contract."""
        data = _mapping(action, "action")
        explanation = _mapping(data.get("explanation") or {}, "action.explanation")
        return cls(
            id=_text(data, "id", "action"),
            kind=_text(data, "kind", "action"),
            channel=_text(data, "channel", "action"),
            application=_opt_text(data, "application", "action") or "",
            policy=_opt_text(data, "policy", "action") or "",
            rule=_opt_text(data, "rule", "action") or "",
            to=_texts(data, "to", "action"),
            cc=_texts(data, "cc", "action"),
            not_before=_opt_text(data, "not_before", "action") or "",
            due_by=_opt_text(data, "due_by", "action") or "",
            status=_opt_text(data, "status", "action") or "",
            explanation=ExplanationInfo(
                summary=_opt_text(explanation, "summary", "action.explanation") or "",
                because=_opt_text(explanation, "because", "action.explanation") or "",
                cites=_texts(explanation, "cites", "action.explanation"),
                rule_source=_opt_text(explanation, "rule_source", "action.explanation") or "",
                timing=_opt_text(explanation, "timing", "action.explanation") or "",
            ),
        )


@dataclass(frozen=True, slots=True)
class Draft:
    """A rendered message: `subject` is None for phone talking points and notes to self."""

    channel: str
    subject: str | None
    body: str
    template_name: str


# -- public API ----------------------------------------------------------------------------------


def list_templates() -> list[str]:
    """File names of the built-in templates, sorted."""
    return sorted(path.name for path in TEMPLATE_DIR.glob(f"*{TEMPLATE_SUFFIX}"))


def builtin_template(kind: str, channel: str) -> Path:
    """The built-in template for `kind` and `channel`, else any template of that kind."""
    if not _NAME_PART.match(kind) or not _NAME_PART.match(channel):
        raise InputError(f"action kind {kind!r} / channel {channel!r}: expected lower-case words")
    exact = TEMPLATE_DIR / f"{kind}.{channel}{TEMPLATE_SUFFIX}"
    if exact.is_file():
        return exact
    others = sorted(TEMPLATE_DIR.glob(f"{kind}.*{TEMPLATE_SUFFIX}"))
    if not others:
        known = sorted({name.split(".", 1)[0] for name in list_templates()})
        raise InputError(
            f"no built-in template for action kind {kind!r}; known kinds: {', '.join(known)}"
        )
    return others[0]


def render_draft(
    action: Mapping[str, Any], context: DraftContext, template: Path | None = None
) -> Draft:
    """Render the message for one planned action, with a built-in or a user's template."""
    info = ActionInfo.from_dict(action)
    path = builtin_template(info.kind, info.channel) if template is None else Path(template)
    label = path.name if template is None else str(template)
    text = _render_file(path, label, _variables(info, context))
    subject, body = split_subject(text)
    return Draft(channel=info.channel, subject=subject, body=body, template_name=label)


def split_subject(text: str) -> tuple[str | None, str]:
    """Split a leading `Subject: ...` line off a rendered text and tidy the body."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    match = _SUBJECT.match(first)
    subject = (match.group("subject").strip() or None) if match else None
    return subject, _tidy(rest if match else stripped)


# -- template variables --------------------------------------------------------------------------


def _variables(action: ActionInfo, context: DraftContext) -> dict[str, Any]:
    """Everything a template can reference, besides the filters."""
    interview = context.interview
    addressee = _addressee(action, context)
    return {
        "action": action,
        "candidate": context.candidate,
        "application": context.application,
        "interview": interview,
        "recipient": context.recipient,
        "addressee": addressee,
        "greeting": greeting_for(addressee),
        "closing": CLOSING,
        "signature": context.candidate.name,
        "interview_label": interview_label(interview.round if interview else None),
        "interview_date": long_date(interview.at) if interview else None,
        "decision_date": _optional_date(interview.decision_by if interview else None),
        "topic": interview.topics[0] if interview and interview.topics else None,
        "topics": list(interview.topics) if interview else [],
        "panel": bool(action.cc),
        "cc_names": action.cc_names,
        "recipient_role": _recipient_role(addressee, context),
    }


def greeting_for(person: Contact | None) -> str:
    """ "Dear Dr. Hopper," with an honorific, "Dear Grace Hopper," without, else a generic one."""
    return f"Dear {person.formal_name}," if person else FALLBACK_GREETING


def interview_label(round_no: int | None) -> str:
    """ "interview" for a first or unknown round, "second interview" for round 2, and so on."""
    if round_no is None or round_no <= 1:
        return "interview"
    if round_no <= len(_ORDINALS):
        return f"{_ORDINALS[round_no - 1]} interview"
    return f"round {round_no} interview"


def long_date(moment: datetime) -> str:
    """ "Tuesday 6 October 2026": English names, independent of the locale."""
    return f"{_WEEKDAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def join_names(names: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    items = [name for name in names if name]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _optional_date(moment: datetime | None) -> str | None:
    return long_date(moment) if moment else None


def _addressee(action: ActionInfo, context: DraftContext) -> Contact | None:
    """Who the greeting names: the recipient, else the first `to`, else the interview's lead."""
    if context.recipient is not None:
        return context.recipient
    known = _known_people(context)
    for name, email in getaddresses(list(action.to)):
        for person in known:
            if person.matches(name, email):
                return person
        if name or email:
            return Contact(name=name or email, email=email or None)
    return context.interview.lead if context.interview else None


def _known_people(context: DraftContext) -> list[Contact]:
    people = list(context.interview.interviewers) if context.interview else []
    if context.application.recruiter is not None:
        people.append(context.application.recruiter)
    return people


def _recipient_role(person: Contact | None, context: DraftContext) -> str:
    if person is None:
        return "contact"
    interviewers = context.interview.interviewers if context.interview else ()
    if any(person.matches(other.name, other.email or "") for other in interviewers):
        return "interviewer"
    recruiter = context.application.recruiter
    if recruiter is not None and person.matches(recruiter.name, recruiter.email or ""):
        return "recruiter"
    return "contact"


def _display_names(addresses: Sequence[str]) -> list[str]:
    return [name or email for name, email in getaddresses(list(addresses)) if name or email]


def _tidy(body: str) -> str:
    """Trim trailing spaces, squeeze runs of blank lines and end with exactly one newline."""
    lines = "\n".join(line.rstrip() for line in body.split("\n"))
    return _BLANK_RUNS.sub("\n\n", lines).strip("\n") + "\n"


# -- rendering and its errors --------------------------------------------------------------------


class _FieldUndefined(jinja2.StrictUndefined):
    """A StrictUndefined whose message names the missing field as the context spells it."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        return describe_missing(self._undefined_obj, self._undefined_name)


def describe_missing(owner: object, name: object) -> str:
    """Name a missing field as the template spelled it: `'candidate.linkedin'`, and so on."""
    if owner is jinja2.utils.missing:
        return f"'{name!s}': no such variable"
    if isinstance(owner, Contact):
        return f"'{name!s}' on a person (recipient, interviewer or recruiter)"
    label = getattr(type(owner), "FIELD_OWNER", None)
    if isinstance(label, str):
        return f"'{label}.{name!s}'"
    if owner is None:
        return f"'{name!s}': its parent is not set for this action (e.g. no interview)"
    return f"'{name!s}' on a {type(owner).__name__}"


@lru_cache(maxsize=16)
def _environment(directory: str) -> jinja2.Environment:
    """One Jinja2 environment per template directory.

    Sandboxed: a template comes with a policy someone else may have written, and plain Jinja2
    lets `{{ cycler.__init__.__globals__.os }}` reach the operating system. The sandbox refuses
    private and internal attributes and cannot change the objects it is given.
    """
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=False,
        undefined=_FieldUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    env.filters["names"] = join_names
    return env


def _render_file(path: Path, label: str, variables: dict[str, Any]) -> str:
    """Load and render one template file, turning every template problem into an InputError."""
    template = _load_template(path, label)
    try:
        return template.render(variables)
    except jinja2.UndefinedError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        raise InputError(f"{label}{line}: missing field {exc.message or exc}") from None
    except jinja2.exceptions.SecurityError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        raise InputError(f"{label}{line}: not allowed in a template: {exc}") from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError) as exc:
        line = _template_line(exc.__traceback__, template.filename)
        raise InputError(f"{label}{line}: template error: {exc}") from None
    except RecursionError:
        raise InputError(f"{label}: template error: it includes itself without end") from None


def _load_template(path: Path, label: str) -> jinja2.Template:
    """Compile a template file; a missing file, bad encoding or bad syntax is an InputError."""
    if not path.is_file():
        raise InputError(f"{label}: template file not found")
    env = _environment(str(path.parent.resolve()))
    try:
        return env.get_template(path.name)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"{label}:{exc.lineno}: template syntax error: {exc.message}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: template is not UTF-8 text ({exc.reason})") from None
    except (OSError, jinja2.TemplateError) as exc:
        raise InputError(f"{label}: cannot load template: {exc}") from None


def _template_line(tb: TracebackType | None, filename: str | None) -> str:
    """`:<line>` of the innermost traceback frame inside the template file, or ""."""
    line = ""
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = f":{tb.tb_lineno}"
        tb = tb.tb_next
    return line


# -- reading the plain dicts ---------------------------------------------------------------------


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"draft context: {where}: expected a mapping, got {type(value).__name__}")
    return value


def _opt_text(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"draft context: {where}.{key}: expected text, got {type(value).__name__}")
    return value.strip() or None


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = _opt_text(data, key, where)
    if value is None:
        raise InputError(f"draft context: {where}.{key}: missing or empty")
    return value


def _texts(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise InputError(f"draft context: {where}.{key}: expected a list of text")
    return tuple(item.strip() for item in value if item.strip())


def _moment(data: Mapping[str, Any], key: str, where: str) -> datetime | None:
    value = data.get(key)
    if value is None or isinstance(value, datetime):
        return value
    text = _opt_text(data, key, where)
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        raise InputError(f"draft context: {where}.{key}: not an ISO date-time: {text!r}") from None


def _contact(value: object, where: str) -> Contact:
    data = _mapping(value, where)
    lead = data.get("lead", False)
    if not isinstance(lead, bool):
        raise InputError(f"draft context: {where}.lead: expected true or false")
    return Contact(
        name=_text(data, "name", where),
        title=_opt_text(data, "title", where),
        honorific=_opt_text(data, "honorific", where),
        email=_opt_text(data, "email", where),
        phone=_opt_text(data, "phone", where),
        lead=lead,
    )


def _candidate(data: Mapping[str, Any]) -> CandidateInfo:
    return CandidateInfo(
        name=_text(data, "name", "candidate"),
        email=_opt_text(data, "email", "candidate"),
        phone=_opt_text(data, "phone", "candidate"),
    )


def _application(data: Mapping[str, Any]) -> ApplicationInfo:
    recruiter = data.get("recruiter")
    return ApplicationInfo(
        id=_text(data, "id", "application"),
        company=_text(data, "company", "application"),
        role=_text(data, "role", "application"),
        industry=_opt_text(data, "industry", "application"),
        recruiter=None if recruiter is None else _contact(recruiter, "application.recruiter"),
    )


def _interview(data: Mapping[str, Any]) -> InterviewInfo:
    at = _moment(data, "at", "interview")
    if at is None:
        raise InputError("draft context: interview.at: missing")
    round_no = data.get("round")
    if round_no is not None and (isinstance(round_no, bool) or not isinstance(round_no, int)):
        raise InputError("draft context: interview.round: expected a whole number")
    people = data.get("interviewers") or []
    if not isinstance(people, list | tuple):
        raise InputError("draft context: interview.interviewers: expected a list")
    return InterviewInfo(
        at=at,
        round=round_no,
        format=_opt_text(data, "format", "interview"),
        decision_by=_moment(data, "decision_by", "interview"),
        topics=_texts(data, "topics", "interview"),
        interviewers=tuple(
            _contact(person, f"interview.interviewers[{i}]") for i, person in enumerate(people)
        ),
    )
