"""Planning in a test: an events document read as a file of it would be, and an `--as-of`
moment read in the candidate's zone (as the CLI reads one without an offset)."""

from __future__ import annotations

import json
from typing import Any

import pendulum

from followup.events import EventsFile, parse_events
from followup.source import parse_document


def events_of(document: dict[str, Any]) -> EventsFile:
    """`document` read as the events file `events.json` holding it."""
    return parse_events(parse_document(json.dumps(document), "events.json", "json"))


def candidate_moment(events: EventsFile, moment: str) -> pendulum.DateTime:
    """`moment` (ISO 8601, no offset) in the zone of `events`' candidate."""
    as_of = pendulum.parse(moment, tz=events.candidate.timezone)
    assert isinstance(as_of, pendulum.DateTime)
    return as_of
