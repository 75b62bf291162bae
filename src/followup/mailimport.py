"""Events from the mailbox: `followup import mail PATH` reads an mbox file, a Maildir folder, an
`.eml` file or a folder of them (stdlib `mailbox` and `email`) and proposes events.

Nothing leaves the machine and no message body is kept: a proposal holds the message's date,
sender, subject and Message-ID, and the event it suggests; the events file receives only the
event (with its `message_id`, so that importing the same mail again adds nothing).

The rules, in order, for each message dated by `as_of`:

1. **From you** (the candidate's `email` in the events file, or `--me`) to a known interviewer
   or recruiter of an application, after that application's first interview:
   - `follow_up_sent` when the subject or text has a FOLLOW_UP_PHRASES phrase
     ("following up", "checking in", ...);
   - else `thank_you_sent` (to the known people it was sent to) when it has a THANK_YOU_PHRASES
     phrase ("thank you", ...) and was sent within THANK_YOU_DAYS of the latest interview, or,
     with no such phrase, within THANK_YOU_SOON of it;
   - else `follow_up_sent`.
2. **From the employer**: from a known interviewer's or recruiter's address, or from their
   company's domain (the domains of those addresses, but not free mail such as gmail.com):
   - `rejected` when it has a REJECTION_PHRASES phrase ("unfortunately", "not moving
     forward");
   - else `offer_received` with an OFFER_PHRASES phrase ("pleased to offer", "offer letter");
   - else `response_received` (after the first interview only: before it, an answer is not
     an event the policies know).
3. Anything else is not about an application and is skipped.

A person of several applications (one recruiter for two roles): the message is about the one
whose role it names, else whose company; else the one with the latest event, and the reason says
it is a guess.

Every message read that proposes nothing (already recorded, the same message twice, dated after
`as_of`, or not about an application by the rules above) is in `Scan.skipped` with why; the
command counts them and, with `--verbose`, lists them.

A phrase is matched whole-word and case-insensitively in the subject and the plain-text parts;
the phrase that decided is shown with the proposal.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any

import pendulum

from followup.dates.zones import as_pendulum, localize, zone_named
from followup.digest import sha256
from followup.errors import InputError
from followup.events import Application, EventsFile
from followup.frozen import frozen
from followup.source import check_regular, read_bytes

FOLLOW_UP_PHRASES = (
    "following up",
    "follow up",
    "follow-up",
    "checking in",
    "check in",
    "any update",
    "any news",
    "status of my application",
    "update on the position",
    "update on my application",
)
THANK_YOU_PHRASES = ("thank you", "thanks", "thank-you", "grateful", "appreciate")
REJECTION_PHRASES = (
    "unfortunately",
    "regret to inform",
    "not moving forward",
    "not be moving forward",
    "decided not to proceed",
    "decided to move forward with other",
    "decided to pursue other",
    "not been selected",
    "were not selected",
    "position has been filled",
    "will not be offering",
)
OFFER_PHRASES = (
    "pleased to offer",
    "happy to offer",
    "delighted to offer",
    "excited to offer",
    "offer letter",
    "offer of employment",
    "extend an offer",
    "extend you an offer",
    "formal offer",
    "job offer",
)
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.net",
        "web.de",
        "mail.com",
        "fastmail.com",
    }
)
"""Domains that say nothing about an employer: only whole addresses count there."""
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|a few|a couple of)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
WHEN_THEY_DECIDE = re.compile(
    rf"(?<![\w-])(?:within|in the next|in) {_COUNT} (?:business |working )?"
    r"(?:hours?|days?|weeks?|months?)(?![\w-])"
    rf"|(?<![\w-])by (?:the end of (?:the |this |next )?(?:day|week|month)|(?:next )?{_WEEKDAY}"
    r"|the \d{1,2}(?:st|nd|rd|th)|tomorrow|(?:the )?end of (?:the )?(?:day|week|month))(?![\w-])"
)
"""A date or a period in their reply ("within two weeks", "by Friday", "by the 20th"): the
proposal says so, as the event is recorded without `decision_by` (a phrase is not a date to
guess from), and without one the plan checks in a week on, before their date (G21)."""
THANK_YOU_DAYS = 7
THANK_YOU_SOON = timedelta(days=2)
MAX_TEXT = 20_000
"""How many characters of a message's text are searched for phrases."""


@frozen
class Mail:
    """What is kept of a message: never its body."""

    where: str  # the file, or the mailbox and the message's place in it
    message_id: str
    at: pendulum.DateTime
    sender: str  # as written in From:
    sender_address: str
    recipients: tuple[str, ...]  # addresses in To: and Cc:, lower case
    subject: str
    text: str  # subject and plain text, lower case, for phrase matching (not stored)


@frozen
class Proposal:
    mail: Mail
    application: str
    type: str
    to: tuple[str, ...]
    reason: str

    def event(self, timezone: str) -> dict[str, Any]:
        """The event to write: no subject and no text, only the type, time, recipients and the
        Message-ID."""
        to = {"to": list(self.to)} if self.to else {}
        at = self.mail.at.in_timezone(timezone).isoformat()
        return {"type": self.type, "at": at, **to, "message_id": self.mail.message_id}


SKIPS = {
    "recorded": "already recorded",
    "unrelated": "not about an application",
    "later": "dated after {as_of}",
    "duplicate": "the same message twice",
}
"""Why a message read proposes nothing, by kind, as the summary counts them."""


@frozen
class Skipped:
    """A message read that proposes nothing: its kind (one of `SKIPS`) and why."""

    mail: Mail
    kind: str
    why: str  # e.g. "not to anyone known", "already recorded for acme-sre"


@dataclass
class Scan:
    as_of: pendulum.DateTime
    proposals: list[Proposal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # oldest first, as the proposals
    read: int = 0
    unreadable: int = 0  # messages without a date or a sender (each is also a warning)
    warnings: list[str] = field(default_factory=list)

    def skip_counts(self) -> list[str]:
        """`2 already recorded`, ... in the order of `SKIPS`, for the kinds found; then the
        unreadable messages."""
        found = Counter(s.kind for s in self.skipped)
        as_of = f"{self.as_of:%Y-%m-%d %H:%M}"
        counts = [f"{found[k]} {w.format(as_of=as_of)}" for k, w in SKIPS.items() if found[k]]
        return [*counts, f"{self.unreadable} unreadable"] if self.unreadable else counts


# -- reading ------------------------------------------------------------------------------------


_factory: Any = partial(email.message_from_binary_file, policy=email.policy.default)
"""How a mailbox makes its messages (typeshed wants the mailbox's own class; any Message works)."""


def read_messages(path: Path) -> Iterator[tuple[str, Message]]:
    """(where, message) for every message of an mbox file, a Maildir folder, an `.eml` file or
    a folder of `.eml` files."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            folder = mailbox.Maildir(path, factory=_factory, create=False)
            for key in sorted(folder.keys()):
                yield f"{path}/{key}", folder[key]
            return
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".eml" and p.is_file())
        if not files:
            raise InputError(f"{path}: not a Maildir folder (cur/, new/) and no .eml files in it")
        for file in files:
            yield str(file), _read(file)
        return
    check_regular(path, str(path))  # a device or a pipe could be read without end
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".eml" or head != b"From ":
        yield str(path), _read(path)
        return
    box = mailbox.mbox(path, factory=_factory, create=False)
    try:
        for index, message in enumerate(box, start=1):  # one message in memory at a time
            yield f"{path} message {index}", message
    finally:
        box.close()


MAX_MESSAGE_BYTES = 64 * 1024 * 1024
"""The largest single message file read (an mbox, read message by message, has no limit)."""


def _read(path: Path) -> Message:
    data = read_bytes(path, str(path), MAX_MESSAGE_BYTES, raise_with=" of a message")
    return email.message_from_bytes(data, policy=email.policy.default)


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a malformed header the policy cannot parse
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _plain_text(message: Message) -> str:
    parts: list[str] = []
    for part in message.walk():
        if (
            part.get_content_type() != "text/plain"
            or part.get_content_disposition() == "attachment"
        ):
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # a broken transfer encoding
            continue
        if isinstance(payload, bytes):
            charset = part.get_content_charset() or "utf-8"
            try:
                parts.append(payload.decode(charset, errors="replace"))
            except LookupError:
                parts.append(payload.decode("utf-8", errors="replace"))
        if sum(len(p) for p in parts) > MAX_TEXT:
            break
    text = "\n".join(parts)[:MAX_TEXT]
    # quoted replies (lines starting with '>') are the other side's words, not this message's
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def to_mail(where: str, message: Message, timezone: str) -> Mail:
    """The parts of a message the rules need; InputError naming the message if it has no date
    or no sender."""
    date = _header(message, "Date")
    try:
        sent = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is None:
        raise InputError(f"{where}: no readable Date header ({date[:60]!r}): skipped")
    if sent.tzinfo is None:  # a Date without a zone (-0000): a wall time in yours
        at = as_pendulum(localize(sent, zone_named(timezone)))
    else:
        at = pendulum.instance(sent).in_timezone(timezone)
    sender = _header(message, "From")
    addresses = [a.lower() for _, a in getaddresses([sender]) if "@" in a]
    if not addresses:
        raise InputError(f"{where}: no sender address (From: {sender[:60]!r}): skipped")
    recipients = tuple(
        a.lower()
        for _, a in getaddresses([_header(message, "To"), _header(message, "Cc")])
        if "@" in a
    )
    subject = _header(message, "Subject")
    message_id = _header(message, "Message-ID").strip()
    if not message_id:
        digest = sha256(f"{at.isoformat()}|{sender}|{subject}".encode()).hexdigest()
        message_id = f"<{digest[:32]}@no-message-id.followup>"
    text = f"{subject}\n{_plain_text(message)}".lower()
    return Mail(where, message_id, at, sender, addresses[0], recipients, subject, text)


# -- the rules ----------------------------------------------------------------------------------


def first_phrase(text: str, phrases: Iterable[str]) -> str | None:
    """The first of `phrases` found whole-word in `text` (already lower case)."""
    for phrase in phrases:
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            return phrase
    return None


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()


@dataclass
class _Contacts:
    """Who belongs to which application (in file order): addresses, and company domains."""

    addresses: dict[str, list[Application]] = field(default_factory=dict)
    domains: dict[str, list[Application]] = field(default_factory=dict)

    @classmethod
    def of(cls, events: EventsFile) -> _Contacts:
        contacts = cls()
        for app in events.applications:
            people = [*(p for e in app.events for p in e.interviewers), app.recruiter]
            known = {p.email.lower() for p in people if p and p.email and "@" in p.email}
            for address in known:
                contacts.addresses.setdefault(address, []).append(app)
            for domain in {_domain(address) for address in known} - FREE_MAIL:
                contacts.domains.setdefault(domain, []).append(app)
        return contacts


def _which(apps: list[Application], mail: Mail) -> tuple[Application, str]:
    """Of the applications (at least one) whose people a message is from or to, the one it is
    about, and what to add to the reason: the only one; else the one whose role the message
    names (a company as well, when two roles at two companies are alike); else a guess, said
    so: of those it names alike (or of all), the one with the latest event before it (ties:
    file order)."""
    apps = list({id(app): app for app in apps}.values())
    if len(apps) == 1:
        return apps[0], ""
    scores = [
        2 * _names_role(mail.text, app, apps) + _names(mail.text, app.company) for app in apps
    ]
    best = max(scores)
    pool = [app for app, score in zip(apps, scores, strict=True) if score == best]
    if len(pool) == 1:
        return pool[0], ""
    dated = [(last, app) for app in pool if (last := _last_before(app, mail.at)) is not None]
    app = max(dated, key=lambda pair: pair[0])[1] if dated else pool[0]
    others = ", ".join(other.id for other in pool if other is not app)
    return app, (
        f"; a guess: this contact is on {others} too and the message names no role that tells"
        " them apart, so the application with the latest event (check it before --apply)"
    )


def _names(text: str, name: str) -> bool:
    """Whether `text` (lower case) names `name` whole-word."""
    return first_phrase(text, (name.lower(),)) is not None


def _names_role(text: str, app: Application, apps: list[Application]) -> bool:
    """Whether `text` names the role of `app` other than as part of another one's ("Analyst"
    within "Senior Analyst")."""
    role = app.role.lower()
    longer = [
        a.role.lower() for a in apps if a.role.lower() != role and _names(a.role.lower(), role)
    ]
    return _names(text, role) and not any(_names(text, other) for other in longer)


def _last_before(
    app: Application, at: pendulum.DateTime, kind: str | None = None
) -> pendulum.DateTime | None:
    """When the application's latest event (of type `kind`) by `at` happened."""
    return max((e.at for e in app.events if e.at <= at and kind in (None, e.type)), default=None)


def _outgoing(mail: Mail, contacts: _Contacts) -> Proposal | str:
    known = [r for r in mail.recipients if r in contacts.addresses]
    if not known:
        return "not to anyone known"
    app, guess = _which([a for r in known for a in contacts.addresses[r]], mail)
    interview = _last_before(app, mail.at, "interview")
    if interview is None:
        return f"sent before any interview of {app.id}"
    to = tuple(r for r in known if app in contacts.addresses[r])
    phrase = first_phrase(mail.text, FOLLOW_UP_PHRASES)
    if phrase:
        return Proposal(mail, app.id, "follow_up_sent", (), f'"{phrase}"{guess}')
    since = mail.at - interview
    thanks = first_phrase(mail.text, THANK_YOU_PHRASES)
    days = int(since.total_seconds() // 86400)
    after = f"{days} day{'s' if days != 1 else ''} after the interview"
    if thanks and since <= timedelta(days=THANK_YOU_DAYS):
        return Proposal(mail, app.id, "thank_you_sent", to, f'"{thanks}", {after}{guess}')
    if not thanks and since <= THANK_YOU_SOON:
        return Proposal(mail, app.id, "thank_you_sent", to, f"{after} (no phrase){guess}")
    return Proposal(mail, app.id, "follow_up_sent", (), f"{after}, not a thank-you{guess}")


def _incoming(mail: Mail, contacts: _Contacts) -> Proposal | str:
    apps = contacts.addresses.get(mail.sender_address) or contacts.domains.get(
        _domain(mail.sender_address)
    )
    if not apps:
        return "not from a known address or company domain"
    app, guess = _which(apps, mail)
    phrase = first_phrase(mail.text, REJECTION_PHRASES)
    if phrase:
        return Proposal(mail, app.id, "rejected", (), f'"{phrase}"{guess}')
    phrase = first_phrase(mail.text, OFFER_PHRASES)
    if phrase:  # G19: decide by their date; the reply is held to it
        dated = _dated(mail.text, "they want your answer", "answer_by", "G19")
        reason = f'"{phrase}"; {dated}' if dated else f'"{phrase}"'
        return Proposal(mail, app.id, "offer_received", (), f"{reason}{guess}")
    if _last_before(app, mail.at, "interview") is None:
        return f"from {app.company} before any interview"
    dated = _dated(mail.text, "they decide", "decision_by", "G21")  # no check-in before it
    reason = f"from them, {dated or 'no decision phrase'}{guess}"
    return Proposal(mail, app.id, "response_received", (), reason)


def _dated(text: str, when: str, field: str, guideline: str) -> str | None:
    """What to say of a date or period a message names (`WHEN_THEY_DECIDE`): quoted, with the
    field to add its date as (`decision_by`, `answer_by`); a phrase is not a date to guess."""
    found = WHEN_THEY_DECIDE.search(text)
    if found is None:
        return None
    return (
        f'"{found.group(0)}": if that is when {when}, add its date as {field} to this event'
        f" ({guideline})"
    )


def scan(
    path: Path, events: EventsFile, *, as_of: pendulum.DateTime, me: Iterable[str] = ()
) -> Scan:
    """Read every message at `path` and propose events, oldest first; every message read that
    proposes nothing is in `skipped`, with why."""
    result = Scan(as_of)
    tz = events.candidate.timezone
    mine = {m.strip().lower() for m in me if m.strip()}
    if events.candidate.email:
        mine.add(events.candidate.email.lower())
    if not mine:
        result.warnings.append(
            "your own address is not known (add `email:` to the candidate or give --me): "
            "only messages from employers are read"
        )
    recorded = {e.message_id: a.id for a in events.applications for e in a.events if e.message_id}
    contacts = _Contacts.of(events)
    mails: list[Mail] = []
    for where, message in read_messages(path):
        result.read += 1
        try:
            mails.append(to_mail(where, message, tz))
        except InputError as exc:
            result.unreadable += 1
            result.warnings.append(str(exc))
    seen: dict[str, Mail] = {}
    for mail in sorted(mails, key=lambda m: (m.at, m.message_id)):
        first = seen.setdefault(mail.message_id, mail)
        if first is not mail:  # the same message twice (Gmail labels)
            why = f"the same Message-ID as {first.where}"
            result.skipped.append(Skipped(mail, "duplicate", why))
        elif mail.message_id in recorded:
            why = f"already recorded for {recorded[mail.message_id]} (its Message-ID)"
            result.skipped.append(Skipped(mail, "recorded", why))
        elif mail.at > as_of:
            why = f"dated after {as_of:%Y-%m-%d %H:%M}, the moment planned for"
            result.skipped.append(Skipped(mail, "later", why))
        else:
            read = _outgoing if mail.sender_address in mine else _incoming
            found = read(mail, contacts)  # the proposal, or why there is none
            if isinstance(found, Proposal):
                result.proposals.append(found)
            else:
                result.skipped.append(Skipped(mail, "unrelated", found))
    return result
