"""The policy format as data. One declaration drives the validator, the JSON Schema and the docs.

Each `Key` (`followup.format`) says what a field holds, whether it is required, its allowed values
and what it means, in words a career coach can read. `load.py` checks files against these
declarations; `to_json_schema` turns them into a JSON Schema for editors (`followup schema`).
"""

from __future__ import annotations

from typing import Any

from followup.dates.durations import UNITS
from followup.events import CANDIDATE_EVENTS, EVENT_TYPES
from followup.facts import ANCHORS, DEADLINES, FACTS
from followup.format import Key, key_schema, object_schema
from followup.kinds import ActionKind, Channel, Recipient
from followup.limits import MAX_CONDITION_NUMBER
from followup.policy.model import NUMBER_OPS

DONE_CHOICES = tuple(e for e in EVENT_TYPES if e in CANDIDATE_EVENTS)
CC_CHOICES: dict[str, str] = {
    "none": "nobody",
    "other_interviewers": "every other interviewer of that interview",
    "recruiter": "the recruiter, when there is one",
}
MOVE_ON = "move_on"
CANCEL_CHOICES = (*EVENT_TYPES, MOVE_ON)

KEBAB_PATTERN, KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$", "lower-case words joined by '-'"
"""Policy names and rule ids."""


def _any_case(pattern: str) -> str:
    """`bd` -> `[bB][dD]`: JSON Schema patterns have no case-insensitive flag. Keeps `\\s`."""
    out: list[str] = []
    escaped = False
    for c in pattern:
        out.append(f"[{c.lower()}{c.upper()}]" if c.isalpha() and not escaped else c)
        escaped = c == "\\" and not escaped
    return "".join(out)


DURATION = {"type": "string", "pattern": rf"^\s*(\d+\s*({_any_case(UNITS)})\s*)+$"}
CLOCK: dict[str, Any] = {"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}


FACT_VALUES = {
    spec.name: Key(
        spec.name,
        spec.type,
        "",
        choices=spec.choices,
        minimum=-MAX_CONDITION_NUMBER,
        maximum=MAX_CONDITION_NUMBER,
    )
    for spec in FACTS.values()
}
"""What a condition on each fact compares with (a `text` is compared in lower case)."""


def _conditions_schema() -> dict[str, Any]:
    props: dict[str, Any] = {}
    for spec in FACTS.values():
        scalar = key_schema(FACT_VALUES[spec.name])
        many = {"type": "array", "items": scalar, "minItems": 1}
        ops: dict[str, Any] = {"is": scalar, "not": scalar, "one_of": many}
        if spec.type == "int":
            ops.update(dict.fromkeys(NUMBER_OPS, scalar))
        props[spec.name] = {
            "description": spec.doc,
            "anyOf": [
                scalar,
                many,
                {
                    "type": "object",
                    "properties": ops,
                    "additionalProperties": False,
                    "minProperties": 1,
                    "maxProperties": 1,
                },
            ],
        }
    return {
        "type": "object",
        "properties": props,
        "required": ["event"],
        "additionalProperties": False,
    }


def _duration(name: str, doc: str, required: bool = False) -> Key:
    """A policy duration (`24h`, `2d`, `3 business days`): read by the policy reader."""
    return Key(name, "duration", doc, required, schema=DURATION)


TIMING = (
    Key(
        "anchor",
        "choice",
        "the moment the window is measured from (interview: its end when the events file gives "
        "one, else its start)",
        True,
        tuple(ANCHORS),
    ),
    _duration("not_before", "earliest time to act, after the anchor (e.g. 0h, 2d, 2w)", True),
    _duration("due_by", "latest time to act, after the anchor (e.g. 24h, 3d, 3w)", True),
    _duration("late_after", "after this, acting now counts as late (e.g. 3d)"),
    _duration(
        "lapse_after",
        "after this the moment has passed: the action is `lapsed`, no longer recommended (e.g. 1w)",
    ),
    Key(
        "deadline",
        "choice",
        "when this moment is known, the action is due no later than it, at the last working "
        "moment before it when the window keeps to working hours (answer_date: the date an "
        "offer wants your answer by)",
        False,
        DEADLINES,
    ),
    Key(
        "working_hours",
        "bool",
        "keep the window inside the send_window, in the recipient's time zone (default: yes for "
        "messages to a person except thank-you notes, when the policy has a send_window)",
    ),
)
ACTION = (
    Key("kind", "choice", "what to do", True, tuple(ActionKind)),
    Key("channel", "choice", "how to send it", False, tuple(Channel), default=Channel.EMAIL),
    Key("to", "choice", "who receives it", True, tuple(Recipient)),
    Key("cc", "choice", "who is copied", False, tuple(CC_CHOICES), default="none"),
    Key(
        "template",
        "template",
        "a draft template file for this action (see `followup draft`)",
        schema={"type": "string"},
    ),
)
RULE = (
    Key(
        "id",
        "text",
        "a stable, unique kebab-case name, e.g. thank-you-24h",
        True,
        pattern=KEBAB_PATTERN,
        like=KEBAB,
    ),
    Key("summary", "text", "a one-line title"),
    Key(
        "when",
        "conditions",
        "what starts the rule: the event, and conditions on facts",
        True,
        schema=_conditions_schema(),
    ),
    Key("action", "map", "the action the rule recommends", True, keys=ACTION),
    Key("timing", "map", "the window to act in", True, keys=TIMING),
    Key(
        "done_when",
        "list[choice]",
        "your own later events that complete the action (a thank_you_sent to that person...); "
        "the employer's events can only cancel it",
        False,
        DONE_CHOICES,
    ),
    Key(
        "cancelled_by",
        "list[choice]",
        "events that make the action moot (later ones; a rejection, offer or withdrawal even "
        "before); move_on: once moving on is due",
        False,
        CANCEL_CHOICES,
    ),
    Key("because", "text", "why, in plain words: shown in every explanation", True),
    Key("cites", "list[text]", "guideline ids the rule follows (G1...G31)"),
)
SEND_WINDOW = (
    Key(
        "earliest",
        "clock",
        "no sends before this local time (HH:MM)",
        default="08:00",
        schema=CLOCK,
    ),
    Key("latest", "clock", "no sends after this local time (HH:MM)", default="18:00", schema=CLOCK),
    Key("weekends", "bool", "allow sends on Saturday and Sunday", default=False),
)
HOLIDAYS = (
    Key(
        "country",
        "text",
        "country code for public holidays, e.g. GB, US, DE; `auto`: the country of the "
        "recipient's time zone",
    ),
    Key("subdivision", "text", "region code, e.g. ENG, CA"),
    Key("extra", "list[date]", "more days off (YYYY-MM-DD)"),
)
SETTINGS = (
    Key(
        "max_follow_ups",
        "int",
        "most status follow-ups without a response: since the interview or their last reply "
        "(G9, G17, G28)",
        default=2,
    ),
    Key("send_window", "map", "move windows into sending hours", keys=SEND_WINDOW),
    Key("holidays", "map", "days that business days and send windows skip", keys=HOLIDAYS),
)
POLICY: tuple[Key, ...] = (
    Key(
        "policy",
        "text",
        "the policy's name, kebab-case (e.g. healthcare)",
        True,
        pattern=KEBAB_PATTERN,
        like=KEBAB,
        unlike_code="bad-name",
    ),
    Key("format_version", "int", "version of this file format; 1", default=1),
    Key("description", "text", "what the policy is for"),
    Key("industries", "list[text]", "industries this policy is the default for"),
    Key("extends", "text", "a built-in policy name or a relative path to inherit from"),
    Key("disable", "list[text]", "ids of inherited rules to drop"),
    Key("settings", "map", "policy-wide settings", keys=SETTINGS),
    Key("rules", "list[map]", "the rules", keys=RULE),
)
FORMAT_VERSION = 1


def to_json_schema() -> dict[str, Any]:
    """The JSON Schema of a policy file, generated from the declarations above (published, with
    its `$id`, by `followup.schemas`)."""
    schema = object_schema(POLICY)
    schema["required"] = ["policy"]
    schema["anyOf"] = [{"required": ["rules"]}, {"required": ["extends"]}]  # as the loader
    return schema


__all__ = ["EVENT_TYPES", "to_json_schema"]
