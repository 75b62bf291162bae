"""Read an interview invitation (an iCalendar file) into the fields of an interview event.

`read_invite(data, source, me=...)` takes the first VEVENT and returns what `followup add
interview --from-ics` records: the start (DTSTART with a TZID, in UTC, or floating), the length
(DURATION or DTEND), the people (ORGANIZER and ATTENDEEs with their CN and mailto address, rooms
and resources left out, and the candidate's own addresses and name left out), and the format
(a video link in LOCATION or DESCRIPTION: video; a phone number or `tel:`: phone; several
people: panel; never `informal`, which only the user can tell: `informal_word`). What it
could not read is listed in `Invite.warnings`, one sentence each, for the command to print on
stderr; a file that is not iCalendar at all is an `InputError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pendulum

from followup.dates.zones import as_pendulum, in_zone, is_zone, localize, zone_named
from followup.errors import InputError
from followup.record import is_email

VIDEO_HOSTS = (
    "zoom.us",
    "zoom.com",
    "meet.google.com",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
    "gotomeeting.com",
    "meet.jit.si",
    "chime.aws",
    "bluejeans.com",
)
"""Hosts whose link in LOCATION or DESCRIPTION makes the interview a video call."""

_URL = re.compile(r"https?://[^\s<>\"',;\\]+", re.IGNORECASE)
_PHONE = re.compile(r"^\s*(tel:)?\+?[\d\s().-]{7,}\s*$", re.IGNORECASE)
_LOCAL_PART = re.compile(r"[._+-]+")
SKIPPED_CUTYPES = frozenset({"ROOM", "RESOURCE"})


@dataclass
class Invite:
    start: pendulum.DateTime
    zone: str | None  # the IANA zone DTSTART was written in; None: UTC or floating
    length: timedelta | None
    people: list[dict[str, Any]]  # {name, email} each, in the invitation's order
    format: str
    format_reason: str
    summary: str
    warnings: list[str] = field(default_factory=list)


def read_invite(
    data: bytes,
    source: str,
    *,
    me: Iterable[str] = (),
    timezone: str = "UTC",
    not_interviewers: Iterable[str] = (),
) -> Invite:
    """The interview an invitation describes. `me`: the candidate's addresses and name (left
    out of the people); `timezone`: the candidate's, for a floating (zone-less) DTSTART;
    `not_interviewers`: addresses or names of people who are not interviewers (the
    application's recruiter, who often sends the invitation), left out with a warning."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError and others for what it cannot parse
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{source}: not an iCalendar file: {reason[:120]}") from None
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise InputError(f"{source}: no event (VEVENT) in this calendar file")
    warnings: list[str] = []
    if len(events) > 1:
        warnings.append(f"{len(events)} events in the file: read the first, the others ignored")
    event = events[0]
    if event.get("RRULE") is not None:
        warnings.append("a repeating event (RRULE): only its first occurrence is recorded")
    start, zone = _start(event, source, timezone, warnings)
    length = _length(event, start, warnings)
    wanted = {m.strip().casefold() for m in me if m and m.strip()}
    people = _people(event, wanted, warnings)
    others = {m.strip().casefold() for m in not_interviewers if m and m.strip()}
    for person in list(people):
        if others & {person["name"].casefold(), person.get("email", "").casefold()}:
            people.remove(person)
            warnings.append(f"{person['name']} is the application's recruiter: not an interviewer")
    fmt, reason = _format(event, people)
    summary = _text(event.get("SUMMARY"))
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        warnings.append("the invitation says the event is CANCELLED; recorded anyway")
    return Invite(start, zone, length, people, fmt, reason, summary, warnings)


def _text(value: Any) -> str:
    if value is None or isinstance(value, list):
        return ""
    return " ".join(str(value).split())


def _start(
    event: icalendar.cal.Component, source: str, timezone: str, warnings: list[str]
) -> tuple[pendulum.DateTime, str | None]:
    raw = event.get("DTSTART")
    if isinstance(raw, list):
        warnings.append("DTSTART given twice: the first is used")
        raw = raw[0]
    if raw is None:
        raise InputError(f"{source}: the event has no start (DTSTART); give --at")
    value = raw.dt
    if not isinstance(value, datetime):
        if isinstance(value, date):
            raise InputError(
                f"{source}: DTSTART {value.isoformat()} is a whole day, not a time; give --at"
            )
        raise InputError(f"{source}: DTSTART is not a date-time; give --at")
    if value.tzinfo is None:
        warnings.append(f"DTSTART has no time zone: read in yours ({timezone})")
        return as_pendulum(localize(value, zone_named(timezone))), None
    zone = _zone_name(value)
    if zone is None:
        tzid = raw.params.get("TZID")
        if tzid:
            warnings.append(f"time zone {tzid!r} is not a known IANA zone: kept as its offset")
        return pendulum.instance(value), None
    return as_pendulum(in_zone(value, zone_named(zone))), zone


def _zone_name(value: datetime) -> str | None:
    """The IANA name of a date-time's zone (UTC: None), if it has one pendulum knows."""
    tz = value.tzinfo
    name = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if value.utcoffset() == timedelta(0) and (name in (None, "UTC", "Etc/UTC") or str(tz) == "UTC"):
        return None
    if not isinstance(name, str) or not is_zone(name):
        return None
    return name


def _length(
    event: icalendar.cal.Component, start: pendulum.DateTime, warnings: list[str]
) -> timedelta | None:
    try:
        if event.get("DURATION") is not None:
            length = event.decoded("DURATION")
        elif event.get("DTEND") is not None:
            end = event.decoded("DTEND")
            if not isinstance(end, datetime):
                warnings.append("DTEND is a date, not a time: length not read")
                return None
            if end.tzinfo is None:
                end = pendulum.instance(end, tz=start.timezone_name or "UTC")
            length = end - start
        else:
            warnings.append("no DTEND or DURATION: length not read")
            return None
    except Exception:  # a malformed value
        warnings.append("DTEND/DURATION could not be read: length not read")
        return None
    if not isinstance(length, timedelta) or length <= timedelta(0):
        warnings.append("the event ends before it starts: length not read")
        return None
    return length


def _addresses(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _people(
    event: icalendar.cal.Component, me: set[str], warnings: list[str]
) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    entries = [("ORGANIZER", a) for a in _addresses(event.get("ORGANIZER"))]
    entries += [("ATTENDEE", a) for a in _addresses(event.get("ATTENDEE"))]
    for role, address in entries:
        params = getattr(address, "params", {})
        text = str(address).strip()
        email = text[7:].strip() if text.lower().startswith("mailto:") else ""
        if email and not is_email(email):
            warnings.append(f"{role} {text!r}: not an email address, left out")
            continue
        name = " ".join(str(params.get("CN", "")).split()).strip('"')
        if str(params.get("CUTYPE", "")).upper() in SKIPPED_CUTYPES:
            continue
        if me & {email.casefold(), name.casefold()} - {""}:
            continue  # the candidate
        if not name and not email:
            warnings.append(f"{role} {text!r}: no name and no email address, left out")
            continue
        if name.count(",") == 1:  # "Hopper, Grace"
            last, first = (part.strip() for part in name.split(","))
            name = f"{first} {last}".strip()
        if any(c in name for c in "<>@"):
            name = ""
        if not name:
            name = _name_from_email(email)
            warnings.append(f"{role} {email}: no name (CN); recorded as {name!r}, check it")
        keys = {name.casefold(), email.casefold()} - {""}
        if keys & seen:
            continue
        seen |= keys
        person: dict[str, Any] = {"name": name}
        if email:
            person["email"] = email
        people.append(person)
    return people


def _name_from_email(email: str) -> str:
    local = email.split("@", 1)[0]
    parts = [p for p in _LOCAL_PART.split(local) if p]
    return " ".join(p.capitalize() for p in parts) or email


def video_link(text: str) -> str | None:
    """The first link in `text` to a `VIDEO_HOSTS` host (or a host under one), as written:
    any port, path, query or fragment, without the punctuation of a sentence around it (a
    final `.`, `!`, `)` that closes no `(` of its own, ...)."""
    for found in _URL.findall(text):
        url = _TRAILING.sub("", str(found))
        while url.endswith(")") and url.count(")") > url.count("("):
            url = _TRAILING.sub("", url[:-1])
        try:
            host = (urlsplit(url).hostname or "").rstrip(".")  # lower case, no port or user
        except ValueError:  # an unclosed `[` of an IPv6 address: no link
            continue
        if any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS):
            return url
    return None


_TRAILING = re.compile(r"[.!?:]+$")
"""Punctuation that ends a sentence rather than a link."""


def _format(event: icalendar.cal.Component, people: list[dict[str, Any]]) -> tuple[str, str]:
    location = _text(event.get("LOCATION"))
    description = str(event.get("DESCRIPTION") or "")
    for label, text in (("LOCATION", location), ("DESCRIPTION", description)):
        link = video_link(text)
        if link:
            return "video", f"a video link in {label} ({link})"
    conference = event.get("CONFERENCE") or event.get("X-GOOGLE-CONFERENCE")
    if conference is not None:
        return "video", "a conference link in the invitation"
    if location and _PHONE.match(location):
        return "phone", f"a phone number in LOCATION ({location})"
    if location.lower().startswith("http"):
        return "video", f"a link in LOCATION ({location})"
    if len(people) >= 2:
        return "panel", f"{len(people)} people invited at once"
    return "one_on_one", "in person with one interviewer" if location else "no place given"


_INFORMAL_WORDS = re.compile(r"\b(coffee|lunch|informal)\b", re.IGNORECASE)


def informal_word(summary: str) -> str | None:
    """The word of an invitation's title that suggests an informal meeting ("Coffee with Sam",
    "Informal chat"), or None. Never taken as the format: an invitation titled "Lunch" may be
    part of a formal day of interviews, and guessing `informal` wrongly would move the
    thank-yous from 24 to 48 hours (G15), while a thank-you within 24 hours is never wrong (G11,
    G22). The command only says so."""
    found = _INFORMAL_WORDS.search(summary)
    return found.group(0) if found else None


def describe_length(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
