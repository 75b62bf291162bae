"""The events file: one candidate, many applications, each a list of dated events.

The format is declared once (`EVENTS_FILE`, `followup.format.Key`): the reader checks shapes
against it and `followup schema events` is generated from it. `load_events` reads and checks the
file and returns typed, frozen objects; every problem found is in the `InputError` it raises, whose
message is the first, naming the file, the line and the field
(`events.yaml:14: applications[0].events[2].at: not a date-time: '2026-13-01' (write e.g.
2026-10-08T09:00)`).
Events keep their index as given in the file; each application's events are sorted by time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any, Final

import pendulum
from mypy_extensions import mypyc_attr

from followup.dates.formatting import TWO_DIGITS, year_text
from followup.dates.reading import (
    BadMoment,
    decision_from,
    decision_problem,
    end_problem,
    first_day_over,
    iso_moment,
    read_end,
    read_moment,
)
from followup.dates.zones import as_pendulum, is_zone, unknown_zone
from followup.errors import Location
from followup.format import CHECK, Checker, Key, Quick
from followup.frozen import frozen
from followup.gcpause import paused_gc
from followup.limits import MAX_INTERVIEWERS, check_counts
from followup.names import slug_of, surname_of, titled
from followup.source import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    Document,
    PathKey,
    SourceRef,
    deeper_than,
    load_document,
    too_deep,
)

EVENT_TYPES: Final = (
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
CANDIDATE_EVENTS: Final = frozenset({"thank_you_sent", "follow_up_sent", "reply_sent", "withdrawn"})
"""The candidate's own events: only these can complete (`done_when`) a recommended action."""
DECISION_TYPES: Final = ("dismissed", "snoozed", "done", "moved_on")
"""Entries of an application's `events` list that are the candidate's decisions about the plan
(`followup dismiss`, `snooze`, `done` on a move-on or a note to yourself), not events with the
employer: they name an `action` id, are kept apart in `Application.decisions` and never start
or settle a rule; see `followup.decisions`."""
AFTER_APPLYING: Final = frozenset({"follow_up_sent", "response_received"})
"""Events that may follow an `applied` event as well as an interview."""
FORMATS: Final = ("one_on_one", "panel", "phone", "video", "informal")
"""The interview formats. `informal` is a coffee chat, a lunch or an informal meeting: an informal
setting, whose thank-you the built-in `generic` and `conservative` policies plan at the 48-hour
mark (G15); `fast-paced` keeps 24 hours for every format."""
TERMINAL_EVENTS: Final = frozenset({"rejected", "offer_received", "withdrawn"})
NEEDS_EARLIER_INTERVIEW: Final = frozenset(
    {"thank_you_sent", "follow_up_sent", "response_received"}
)

_ID_PATTERN: Final = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
_SLUGS: Final[dict[str, str]] = {}
"""A name -> its slug (`Person.slug`)."""
_MOMENT_DOC: Final = (
    "ISO 8601 date and time (a full date is required); no offset: the candidate's time zone"
)
_MOMENT: Final = {"type": "string", "minLength": 1}
_END: Final = {
    "type": "string",
    "pattern": r"^\s*(([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})?\s*|[0-9]{4}-[0-9]{2}-[0-9]{2}[T ].+)$",
}
_ZONE: Final = {"type": "string"}
_TEXTS: Final = {"type": ["string", "array"], "items": {"type": "string"}}

# The events file, declared once: the reader checks shapes against it, `followup schema events`
# is generated from it (`events_schema`).
PERSON: Final = (
    Key(
        "name",
        "label",
        "full name (ask the receptionist if unsure, G12)",
        True,
        missing="a person needs a name (ask the receptionist if unsure, G12)",
    ),
    Key("email", "label", "", null=True),
    Key("title", "label", "", null=True),
    Key("honorific", "label", "Dr., Ms., Director...", null=True),
    Key(
        "surname",
        "label",
        "what a greeting puts after the honorific when it is not the "
        "name's last word: García López, or a family name written first",
        null=True,
    ),
    Key("lead", "bool", "leads the panel (one at most)"),
    Key("hiring_manager", "bool", "the hiring manager (leads a panel when nobody is marked lead)"),
    Key("timezone", "zone", "an IANA time zone, e.g. Europe/London", null=True, schema=_ZONE),
    Key("phone", "label", "", null=True),
)
EVENT: Final = (
    Key("type", "choice", "what happened", True, EVENT_TYPES),
    Key("at", "moment", f"when it happened: {_MOMENT_DOC}", True, schema=_MOMENT,
        missing="missing required key 'at' (when it happened)"),
    Key("ends", "end", "when an interview ended: a time alone (\"11:30\", \"11:30:00\", the day "
        "of `at`, in its zone) or a date and time; after `at`. Its thank-yous and follow-ups "
        "count from it",
        null=True, schema=_END),
    Key("round", "int", "interview round (1)", minimum=1),
    Key("format", "choice", "interview format (one_on_one); informal: a coffee chat, a lunch, "
        "an informal meeting", choices=FORMATS),
    Key("decision_by", "deadline", "when they said they would decide (interview or response "
        "only); a date alone means 17:00 that day", null=True, schema=_MOMENT),
    Key("answer_by", "deadline", "an offer only: when they want your answer (\"let us know "
        "by Friday\"); a date alone means 17:00 that day", null=True, schema=_MOMENT),
    Key("interviewers", "list[map]", "the people you met", null=True, ref="person"),
    Key("to", "texts", "whom a note was sent to (names or emails)", null=True, schema=_TEXTS),
    Key("topics", "texts", "what was discussed (drafts use it)", null=True, schema=_TEXTS),
    Key("channel", "label", "", null=True),
    Key("note", "label", "", null=True),
    Key("booked_at", "moment", "when an interview was booked (an interview only)", null=True,
        schema=_MOMENT),
    Key("message_id", "label", "the Message-ID of the mail it was recorded from", null=True),
)  # fmt: skip
DECISION: Final = (
    Key("type", "choice", "", True, DECISION_TYPES),
    Key("at", "moment", f"when you decided: {_MOMENT_DOC}", True, schema=_MOMENT,
        missing="missing required key 'at' (when you decided)"),
    Key("action", "label", "the id of the action it is about", True),
    Key("until", "deadline", "snoozed: when the action reopens (a date alone: 17:00)", null=True,
        schema=_MOMENT),
    Key("note", "label", "", null=True),
)  # fmt: skip
_ENTRY: Final = {
    "items": {
        "if": {"type": "object", "required": ["type"],
               "properties": {"type": {"enum": list(DECISION_TYPES)}}},
        "then": {"$ref": "#/$defs/decision"},
        "else": {"$ref": "#/$defs/event"},
    },
    "type": "array",
}  # fmt: skip
"""An entry of an application's `events`: a decision when its type is one, else an event."""
APPLICATION: Final = (
    Key("id", "label", "unique in the file; letters, digits, '.', '_' and '-'", True,
        pattern=_ID_PATTERN, like="only letters, digits, '.', '_' and '-'"),
    Key("company", "label", "", True),
    Key("role", "label", "", True),
    Key("industry", "label", "chooses the default policy", null=True),
    Key("timezone", "zone", "the employer's office time zone", null=True, schema=_ZONE),
    Key("recruiter", "map", "", null=True, ref="person"),
    Key("events", "list[map]", "what happened, and your decisions about the plan", null=True,
        schema=_ENTRY),
    Key("notes", "any", "your own notes: kept, not read"),
)  # fmt: skip
CANDIDATE: Final = (
    Key("name", "label", "your name", True),
    Key("timezone", "zone", "IANA time zone (UTC)", null=True, schema=_ZONE),
    Key("email", "label", "", null=True),
    Key("phone", "label", "", null=True),
)
EVENTS_FILE: Final = (
    Key("candidate", "map", "you", True, keys=CANDIDATE,
        missing="missing required key 'candidate' (your name and time zone)"),
    Key("applications", "list[map]", "your applications", True, ref="application"),
)  # fmt: skip
_FIELDS: Final = APPLICATION[:6]
"""An application's fields read before its events (which need its zones)."""
EVENTS_DEFS: Final = {
    "person": (PERSON, "an interviewer, a recruiter or another contact"),
    "event": (EVENT, "something that happened"),
    "decision": (DECISION, "your decision about an action (followup dismiss, snooze, done)"),
    "application": (APPLICATION, "one job application and what happened in it"),
}


# The records a plan reads most (`Person`, `Event`, `Decision`, `Application`) are slotted
# dataclasses rather than `@frozen` ones: mypyc compiles a dataclass as a native class, whose
# fields compiled code reads and sets in the object's struct, where it looks a `@frozen` record's
# up by name (round 19 in docs/performance.md: 8 % of a plan's instructions). They are treated
# as immutable, as `Action` is (changed only in a fresh copy, `dataclasses.replace`), but mypy
# does not enforce it; `unsafe_hash` hashes them by the fields they compare, as a frozen one is.


@dataclass(slots=True, unsafe_hash=True)
class Person:
    """An interviewer, a recruiter or another contact."""

    name: str
    email: str | None = None
    title: str | None = None
    honorific: str | None = None
    lead: bool = False
    timezone: str | None = None
    hiring_manager: bool = False
    phone: str | None = field(default=None, compare=False)  # for a call's talking points
    given_surname: str | None = field(default=None, compare=False)  # the file's `surname`

    def display(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name

    @property
    def surname(self) -> str:
        """The surname the file gives, else the one in the name: "Hopper" for "Grace Hopper",
        "King" for "Martin Luther King Jr." (`followup.names`)."""
        return self.given_surname or surname_of(self.name)

    @property
    def formal_name(self) -> str:
        """Honorific and surname when an honorific is known ("Dr. Hopper"), else the full name."""
        return f"{self.honorific} {self.surname}" if self.honorific else self.name

    @property
    def titled_name(self) -> str:
        """The full name after the honorific, as on an envelope: "Dr. Grace Hopper"."""
        return titled(self.honorific, self.name)

    def matches(self, token: str) -> bool:
        """Whether an entry of a `to:` list names this person (email or name, any case)."""
        wanted = token.strip().lower()
        return wanted in {self.name.lower(), (self.email or "").lower()} - {""}

    def slug(self) -> str:
        """The name as a part of an action id: "grace-hopper" (remembered per name: every rule
        addressed to each interviewer asks again, and `re.sub` costs ~12,000 instructions)."""
        found = _SLUGS.get(self.name)
        if found is None:
            if len(_SLUGS) >= 4096:
                _SLUGS.clear()
            found = _SLUGS[self.name] = slug_of(self.name)
        return found


_BY_TIME: Final = attrgetter("at")
"""An event's or a decision's sort key: its time (their lists are in file order, and a sort is
stable: a tie stays in the file's order, as a key of time and index would keep it, without a
tuple per item and a comparison of two per pair)."""
_new: Final = object.__new__
"""The reader builds its records by setting each field on a bare object (this, for `SourceRef`;
each of the four records above with its own `__new__`, since a native class refuses
`object.__new__`): a class called with keywords matches each against its parameters by name,
and a file's keys are not the names in the code, so CPython compares them as text (an `Event`
cost 10.1 k instructions that way, 2.5 k by assignment; a `Person` 4.3 k against 1.9 k:
docs/performance.md, round 12). Every field is set, so one left out fails at once (equality,
`repr` and every output read them all)."""


def _person(found: list[Any]) -> Person:
    """A person from its field values, in `Person`'s order (`_PERSON_SLOTS`: the file's
    `surname` is the field `given_surname`, the property `surname` is the one a greeting
    uses)."""
    person = Person.__new__(Person)
    (
        person.name,
        person.email,
        person.title,
        person.honorific,
        person.lead,
        person.timezone,
        person.hiring_manager,
        person.phone,
        person.given_surname,
    ) = found
    return person


@dataclass(slots=True, unsafe_hash=True)
class Event:
    """Something that happened in an application (an entry of `events` that is no decision)."""

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
    ends: pendulum.DateTime | None = None  # an interview: when it ended (if said)
    answer_by: pendulum.DateTime | None = None  # an offer: when they want your answer (if said)

    @property
    def loc(self) -> Location:
        """Where the event was written (read from the file when first asked)."""
        return self.source.loc

    @property
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
        at = self.at  # as `%Y-%m-%d %H:%M`, without strftime or format specs (`TWO_DIGITS`)
        year, two = at.year, TWO_DIGITS
        when = (
            f"{year if year >= 1000 else year_text(year)}-{two[at.month]}-{two[at.day]} "
            f"{two[at.hour]}:{two[at.minute]}"
        )
        if self.type == "interview":
            if self.ends is not None:  # `-11:30`, or `-2026-10-07 09:00` on another day
                end = self.ends  # read in the zone of `at`
                clock = f"{two[end.hour]}:{two[end.minute]}"
                if end.day == at.day and end.month == at.month and end.year == at.year:
                    when += f"-{clock}"
                else:
                    when += f"-{year_text(end.year)}-{two[end.month]}-{two[end.day]} {clock}"
            return f"interview round {self.round} ({self.format}) {when}"
        return f"{self.type} {when}"


@dataclass(slots=True, unsafe_hash=True)
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


@dataclass(slots=True, unsafe_hash=True)
class Application:
    """One job application and what happened in it, checked."""

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


@frozen
class Candidate:
    """You: your name, time zone and contact details."""

    name: str
    timezone: str
    email: str | None = None
    phone: str | None = None


@frozen
class EventsFile:
    """An events file, read and checked: you and your applications, and the digest of its text."""

    name: str
    sha256: str
    candidate: Candidate
    applications: tuple[Application, ...]


def _places(
    record: type, given: dict[str, Any], renamed: dict[str, str] | None = None, *extra: str
) -> tuple[dict[str, int], tuple[Any, ...]]:
    """Where each field of `record` sits among its field values (the order of its fields, which
    the reader's unpacking follows), also under the key the file gives it (`renamed`: key ->
    field), and each one's default: the record's own, else `given`'s (else None). The `extra`
    values follow the fields: read with them, used before the record is built."""
    names = [f.name for f in fields(record)]
    slots = {name: i for i, name in enumerate([*names, *extra])}
    for key, name in (renamed or {}).items():
        slots[key] = slots[name]
    defaults = [given.get(f.name) if f.default is MISSING else f.default for f in fields(record)]
    return slots, (*defaults, *[None] * len(extra))


_PERSON_SLOTS, _PERSON_DEFAULTS = _places(Person, {}, {"surname": "given_surname"})
_EVENT_SLOTS, _EVENT_DEFAULTS = _places(Event, {"type": ""})
_DECISION_SLOTS, _DECISION_DEFAULTS = _places(Decision, {"type": "", "action": ""})
_APPLICATION_SLOTS, _APPLICATION_DEFAULTS = _places(
    Application, {"id": "", "company": "", "role": "", "industry": ""}, None, "notes"
)
# The places the reader reads or sets itself.
_P_NAME: Final = _PERSON_SLOTS["name"]
_P_EMAIL: Final = _PERSON_SLOTS["email"]
_P_LEAD: Final = _PERSON_SLOTS["lead"]
_INDEX: Final = _EVENT_SLOTS["index"]
_TYPE: Final = _EVENT_SLOTS["type"]
_AT: Final = _EVENT_SLOTS["at"]
_SOURCE: Final = _EVENT_SLOTS["source"]
_INTERVIEWERS: Final = _EVENT_SLOTS["interviewers"]
_LEAD_ASSUMED: Final = _EVENT_SLOTS["lead_assumed"]
_DECISION_BY: Final = _EVENT_SLOTS["decision_by"]
_ANSWER_BY: Final = _EVENT_SLOTS["answer_by"]
_BOOKED_AT: Final = _EVENT_SLOTS["booked_at"]
_ENDS: Final = _EVENT_SLOTS["ends"]
_D_INDEX: Final = _DECISION_SLOTS["index"]
_D_TYPE: Final = _DECISION_SLOTS["type"]
_D_AT: Final = _DECISION_SLOTS["at"]
_D_SOURCE: Final = _DECISION_SLOTS["source"]
_APP_INDUSTRY: Final = _APPLICATION_SLOTS["industry"]
_APP_EVENTS: Final = _APPLICATION_SLOTS["events"]
_APP_SOURCE: Final = _APPLICATION_SLOTS["source"]
_APP_RECRUITER: Final = _APPLICATION_SLOTS["recruiter"]
_APP_TIMEZONE: Final = _APPLICATION_SLOTS["timezone"]
_APP_DECISIONS: Final = _APPLICATION_SLOTS["decisions"]
_APP_NOTES: Final = _APPLICATION_SLOTS["notes"]


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
    """The events file of `doc`; `InputError` holding every problem when it has any."""
    with paused_gc():  # frozen objects by the thousand, no cycles (see followup.gcpause)
        reader = EventsReader(doc)
        events = reader.read(doc.value, ())
    if reader.problems:
        raise reader.failure()
    return events


@mypyc_attr(allow_interpreted_subclasses=True)
class EventsReader(Checker):
    """Checks an events file (or the `events` of a policy test case, at `root`) against its
    declaration, collecting every problem, and builds the frozen model from what is valid."""

    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        self.tz = "UTC"
        self.employer_tz = "UTC"  # zone of the application being read: bare decision dates
        # Each declaration's quick reading into its record's field values (`Layout.values`),
        # made and bound once per reader.
        self.application_layout = self.layout(
            APPLICATION, _APPLICATION_SLOTS, _APPLICATION_DEFAULTS
        )
        self.application_values = self.application_layout.values
        self.event_layout = self.layout(EVENT, _EVENT_SLOTS, _EVENT_DEFAULTS)
        self.event_values = self.event_layout.values
        self.decision_layout = self.layout(DECISION, _DECISION_SLOTS, _DECISION_DEFAULTS)
        self.decision_values = self.decision_layout.values
        self.person_layout = self.layout(PERSON, _PERSON_SLOTS, _PERSON_DEFAULTS)
        self.person_values = self.person_layout.values

    # -- the document --------------------------------------------------------------------
    def read(self, value: Any, root: PathKey) -> EventsFile:
        top = self.mapping(value, root, EVENTS_FILE)
        candidate = self.candidate(top.get("candidate"), (*root, "candidate"))
        where = (*root, "applications")
        apps_value = self.items(top.get("applications"), where, "a list of applications")
        apps: list[Application] = []
        if apps_value:
            check_counts(self, apps_value, root)
            seen: dict[str, int] = {}
            for i, raw in enumerate(apps_value):
                app = self.application(raw, (*where, i))
                if app is None:
                    continue
                if app.id in seen:
                    self.report(
                        (*where, i, "id"),
                        "duplicate-id",
                        f"duplicate application id {app.id!r} "
                        f"(first used by applications[{seen[app.id]}])",
                    )
                    continue
                seen[app.id] = i
                apps.append(app)
        return EventsFile(self.doc.name, self.doc.sha256, candidate, tuple(apps))

    def candidate(self, value: Any, path: PathKey) -> Candidate:
        data = self.mapping(value, path, CANDIDATE) if value is not None else {}
        found = self.written(data, path, CANDIDATE)
        self.tz = found.pop("timezone", None) or "UTC"
        return Candidate(**{"name": "", **found, "timezone": self.tz})

    def application(self, value: Any, path: PathKey) -> Application | None:
        """An application, read the quick way (`Layout.values`: no path built, no problem made)
        when every field of it is plainly right, the usual case, else the checked way, which
        reports what is wrong; so are each of its events and decisions. Both ways give the
        same (`tests/input/test_quick_read.py`, `test_layouts.py`)."""
        found = self.application_values(self, value)
        data: dict[str, Any] = (
            value if found is not None else self.mapping(value, path, APPLICATION)
        )
        if not data:
            return None
        before = len(self.problems)
        if found is None:  # something to report: the checked way (a missing field: reported)
            found = self.application_layout.of(self.written(data, path, _FIELDS))
            found[_APP_EVENTS], found[_APP_NOTES] = data.get("events"), data.get("notes")
        notes = found.pop()
        if notes is not None and deeper_than(notes, MAX_DEPTH - len(path) - 1):
            raise too_deep(self.doc.text, self.doc.name)  # JSON: YAML refused it
        recruiter = found[_APP_RECRUITER]
        self.employer_tz = (
            found[_APP_TIMEZONE] or (recruiter.timezone if recruiter else None) or self.tz
        )
        # No events: tracked, nothing has happened yet (`followup new`).
        events_value = found[_APP_EVENTS]
        if type(events_value) is not list:  # none: [], anything else: reported
            events_value = self.items(events_value, (*path, "events"), "a list of events")
        events: list[Event] = []
        decisions: list[Decision] = []
        event_values, doc, where = self.event_values, self.doc, (*path, "events")
        ended = False  # an event with an end: a thank-you may fall during it
        for j, raw in enumerate(events_value):
            # An event read the quick way has an event's type, so it is no decision.
            values = event_values(self, raw)
            if values is None:
                if isinstance(raw, dict) and raw.get("type") in DECISION_TYPES:
                    decision = self.decision(raw, (*where, j), j)
                    if decision is not None:
                        decisions.append(decision)
                    continue
                values = self.checked_event(raw, (*where, j))
                if values is None:
                    continue
                ended = ended or values[_ENDS] is not None
            elif (  # read the quick way: a key written is a value read
                values[_DECISION_BY] is not None
                or values[_ANSWER_BY] is not None
                or values[_BOOKED_AT] is not None
                or values[_ENDS] is not None
            ):
                reported = len(self.problems)
                self.times(values, (*where, j), raw)
                if len(self.problems) > reported:
                    continue
                ended = ended or values[_ENDS] is not None
            # The event, built here rather than by a method: a call per event cost ~1 k
            # instructions (round 16).
            values[_INDEX] = j
            values[_SOURCE] = source = _new(SourceRef)  # without a call of its `__init__`
            source.doc, source.path = doc, (*where, j)
            # Several interviewers, none marked: the first leads (a loop: `any` over a
            # generator costs a frame and a resumption per person).
            people = values[_INTERVIEWERS]
            if len(people) > 1:
                values[_LEAD_ASSUMED] = True
                for person in people:
                    if person.lead or person.hiring_manager:
                        values[_LEAD_ASSUMED] = False
                        break
            event = Event.__new__(Event)
            (
                event.index,
                event.type,
                event.at,
                event.source,
                event.round,
                event.format,
                event.decision_by,
                event.interviewers,
                event.to,
                event.topics,
                event.channel,
                event.note,
                event.lead_assumed,
                event.booked_at,
                event.message_id,
                event.ends,
                event.answer_by,
            ) = values
            events.append(event)
        if len(events) > 1:
            events.sort(key=_BY_TIME)
        if decisions:
            decisions.sort(key=_BY_TIME)
        # None left out: no false alarm. Nothing comes before a first event that is an
        # interview, and a thank-you falls during an interview only when one has an end: most
        # applications call neither (~4 k instructions, round 16).
        if events and len(events) + len(decisions) == len(events_value):
            if events[0].type != "interview":
                for event in out_of_order(events):
                    self.report(
                        (*path, "events", event.index, "at"),
                        "before-first-interview",
                        f"a {event.type} dated before the application's first interview",
                    )
            for event, interview in thanks_during_interview(events) if ended else ():
                self.report(
                    (*path, "events", event.index, "at"),
                    "thanks-during-interview",
                    f"a thank_you_sent dated during the {interview.describe()}: "
                    f"{thanks_refused(interview)} (check this `at`, or its `ends`)",
                )
        if len(self.problems) > before:
            return None
        found[_APP_INDUSTRY] = found[_APP_INDUSTRY].lower()
        found[_APP_EVENTS] = tuple(events)
        found[_APP_SOURCE] = source = _new(SourceRef)  # without a call of its `__init__`
        source.doc, source.path = self.doc, path
        found[_APP_DECISIONS] = tuple(decisions) if decisions else ()
        app = Application.__new__(Application)
        (
            app.id,
            app.company,
            app.role,
            app.industry,
            app.events,
            app.source,
            app.recruiter,
            app.timezone,
            app.decisions,
        ) = found
        return app

    def checked_event(self, value: Any, path: PathKey) -> list[Any] | None:
        """The field values of an event that is no decision, read the checked way (what the
        quick way, `event_values`, left to it); None when it has a problem. `application`
        builds the event."""
        data = self.mapping(value, path, EVENT)
        before = len(self.problems)  # a missing type: the mapping reported it
        found = self.event_layout.of(self.written(data, path, EVENT))
        self.times(found, path, data)
        if len(self.problems) > before or found[_AT] is None:
            return None
        return found

    def times(self, found: list[Any], path: PathKey, data: dict[str, Any]) -> None:
        """An event's decision date, answer date, booking and end (its field values `found`,
        read from `data`), checked against its type and its `at`; a date alone made the time
        it stands for."""
        at, kind, written = found[_AT], found[_TYPE], data.get("decision_by")
        if written is not None:
            decision_by = found[_DECISION_BY]
            if kind not in ("interview", "response_received"):
                message = "only an interview or a response can set it"
                if kind == "offer_received":
                    message += " (the date they want your answer by is `answer_by`)"
                self.report((*path, "decision_by"), "not-allowed-here", message)
            elif decision_by is not None and at is not None:
                # A date alone: the end of that day or, the day of the event, from the event on.
                if _date_alone(written):
                    decision_by = found[_DECISION_BY] = decision_from(decision_by, True, at)
                if decision_by < at:  # what `decision_problem` refuses: no call for the rest
                    what = "interview" if kind == "interview" else "reply"
                    problem = decision_problem(decision_by, at, what)
                    if problem is not None:
                        self.report((*path, "decision_by"), "decision-before-event", problem)
        if data.get("answer_by") is not None:
            self.answer_by(found, path, data["answer_by"])
        if data.get("booked_at") is not None:
            booked_at = found[_BOOKED_AT]
            if kind != "interview":
                message = "only an interview is booked"
                self.report((*path, "booked_at"), "not-allowed-here", message)
            elif booked_at is not None and at is not None and booked_at > at:
                self.report(
                    (*path, "booked_at"),
                    "booked-after-interview",
                    f"is after the interview itself ({booked_at.to_date_string()} > "
                    f"{at.to_date_string()})",
                )
        if found[_ENDS] is not None:
            self.end(found, path, data.get("at"))

    def answer_by(self, found: list[Any], path: PathKey, written: Any) -> None:
        """An offer's `answer_by` (read in `found`) as it counts: a date alone on the day of the
        offer ("let us know today") from the offer on; reported on any other event, or before
        the offer."""
        answer_by, at, where = found[_ANSWER_BY], found[_AT], (*path, "answer_by")
        if found[_TYPE] != "offer_received":
            self.report(where, "not-allowed-here", "only an offer asks for your answer by a date")
        elif answer_by is not None and at is not None:
            if _date_alone(written):
                answer_by = found[_ANSWER_BY] = decision_from(answer_by, True, at)
            problem = decision_problem(answer_by, at, "offer") if answer_by < at else None
            if problem is not None:
                self.report(where, "answer-before-offer", problem)

    def end(self, found: list[Any], path: PathKey, written_at: Any) -> None:
        """An interview's `ends` (its text in `found`) as a moment after its start, in `found`;
        reported when it is no interview's, not a time or not after the start."""
        at, where = found[_AT], (*path, "ends")
        if found[_TYPE] != "interview":
            self.report(where, "not-allowed-here", "only an interview has an end")
            return
        if at is None:
            return
        try:
            found[_ENDS] = ends = read_end(found[_ENDS], written_at, self.tz)
        except BadMoment as exc:
            self.report(where, exc.code, str(exc))
            return
        problem = end_problem(at, ends)
        if problem is not None:
            self.report(where, *problem)

    def decision(self, value: dict[str, Any], path: PathKey, index: int) -> Decision | None:
        """A decision, the quick way or the checked way (`application`)."""
        found = self.decision_values(self, value)
        data = value if found is not None else self.mapping(value, path, DECISION)
        before = len(self.problems)
        if found is None:
            found = self.decision_layout.of(self.written(data, path, DECISION))
        kind = found[_D_TYPE]
        if kind == "snoozed" and data.get("until") is None:
            message = "missing required key 'until' (when the action reopens)"
            self.report(path, "missing-key", message)
        elif kind != "snoozed" and data.get("until") is not None:
            message = f"only a snoozed action has it, not {kind}"
            self.report((*path, "until"), "not-allowed-here", message)
        if len(self.problems) > before or found[_D_AT] is None:
            return None
        found[_D_INDEX] = index
        found[_D_SOURCE] = SourceRef(self.doc, path)
        decision = Decision.__new__(Decision)
        (
            decision.index,
            decision.type,
            decision.at,
            decision.action,
            decision.source,
            decision.until,
            decision.note,
        ) = found
        return decision

    @classmethod
    def quick_other(cls, key: Key) -> Quick | None:
        kind = key.type
        if kind in ("moment", "deadline"):
            date_ok = kind == "deadline"

            def moment(reader: EventsReader, value: Any) -> Any:
                tz, employer_tz = reader.tz, reader.employer_tz
                if not date_ok and type(value) is str:  # `at`: an ISO date-time, remembered
                    found = iso_moment(value.strip(), tz)
                    if found is not None:
                        return found
                try:
                    return read_moment(value, tz, date_timezone=employer_tz, date_ok=date_ok)[0]
                except BadMoment:
                    return CHECK

            return moment
        if kind == "zone":
            return _quick_zone
        if kind == "end":  # text, made a moment with the event's start (`end`)
            return _quick_end
        if kind == "texts":
            return _quick_texts
        if kind == "map":  # a recruiter
            return cls._quick_person
        if kind == "list[map]":
            return cls._quick_people if key.ref == "person" else _quick_list
        return _quick_any  # an application's notes: kept, not read

    def _quick_person(self, value: Any) -> Any:
        found = self.person_values(self, value)
        return CHECK if found is None else _person(found)

    def _quick_people(self, value: Any) -> Any:
        """The interviewers (`interviewers` below), none listed twice, one lead at most. A name
        or an email read the quick way is never blank, so each person is known by its casefolded
        name and, when given, email."""
        if type(value) is not list or len(value) > MAX_INTERVIEWERS:
            return CHECK
        person_values = self.person_values
        if len(value) == 1:  # nobody to be listed twice, one lead at most
            found = person_values(self, value[0])
            return CHECK if found is None else (_person(found),)
        people: list[Person] = []
        seen: set[str] = set()
        leads = 0
        for raw in value:
            found = person_values(self, raw)
            if found is None:
                return CHECK
            name, email = found[_P_NAME].casefold(), found[_P_EMAIL]
            if name in seen:
                return CHECK
            if email is not None:
                email = email.casefold()
                if email in seen:
                    return CHECK
                seen.add(email)
            seen.add(name)
            if found[_P_LEAD]:
                leads += 1
            people.append(_person(found))  # compiled, a direct C call
        if leads > 1:
            return CHECK
        return tuple(people)

    # -- the checked way -----------------------------------------------------------------
    def person(self, value: Any, path: PathKey) -> Person | None:
        data = self.mapping(value, path, PERSON)
        before = len(self.problems)
        found = self.written(data, path, PERSON)
        if len(self.problems) > before or "name" not in found:
            return None
        return _person(self.person_layout.of(found))

    # -- the events file's own types -----------------------------------------------------
    def choice_code(self, key: Key) -> str:
        return "unknown-event" if key.name == "type" else f"unknown-{key.name}"

    def other(self, value: Any, path: PathKey, key: Key) -> Any:
        if key.type in ("moment", "deadline"):  # a date and a time, or (deadline) a date alone
            # A date alone: the end of that working day in the employer's office (the
            # application's `timezone`, else the recruiter's, else the candidate's).
            date_ok = key.type == "deadline"
            try:
                return read_moment(value, self.tz, date_timezone=self.employer_tz, date_ok=date_ok)[
                    0
                ]
            except BadMoment as exc:
                self.report(path, exc.code, str(exc))
                return None
        if key.type == "end":  # YAML 1.1 reads an unquoted 11:30 as the base-60 number 690
            text = self.written_clock(path) if type(value) is int else None
            return text or self.label(value, path, required=False)
        if key.type == "zone":
            tz = self.label(value, path, required=False)
            if tz is not None and not is_zone(tz):
                self.report(path, "unknown-zone", unknown_zone(tz))
                return None
            return tz
        if key.type == "texts":  # what the quick reader does not read is no list of text
            texts = _quick_texts(self, value)
            return self.wrong(path, "a list of text", value) if texts is CHECK else texts
        if key.type == "map":  # a recruiter
            return self.person(value, path)
        return self.interviewers(value, path)

    def interviewers(self, value: Any, path: PathKey) -> tuple[Person, ...] | None:
        value = self.items(value, path, "a list of people")
        if len(value) > MAX_INTERVIEWERS:
            message = (
                f"{len(value)} people, over the limit of {MAX_INTERVIEWERS} "
                "(limits.MAX_INTERVIEWERS)"
            )
            self.report(path, "too-many-people", message)
            return None
        people: list[Person] = []
        seen: set[str] = set()
        for k, raw in enumerate(value):
            person = self.person(raw, (*path, k))
            if person is None:
                continue
            keys = {person.name.casefold(), (person.email or "").casefold()} - {""}
            if keys & seen:
                shown = person.email or person.name
                self.report((*path, k), "listed-twice", f"{shown} is listed twice (one note each)")
            seen |= keys
            people.append(person)
        if sum(p.lead for p in people) > 1:
            self.report(path, "several-leads", "more than one interviewer has lead: true")
        return tuple(people)


def out_of_order(events: list[Event]) -> list[Event]:
    """The events of an application (sorted by time) that come before its first interview
    although they need one (`comes_before_interview`). Only those listed before the first
    interview can: any later one is at or after it."""
    needing: list[Event] = []
    first = None
    for event in events:
        if event.type == "interview":
            first = event
            break
        if event.type in NEEDS_EARLIER_INTERVIEW:
            needing.append(event)
    if not needing:
        return []
    applied = next((e for e in events if e.type == "applied"), None)
    return [e for e in needing if comes_before_interview(e.type, e.at, applied, first)]


def thanks_from(interview: Event) -> pendulum.DateTime | None:
    """When a thank-you for `interview` can first have been sent, if its end is known: its end
    or, for an interview that spans days, the end of its first day (`first_day_over`): a note
    sent that evening thanks the people met so far (G11, G12)."""
    if interview.ends is None:
        return None
    first_day = first_day_over(interview.at, interview.ends)
    return interview.ends if first_day is None else as_pendulum(first_day)


def interview_under_way(at: pendulum.DateTime, events: Iterable[Event]) -> Event | None:
    """The interview of `events` under way at `at`, if any: at or after its start, before its
    known `ends` or, for one that spans days, before its first day is over (`thanks_from`).
    No thank-you can have been sent then (it thanks an interview that has ended, G11, G22)."""
    for event in events:
        if event.ends is not None and event.at <= at < event.ends:
            until = thanks_from(event)
            if until is not None and at < until:
                return event
    return None


def thanks_refused(interview: Event) -> str:
    """Why a thank-you dated during `interview` (`interview_under_way`) is refused, and from
    when one can be sent: once it has ended, or once its first day is over."""
    until = thanks_from(interview)
    if until is None or until == interview.ends:
        return "a thank-you is sent once the interview has ended"
    return (
        "a thank-you is sent once the interview has ended or, for the people met on its first"
        f" day, once that day is over (from {until:%Y-%m-%d %H:%M})"
    )


def thanks_during_interview(events: list[Event]) -> list[tuple[Event, Event]]:
    """Each thank-you of an application dated while one of its interviews was under way, with
    that interview."""
    for event in events:  # most have no end: no list made (a comprehension is a call)
        if event.ends is not None:
            break
    else:
        return []
    ended = [e for e in events if e.ends is not None]
    thanks = (e for e in events if e.type == "thank_you_sent")
    return [(e, i) for e in thanks if (i := interview_under_way(e.at, ended)) is not None]


def _date_alone(written: str) -> bool:
    """Whether a deadline that was read (`read_moment` took it, so it is text) is a date alone:
    `is_date_only` without its pattern (~3 k instructions). Once stripped, a date alone is 10
    characters and anything else `read_moment` takes is longer: a date and a time are 16 or
    more, and text of 10 characters it takes starts with a date (`_DATE`), so it is one
    (tests/input/test_layouts.py compares both)."""
    return len(written.strip()) == 10


def _quick_zone(_: Any, value: Any) -> Any:
    if type(value) is not str:
        return CHECK
    text = value.strip()
    return text if text and text.isprintable() and is_zone(text) else CHECK


def _quick_end(_: Any, value: Any) -> Any:
    """`ends` as written (text; made a moment with its event's start by `EventsReader.end`)."""
    if type(value) is not str:
        return CHECK  # YAML's base-60 number (an unquoted 11:30): the checked way
    text = value.strip()
    return text if text and text.isprintable() else CHECK


def _quick_texts(_: Any, value: Any) -> Any:
    """`to` and `topics`: one text or a list of texts, each stripped, blanks left out."""
    if type(value) is str:
        value = [value]
    elif type(value) is not list:
        return CHECK
    for text in value:
        if type(text) is not str:
            return CHECK
    return tuple(stripped for stripped in (text.strip() for text in value) if stripped)


def _quick_list(_: Any, value: Any) -> Any:
    return value if type(value) is list else CHECK


def _quick_any(_: Any, value: Any) -> Any:
    return CHECK if value is None else value  # a null: left to the checked way
