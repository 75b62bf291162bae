"""The events file: one candidate, many applications, each a list of dated events.

`load_events` reads and checks the file and returns typed, frozen objects; the first problem found
is raised as an `InputError` naming the file, the line and the field
(`events.yaml:14: applications[0].events[2].at: not a date-time: '2026-13-01'`).
Events keep their index as given in the file; each application's events are sorted by time.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum

from followup.dates.reading import decision_from, is_date_only, read_moment
from followup.dates.zones import is_zone
from followup.errors import InputError, Location
from followup.gcpause import paused_gc
from followup.limits import MAX_INTERVIEWERS, check_counts
from followup.source import (
    DEFAULT_MAX_BYTES,
    Document,
    PathKey,
    SourceRef,
    StrictReader,
    describe_kind,
    load_document,
)

EVENT_TYPES = (
    "interview",
    "thank_you_sent",
    "follow_up_sent",
    "response_received",
    "rejected",
    "offer_received",
    "withdrawn",
    "reply_sent",
    "applied",
)
CANDIDATE_EVENTS = frozenset({"thank_you_sent", "follow_up_sent", "reply_sent", "withdrawn"})
"""The candidate's own events: only these can complete (`done_when`) a recommended action."""
DECISION_TYPES = ("dismissed", "snoozed", "done", "moved_on")
"""Entries of an application's `events` list that are the candidate's decisions about the plan
(`followup dismiss`, `snooze`, `done` on a move-on or a note to yourself), not events with the
employer: they name an `action` id, are kept apart in `Application.decisions` and never start
or settle a rule; see `followup.decisions`."""
AFTER_APPLYING = frozenset({"follow_up_sent", "response_received"})
"""Events that may follow an `applied` event as well as an interview."""
FORMATS = ("one_on_one", "panel", "phone", "video")
TERMINAL_EVENTS = frozenset({"rejected", "offer_received", "withdrawn"})
NEEDS_EARLIER_INTERVIEW = frozenset({"thank_you_sent", "follow_up_sent", "response_received"})

_CANDIDATE_KEYS = ("name", "timezone", "email", "phone")
_APPLICATION_KEYS = (
    "id",
    "company",
    "role",
    "industry",
    "timezone",
    "recruiter",
    "events",
    "notes",
)
_PERSON_KEYS = (
    "name",
    "email",
    "title",
    "honorific",
    "lead",
    "hiring_manager",
    "timezone",
    "phone",
)
_EVENT_KEYS = (
    "type",
    "at",
    "round",
    "format",
    "decision_by",
    "interviewers",
    "to",
    "topics",
    "channel",
    "note",
    "booked_at",
    "message_id",
)
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class Person:
    """An interviewer, a recruiter or another contact."""

    name: str
    email: str | None = None
    title: str | None = None
    honorific: str | None = None
    lead: bool = False
    timezone: str | None = None
    hiring_manager: bool = False

    def display(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name

    def matches(self, token: str) -> bool:
        """Whether an entry of a `to:` list names this person (email or name, any case)."""
        wanted = token.strip().lower()
        return wanted in {self.name.lower(), (self.email or "").lower()} - {""}

    def slug(self) -> str:
        return slugify(self.name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "email": self.email,
            "title": self.title,
            "honorific": self.honorific,
            "lead": self.lead,
        }


@dataclass(frozen=True, slots=True)
class Event:
    index: int  # position in the application's `events` list as given in the file
    type: str
    at: pendulum.DateTime
    source: SourceRef  # where it was written; `loc` reads the position when asked
    round: int = 1
    format: str = "one_on_one"
    decision_by: pendulum.DateTime | None = None
    interviewers: tuple[Person, ...] = ()
    to: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    channel: str | None = None
    note: str | None = None
    lead_assumed: bool = False  # several interviewers, none marked lead: the first one leads
    booked_at: pendulum.DateTime | None = None  # an interview: when it was booked (if said)
    message_id: str | None = None  # the mail it was imported from (`followup import mail`)

    @property
    def loc(self) -> Location:
        """Where the event was written (read from the file when first asked)."""
        return self.source.loc

    def lead(self) -> Person | None:
        """The interviewer in charge: marked `lead`, else marked `hiring_manager`, else the
        first listed."""
        for person in self.interviewers:
            if person.lead:
                return person
        for person in self.interviewers:
            if person.hiring_manager:
                return person
        return self.interviewers[0] if self.interviewers else None

    def describe(self) -> str:
        """A short phrase for explanations: `interview round 2 (panel) 2026-10-06 10:00`."""
        when = f"{self.at:%Y-%m-%d %H:%M}"
        if self.type == "interview":
            return f"interview round {self.round} ({self.format}) {when}"
        return f"{self.type} {when}"


@dataclass(frozen=True, slots=True)
class Decision:
    """`dismissed`, `snoozed` or `moved_on`: what the candidate decided about one action."""

    index: int  # position in the application's `events` list
    type: str
    at: pendulum.DateTime
    action: str
    source: SourceRef  # where it was written; `loc` reads the position when asked
    until: pendulum.DateTime | None = None  # snoozed: the window opens no earlier
    note: str | None = None

    @property
    def loc(self) -> Location:
        return self.source.loc


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    company: str
    role: str
    industry: str
    events: tuple[Event, ...]  # sorted by time, then by index
    source: SourceRef
    recruiter: Person | None = None
    timezone: str | None = None  # the employer's office, when given
    decisions: tuple[Decision, ...] = ()  # sorted by time, then by index

    @property
    def loc(self) -> Location:
        """Where the application was written (read from the file when first asked)."""
        return self.source.loc

    def hiring_manager(self) -> Person | None:
        """The person marked `hiring_manager: true` (the recruiter or an interviewer), if any."""
        if self.recruiter is not None and self.recruiter.hiring_manager:
            return self.recruiter
        for event in reversed(self.events):
            for person in event.interviewers:
                if person.hiring_manager:
                    return person
        return None


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    timezone: str
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class EventsFile:
    name: str
    sha256: str
    candidate: Candidate
    applications: tuple[Application, ...]


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "x"


def comes_before_interview(
    event_type: str,
    at: pendulum.DateTime,
    applied: Event | None,
    first_interview: Event | None,
) -> bool:
    """The one ordering rule: a thank-you, a follow-up or an answer comes after the first
    interview (`NEEDS_EARLIER_INTERVIEW`); a follow-up or an answer may also come after the
    application was sent (`AFTER_APPLYING`)."""
    if event_type not in NEEDS_EARLIER_INTERVIEW:
        return False
    if event_type in AFTER_APPLYING and applied is not None and at >= applied.at:
        return False
    return first_interview is None or at < first_interview.at


def load_events(
    path: Path, name: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> EventsFile:
    """Read and check an events file (`.json` as JSON, anything else as YAML)."""
    doc = load_document(path, name, max_bytes=max_bytes)
    events = parse_events(doc)
    doc.value = None  # only the text is needed from now on (for positions, if ever)
    return events


def parse_events(doc: Document) -> EventsFile:
    with paused_gc():  # frozen objects by the thousand, no cycles (see followup.gcpause)
        return _EventsReader(doc).read()


class _EventsReader(StrictReader):
    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        self.tz = "UTC"
        self.employer_tz = "UTC"  # zone of the application being read: bare decision dates

    # -- the document --------------------------------------------------------------------
    def read(self) -> EventsFile:
        top = self.mapping(self.doc.value, (), ("candidate", "applications"))
        candidate = self.candidate(top.get("candidate"))
        apps_value = top.get("applications")
        if not isinstance(apps_value, list):
            raise self.fail(("applications",), "expected a list of applications")
        check_counts(self, apps_value)
        apps: list[Application] = []
        seen: dict[str, int] = {}
        for i, raw in enumerate(apps_value):
            app = self.application(raw, ("applications", i))
            if app.id in seen:
                raise self.fail(
                    ("applications", i, "id"),
                    f"duplicate application id {app.id!r} "
                    f"(first used by applications[{seen[app.id]}])",
                )
            seen[app.id] = i
            apps.append(app)
        return EventsFile(self.doc.name, self.doc.sha256, candidate, tuple(apps))

    def candidate(self, value: Any) -> Candidate:
        path: PathKey = ("candidate",)
        if value is None:
            raise InputError(f"{self.doc.loc(()).short()}: candidate: missing (name and timezone)")
        data = self.mapping(value, path, _CANDIDATE_KEYS)
        name = self.text(data, "name", path, required=True)
        tz = self.text(data, "timezone", path, required=False) or "UTC"
        if not is_zone(tz):
            raise self.fail((*path, "timezone"), f"unknown time zone {tz!r}")
        self.tz = tz
        return Candidate(
            name=name or "",
            timezone=tz,
            email=self.text(data, "email", path, required=False),
            phone=self.text(data, "phone", path, required=False),
        )

    def application(self, value: Any, path: PathKey) -> Application:
        data = self.mapping(value, path, _APPLICATION_KEYS)
        app_id = self.text(data, "id", path, required=True) or ""
        if not _ID_PATTERN.match(app_id):
            raise self.fail(
                (*path, "id"),
                f"{app_id!r} is not a usable id: letters, digits, '.', '_' and '-' only",
            )
        recruiter = None
        if data.get("recruiter") is not None:
            recruiter = self.person(data["recruiter"], (*path, "recruiter"))
        app_tz = self.text(data, "timezone", path, required=False)
        if app_tz is not None:
            self.check_zone(app_tz, (*path, "timezone"))
        self.employer_tz = app_tz or (recruiter.timezone if recruiter else None) or self.tz
        events_value = data.get("events")
        if events_value is None:
            events_value = []  # tracked, nothing has happened yet (`followup new`)
        if not isinstance(events_value, list):
            raise self.fail((*path, "events"), "expected a list of events")
        events: list[Event] = []
        decisions: list[Decision] = []
        for j, raw in enumerate(events_value):
            if isinstance(raw, dict) and raw.get("type") in DECISION_TYPES:
                decisions.append(self.decision(raw, (*path, "events", j), j))
            else:
                events.append(self.event(raw, (*path, "events", j), j))
        events.sort(key=lambda e: (e.at, e.index))
        decisions.sort(key=lambda d: (d.at, d.index))
        self.check_sequence(events, path)
        industry = (self.text(data, "industry", path, required=False) or "").lower()
        return Application(
            id=app_id,
            company=self.text(data, "company", path, required=True) or "",
            role=self.text(data, "role", path, required=True) or "",
            industry=industry,
            events=tuple(events),
            decisions=tuple(decisions),
            source=SourceRef(self.doc, path),
            recruiter=recruiter,
            timezone=app_tz,
        )

    def check_zone(self, tz: str, path: PathKey) -> None:
        if not is_zone(tz):
            raise self.fail(path, f"unknown time zone {tz!r}")

    def person(self, value: Any, path: PathKey) -> Person:
        data = self.mapping(value, path, _PERSON_KEYS)
        name = self.text(data, "name", path, required=False)
        if not name:
            raise self.fail(path, "a person needs a name (ask the receptionist if unsure, G12)")
        flags = {}
        for flag in ("lead", "hiring_manager"):
            value = data.get(flag, False)
            if not isinstance(value, bool):
                raise self.fail(
                    (*path, flag), f"expected true or false, got {describe_kind(value)}"
                )
            flags[flag] = value
        lead = flags["lead"]
        tz = self.text(data, "timezone", path, required=False)
        if tz is not None:
            self.check_zone(tz, (*path, "timezone"))
        return Person(
            name=name,
            email=self.text(data, "email", path, required=False),
            title=self.text(data, "title", path, required=False),
            honorific=self.text(data, "honorific", path, required=False),
            lead=lead,
            timezone=tz,
            hiring_manager=flags["hiring_manager"],
        )

    def moment(self, value: Any, path: PathKey, *, date_ok: bool) -> pendulum.DateTime:
        if isinstance(value, bool) or not isinstance(value, str):
            raise self.fail(path, f"not a date-time: {value!r}")
        # A date alone: the end of that working day in the employer's office (the application's
        # `timezone`, else the recruiter's, else the candidate's).
        try:
            parsed, date_only = read_moment(value, self.tz, date_timezone=self.employer_tz)
        except ValueError as exc:
            raise self.fail(path, f"{exc}: {value!r}") from None
        if date_only and not date_ok:
            raise self.fail(path, f"needs a time as well as a date: {value!r}")
        return parsed

    def decision(self, value: Any, path: PathKey, index: int) -> Decision:
        data = self.mapping(value, path, ("type", "at", "action", "until", "note"))
        kind = self.text(data, "type", path, required=True) or ""
        if "at" not in data:
            raise self.fail(path, "missing required key 'at' (when you decided)")
        at = self.moment(data["at"], (*path, "at"), date_ok=False)
        action = self.text(data, "action", path, required=True) or ""
        until = None
        if kind == "snoozed":
            if data.get("until") is None:
                raise self.fail(path, "missing required key 'until' (when the action reopens)")
            until = self.moment(data["until"], (*path, "until"), date_ok=True)
        elif data.get("until") is not None:
            raise self.fail((*path, "until"), f"only a snoozed action has it, not {kind}")
        note = self.text(data, "note", path, required=False)
        return Decision(index, kind, at, action, SourceRef(self.doc, path), until, note)

    def event(self, value: Any, path: PathKey, index: int) -> Event:
        data = self.mapping(value, path, _EVENT_KEYS)
        kind = self.text(data, "type", path, required=True) or ""
        if kind not in EVENT_TYPES:
            hint = difflib.get_close_matches(kind, EVENT_TYPES, n=1)
            tip = f"; did you mean {hint[0]!r}?" if hint else f"; one of: {', '.join(EVENT_TYPES)}"
            raise self.fail((*path, "type"), f"unknown event type {kind!r}{tip}")
        if "at" not in data:
            raise self.fail(path, "missing required key 'at' (when it happened)")
        at = self.moment(data["at"], (*path, "at"), date_ok=False)
        round_ = data.get("round", 1)
        if isinstance(round_, bool) or not isinstance(round_, int) or round_ < 1:
            raise self.fail(
                (*path, "round"), f"round must be a whole number from 1, got {round_!r}"
            )
        fmt = data.get("format", "one_on_one")
        if fmt not in FORMATS:
            raise self.fail(
                (*path, "format"), f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}"
            )
        decision_by = None
        if data.get("decision_by") is not None:
            if kind not in ("interview", "response_received"):
                raise self.fail(
                    (*path, "decision_by"), "only an interview or a response can set it"
                )
            decision_by = self.moment(data["decision_by"], (*path, "decision_by"), date_ok=True)
            decision_by = decision_from(decision_by, is_date_only(str(data["decision_by"])), at)
            if decision_by < at:
                raise self.fail(
                    (*path, "decision_by"),
                    f"is before the event itself ({decision_by.to_date_string()} < "
                    f"{at.to_date_string()})",
                )
        booked_at = None
        if data.get("booked_at") is not None:
            if kind != "interview":
                raise self.fail((*path, "booked_at"), "only an interview is booked")
            booked_at = self.moment(data["booked_at"], (*path, "booked_at"), date_ok=False)
            if booked_at > at:
                raise self.fail(
                    (*path, "booked_at"),
                    f"is after the interview itself ({booked_at.to_date_string()} > "
                    f"{at.to_date_string()})",
                )
        interviewers, assumed = self.interviewers(data.get("interviewers"), path)
        return Event(
            index=index,
            type=kind,
            at=at,
            source=SourceRef(self.doc, path),
            round=round_,
            format=fmt,
            decision_by=decision_by,
            interviewers=interviewers,
            to=self.text_list(data.get("to"), (*path, "to")),
            topics=self.text_list(data.get("topics"), (*path, "topics")),
            channel=self.text(data, "channel", path, required=False),
            note=self.text(data, "note", path, required=False),
            message_id=self.text(data, "message_id", path, required=False),
            lead_assumed=assumed,
            booked_at=booked_at,
        )

    def interviewers(self, value: Any, path: PathKey) -> tuple[tuple[Person, ...], bool]:
        if value is None:
            return (), False
        if not isinstance(value, list):
            raise self.fail((*path, "interviewers"), "expected a list of people")
        if len(value) > MAX_INTERVIEWERS:
            raise self.fail(
                (*path, "interviewers"),
                f"{len(value)} people, over the limit of {MAX_INTERVIEWERS}",
            )
        people = tuple(self.person(raw, (*path, "interviewers", k)) for k, raw in enumerate(value))
        seen: set[str] = set()
        for k, person in enumerate(people):
            keys = {person.name.casefold(), (person.email or "").casefold()} - {""}
            if keys & seen:
                shown = person.email or person.name
                raise self.fail(
                    (*path, "interviewers", k), f"{shown} is listed twice (one note each)"
                )
            seen |= keys
        leads = [p for p in people if p.lead]
        if len(leads) > 1:
            raise self.fail((*path, "interviewers"), "more than one interviewer has lead: true")
        marked = leads or [p for p in people if p.hiring_manager]
        return people, len(people) > 1 and not marked

    def text_list(self, value: Any, path: PathKey) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(path, "expected a list of text")
        return tuple(v.strip() for v in value if v.strip())

    def check_sequence(self, events: list[Event], path: PathKey) -> None:
        first = next((e for e in events if e.type == "interview"), None)
        applied = next((e for e in events if e.type == "applied"), None)
        for event in events:
            if comes_before_interview(event.type, event.at, applied, first):
                raise self.fail(
                    (*path, "events", event.index, "at"),
                    f"a {event.type} dated before the application's first interview",
                )
