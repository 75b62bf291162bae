"""The published JSON Schemas: the same in docs/ and from `followup schema NAME`, in step with
the readers, and met by every example, every policy test case and every plan (conftest.py checks
each plan document the suite makes as it is made)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given

from followup.api import plan_document
from followup.cli import cli
from followup.errors import InputError
from followup.events import parse_events
from followup.limits import MAX_CONDITION_NUMBER
from followup.policy.load import check_policy_text
from followup.policy.registry import is_policy_file
from followup.schemas import SCHEMA_NAMES, plan_schema, schema, schema_text
from followup.source import format_path, load_document, parse_document
from paths import ROOT
from strategies import events_document

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate


def schema_problems(value: Any, name: str) -> list[tuple[str, str, str]]:
    """Every way `value` breaks the published schema `name` (jsonschema's codes), by path."""
    found = {
        (f"schema.{e.validator}", format_path(tuple(e.absolute_path)), e.message)
        for e in jsonschema.Draft202012Validator(schema(name)).iter_errors(value)
    }
    return sorted(found, key=lambda p: (p[1], p[0], p[2]))


EVENTS_FILES = sorted((ROOT / "examples").glob("*.yaml"))
TEST_FILES = sorted(
    [*ROOT.glob("tests/policies/*.test.yaml"), *ROOT.glob("examples/**/*.test.yaml")]
)
POLICY_FILES = sorted(
    [
        *(ROOT / "src" / "followup" / "policies").glob("*.yaml"),
        *(p for p in (ROOT / "examples" / "policies").glob("*.yaml") if is_policy_file(p)),
        *(ROOT / "policies").glob("**/*.yaml"),
    ]
)


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_published_in_docs_and_by_the_cli(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))
    published = ROOT / "docs" / f"{name}.schema.json"
    assert published.read_text("utf-8") == schema_text(name), (
        f"{published.name} is stale (a new action kind?): "
        f"run `followup schema {name} > docs/{name}.schema.json`"
    )
    result = CliRunner().invoke(cli, ["schema", name])
    assert result.exit_code == 0 and result.stdout == schema_text(name)


def test_schema_alone_is_still_the_policy_schema() -> None:
    assert CliRunner().invoke(cli, ["schema"]).stdout == schema_text("policy")


_GOOD = {
    "candidate": {"name": "Ada", "timezone": "Europe/London"},
    "applications": [
        {
            "id": "acme",
            "company": "Acme",
            "role": "SRE",
            "recruiter": {"name": "Sam"},
            "events": [
                {
                    "type": "interview",
                    "at": "2026-10-06T10:00",
                    "interviewers": [{"name": "Grace"}],
                },
                {"type": "dismissed", "at": "2026-10-07T10:00", "action": "acme/x/2026-10-06"},
            ],
        }
    ],
}
_LEVELS = {
    "": (),
    "candidate": ("candidate",),
    "applications[0]": ("applications", 0),
    "applications[0].recruiter": ("applications", 0, "recruiter"),
    "applications[0].events[0]": ("applications", 0, "events", 0),
    "applications[0].events[0].interviewers[0]": (
        "applications", 0, "events", 0, "interviewers", 0,
    ),
    "applications[0].events[1]": ("applications", 0, "events", 1),
}  # fmt: skip


@pytest.mark.parametrize("where", list(_LEVELS))
def test_the_schema_and_the_reader_refuse_the_same_unknown_key(where: str) -> None:
    """The schema is generated from the declaration the reader checks with: at every level of
    the file an unknown key is refused by both, at the same field."""
    assert schema_problems(_GOOD, "events") == []
    parse_events(parse_document(json.dumps(_GOOD), "good.json", "json"))
    bad = json.loads(json.dumps(_GOOD))
    node: Any = bad
    for part in _LEVELS[where]:
        node = node[part]
    node["colour"] = "blue"
    assert [(code, path) for code, path, _ in schema_problems(bad, "events")] == [
        ("schema.additionalProperties", where)
    ]
    with pytest.raises(InputError) as caught:
        parse_events(parse_document(json.dumps(bad), "bad.json", "json"))
    field = f"{where}.colour" if where else "colour"
    assert [(p.code, p.field) for p in caught.value.problems] == [("unknown-key", field)]


@pytest.mark.parametrize("path", EVENTS_FILES, ids=lambda p: p.name)
def test_every_example_meets_the_events_schema(path: Path) -> None:
    assert schema_problems(load_document(path).value, "events") == []


def _cases() -> list[tuple[str, Any]]:
    found = []
    for path in TEST_FILES:
        for n, case in enumerate(load_document(path).value["cases"]):
            found.append((f"{path.name}[{n}]", case["events"]))
    return found


def test_every_policy_test_case_meets_the_events_schema() -> None:
    cases = _cases()
    assert len(cases) > 50
    for name, doc in cases:
        assert schema_problems(doc, "events") == [], name


def test_synthetic_documents_meet_the_events_schema() -> None:
    assert validator("events").is_valid(generate(200, seed=11))


@given(events_document(max_apps=3))
def test_generated_documents_meet_the_events_schema(doc: dict[str, Any]) -> None:
    assert schema_problems(doc, "events") == []


@pytest.mark.parametrize(
    "bad",
    [
        {"applications": []},
        {"candidate": {"name": "A"}, "applications": [{"id": "x", "company": "C"}]},
        {"candidate": {"name": "A"}, "applications": [], "extra": 1},
        {"candidate": {"name": "A", "tz": "UTC"}, "applications": []},
        {
            "candidate": {"name": "A"},
            "applications": [
                {"id": "x", "company": "C", "role": "R", "events": [{"type": "chat", "at": "x"}]}
            ],
        },
    ],
)
def test_documents_the_schema_refuses_the_reader_refuses(bad: dict[str, Any]) -> None:
    assert schema_problems(bad, "events")
    with pytest.raises(InputError):
        parse_events(parse_document(json.dumps(bad), "bad.json", "json"))


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_every_policy_file_meets_the_policy_schema(path: Path) -> None:
    assert validator("policy").is_valid(load_document(path).value), path


def test_jsonl_lines_are_actions_of_the_plan() -> None:
    example = str(ROOT / "examples" / "tech-panel.yaml")
    args = ["plan", example, "--as-of", "2026-10-07T09:00", "--all"]
    lines = CliRunner().invoke(cli, [*args, "--format", "jsonl"]).stdout.splitlines()
    whole = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    assert [json.loads(line) for line in lines] == whole["actions"]
    compact = [json.dumps(json.loads(x), ensure_ascii=False, separators=(",", ":")) for x in lines]
    assert compact == lines
    check = jsonschema.Draft202012Validator(
        {"$defs": plan_schema()["$defs"], "$ref": "#/$defs/action"}
    )
    assert all(check.is_valid(json.loads(line)) for line in lines)
    assert not check.is_valid({**json.loads(lines[0]), "status": "pending"})


def test_the_plan_schema_refuses_what_is_not_the_contract() -> None:
    plan = plan_document(load_document(ROOT / "examples" / "tech-panel.yaml").value,
                         as_of="2026-10-07T09:00")  # fmt: skip
    check = validator("plan")
    assert check.is_valid(plan)
    action = plan["actions"][0]
    assert not check.is_valid({**plan, "extra": 1})
    assert not check.is_valid({**plan, "schema_version": 99})
    assert not check.is_valid({**plan, "actions": [{**action, "status": "later"}]})
    assert not check.is_valid({**plan, "actions": [{**action, "surprise": True}]})
    explanation = {k: v for k, v in action["explanation"].items() if k != "because"}
    assert not check.is_valid({**plan, "actions": [{**action, "explanation": explanation}]})


def test_decisions_in_an_events_list_meet_the_schema() -> None:
    doc = load_document(ROOT / "examples" / "tech-panel.yaml").value
    action = "acme-sre/thank-you-recruiter/2026-10-06"
    doc["applications"][0]["events"] += [
        {"type": "dismissed", "at": "2026-10-07T08:00", "action": action, "note": "met Sam"},
        {"type": "snoozed", "at": "2026-10-07T08:00", "action": action, "until": "2026-10-09"},
    ]
    assert schema_problems(doc, "events") == []
    parse_events(parse_document(json.dumps(doc), "d.json", "json"))  # the reader agrees
    bad = [{"type": "dismissed", "at": "2026-10-07T08:00"}, {"type": "snoozed", "round": 2}]
    doc["applications"][0]["events"] = bad
    found = {(code, path) for code, path, _ in schema_problems(doc, "events")}
    assert ("schema.required", "applications[0].events[0]") in found
    assert ("schema.additionalProperties", "applications[0].events[1]") in found


@pytest.mark.parametrize("number", [MAX_CONDITION_NUMBER + 1, -MAX_CONDITION_NUMBER - 1])
def test_the_schema_and_the_reader_refuse_a_condition_number_past_the_limit(number: int) -> None:
    """A condition's bound is its value's declared minimum and maximum: the reader refuses it once,
    and the published schema refuses it too."""
    text = (ROOT / "src" / "followup" / "policies" / "generic.yaml").read_text("utf-8")
    doc = parse_document(text, "generic.yaml").value
    doc["rules"][0]["when"]["round"] = {"at_least": number}
    assert [(code, path) for code, path, _ in schema_problems(doc, "policy")] == [
        ("schema.anyOf", "rules[0].when.round")
    ]
    result = check_policy_text(json.dumps(doc), "p.json")
    bound = "1000000000 or less" if number > 0 else "-1000000000 or more"
    assert [(p.code, p.field, p.message) for p in result.problems] == [
        ("out-of-range", "rules[0].when.round", f"must be {bound}, not {number}")
    ]
