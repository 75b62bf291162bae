"""Draft messages for planned actions, rendered from Jinja2 templates.

`draft_for(action, candidate)` renders the message for a planned `Action`: the template context
is built from the typed plan (`context_for`, `action_info`), and `render_draft` picks the
built-in template for the action's kind and channel (`thank_you.email.j2`, else the kind's own
template named in `kinds.KINDS`) and returns a `Draft`. A user can
copy a built-in template (see `TEMPLATE_DIR` and `list_templates()`), edit it and pass it as
`template=`. A template's first line may be `Subject: ...`; it becomes `Draft.subject`.
`Draft.text()` is what `followup draft` prints (`To:`/`Cc:` lines with honorifics, the subject,
the body); `Draft.email()` is the same message as an RFC 5322 draft (`X-Unsent: 1`).

Drafts say only what happened: a recruiter who was not in the interview is thanked for arranging
it, a decision date is attributed to the person who gave it, the final follow-up says it is the
last, a late thank-you says sorry for the delay, and a call's time is given in both zones.

Templates see these variables (all read-only):

- `candidate` (`name`, `email`, `phone`, `timezone`), `application` (`id`, `company`, `role`,
  `industry`, `recruiter`), `interview` (`at`, `round`, `format`, `decision_by`, `topics`,
  `interviewers`, `lead`; or `none`), `recipient` (the first person addressed, or `none`),
  `action` (`id`, `kind`, `channel`, `application`, `policy`, `rule`, `to`, `cc`, `to_names`,
  `cc_names`, `not_before`, `due_by`, `status`, `explanation` with `summary`, `because`, `cites`,
  `rule_source`, `timing`).
  A person has `name`, `title`, `honorific`, `email`, `phone`, `lead`, `timezone`, `surname`,
  `formal_name` ("Dr. Hopper") and `titled_name` ("Dr. Grace Hopper").
- Ready-made phrases: `greeting` ("Dear Dr. Hopper," or "Dear Ms. Reed and Dr. Hopper,"),
  `addressee` (the person addressed or `none`), `addressees` (everyone in `to`), `closing`
  ("Sincerely,"), `signature` (the candidate's name), `interview_label` ("second interview"),
  `interview_date` / `decision_date` (e.g. "Tuesday 6 October 2026" or `none`), `topic` (the
  first topic discussed or `none`), `topics`, `panel` (the action has cc recipients),
  `cc_names`, `recipient_role` ("interviewer" for anyone who took part in the interview, else
  "recruiter" or "contact").
- What happened: `decision` (`by`, `given_by`: the person who gave the date or `none`,
  `given_in`: "interview" or "reply"; or `none`), `decision_from_addressee` (the person
  addressed gave the date), `final` (the last follow-up: say so), `previous_follow_up_date`
  (when the earlier follow-up went out, or `none`), `late` (the action is past its due time as
  of planning: a thank-you says sorry for the delay), `asks_timeline` (the message also asks
  when they expect to decide: the action is an `ask_timeline` or covers one), `call_window`
  (a call's window in the recipient's and the candidate's local time, or `none`).
- Filters: `long_date` (a date-time to "Tuesday 6 October 2026"), `names` (a list to
  "A, B and C").

Templates render with `StrictUndefined`: a field the context lacks raises an `InputError` naming
the template file, the line and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

import jinja2

from followup.actions import Action, same_person
from followup.dates.formatting import long_date, zone_label
from followup.errors import InputError
from followup.events import Candidate, Event, Person
from followup.explain import join_names, summary, timing_text
from followup.kinds import KINDS, ActionKind, Channel, Status
from followup.limits import MAX_TEMPLATE_BYTES
from followup.sandbox import LimitedSandbox, TemplateLimit, render_limited
from followup.source import read_bytes
from followup.templatepath import TemplateOutside, confined, rule_template

TEMPLATE_DIR: Path = Path(__file__).resolve().parent / "templates"
"""Where the built-in templates live: `<kind>.<channel>.j2`, `channel` also `note`."""

TEMPLATE_SUFFIX = ".j2"
CLOSING = "Sincerely,"
FALLBACK_GREETING = "Dear Hiring Manager,"

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
    timezone: str | None = None

    @property
    def surname(self) -> str:
        """The last word of the name: "Hopper" for "Grace Hopper"."""
        parts = self.name.split()
        return parts[-1] if parts else self.name

    @property
    def formal_name(self) -> str:
        """Honorific and surname when an honorific is known ("Dr. Hopper"), else the full name."""
        return f"{self.honorific} {self.surname}" if self.honorific else self.name

    @property
    def titled_name(self) -> str:
        """The full name after the honorific, as on an envelope: "Dr. Grace Hopper"."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @property
    def header(self) -> str:
        """How `To:`/`Cc:` lines show the person: "Dr. Grace Hopper <grace@acme.example>"."""
        return f"{self.titled_name} <{self.email}>" if self.email else self.titled_name

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
    timezone: str | None = None


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
class DecisionInfo:
    """The decision date the employer gave, and who gave it where."""

    FIELD_OWNER: ClassVar[str] = "decision"

    by: datetime
    given_by: Contact | None = None
    given_in: Literal["interview", "reply"] = "interview"  # "reply": a response they sent


@dataclass(frozen=True, slots=True)
class DraftContext:
    """Everything a template may use besides the action itself (`context_for` builds it from a
    planned action).

    `recipients` are the people the action is addressed to, with all that is known about them
    (`recipient` is the first); `decision` is the decision date the action's trigger knows and who
    gave it; `covers` lists the kinds of the actions folded into this one (`ask_timeline`);
    `final` marks the last follow-up, sent after `previous_follow_up`; `recipient_zone` is the
    IANA zone the recipient works in (a call's window is given in it too).
    """

    FIELD_OWNER: ClassVar[str] = "context"

    candidate: CandidateInfo
    application: ApplicationInfo
    interview: InterviewInfo | None = None
    recipients: tuple[Contact, ...] = ()
    decision: DecisionInfo | None = None
    covers: tuple[str, ...] = ()
    final: bool = False
    previous_follow_up: datetime | None = None
    recipient_zone: str | None = None

    @property
    def recipient(self) -> Contact | None:
        """The first person addressed, if any."""
        return self.recipients[0] if self.recipients else None


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
    """The planned action as templates see it: the JSON contract's fields (`not_before` and
    `due_by` as ISO text), its window `opens` and `closes` as date-times."""

    FIELD_OWNER: ClassVar[str] = "action"

    id: str
    kind: str
    channel: str
    opens: datetime
    closes: datetime
    application: str = ""
    policy: str = ""
    rule: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    status: str = ""
    explanation: ExplanationInfo = ExplanationInfo()

    @property
    def not_before(self) -> str:
        return self.opens.isoformat()

    @property
    def due_by(self) -> str:
        return self.closes.isoformat()

    @property
    def to_names(self) -> list[str]:
        """Display names (or bare addresses) of the `to` recipients."""
        return _display_names(self.to)

    @property
    def cc_names(self) -> list[str]:
        """Display names (or bare addresses) of the `cc` recipients."""
        return _display_names(self.cc)


@dataclass(frozen=True, slots=True)
class Draft:
    """A rendered message: `subject` is None for phone talking points and notes to self.

    `to` and `cc` are the people the message goes to, with their honorifics; `sender` is the
    candidate (an email address only if the events file gives one).
    """

    channel: str
    subject: str | None
    body: str
    template_name: str
    to: tuple[Contact, ...] = ()
    cc: tuple[Contact, ...] = ()
    sender: Contact | None = None

    @property
    def is_letter(self) -> bool:
        """A message to send (it has a subject), not talking points or a note to self."""
        return self.subject is not None

    def header_lines(self) -> list[str]:
        """`To:` and `Cc:` lines (a letter only; `Cc:` only when someone is copied)."""
        if not self.is_letter:
            return []
        lines = [f"To: {', '.join(p.header for p in self.to)}".rstrip()]
        if self.cc:
            lines.append(f"Cc: {', '.join(p.header for p in self.cc)}")
        return lines

    def text(self) -> str:
        """What `followup draft` prints: `To:`/`Cc:`/`Subject:` lines, a blank line, the body."""
        head = [*self.header_lines(), *([f"Subject: {self.subject}"] if self.subject else [])]
        return ("\n".join(head) + "\n\n" if head else "") + self.body

    def without_address(self) -> list[Contact]:
        """Recipients the events file gives no email address for."""
        return [p for p in (*self.to, *self.cc) if not p.email]

    def email(self) -> EmailMessage:
        """The letter as an RFC 5322 message that mail clients open as an unsent draft.

        `From` is the candidate when their address is known; `To`/`Cc` hold everyone with an
        address; no `Date` or `Message-ID` (the mail client sets them when it sends), so the
        bytes depend on the draft alone. `X-Unsent: 1` makes Outlook and Thunderbird open it
        ready to edit and send.
        """
        if self.subject is None:
            raise InputError(
                f"a {self.channel} action has no message to send: only an email draft can be"
                " written as .eml"
            )
        message = EmailMessage(policy=SMTP)
        try:
            if self.sender is not None and self.sender.email:
                message["From"] = _address(self.sender)
            to = [_address(p) for p in self.to if p.email]
            cc = [_address(p) for p in self.cc if p.email]
            if to:
                message["To"] = to
            if cc:
                message["Cc"] = cc
            message["Subject"] = self.subject
        except (ValueError, IndexError, TypeError) as exc:
            raise InputError(f"cannot write the draft as an email message: {exc}") from None
        message["X-Unsent"] = "1"
        message.set_content(self.body, cte="quoted-printable")
        return message


def _address(person: Contact) -> Address:
    """An `email` header address; the display name is quoted or encoded as needed."""
    local, _, domain = (person.email or "").rpartition("@")
    if not local or not domain:
        raise ValueError(f"{person.email!r} ({person.name}) is not an email address")
    return Address(display_name=person.titled_name, username=local, domain=domain)


# -- from the plan -------------------------------------------------------------------------------


def context_for(action: Action, candidate: Candidate) -> DraftContext:
    """What the plan knows happened around `action`, as templates see it."""
    app = action.application
    previous = action.trigger.last_follow_up
    final = _is_final_follow_up(action)
    return DraftContext(
        candidate=CandidateInfo(
            candidate.name, candidate.email, candidate.phone, candidate.timezone
        ),
        application=ApplicationInfo(
            app.id, app.company, app.role, app.industry, _contact_or_none(app.recruiter)
        ),
        interview=_interview_info(action.trigger.interview),
        recipients=tuple(map(_contact, action.to)),
        decision=_decision_info(action),
        covers=tuple(rule.action.kind for rule in action.covers),
        final=final,
        previous_follow_up=previous.at if final and previous is not None else None,
        recipient_zone=action.recipient_zone,
    )


def action_info(action: Action) -> ActionInfo:
    """The action as templates see it (the JSON contract's fields)."""
    return ActionInfo(
        id=action.id,
        kind=action.kind,
        channel=action.channel,
        opens=action.not_before,
        closes=action.due_by,
        application=action.application.id,
        policy=action.policy.name,
        rule=action.rule.id,
        to=tuple(p.display() for p in action.to),
        cc=tuple(p.display() for p in action.cc),
        status=action.status,
        explanation=ExplanationInfo(
            summary=summary(action),
            because=action.rule.because,
            cites=action.rule.cites,
            rule_source=action.rule.source,
            timing=timing_text(action),
        ),
    )


def _contact(person: Person) -> Contact:
    return Contact(
        name=person.name,
        title=person.title,
        honorific=person.honorific,
        email=person.email,
        lead=person.lead,
        timezone=person.timezone,
    )


def _contact_or_none(person: Person | None) -> Contact | None:
    return None if person is None else _contact(person)


def _interview_info(event: Event | None) -> InterviewInfo | None:
    if event is None:
        return None
    return InterviewInfo(
        at=event.at,
        round=event.round,
        format=event.format,
        decision_by=event.decision_by,
        topics=event.topics,
        interviewers=tuple(map(_contact, event.interviewers)),
    )


def _decision_info(action: Action) -> DecisionInfo | None:
    """The decision date the action's trigger knows and who gave it: at an interview its lead
    (or its only interviewer); in a response the recruiter if any, else the interview's lead."""
    trigger = action.trigger
    event = trigger.decision_event
    if trigger.decision_date is None or event is None:
        return None
    if event.type == "interview":
        return DecisionInfo(trigger.decision_date, _contact_or_none(event.lead()), "interview")
    interview = trigger.interview
    lead = interview.lead() if interview is not None else None
    given_by = _contact_or_none(action.application.recruiter or lead)
    return DecisionInfo(trigger.decision_date, given_by, "reply")


def _is_final_follow_up(action: Action) -> bool:
    """The follow-up a rule starts from a follow-up already sent: the last one (G28, G29)."""
    return action.kind == ActionKind.FOLLOW_UP and action.trigger.event.type == "follow_up_sent"


# -- public API ----------------------------------------------------------------------------------


def list_templates() -> list[str]:
    """File names of the built-in templates, sorted."""
    return sorted(path.name for path in TEMPLATE_DIR.glob(f"*{TEMPLATE_SUFFIX}"))


def builtin_template(kind: str, channel: str) -> Path:
    """The built-in template for `kind` and `channel`, else the kind's own (`kinds.KINDS`)."""
    if not _NAME_PART.match(kind) or not _NAME_PART.match(channel):
        raise InputError(
            f"action kind {str(kind)!r} / channel {str(channel)!r}: expected lower-case words"
        )
    exact = TEMPLATE_DIR / f"{kind}.{channel}{TEMPLATE_SUFFIX}"
    if exact.is_file():
        return exact
    if kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        raise InputError(
            f"no built-in template for action kind {str(kind)!r}; known kinds: {known}"
        )
    return TEMPLATE_DIR / KINDS[ActionKind(kind)].template


def draft_for(action: Action, candidate: Candidate, template: Path | None = None) -> Draft:
    """The message for one planned action: `template`, else the rule's, else the built-in one.

    A rule's template and what it includes stay inside the policy's folder; a template given
    here (the user's own choice) stays, with its includes, inside its own folder."""
    context = context_for(action, candidate)
    if template is not None:
        return render_draft(action_info(action), context, template)
    chosen = template_for(action)
    root = Path(action.rule.action.folder) if chosen is not None else None
    return render_draft(action_info(action), context, chosen, root=root)


def template_for(action: Action) -> Path | None:
    """The template a rule names, inside its policy's folder (links followed), if any;
    `InputError` at the rule's `template:` when it resolves outside (it may have changed since
    the policy was checked)."""
    spec = action.rule.action
    if not spec.template:
        return None
    try:
        return rule_template(Path(spec.folder), spec.template)
    except TemplateOutside as exc:
        where = spec.template_loc or spec.loc
        raise InputError(f"{where}: {exc.reason}") from None


def render_draft(
    action: ActionInfo,
    context: DraftContext,
    template: Path | None = None,
    *,
    root: Path | None = None,
) -> Draft:
    """Render the message for one action, with a built-in or a user's template.

    The template and everything it includes are read from inside `root` (symbolic links
    followed): the built-in folder for a built-in template, else the template's own folder
    unless `root` says otherwise (a rule's template: its policy's folder)."""
    if template is None:
        path = builtin_template(action.kind, action.channel)
        label, root, what = path.name, TEMPLATE_DIR, "the built-in templates' folder"
    elif root is None:
        path, label = Path(template), str(template)
        root, what = _real_folder(path), "the template's folder"
    else:
        path, label, what = Path(template), str(template), "the policy's folder"
    text = _render_file(path, label, _variables(action, context), _Confinement(root, what))
    subject, body = split_subject(text)
    candidate = context.candidate
    return Draft(
        channel=action.channel,
        subject=subject,
        body=body,
        template_name=label,
        to=tuple(_resolve(entry, context) for entry in action.to),
        cc=tuple(_resolve(entry, context) for entry in action.cc),
        sender=Contact(name=candidate.name, email=candidate.email, phone=candidate.phone),
    )


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
    addressees = _addressees(action, context)
    addressee = addressees[0] if addressees else None
    decision = _decision_of(context)
    return {
        "action": action,
        "candidate": context.candidate,
        "application": context.application,
        "interview": interview,
        "recipient": context.recipient,
        "addressee": addressee,
        "addressees": addressees,
        "greeting": greeting_for(*addressees),
        "closing": CLOSING,
        "signature": context.candidate.name,
        "interview_label": interview_label(interview.round if interview else None),
        "interview_date": long_date(interview.at) if interview else None,
        "decision": decision,
        "decision_date": _optional_date(decision.by if decision else None),
        "decision_from_addressee": bool(
            decision
            and decision.given_by
            and addressee
            and same_person(decision.given_by, addressee)
        ),
        "topic": interview.topics[0] if interview and interview.topics else None,
        "topics": list(interview.topics) if interview else [],
        "panel": bool(action.cc),
        "cc_names": action.cc_names,
        "recipient_role": _recipient_role(addressee, context),
        "final": context.final,
        "previous_follow_up_date": _optional_date(context.previous_follow_up),
        "late": action.status in LATE_STATUSES,
        "asks_timeline": ActionKind.ASK_TIMELINE in (action.kind, *context.covers),
        "call_window": _call_window(action, context) if action.channel == Channel.PHONE else None,
    }


LATE_STATUSES = (Status.OVERDUE, Status.LAPSED)
"""Statuses of an action past its due time as of planning: a late thank-you says sorry."""


def greeting_for(*people: Contact | None) -> str:
    """ "Dear Dr. Hopper," with an honorific, "Dear Grace Hopper," without, "Dear Ms. Reed and
    Dr. Hopper," for two people, else a generic one."""
    named = [person.formal_name for person in people if person is not None]
    return f"Dear {join_names(named)}," if named else FALLBACK_GREETING


def interview_label(round_no: int | None) -> str:
    """ "interview" for a first or unknown round, "second interview" for round 2, and so on."""
    if round_no is None or round_no <= 1:
        return "interview"
    if round_no <= len(_ORDINALS):
        return f"{_ORDINALS[round_no - 1]} interview"
    return f"round {round_no} interview"


def call_window(opens: datetime, closes: datetime, theirs: str | None, yours: str | None) -> str:
    """A call's window in the recipient's local time and, when it differs, the candidate's.

    "Tuesday 20 October 2026 09:00 to Wednesday 21 October 2026 17:00 their time (London)
    = Tuesday 20 October 2026 04:00 to Wednesday 21 October 2026 12:00 your time (New York)".
    A zone that is not given is read from the moments' own offset (the candidate's).
    """
    mine = _span(opens, closes, yours)
    if theirs is None or (yours is not None and theirs == yours):
        where = f" ({zone_label(yours)})" if yours else ""
        return f"{mine} your time and theirs{where}"
    there = _span(opens, closes, theirs)
    if there == mine:
        return f"{mine} your time and theirs ({zone_label(theirs)})"
    yours_label = f" ({zone_label(yours)})" if yours else ""
    return f"{there} their time ({zone_label(theirs)}) = {mine} your time{yours_label}"


def _span(opens: datetime, closes: datetime, zone: str | None) -> str:
    if zone is not None:
        tz = ZoneInfo(zone)
        opens, closes = opens.astimezone(tz), closes.astimezone(tz)
    if opens.date() == closes.date():
        return f"{long_date(opens)}, {opens:%H:%M} to {closes:%H:%M}"
    return f"{long_date(opens)} {opens:%H:%M} to {long_date(closes)} {closes:%H:%M}"


def _call_window(action: ActionInfo, context: DraftContext) -> str:
    theirs = context.recipient_zone or (context.recipient.timezone if context.recipient else None)
    return call_window(action.opens, action.closes, theirs, context.candidate.timezone)


def _optional_date(moment: datetime | None) -> str | None:
    return long_date(moment) if moment else None


def _decision_of(context: DraftContext) -> DecisionInfo | None:
    """The decision date the action knows: the context's, else the one given at the interview
    (by its lead, or its only interviewer)."""
    if context.decision is not None:
        return context.decision
    interview = context.interview
    if interview is None or interview.decision_by is None:
        return None
    return DecisionInfo(by=interview.decision_by, given_by=interview.lead, given_in="interview")


def _parse_address(text: str) -> tuple[str, str]:
    """(name, email) of "Name <email>", "email" or "Name" (`getaddresses` mangles a bare name)."""
    text = text.strip()
    if text.endswith(">") and "<" in text:
        name, _, rest = text.rpartition("<")
        return name.strip().strip('"').strip(), rest[:-1].strip()
    if "@" in text and " " not in text:
        return "", text
    return text, ""


def _resolve(entry: str, context: DraftContext) -> Contact:
    """The person an address of the action names, with all the context knows about them."""
    name, email = _parse_address(entry)
    for person in _known_people(context):
        if person.matches(name, email):
            return person
    return Contact(name=name or email, email=email or None)


def _addressees(action: ActionInfo, context: DraftContext) -> list[Contact]:
    """Whom the greeting names: the action's `to`, else the recipient, else the interview's lead."""
    if action.to:
        return [_resolve(entry, context) for entry in action.to]
    if context.recipients:
        return list(context.recipients)
    lead = context.interview.lead if context.interview else None
    return [lead] if lead is not None else []


def _known_people(context: DraftContext) -> list[Contact]:
    people = [*context.recipients]
    if context.interview is not None:
        people.extend(context.interview.interviewers)
    if context.application.recruiter is not None:
        people.append(context.application.recruiter)
    return people


def _recipient_role(person: Contact | None, context: DraftContext) -> str:
    """ "interviewer" for anyone who took part in the interview (a recruiter too), else
    "recruiter" or "contact"."""
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
    return [name or email for name, email in map(_parse_address, addresses) if name or email]


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


def _real_folder(path: Path) -> Path:
    """The folder `path` is in once symbolic links are followed (its own folder if it cannot be
    resolved: opening it then says why)."""
    try:
        return path.resolve().parent
    except (OSError, RuntimeError):
        return path.parent


@dataclass(frozen=True)
class _Confinement:
    """The folder templates are read from (`root`) and how a message names it."""

    root: Path
    what: str


class _ConfinedLoader(jinja2.BaseLoader):
    """Templates by name from `directory`, read only when they resolve inside the confinement's
    folder (symbolic links followed), only from regular files (a pipe would block) of at most
    MAX_TEMPLATE_BYTES. A compiled template is reused only while its name still leads to the
    same unchanged file."""

    def __init__(self, directory: Path, confinement: _Confinement) -> None:
        self.directory = directory
        self.confinement = confinement

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)  # refuses `..`
        path = self.directory.joinpath(*pieces)
        real = confined(self.confinement.root, path, template, self.confinement.what)
        if not real.exists():
            raise jinja2.TemplateNotFound(template)
        raw = read_bytes(real, template, MAX_TEMPLATE_BYTES)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{template}: template is not UTF-8 text ({exc.reason})") from None
        try:
            stamp = real.stat().st_mtime_ns
        except OSError:
            stamp = -1

        def uptodate() -> bool:
            # A compiled template is reused only while its name leads to the same unchanged
            # file: a file swapped for a link out of the folder is loaded (and refused) again.
            try:
                return path.resolve() == real and real.stat().st_mtime_ns == stamp
            except (OSError, RuntimeError):
                return False

        return text, str(path), uptodate


@lru_cache(maxsize=16)
def _environment(directory: Path, confinement: _Confinement) -> jinja2.Environment:
    """One Jinja2 environment per template directory and the folder it must stay in.

    Sandboxed: a template comes with a policy someone else may have written, and plain Jinja2
    lets `{{ cycler.__init__.__globals__.os }}` reach the operating system. The sandbox refuses
    private and internal attributes and cannot change the objects it is given; `LimitedSandbox`
    also bounds what a template may compute (see `followup.sandbox`).
    """
    env = LimitedSandbox(
        loader=_ConfinedLoader(directory, confinement),
        autoescape=False,
        undefined=_FieldUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    env.filters["names"] = join_names
    env.limit_filters()
    return env


def _render_file(
    path: Path, label: str, variables: dict[str, Any], confinement: _Confinement
) -> str:
    """Load and render one template file, turning every template problem into an InputError."""
    template = _load_template(path, label, confinement)
    try:
        return render_limited(template, variables)
    except TemplateLimit as exc:
        line = _template_line(exc.__traceback__, template.filename)
        if not line and exc.lineno:
            line = f":{exc.lineno}"
        raise InputError(f"{label}{line}: template limit: {exc}") from None
    except MemoryError:
        raise InputError(f"{label}: template limit: out of memory") from None
    except TemplateOutside as exc:
        line = _template_line(exc.__traceback__, template.filename)
        raise InputError(f"{label}{line}: {exc.reason}") from None
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


def _load_template(path: Path, label: str, confinement: _Confinement) -> jinja2.Template:
    """Compile a template file; a missing file, bad encoding or bad syntax is an InputError."""
    if not path.is_file():
        raise InputError(f"{label}: template file not found")
    env = _environment(path.parent.absolute(), confinement)
    try:
        return env.get_template(path.name)
    except TemplateOutside as exc:
        raise InputError(f"{label}: {exc.reason}") from None
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
