"""The published JSON Schemas (draft 2020-12): the events file, the plan (`--format json`, and
each line of `--format jsonl`) and the policy file.

`followup schema events|plan|policy` prints them; docs/ holds the same text (a test keeps them
equal, and checks every example, test case and plan of the test suite against them). The events
and policy schemas are generated from the declarations the readers check with
(`followup.format`); they say what the readers accept, no more: the events reader's checks that
need more than a shape (a real date, a known time zone, a unique id, events after the first
interview) are reported by the reader itself.
"""

from __future__ import annotations

import json
from typing import Any

from followup.events import EVENTS_DEFS, EVENTS_FILE
from followup.format import object_schema
from followup.kinds import ActionKind, Channel, Status
from followup.policy.schema import to_json_schema as policy_schema

SCHEMA_NAMES = ("events", "plan", "policy")
BASE_ID = "https://interview-followup.example/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _published(where: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": f"{BASE_ID}{where}", "title": title, **schema}


def events_schema() -> dict[str, Any]:
    """The events file (YAML or JSON), and the `events` of a policy test case: generated from
    the declaration the reader checks with (`followup.events.EVENTS_FILE`)."""
    defs = {name: object_schema(keys, doc) for name, (keys, doc) in EVENTS_DEFS.items()}
    return _published(
        "events.schema.json",
        "interview-followup events file",
        {**object_schema(EVENTS_FILE), "$defs": defs},
    )


def _closed(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these properties, every one required."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


def _action() -> dict[str, Any]:
    moment = {"type": "string", "format": "date-time"}
    index = {"type": ["integer", "null"], "minimum": 0}
    texts = {"type": "array", "items": {"type": "string"}}
    explanation = _closed(
        {
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
                "items": _closed(
                    {"rule": {"type": "string"}, "rule_source": {"type": "string"}, "cites": texts}
                ),
            },
        }
    )
    return _closed(
        {
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
        }
    )


def plan_schema() -> dict[str, Any]:
    """`followup plan --format json` and the library's `plan_document` (an action alone, as in
    each line of `--format jsonl`, is `#/$defs/action`)."""
    from followup.render.json_render import SCHEMA_VERSION

    digest = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    moment = {"type": "string", "format": "date-time"}
    text = {"type": "string"}
    plan = _closed(
        {
            "schema_version": {"const": SCHEMA_VERSION},
            "as_of": moment,
            "events_files": {
                "type": "array",
                "minItems": 1,
                "items": _closed({"path": text, "sha256": digest, "as_of": moment}),
            },
            "policies": {
                "type": "array",
                "items": _closed({"name": text, "source": text, "sha256": digest}),
            },
            "actions": {"type": "array", "items": {"$ref": "#/$defs/action"}},
        }
    )
    return _published(
        "plan.schema.json", "interview-followup plan", {**plan, "$defs": {"action": _action()}}
    )


def schema(name: str) -> dict[str, Any]:
    """One of SCHEMA_NAMES."""
    if name == "events":
        return events_schema()
    if name == "plan":
        return plan_schema()
    if name == "policy":
        return _published("policy.schema.json", "interview-followup policy", policy_schema())
    raise ValueError(f"unknown schema {name!r}; one of: {', '.join(SCHEMA_NAMES)}")


def schema_text(name: str) -> str:
    """The text of docs/<name>.schema.json."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
