"""Draft messages for planned actions, rendered from Jinja2 templates.

`draft_for(action, candidate)` renders the message for a planned `Action`: templates read the
typed plan itself (the candidate, the application, the interview and the people of the events
file, as far as `FIELDS` shows them) and a few ready-made phrases (`template_variables`). The
template is the one given, else the rule's, else the built-in one for the action's kind and
channel (`thank_you.email.j2`, else the kind's own template named in `kinds.KINDS`). A user can
copy a built-in template (the `*.j2` files in `TEMPLATE_DIR`), edit it and pass it as
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
  `action` (the action as `followup plan --format json` writes it: `id`, `kind`, `channel`,
  `application`, `policy`, `rule`, `to`, `cc`, `not_before`, `due_by`, `status`, `explanation`
  with `summary`, `because`, `cites`, `rule_source`, `timing`...; and `to_names`, `cc_names`).
  A person has `name`, `title`, `honorific`, `email`, `phone`, `lead`, `timezone`, `surname`,
  `formal_name` ("Dr. Hopper") and `titled_name` ("Dr. Grace Hopper").
- Ready-made phrases: `greeting` ("Dear Dr. Hopper," or "Dear Ms. Reed and Dr. Hopper,"),
  `addressee` (the person addressed or `none`), `addressees` (everyone in `to`), `closing`
  ("Sincerely,"), `signature` (the candidate's name), `interview_label` ("second interview",
  "informal interview" after a coffee chat),
  `interview_date` / `decision_date` (e.g. "Tuesday 6 October 2026" or `none`), `topic` (the
  first topic discussed or `none`), `topics`, `panel` (the action has cc recipients),
  `cc_names`, `whole_panel` (its To and Cc are every interviewer: false for the note still owed
  to the panelists when the lead was thanked alone), `recipient_role` ("interviewer" for anyone
  who took part in the interview, else "recruiter" or "contact").
- What happened: `decision` (`by`, `given_by`: the person who gave the date or `none`,
  `given_in`: "interview" or "reply"; or `none`), `decision_from_addressee` (the person
  addressed gave the date), `final` (the last follow-up: say so), `previous_follow_up_date`
  (when the earlier follow-up went out, or `none`), `late` (the action is past its due time as
  of planning: a thank-you says sorry for the delay), `asks_timeline` (the message also asks
  when they expect to decide: the action is an `ask_timeline` or covers one),
  `thanks_for_interview` (the message is a reply, or a later interview's thank-you, that also
  carries the thank-you notes still owed for an earlier interview: that interview's date, e.g.
  "Tuesday 6 October 2026", or `none`), `addressee_thanked` (a `thank_you_sent` in the events
  file reached the person addressed: a status email thanks them "once more" only then, G4),
  `answer_by` (an offer's reply: the date they want your answer by, e.g. "Friday 16 October
  2026", or `none`) and `answer_by_passed` (that date has passed as of planning),
  `also` (the other applications' messages to the same person this one serves too, one
  message per person, each only when its own window is open by the time this one may be sent;
  or empty: see `followup.combined`): each with `id`, `kind`, `role`, `company`, `role_at`
  (the role, with "at <company>" when that differs), `position` ("the Associate position"),
  `what` (the plan's phrase), its own `recipient_role`, `interview_label`, `interview_date`,
  `topic`, `decision_date`, `decision_from_addressee`, `decision_given_by` (a formal name or
  `none`), `final`, `previous_follow_up_date`, `late`, `asks_timeline`,
  `thanks_for_interview`, `answer_by`, `answer_by_passed`, `decided` (that application has had
  its answer: the action replies to an offer or a rejection, or keeps in touch after it), and
  `sentence` (the
  built-in words for it: a paragraph of an email, a talking point of a call); `roles` (the
  application's role, and those of `also`: "Analyst and Associate"), `open_roles` (the same
  less the roles of `also` items `decided`: what a status or timeline question's subject
  names, as no one follows up on a role already offered or turned down), `call_window`
  (a call's window in the recipient's and the candidate's local time, or `none`).
- Filters: `long_date` (a date-time to "Tuesday 6 October 2026"), `names` (a list to
  "A, B and C").

Templates render with `StrictUndefined`: a field the context lacks raises an `InputError` naming
the template file, the line and the field. A user's template (given, or a rule's) is read before
it is rendered (`template_problems`): every variable no draft has and every field the plan does
not show is reported in one run, at file:line:col (`followup validate TEMPLATE.j2` too).
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import datetime, time
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
import jinja2.meta

from followup.actions import Action, attended, copied, same_person
from followup.combined import sentence
from followup.dates.formatting import clock_time, long_date, short_day, zone_label
from followup.dates.reading import DATE_ONLY_HOUR
from followup.dates.zones import Zone, in_zone, zone_named
from followup.errors import InputError, Location, Problem, did_you_mean, join_names
from followup.events import Application, Candidate, Event, Person
from followup.format import one_line
from followup.frozen import frozen
from followup.kinds import KINDS, ActionKind, Channel, Status
from followup.limits import MAX_TEMPLATE_BYTES
from followup.render.json_render import action_to_dict
from followup.sandbox import LimitedSandbox, TemplateLimit, render_limited
from followup.source import read_text, refused
from followup.templatepath import TemplateOutside, confined, rule_template

TEMPLATE_DIR: Path = Path(__file__).resolve().parent / "templates"
"""Where the built-in templates live: `<kind>.<channel>.j2`, `channel` also `note`."""

TEMPLATE_SUFFIX = ".j2"
CLOSING = "Sincerely,"
FALLBACK_GREETING = "Dear Hiring Manager,"
LATE_STATUSES = (Status.OVERDUE, Status.LAPSED)
"""Statuses of an action past its due time as of planning: a late thank-you says sorry (so does
one whose window opens only after its `late_after`, a note snoozed past the 3-day mark, G11)."""

_CONTACT_FIELDS = ("name", "title", "honorific", "email", "phone", "lead", "timezone")
FIELDS: dict[type, frozenset[str]] = {
    Candidate: frozenset({"name", "email", "phone", "timezone"}),
    Application: frozenset({"id", "company", "role", "industry", "recruiter"}),
    Event: frozenset({"at", "round", "format", "decision_by", "topics", "interviewers", "lead"}),
    Person: frozenset({*_CONTACT_FIELDS, "surname", "formal_name", "titled_name"}),
}
"""What a template sees of the plan's own objects: anything else on them is a missing field (a
policy's template may come from someone else: it sees this application's contract, no more)."""
_OWNERS = {Candidate: "candidate", Application: "application", Event: "interview"}

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_BLANK_RUNS = re.compile(r"\n{3,}")


@frozen
class Draft:
    """A rendered message for the action `action_id`: `subject` is None for phone talking
    points and notes to self.

    `to` and `cc` are the people the message goes to, with their honorifics; `sender` is the
    candidate (an email address only if the events file gives one).
    """

    action_id: str
    channel: str
    subject: str | None
    body: str
    template_name: str
    to: tuple[Person, ...] = ()
    cc: tuple[Person, ...] = ()
    sender: Person | None = None

    def text(self) -> str:
        """What `followup draft` prints: for a letter `To:`, `Cc:` (when someone is copied) and
        `Subject:` lines and a blank line; the body."""
        if self.subject is None:
            return self.body
        head = [f"To: {', '.join(map(_header, self.to))}".rstrip()]
        if self.cc:
            head.append(f"Cc: {', '.join(map(_header, self.cc))}")
        return "\n".join([*head, f"Subject: {self.subject}", "", self.body])

    def without_address(self) -> list[Person]:
        """Recipients the events file gives no email address for."""
        return [p for p in (*self.to, *self.cc) if not p.email]

    def email(self) -> EmailMessage:
        """The letter as an RFC 5322 message that mail clients open as an unsent draft.

        `From` is the candidate when their address is known; `To`/`Cc` hold everyone with an
        address; no `Date` or `Message-ID` (the mail client sets them when it sends), so the
        bytes depend on the draft alone. `X-Unsent: 1` makes Outlook and Thunderbird open it
        ready to edit and send.
        """
        if self.subject is None:  # talking points or a note to self
            raise InputError(
                f"{self.action_id} is a {self.channel} action, not an email: write it with -o to"
                " a text file instead of .eml"
            )
        message = EmailMessage(policy=SMTP)
        try:
            if self.sender is not None and self.sender.email:
                message["From"] = _address(self.sender)
            for header, people in (("To", self.to), ("Cc", self.cc)):
                if addresses := [_address(p) for p in people if p.email]:
                    message[header] = addresses
            message["Subject"] = self.subject
        except (ValueError, IndexError, TypeError) as exc:
            raise InputError(f"cannot write the draft as an email message: {exc}") from None
        message["X-Unsent"] = "1"
        message.set_content(self.body, cte="quoted-printable")
        return message


def _header(person: Person) -> str:
    """How `To:`/`Cc:` lines show a person: "Dr. Grace Hopper <grace@acme.example>"."""
    return f"{person.titled_name} <{person.email}>" if person.email else person.titled_name


def _address(person: Person) -> Address:
    """An `email` header address; the display name is quoted or encoded as needed."""
    local, _, domain = (person.email or "").rpartition("@")
    if not local or not domain:
        raise ValueError(f"{person.email!r} ({person.name}) is not an email address")
    return Address(display_name=person.titled_name, username=local, domain=domain)


def contact_fields(person: Person) -> dict[str, Any]:
    """A person as `draft_document` (`POST /v1/draft`) lists the recipients."""
    return {name: getattr(person, name) for name in _CONTACT_FIELDS}


# -- public API ----------------------------------------------------------------------------------


def builtin_template(kind: ActionKind, channel: Channel) -> Path:
    """The built-in template for `kind` and `channel`, else the kind's own (`kinds.KINDS`)."""
    exact = TEMPLATE_DIR / f"{kind}.{channel}{TEMPLATE_SUFFIX}"
    return exact if exact.is_file() else TEMPLATE_DIR / KINDS[kind].template


def draft_for(action: Action, candidate: Candidate, template: Path | None = None) -> Draft:
    """The message for one planned action: `template`, else the rule's, else the built-in one.

    The template and everything it includes are read from inside one folder (symbolic links
    followed): a template given here (the user's own choice) its own folder, a rule's template
    its policy's folder, a built-in one the built-in folder."""
    if template is not None:
        path, label = Path(template), str(template)
        # its folder once links are followed (realpath never raises: opening a loop says why)
        root, what = Path(os.path.realpath(path)).parent, "the template's folder"
    elif (rules := template_for(action)) is not None:
        path, label = rules, str(rules)
        root, what = Path(action.rule.action.folder), "the policy's folder"
    else:
        path = builtin_template(action.kind, action.channel)
        label, root, what = path.name, TEMPLATE_DIR, "the built-in templates' folder"
    # a user's template (given, or a rule's) is checked for all its problems first
    check = root != TEMPLATE_DIR or template is not None
    template_file = _load_template(path, label, root, what, check=check)
    variables = template_variables(action, candidate)
    subject, body = split_subject(_render(template_file, label, variables))
    sender = Person(name=candidate.name, email=candidate.email)
    return Draft(action.id, action.channel, subject, body, label, action.to, action.cc, sender)


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
        raise InputError(f"{where}: {exc.message}") from None


def split_subject(text: str) -> tuple[str | None, str]:
    """Split a leading `Subject: ...` line off a rendered text and tidy the body."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if not first.startswith("Subject:"):
        return None, _tidy(stripped)
    return first.removeprefix("Subject:").strip() or None, _tidy(rest)


# -- template variables --------------------------------------------------------------------------


class _Group(dict[str, Any]):
    """Template fields under one name (`action`, `action.explanation`, `decision`), which a
    message about a field the template asked for and the group lacks uses."""

    def __init__(self, label: str, fields: dict[str, Any]) -> None:
        super().__init__(fields)
        self._label = label


def template_variables(action: Action, candidate: Candidate) -> dict[str, Any]:
    """Everything a template can reference, besides the filters: the plan's own objects and
    the phrases built from them."""
    app, trigger = action.application, action.trigger
    interview = trigger.interview
    lead = interview.lead if interview else None
    addressees = list(action.to) or ([lead] if lead is not None else [])
    addressee = addressees[0] if addressees else None
    decision = _decision(action)
    given_by = decision["given_by"] if decision else None
    final = action.kind == ActionKind.FOLLOW_UP and trigger.event.type == "follow_up_sent"
    previous = trigger.last_follow_up if final else None  # the last follow-up (G28, G29)
    contract = action_to_dict(action)
    reader = zone_named(action.recipient_zone)
    deadline = action.rule.timing.deadline  # a date they gave (an offer's `answer_by`)
    held = trigger.anchor(deadline) if deadline else None

    def dated(moment: datetime) -> str:
        """The day as the reader's calendar has it: an interview at 16:00 in Los Angeles was on
        their Friday, whatever the date in London."""
        return long_date(in_zone(moment, reader))

    thanked = next(
        (
            a.trigger.event
            for a in action.carried
            if a.kind == ActionKind.THANK_YOU
            # a thank-you carries another to thank for an earlier day's interview (the note
            # owed for round 1 when round 2's is written): the same day's is one conversation
            and (action.kind != ActionKind.THANK_YOU or _earlier_day(a, interview, dated))
        ),
        None,
    )
    variables = {
        "action": _Group(
            "action",
            {
                **contract,
                "explanation": _Group("action.explanation", contract["explanation"]),
                "to_names": [p.name for p in action.to],
                "cc_names": [p.name for p in action.cc],
            },
        ),
        "candidate": candidate,
        "application": app,
        "interview": interview,
        "recipient": action.to[0] if action.to else None,
        "addressee": addressee,
        "addressees": addressees,
        "greeting": greeting_for(*addressees),
        "closing": CLOSING,
        "signature": candidate.name,
        "interview_label": (
            interview_label(interview.round, interview.format) if interview else "interview"
        ),
        "interview_date": dated(interview.at) if interview else None,
        "decision": decision,
        "decision_date": dated(decision["by"]) if decision else None,
        "decision_from_addressee": bool(
            given_by and addressee and same_person(given_by, addressee)
        ),
        "topic": interview.topics[0] if interview and interview.topics else None,
        "topics": list(interview.topics) if interview else [],
        "panel": bool(action.cc),
        "cc_names": [p.name for p in action.cc],
        "whole_panel": _reaches_whole_panel(action, interview),
        "recipient_role": _recipient_role(addressee, app, interview),
        "final": final,
        "previous_follow_up_date": dated(previous.at) if previous else None,
        "late": action.status in LATE_STATUSES
        or (action.late_after is not None and action.not_before >= action.late_after),
        "thanks_for_interview": dated(thanked.at) if thanked else None,
        "addressee_thanked": addressee is not None
        and any(
            e.type == "thank_you_sent" and (not e.to or any(addressee.matches(t) for t in e.to))
            for e in app.events
        ),
        "answer_by": _by(held[0], reader) if held else None,
        "answer_by_passed": action.past_deadline,
        "asks_timeline": ActionKind.ASK_TIMELINE
        in (action.kind, *(rule.action.kind for rule in action.covers)),
        "call_window": call_window(
            action.not_before, action.due_by, action.recipient_zone, candidate.timezone
        )
        if action.channel == Channel.PHONE
        else None,
    }
    also = [
        _also(action, other, variables, candidate)
        for other in action.shared_with
        if _open_with(other, action)
    ]
    variables["also"] = also
    variables["roles"] = join_names(list(dict.fromkeys([app.role, *(i["role_at"] for i in also)])))
    undecided = (i["role_at"] for i in also if not i["decided"])
    variables["open_roles"] = join_names(list(dict.fromkeys([app.role, *undecided])))
    return variables


def _by(moment: datetime, reader: Zone) -> str:
    """A date they gave, as the reader's calendar has it: "Friday 16 October 2026" when it is
    the end of their working day (a date alone), else with the time: "12:00 on Friday 16
    October 2026"."""
    theirs = in_zone(moment, reader)
    day = long_date(theirs)
    if theirs.time() == time(DATE_ONLY_HOUR):
        return day
    return f"{clock_time(theirs)} on {day}"


def _earlier_day(note: Action, interview: Event | None, dated: Callable[[datetime], str]) -> bool:
    """Whether the thank-you `note` is for an interview of an earlier day than `interview`."""
    at = note.trigger.event.at
    return interview is None or (at < interview.at and dated(at) != dated(interview.at))


def _open_with(other: Action, action: Action) -> bool:
    """Whether the other application's action `other` is open by the time `action` may be sent
    (now, or when its own window opens): only then does its message join this one (no status
    question before its time, G21, G24)."""
    return other.status != Status.UPCOMING or other.not_before <= action.not_before


EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")
"""Emoji and pictographs (the emoticon, symbol and dingbat blocks, flags included)."""


def tone_notes(draft: Draft) -> list[str]:
    """What `followup draft` says (on stderr) of a letter whose words break G27 ("avoid emojis
    of any kind, and don't pepper the note with exclamation points", article 003): the built-in
    templates write neither, so each comes from the events file's words (a topic, a role) or a
    template of one's own. The draft is written as it stands; the user edits it. Talking points
    and notes to yourself are not letters: nothing to say."""
    if draft.subject is None:
        return []
    text = f"{draft.subject}\n{draft.body}"
    notes = []
    emojis = "".join(dict.fromkeys(EMOJI.findall(text)))
    if emojis:
        notes.append(
            f"note: the draft has an emoji ({emojis}): leave emojis out of a message to an"
            " employer (G27); edit it before you send it"
        )
    if "!" in text:
        notes.append(
            f"note: the draft has {text.count('!')} exclamation mark(s): a professional tone"
            " does without them (G27); edit it before you send it"
        )
    return notes + _plain_greeting(draft) + _guessed_surname(draft)


def _plain_greeting(draft: Draft) -> list[str]:
    """A letter whose greeting names an addressee without an honorific ("Dear Priya Shah,"):
    article 003 greets "utilizing the individual's title and honorific (Dr., Ms., Director)"
    (G27). The events file does not say which one a person goes by, and a guess from a first
    name would be wrong too often, so the draft keeps the full name and says how to fix it."""
    greeting = next((line for line in draft.body.splitlines() if line.strip()), "")
    if not greeting.startswith("Dear "):
        return []
    return [
        f"note: the greeting names {person.name} without an honorific: a letter greets them by"
        f" honorific and surname (Dr., Ms., Mr.: 'Dear Dr. {person.surname},', G27); add"
        " `honorific:` to them in the events file, or edit the draft"
        for person in draft.to
        if not person.honorific and person.name in greeting
    ]


def _guessed_surname(draft: Draft) -> list[str]:
    """A greeting whose surname is the last word of a longer name the events file gives no
    `surname:` for ("Dear Dr. López," for María José García López): right for most names with
    a middle name, wrong for a double surname or a family name written first, and a wrong
    surname in the greeting is the one mistake a reader always sees (G27)."""
    greeting = next((line for line in draft.body.splitlines() if line.strip()), "")
    return [
        f"note: the greeting takes {person.surname!r} as the surname of {person.name} (the"
        f" name's last word); if they go by another (a double surname, or a family name written"
        f" first), add `surname:` to them in the events file (`followup add interview"
        f" --surname`), or edit the draft"
        for person in draft.to
        if person.honorific
        and person.given_surname is None
        and len(person.name.split()) > 2
        and " " not in person.surname
        and person.formal_name in greeting
    ]


def left_out(action: Action) -> list[str]:
    """What `followup draft` says (on stderr) of each other application's action the plan says
    to write with this one that the draft leaves out, as its window opens only later (in your
    time, as `followup due` lists it: you draft again then)."""
    return [
        f"note: the draft leaves out {other.id}: its window opens only"
        f" {short_day(other.not_before)} (no chasing before its time); draft"
        " again then for one message for both, or send this one now and that one on its own"
        for other in action.shared_with
        if not _open_with(other, action)
    ]


def _also(action: Action, other: Action, mine: dict[str, Any], you: Candidate) -> _Group:
    """One entry of `also`: another application's action this message (its variables `mine`)
    serves too (one message per person), with the facts its sentences need and the built-in
    `sentence`."""
    addressee = mine["addressee"]
    alone = copied(other)
    alone.shared_with = ()  # its own facts, not its own `also` (which names this action)
    facts = template_variables(alone, you)
    app, decision = other.application, facts["decision"]
    given_by = decision["given_by"] if decision else None
    same_company = app.company.casefold() == action.application.company.casefold()
    role_at = app.role if same_company else f"{app.role} at {app.company}"
    item = _Group(
        "also[n]",
        {
            "id": other.id,
            "kind": str(other.kind),
            "role": app.role,
            "company": app.company,
            "role_at": role_at,
            "position": f"the {app.role} position" + ("" if same_company else f" at {app.company}"),
            "what": KINDS[other.kind].phrase,
            "decided": KINDS[other.kind].after_decision,
            "recipient_role": _recipient_role(addressee, app, other.trigger.interview),
            "decision_from_addressee": bool(
                given_by and addressee and same_person(given_by, addressee)
            ),
            "decision_given_by": given_by.formal_name if given_by else None,
            **{name: facts[name] for name in _ALSO_FACTS},
        },
    )
    item["sentence"] = sentence(
        item, action.kind, action.channel, mine["interview_date"], apologised=mine["late"]
    )
    return item


_ALSO_FACTS = (
    "interview_label",
    "interview_date",
    "topic",
    "decision_date",
    "final",
    "previous_follow_up_date",
    "late",
    "asks_timeline",
    "thanks_for_interview",
    "answer_by",
    "answer_by_passed",
)
"""The facts of another application's action its `also` entry copies from its own variables."""
ALSO_FIELDS = frozenset(
    (
        "id",
        "kind",
        "role",
        "company",
        "role_at",
        "position",
        "what",
        "decided",
        "recipient_role",
        "decision_from_addressee",
        "decision_given_by",
        *_ALSO_FACTS,
        "sentence",
    )
)
"""The fields of an `also` item (`_also`), which a template's reader checks before rendering."""


def _decision(action: Action) -> _Group | None:
    """The decision date the action's trigger knows and who gave it: at an interview its lead;
    in a response the recruiter if any, else the interview's lead."""
    trigger = action.trigger
    event = trigger.decision_event
    if trigger.decision_date is None or event is None:
        return None
    if event.type == "interview":
        given_by, given_in = event.lead, "interview"
    else:
        lead = trigger.interview.lead if trigger.interview else None
        given_by, given_in = action.application.recruiter or lead, "reply"
    return _Group(
        "decision", {"by": trigger.decision_date, "given_by": given_by, "given_in": given_in}
    )


def _recipient_role(person: Person | None, app: Application, interview: Event | None) -> str:
    """ "interviewer" for anyone who took part in the interview (a recruiter too), else
    "recruiter" or "contact"."""
    if person is not None and attended(person, interview):
        return "interviewer"
    if person is not None and app.recruiter is not None and same_person(person, app.recruiter):
        return "recruiter"
    return "contact"


def _reaches_whole_panel(action: Action, interview: Event | None) -> bool:
    """Whether the message's To and Cc are every interviewer of `interview` (true without one):
    a panel note copies everyone, but the note still owed to the panelists after a note to the
    lead alone does not copy the lead, so it must not say it copied "everyone" (G26)."""
    if interview is None:
        return True
    reached = (*action.to, *action.cc)
    return all(any(same_person(p, r) for r in reached) for p in interview.interviewers)


def greeting_for(*people: Person) -> str:
    """ "Dear Dr. Hopper," with an honorific, "Dear Grace Hopper," without, "Dear Ms. Reed and
    Dr. Hopper," for two people, else a generic one."""
    named = [person.formal_name for person in people]
    return f"Dear {join_names(named)}," if named else FALLBACK_GREETING


def interview_label(round_no: int | None, fmt: str | None = None) -> str:
    """ "interview" for a first or unknown round, "second interview" for round 2, and so on;
    "informal interview", "second informal interview" for an informal meeting (a coffee chat)."""
    what = "informal interview" if fmt == "informal" else "interview"
    if round_no is None or round_no <= 1:
        return what
    if round_no <= len(_ORDINALS):
        return f"{_ORDINALS[round_no - 1]} {what}"
    return f"round {round_no} {what}"


def call_window(opens: datetime, closes: datetime, theirs: str, yours: str) -> str:
    """A call's window in the recipient's local time (zone `theirs`) and, when it differs, the
    candidate's (`yours`).

    "Tuesday 20 October 2026 09:00 to Wednesday 21 October 2026 17:00 their time (London)
    = Tuesday 20 October 2026 04:00 to Wednesday 21 October 2026 12:00 your time (New York)".
    """
    mine, there = _span(opens, closes, yours), _span(opens, closes, theirs)
    if there == mine:
        return f"{mine} your time and theirs ({zone_label(theirs)})"
    return f"{there} their time ({zone_label(theirs)}) = {mine} your time ({zone_label(yours)})"


def _span(opens: datetime, closes: datetime, zone: str) -> str:
    opens, closes = opens.astimezone(ZoneInfo(zone)), closes.astimezone(ZoneInfo(zone))
    if opens.date() == closes.date():
        return f"{long_date(opens)}, {opens:%H:%M} to {closes:%H:%M}"
    return f"{long_date(opens)} {opens:%H:%M} to {long_date(closes)} {closes:%H:%M}"


def _tidy(body: str) -> str:
    """Trim trailing spaces, squeeze runs of blank lines and end with exactly one newline."""
    lines = "\n".join(line.rstrip() for line in body.split("\n"))
    return _BLANK_RUNS.sub("\n\n", lines).strip("\n") + "\n"


# -- rendering and its errors --------------------------------------------------------------------


_ON_A_PERSON = "on a person (recipient, interviewer or recruiter)"


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
    if isinstance(owner, Person):
        return f"'{name!s}' {_ON_A_PERSON}"
    label = owner._label if isinstance(owner, _Group) else _OWNERS.get(type(owner))
    if label is not None:
        return f"'{label}.{name!s}'"
    if owner is None:
        return f"'{name!s}': its parent is not set for this action (e.g. no interview)"
    return f"'{name!s}' on a {type(owner).__name__}"


class _DraftSandbox(LimitedSandbox):
    """The bounded sandbox, in which the plan's own objects show only their `FIELDS`."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        shown = FIELDS.get(type(obj))
        return (shown is None or attr in shown) and super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        if type(obj) in FIELDS and not attribute.startswith("_"):
            return self.undefined(obj=obj, name=attribute)  # not shown: missing, as if not there
        return super().unsafe_undefined(obj, attribute)


class _ConfinedLoader(jinja2.BaseLoader):
    """Templates by name from `directory`, read only when they resolve inside `root` (symbolic
    links followed; `what` names it in messages), only from regular files (a pipe would block)
    of at most MAX_TEMPLATE_BYTES. A compiled template is reused only while its name still
    leads to the same unchanged file."""

    def __init__(self, directory: Path, root: Path, what: str) -> None:
        self.directory, self.root, self.what = directory, root, what

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)  # refuses `..`
        path = self.directory.joinpath(*pieces)
        real = confined(self.root, path, template, self.what)
        if not real.exists():
            raise jinja2.TemplateNotFound(template)
        # A byte-order mark is left out; the limit is fixed (--max-input-size does not raise it).
        text = read_text(real, template, MAX_TEMPLATE_BYTES, raise_with=" of a template")
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
def _environment(directory: Path, root: Path, what: str) -> jinja2.Environment:
    """One Jinja2 environment per template directory and the folder it must stay in.

    Sandboxed: a template comes with a policy someone else may have written, and plain Jinja2
    lets `{{ cycler.__init__.__globals__.os }}` reach the operating system. The sandbox refuses
    private and internal attributes and cannot change the objects it is given; `LimitedSandbox`
    also bounds what a template may compute (see `followup.sandbox`), and `_DraftSandbox` shows
    only the `FIELDS` of the plan's objects.
    """
    env = _DraftSandbox(
        loader=_ConfinedLoader(directory, root, what),
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


def _render(template: jinja2.Template, label: str, variables: dict[str, Any]) -> str:
    """Render one template, turning every template problem into an InputError."""
    try:
        return render_limited(template, variables)
    except MemoryError:
        raise InputError(f"{label}: template limit: out of memory") from None
    except RecursionError:
        raise InputError(f"{label}: template error: it includes itself without end") from None
    except (jinja2.TemplateError, TemplateOutside, TypeError, ValueError, ArithmeticError) as exc:
        line = _template_line(exc.__traceback__, template.filename)
        if not line and isinstance(exc, TemplateLimit) and exc.lineno:
            line = exc.lineno
        problem = next(words for kind, words in _PROBLEMS if isinstance(exc, kind))
        where = Location(label, line, _render_column(template.filename, line, exc))
        raise InputError(f"{where}: {problem}{exc}") from None


def _render_column(filename: str | None, line: int, exc: Exception) -> int:
    """The column of a problem met while rendering line `line` of the template file: the field
    a missing-field message names, where the line spells it once, else the line's only tag;
    0 when that does not tell."""
    if not line or filename is None:
        return 0
    try:
        lines = Path(filename).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 0
    named = _NAMED_FIELD.match(str(exc)) if isinstance(exc, jinja2.UndefinedError) else None
    return _column(lines[line - 1] if line <= len(lines) else "", named and named["field"])


_NAMED_FIELD = re.compile(r"'(?P<field>[^']+)'")


_PROBLEMS: tuple[tuple[type[Exception], str], ...] = (
    (TemplateLimit, "template limit: "),
    (TemplateOutside, ""),
    (jinja2.UndefinedError, "missing field "),
    (jinja2.exceptions.SecurityError, "not allowed in a template: "),
    (Exception, "template error: "),
)
"""How a message names a problem met while rendering (the first row that fits)."""


def _load_template(
    path: Path, label: str, root: Path, what: str, *, check: bool = False
) -> jinja2.Template:
    """Compile a template file; a missing file, bad encoding or bad syntax is an InputError,
    and so, when `check`, is every problem `template_problems` finds (a user's template: all of
    them, the first on one line)."""
    if not path.is_file():
        raise InputError(f"{label}: template file not found")
    env = _environment(path.parent.absolute(), root, what)
    found: list[Problem] = []
    try:
        if check:
            source = env.loader.get_source(env, path.name)[0]  # type: ignore[union-attr]
            found = template_problems(env, env.parse(source), source, label)
        if not found:
            return env.get_template(path.name)
    except TemplateOutside as exc:
        raise InputError(f"{label}: {exc.message}") from None
    except InputError as exc:  # unreadable: the loader names a file by its name in the folder
        unread = exc.problems[0] if exc.problems else None
        if unread is None or unread.loc.file != path.name:
            raise
        raise refused(replace(unread.loc, file=label), unread.message, unread.code) from None
    except jinja2.TemplateSyntaxError as exc:
        if exc.source is None:  # Jinja leaves it out of some errors: the file's own text
            with suppress(OSError):
                exc.source = path.read_text(encoding="utf-8", errors="replace")
        where = _syntax_error_at(label, exc)
        raise refused(where, f"template syntax error: {exc.message}", "template-syntax") from None
    except (OSError, jinja2.TemplateError) as exc:
        raise InputError(f"{label}: cannot load template: {exc}") from None
    # outside the handlers: a problem of a template given by its bare name is not the loader's
    raise InputError(one_line(found[0], len(found) - 1, whole=""), found)


def _syntax_error_at(label: str, exc: jinja2.TemplateSyntaxError) -> Location:
    """Where a template stops being Jinja. Jinja names only the line; the column is found where
    nothing can be mistaken: the character its lexer refused (`at <offset>`), the end of the
    text for an unexpected end, the token its message quotes when a tag on that line holds it
    once, else the start of the line's only tag. Otherwise the column stays unknown."""
    text = _NEWLINES.sub("\n", exc.source or "")
    message = exc.message or ""
    refused_at = _REFUSED_CHAR.search(message)
    if refused_at and int(refused_at["at"]) < len(text):
        at = int(refused_at["at"])
        return Location(label, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
    lines = text.split("\n")
    if message.lower().startswith("unexpected end of template"):
        ends = lines[:-1] if len(lines) > 1 and not lines[-1] else lines  # a final newline
        return Location(label, len(ends), len(ends[-1]) + 1)
    line = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    token = _QUOTED.search(message)
    return Location(label, exc.lineno, _column(line, token and token["token"]))


def _column(line: str, token: str | None) -> int:
    """The column of `token` on a template's line when a tag there holds it once, else of the
    line's only tag; 0 when neither tells."""
    tags = _tags(line)
    if token:
        word = re.escape(token)
        pattern = rf"(?<!\w){word}(?!\w)" if token[-1:].isalnum() else word
        spots = [m.start() for m in re.finditer(pattern, line) if _inside(m.start(), tags)]
        if len(spots) == 1:
            return spots[0] + 1
    return tags[0][0] + 1 if len(tags) == 1 else 0


_NEWLINES = re.compile(r"\r\n|\r")  # as Jinja's lexer reads a text: its offsets count "\n"
_REFUSED_CHAR = re.compile(r"^unexpected char .* at (?P<at>\d+)$")
_QUOTED = re.compile(
    r"(?:unexpected|got|unknown tag|no filter named|no test named) '(?P<token>[^']+)'", re.I
)
_DELIMITER = re.compile(r"\{[{%#]|[}%#]\}")


def _tags(line: str) -> list[tuple[int, int]]:
    """The tags on one line (`{{ ... }}`, `{% ... %}`, `{# ... #}`) as (start, end) offsets,
    with the part of one that begins on an earlier line or ends on a later one."""
    tags: list[tuple[int, int]] = []
    start: int | None = None
    for n, found in enumerate(_DELIMITER.finditer(line)):
        opens = found.group().startswith("{")
        if opens and start is None:
            start = found.start()
        elif not opens and (start is not None or n == 0):
            tags.append((start or 0, found.end()))
            start = None
    if start is not None:
        tags.append((start, len(line)))
    return tags


def _inside(at: int, tags: list[tuple[int, int]]) -> bool:
    return any(start <= at < end for start, end in tags)


def check_template(path: Path, root: Path | None = None) -> None:
    """`followup validate`: InputError listing every problem of a template file, one a user
    gives (`followup draft --template`: read from its own folder) or one a rule names (read
    from its policy's folder, `root`)."""
    if root is None:
        root, what = Path(os.path.realpath(path)).parent, "the template's folder"
    else:
        what = "the policy's folder"
    _load_template(path, str(path), root, what, check=True)


VARIABLES = frozenset(
    [
        "action",
        "candidate",
        "application",
        "interview",
        "recipient",
        "addressee",
        "addressees",
        "greeting",
        "closing",
        "signature",
        "interview_label",
        "interview_date",
        "decision",
        "decision_date",
        "decision_from_addressee",
        "topic",
        "topics",
        "panel",
        "cc_names",
        "whole_panel",
        "recipient_role",
        "final",
        "previous_follow_up_date",
        "late",
        "thanks_for_interview",
        "addressee_thanked",
        "answer_by",
        "answer_by_passed",
        "asks_timeline",
        "also",
        "roles",
        "open_roles",
        "call_window",
    ]
)
"""The names `template_variables` gives every template (tests/drafts/test_drafts.py checks)."""

_SHOWN: dict[str, frozenset[str]] = {
    **{name: FIELDS[owner] for owner, name in _OWNERS.items()},
    "recipient": FIELDS[Person],
    "addressee": FIELDS[Person],
    "decision": frozenset(("by", "given_by", "given_in")),
}
"""The variables whose fields are known before rendering, and those fields."""
_LENIENT = frozenset(("defined", "undefined", "default", "d"))
"""Tests and filters made for a field that may be missing: what they look at is not checked."""


def template_problems(
    env: jinja2.Environment, tree: jinja2.nodes.Template, source: str, label: str
) -> list[Problem]:
    """Every problem a parsed template shows before it is rendered, in the order written: each
    variable no draft has and each field of `_SHOWN` the plan does not show, at file:line:col
    (the column of its first spelling on its line). Parsing stops at the first syntax error
    (an unknown filter is one); what only a draft shows (a field of an interview the action
    has none of, a field of a loop's item other than `also`'s) is found when it is rendered."""
    nodes = jinja2.nodes
    lines = source.splitlines()
    guarded = {  # `x.y is defined`, `x.y | default(...)`: x.y may be missing, wherever it is
        _spelling(inner)
        for node in tree.find_all((nodes.Test, nodes.Filter))
        if node.name in _LENIENT and node.node is not None
        for inner in (node.node, *node.node.find_all(nodes.Node))
    }
    given = jinja2.meta.find_undeclared_variables(tree)  # the names the template does not set
    free = given - VARIABLES - set(env.globals)
    found: list[tuple[int, int, str, str]] = []

    def at(node: jinja2.nodes.Node, spelled: str, code: str, field: str, tip: str) -> None:
        line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
        found.append((node.lineno, line.find(spelled) + 1, code, f"missing field {field}{tip}"))

    for node in tree.find_all((nodes.Name, nodes.Getattr)):
        if _spelling(node) in guarded:
            continue
        if isinstance(node, nodes.Name) and node.ctx == "load" and node.name in free:
            tip = did_you_mean(node.name, VARIABLES)
            at(node, node.name, "unknown-variable", f"'{node.name}': no such variable", tip)
        elif isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            name, attr = node.node.name, node.attr
            shown = _SHOWN.get(name)
            # a private attribute is refused by the sandbox, with its own words
            if shown is None or name not in given or attr in shown or attr.startswith("_"):
                continue
            field = f"'{attr}' {_ON_A_PERSON}" if shown is FIELDS[Person] else f"'{name}.{attr}'"
            at(node, f"{name}.{attr}", "unknown-field", field, did_you_mean(attr, shown))
    for node, spelled in _also_fields(tree):
        if _spelling(node) in guarded - {""}:  # `other.x is defined`: let be
            continue
        if node.attr not in ALSO_FIELDS and not node.attr.startswith("_"):
            tip = did_you_mean(node.attr, ALSO_FIELDS)
            at(node, spelled, "unknown-field", f"'also[n].{node.attr}'", tip)
    return [
        Problem(Location(label, line, col), code, message)
        for line, col, code, message in sorted(found)
    ]


def _also_fields(tree: jinja2.nodes.Template) -> list[tuple[jinja2.nodes.Getattr, str]]:
    """The fields a template reads of an `also` item, each with its spelling: `other.x` in the
    body of `{% for other in also %}`, and `also[0].x`."""
    nodes = jinja2.nodes
    found = []
    for loop in tree.find_all(nodes.For):
        if not (isinstance(loop.iter, nodes.Name) and loop.iter.name == "also"):
            continue
        if not isinstance(loop.target, nodes.Name):
            continue
        item = loop.target.name
        for part in loop.body:
            found += [
                (node, f"{item}.{node.attr}")
                for node in part.find_all(nodes.Getattr)
                if isinstance(node.node, nodes.Name) and node.node.name == item
            ]
    for node in tree.find_all(nodes.Getattr):
        inner = node.node
        if isinstance(inner, nodes.Getitem) and _spelling(inner.node) == "also":
            found.append((node, f".{node.attr}"))
    return found


def _spelling(node: jinja2.nodes.Node) -> str:
    """`name` or `name.field` as a template spells a variable or its field, else ""."""
    if isinstance(node, jinja2.nodes.Name):
        return node.name
    if isinstance(node, jinja2.nodes.Getattr) and isinstance(node.node, jinja2.nodes.Name):
        return f"{node.node.name}.{node.attr}"
    return ""


def _template_line(tb: TracebackType | None, filename: str | None) -> int:
    """The line of the innermost traceback frame inside the template file, or 0."""
    lines = [n for frame, n in traceback.walk_tb(tb) if frame.f_code.co_filename == filename]
    return lines[-1] if lines else 0
