"""Hypothesis strategies for realistic events files across time zones (issue 10's properties).

Built on the ideas of `strategies.py` (dates clustered around the 2026 clock changes), with what
issue 10 adds: the employer's office zone (`applications[].timezone`), recruiters and
interviewers in their own zones, recruiters who also interview, `lead` / `hiring_manager`,
decision dates (bare dates, the employer's end of day), interviews' ends (a time alone or a
date and time), early and late follow-ups, replies with
and without a new date, next rounds booked ahead (`booked_at`), and an `as_of` anywhere from the
first interview to ten weeks later.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

ZONES = (
    "America/New_York",
    "Europe/London",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/Los_Angeles",
)
# Around the 2026 changes: US 8 Mar / 1 Nov, EU 29 Mar / 25 Oct, Sydney 5 Apr / 4 Oct; and the
# UK late-May bank holiday and US Thanksgiving.
START_DAYS = (
    datetime(2026, 3, 2),
    datetime(2026, 3, 23),
    datetime(2026, 5, 18),
    datetime(2026, 9, 28),
    datetime(2026, 10, 19),
    datetime(2026, 11, 20),
)
FORMATS = ("one_on_one", "panel", "phone", "video", "informal")
PEOPLE = (
    ("Helen Whitaker", "Ms."),
    ("Alan Reyes", "Dr."),
    ("Dana Brooks", "Ms."),
    ("Mark Evans", "Mr."),
    ("Nina Shah", "Ms."),
)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _person(name: str, honorific: str, zone: str | None) -> dict[str, Any]:
    person: dict[str, Any] = {
        "name": name,
        "honorific": honorific,
        "email": name.lower().replace(" ", ".") + "@employer.example",
    }
    if zone is not None:
        person["timezone"] = zone
    return person


@st.composite
def realistic_events(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """(events document, as_of text in the candidate's zone) for one application."""
    candidate_zone = draw(st.sampled_from(ZONES))
    employer_zone = draw(st.sampled_from((candidate_zone, *ZONES)))
    office_zone = employer_zone if draw(st.booleans()) else None  # the application's `timezone`
    staff_zone = draw(st.sampled_from((None, employer_zone)))  # people's own `timezone`
    recruiter = None
    if draw(st.booleans()):
        recruiter = _person("Oliver Grant", "Mr.", staff_zone if office_zone else employer_zone)
    app: dict[str, Any] = {
        "id": "app",
        "company": "Harbour Re",
        "role": "Analyst",
        "industry": draw(st.sampled_from(("technology", "insurance", "government"))),
        "events": [],
    }
    if office_zone is not None:
        app["timezone"] = office_zone
    if recruiter is not None:
        app["recruiter"] = recruiter
    contact = recruiter  # who status follow-ups go to (fixed below when there is no recruiter)
    events: list[dict[str, Any]] = app["events"]

    at = draw(st.sampled_from(START_DAYS)) + timedelta(
        days=draw(st.integers(0, 4)),
        hours=draw(st.integers(8, 18)),
        minutes=draw(st.sampled_from((0, 30))),
    )
    first = at
    same_zone = employer_zone == candidate_zone
    spans: list[tuple[datetime, datetime]] = []  # the interviews with an end: nothing thanks one
    for round_ in range(1, draw(st.integers(1, 3)) + 1):
        fmt = draw(st.sampled_from(FORMATS))
        picked = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True))
        people = [_person(n, h, staff_zone) for n, h in picked]
        flag = draw(st.sampled_from((None, "lead", "hiring_manager")))
        if flag is not None:
            people[draw(st.integers(0, len(people) - 1))][flag] = True
        if recruiter is not None and draw(st.integers(0, 3)) == 0:
            people.append(dict(recruiter))  # the recruiter sat in (or ran the screen)
        interview: dict[str, Any] = {
            "type": "interview",
            "at": _stamp(at),
            "round": round_,
            "format": fmt,
            "interviewers": people,
        }
        if draw(st.booleans()):  # its end: a time alone (the day of `at`) or a date and time
            end = at + timedelta(minutes=draw(st.sampled_from((30, 45, 90, 180, 420))))
            same_day = end.date() == at.date() and draw(st.booleans())
            interview["ends"] = end.strftime("%H:%M") if same_day else _stamp(end)
            spans.append((at, end))
        if round_ > 1 and draw(st.booleans()):
            interview["booked_at"] = _stamp(at - timedelta(days=draw(st.integers(1, 6))))
        if draw(st.booleans()):
            days = draw(st.integers(0 if same_zone else 1, 12))
            interview["decision_by"] = (at + timedelta(days=days)).strftime("%Y-%m-%d")
        events.append(interview)
        if contact is None:
            contact = people[0]
        if draw(st.booleans()):
            sent: dict[str, Any] = {
                "type": "thank_you_sent",
                "at": _stamp(at + timedelta(hours=draw(st.integers(1, 200)))),
            }
            if draw(st.booleans()):
                sent["to"] = [p["email"] for p in people]
            events.append(sent)
        for _ in range(draw(st.integers(0, 2))):  # early, on-time or late chases
            events.append(
                {
                    "type": "follow_up_sent",
                    "at": _stamp(at + timedelta(days=draw(st.integers(1, 25)), hours=1)),
                    "to": [contact["email"]],
                }
            )
        if draw(st.integers(0, 2)) == 0:
            reply: dict[str, Any] = {
                "type": "response_received",
                "at": _stamp(at + timedelta(days=draw(st.integers(1, 14)), hours=2)),
            }
            if draw(st.booleans()):
                reply["decision_by"] = (at + timedelta(days=draw(st.integers(16, 30)))).strftime(
                    "%Y-%m-%d"
                )
            events.append(reply)
        at += timedelta(days=draw(st.integers(5, 30)))
    for event in events:  # a thank-you dated while an interview is under way is refused
        if event["type"] == "thank_you_sent":
            sent_at = datetime.fromisoformat(event["at"])
            for start, end in spans:
                if start <= sent_at < end:
                    event["at"] = _stamp(end)
    ending = draw(st.sampled_from((None, None, None, "rejected", "offer_received", "withdrawn")))
    if ending:
        events.append({"type": ending, "at": _stamp(at)})
    # half the time soon after the first round, while a promised date is likely still pending
    horizon = draw(st.sampled_from((16, 70)))
    as_of = first + timedelta(days=draw(st.integers(0, horizon)), hours=draw(st.integers(0, 12)))
    document = {
        "candidate": {"name": "Priya Nair", "timezone": candidate_zone},
        "applications": [app],
    }
    return document, _stamp(as_of)


def employer_zone(document: dict[str, Any]) -> str:
    """The spec's employer zone: the application's, else the recruiter's, else the candidate's."""
    app = document["applications"][0]
    recruiter = app.get("recruiter") or {}
    return app.get("timezone") or recruiter.get("timezone") or document["candidate"]["timezone"]


def local(text: str, zone: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def decision_moment(event: dict[str, Any], document: dict[str, Any]) -> datetime:
    """A bare `decision_by` date: 17:00 that day in the employer's zone, never before the event."""
    at = local(event["at"], document["candidate"]["timezone"])
    day = datetime.fromisoformat(event["decision_by"])
    moment = day.replace(hour=17, tzinfo=ZoneInfo(employer_zone(document)))
    return max(moment, at)
