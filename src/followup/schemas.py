"""The published JSON Schemas (draft 2020-12): the events file, the plan (`--format json`, and
each line of `--format jsonl`) and the policy file.

`followup schema events|plan|policy` prints them; docs/ holds the same text (a test keeps them
equal, and checks every example, test case and plan of the test suite against them). The
schemas say what the readers accept, no more: the events reader's checks that need more than a
shape (a real date, a known time zone, a unique id, events after the first interview) are
reported by the reader itself.
"""

from __future__ import annotations

import json
from typing import Any

from followup.events import DECISION_TYPES, EVENT_TYPES, FORMATS
from followup.kinds import ActionKind, Channel, Status
from followup.policy.schema import to_json_schema as policy_schema

SCHEMA_NAMES = ("events", "plan", "policy")
BASE_ID = "https://interview-followup.example/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_TEXT: dict[str, Any] = {
    "type": ["string", "number"],
    "description": "text (numbers are read as text)",
}
_OPTIONAL_TEXT: dict[str, Any] = {"type": ["string", "number", "null"]}
_MOMENT = {
    "type": "string",
    "minLength": 1,
    "description": "ISO 8601 date and time (a full date is required); no offset: the "
    "candidate's time zone",
}
_TEXTS = {
    "description": "one text or a list of texts",
    "type": ["string", "array", "null"],
    "items": {"type": "string"},
}
_TIMEZONE = {"type": ["string", "null"], "description": "an IANA time zone, e.g. Europe/London"}


def _person() -> dict[str, Any]:
    return {
        "description": "an interviewer, a recruiter or another contact",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": {**_TEXT, "description": "full name (ask the receptionist if unsure, G12)"},
            "email": _OPTIONAL_TEXT,
            "title": _OPTIONAL_TEXT,
            "honorific": {**_OPTIONAL_TEXT, "description": "Dr., Ms., Director..."},
            "lead": {"type": "boolean", "description": "leads the panel (one at most)"},
            "hiring_manager": {
                "type": "boolean",
                "description": "the hiring manager (leads a panel when nobody is marked lead)",
            },
            "timezone": _TIMEZONE,
            "phone": _OPTIONAL_TEXT,
        },
    }


def _event() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "something that happened",
        "required": ["type", "at"],
        "additionalProperties": False,
        "properties": {
            "type": {"enum": list(EVENT_TYPES), "description": "what happened"},
            "at": {**_MOMENT, "description": f"when it happened: {_MOMENT['description']}"},
            "round": {"type": "integer", "minimum": 1, "description": "interview round (1)"},
            "format": {"enum": list(FORMATS), "description": "interview format (one_on_one)"},
            "decision_by": {
                "type": ["string", "null"],
                "description": "when they said they would decide (interview or response only); "
                "a date alone means 17:00 that day",
            },
            "interviewers": {
                "type": ["array", "null"],
                "items": {"type": "object", "$ref": "#/$defs/person"},
            },
            "to": {**_TEXTS, "description": "whom a note was sent to (names or emails)"},
            "topics": {**_TEXTS, "description": "what was discussed (drafts use it)"},
            "channel": _OPTIONAL_TEXT,
            "note": _OPTIONAL_TEXT,
            "message_id": {
                **_OPTIONAL_TEXT,
                "description": "the Message-ID of the mail it was recorded from",
            },
            "booked_at": {
                **_MOMENT,
                "type": ["string", "null"],
                "description": "when an interview was booked (an interview only)",
            },
        },
    }


def _decision() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "your decision about an action (followup dismiss, snooze, done)",
        "required": ["type", "at", "action"],
        "additionalProperties": False,
        "properties": {
            "type": {"enum": list(DECISION_TYPES)},
            "at": {**_MOMENT, "description": f"when you decided: {_MOMENT['description']}"},
            "action": {**_TEXT, "description": "the id of the action it is about"},
            "until": {
                "type": ["string", "null"],
                "description": "snoozed: when the action reopens (a date alone: 17:00)",
            },
            "note": _OPTIONAL_TEXT,
        },
    }


def _entry() -> dict[str, Any]:
    """An entry of an application's `events`: a decision when its type is one, else an event."""
    return {
        "if": {"type": "object", "required": ["type"],
               "properties": {"type": {"enum": list(DECISION_TYPES)}}},
        "then": {"$ref": "#/$defs/decision"},
        "else": {"$ref": "#/$defs/event"},
    }  # fmt: skip


def _application() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "one job application and what happened in it",
        "required": ["id", "company", "role"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": ["string", "number"],
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                "description": "unique in the file; letters, digits, '.', '_' and '-'",
            },
            "company": _TEXT,
            "role": _TEXT,
            "industry": {**_OPTIONAL_TEXT, "description": "chooses the default policy"},
            "timezone": {**_TIMEZONE, "description": "the employer's office time zone"},
            "recruiter": {"type": ["object", "null"], "$ref": "#/$defs/person"},
            "events": {"type": ["array", "null"], "items": _entry()},
            "notes": {"description": "your own notes: kept, not read"},
        },
    }


def events_schema() -> dict[str, Any]:
    """The events file (YAML or JSON), and the `events` of a policy test case."""
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_ID}events.schema.json",
        "title": "interview-followup events file",
        "type": "object",
        "required": ["candidate", "applications"],
        "additionalProperties": False,
        "properties": {
            "candidate": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    "name": _TEXT,
                    "timezone": {**_TIMEZONE, "description": "IANA time zone (UTC)"},
                    "email": _OPTIONAL_TEXT,
                    "phone": _OPTIONAL_TEXT,
                },
            },
            "applications": {"type": "array", "items": {"$ref": "#/$defs/application"}},
        },
        "$defs": {
            "person": _person(),
            "event": _event(),
            "decision": _decision(),
            "application": _application(),
        },
    }


def _action() -> dict[str, Any]:
    moment = {"type": "string", "format": "date-time"}
    index = {"type": ["integer", "null"], "minimum": 0}
    texts = {"type": "array", "items": {"type": "string"}}
    explanation = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "summary",
            "because",
            "cites",
            "rule_source",
            "matched_events",
            "timing",
            "cancelled_by",
            "done_by",
            "status_reason",
            "notes",
            "covers",
        ],
        "properties": {
            "summary": {"type": "string", "description": "what to do, to whom, how, when"},
            "because": {"type": "string", "description": "the rule's reason"},
            "cites": {**texts, "description": "guideline ids (G1...G31)"},
            "rule_source": {"type": "string", "description": "policy file:line of the rule"},
            "matched_events": {
                "type": "array",
                "items": {"type": "integer", "minimum": 0},
                "description": "indexes of the events the action rests on, as in the file",
            },
            "timing": {"type": "string", "description": "the window arithmetic"},
            "cancelled_by": {**index, "description": "index of the event that cancelled it"},
            "done_by": {**index, "description": "index of the event that completed it"},
            "status_reason": {"type": "string"},
            "notes": texts,
            "covers": {
                "type": "array",
                "description": "the rules of the actions folded into this one",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["rule", "rule_source", "cites"],
                    "properties": {
                        "rule": {"type": "string"},
                        "rule_source": {"type": "string"},
                        "cites": texts,
                    },
                },
            },
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "application",
            "policy",
            "rule",
            "kind",
            "channel",
            "to",
            "cc",
            "not_before",
            "due_by",
            "recipient_timezone",
            "status",
            "covers",
            "explanation",
        ],
        "properties": {
            "id": {
                "type": "string",
                "description": "stable: application/rule/trigger-date[/person]",
            },
            "application": {"type": "string"},
            "policy": {"type": "string"},
            "rule": {"type": "string"},
            "kind": {"type": "string", "examples": list(ActionKind)},
            "channel": {"type": "string", "examples": list(Channel)},
            "to": {**texts, "description": "`Name <email>` or a name"},
            "cc": texts,
            "not_before": moment,
            "due_by": moment,
            "recipient_timezone": {
                "type": ["string", "null"],
                "description": "the IANA zone the recipient works in, when known",
            },
            "status": {"enum": list(Status)},
            "covers": {**texts, "description": "ids of the rules whose message this one carries"},
            "explanation": explanation,
        },
    }


def plan_schema() -> dict[str, Any]:
    """`followup plan --format json` and the library's `plan_document` (an action alone, as in
    each line of `--format jsonl`, is `#/$defs/action`)."""
    from followup.render.json_render import SCHEMA_VERSION

    digest = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_ID}plan.schema.json",
        "title": "interview-followup plan",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "as_of", "events_files", "policies", "actions"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "as_of": {"type": "string", "format": "date-time"},
            "events_files": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["path", "sha256", "as_of"],
                    "properties": {
                        "path": {"type": "string"},
                        "sha256": digest,
                        "as_of": {"type": "string", "format": "date-time"},
                    },
                },
            },
            "policies": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "source", "sha256"],
                    "properties": {
                        "name": {"type": "string"},
                        "source": {"type": "string"},
                        "sha256": digest,
                    },
                },
            },
            "actions": {"type": "array", "items": {"$ref": "#/$defs/action"}},
        },
        "$defs": {"action": _action()},
    }


def action_schema() -> dict[str, Any]:
    """One action of the plan: each line of `followup plan --format jsonl`."""
    plan = plan_schema()
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_ID}plan.schema.json#action",
        "title": "interview-followup planned action",
        "$ref": "#/$defs/action",
        "$defs": plan["$defs"],
    }


def schema(name: str) -> dict[str, Any]:
    """One of SCHEMA_NAMES."""
    if name == "events":
        return events_schema()
    if name == "plan":
        return plan_schema()
    if name == "policy":
        return policy_schema()
    raise ValueError(f"unknown schema {name!r}; one of: {', '.join(SCHEMA_NAMES)}")


def schema_text(name: str) -> str:
    """The text of docs/<name>.schema.json."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
