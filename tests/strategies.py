"""Hypothesis strategies for valid, internally consistent events documents.

Times cluster around daylight-saving changes so that windows cross them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st

TIMEZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata")
# Days just before the 2026 changes: Europe 29 Mar / 25 Oct, US 8 Mar / 1 Nov, Sydney 5 Apr / 4 Oct.
DST_EDGES = (
    datetime(2026, 3, 6),
    datetime(2026, 3, 27),
    datetime(2026, 4, 3),
    datetime(2026, 10, 2),
    datetime(2026, 10, 23),
    datetime(2026, 10, 30),
)
FORMATS = ("one_on_one", "panel", "phone", "video", "informal")
PEOPLE = ("Grace Hopper", "Alan Turing", "Katherine Johnson", "Barbara Liskov")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


@st.composite
def application(draw: st.DrawFn, app_id: str = "app") -> dict[str, Any]:
    at = draw(st.sampled_from(DST_EDGES)) + timedelta(
        days=draw(st.integers(0, 3)),
        hours=draw(st.integers(8, 18)),
        minutes=draw(st.sampled_from((0, 30))),
    )
    events: list[dict[str, Any]] = []
    for round_ in range(1, draw(st.integers(1, 3)) + 1):
        fmt = draw(st.sampled_from(FORMATS))
        names = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True))
        people: list[dict[str, Any]] = [{"name": n} for n in names]
        if fmt == "panel" and draw(st.booleans()):
            people[0]["lead"] = True
        interview: dict[str, Any] = {
            "type": "interview",
            "at": _stamp(at),
            "round": round_,
            "format": fmt,
            "interviewers": people,
        }
        if draw(st.booleans()):
            interview["decision_by"] = (at + timedelta(days=draw(st.integers(0, 12)))).strftime(
                "%Y-%m-%d"
            )
        events.append(interview)
        if draw(st.booleans()):
            events.append(
                {
                    "type": "thank_you_sent",
                    "at": _stamp(at + timedelta(hours=draw(st.integers(1, 80)))),
                }
            )
        at += timedelta(days=draw(st.integers(4, 30)))
    for _ in range(draw(st.integers(0, 3))):
        events.append({"type": "follow_up_sent", "at": _stamp(at)})
        at += timedelta(days=draw(st.integers(2, 12)))
    if draw(st.booleans()):
        reply: dict[str, Any] = {"type": "response_received", "at": _stamp(at)}
        if draw(st.booleans()):
            reply["decision_by"] = (at + timedelta(days=draw(st.integers(1, 10)))).strftime(
                "%Y-%m-%d"
            )
        events.append(reply)
        at += timedelta(days=draw(st.integers(1, 10)))
    ending = draw(st.sampled_from((None, None, "rejected", "offer_received", "withdrawn")))
    if ending:
        events.append({"type": ending, "at": _stamp(at)})
    app: dict[str, Any] = {
        "id": app_id,
        "company": "Acme",
        "role": "Engineer",
        "industry": draw(st.sampled_from(("technology", "government", "insurance"))),
        "events": events,
    }
    if draw(st.booleans()):
        app["recruiter"] = {"name": "Sam Reed", "email": "sam@acme.example"}
    return app


@st.composite
def events_document(draw: st.DrawFn, max_apps: int = 2) -> dict[str, Any]:
    count = draw(st.integers(1, max_apps))
    apps = [draw(application(app_id=f"app-{n}")) for n in range(count)]
    return {
        "candidate": {"name": "Ada", "timezone": draw(st.sampled_from(TIMEZONES))},
        "applications": apps,
    }
