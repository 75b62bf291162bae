"""`followup.api`, the file-free door: the CLI's contract, every problem at once, no clock."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from followup import api
from followup.api import (
    InvalidInput,
    draft_document,
    explain_document,
    load_policy_text,
    plan_document,
    validate_policy,
    why_not_document,
)
from followup.cli import cli
from followup.source import load_document
from paths import ROOT

TECH = ROOT / "examples" / "tech-panel.yaml"
CUSTOM = ROOT / "examples" / "custom-policy-events.yaml"
AS_OF = "2026-10-07T09:00"
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"


def document(path: Path) -> dict[str, Any]:
    """The events file as the library's callers hold it: plain values, times as text."""
    value: dict[str, Any] = load_document(path).value
    return value


def cli_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def problems_of(call: Any) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        call()
    return caught.value.problems


@pytest.mark.parametrize("include_all", [False, True])
def test_plan_document_is_the_cli_contract(include_all: bool) -> None:
    got = plan_document(document(TECH), as_of=AS_OF, include_all=include_all)
    args = ["plan", str(TECH), "--as-of", AS_OF, "--format", "json"]
    want = cli_json(*args, *(["--all"] if include_all else []))
    assert got["actions"] == want["actions"]
    assert got["policies"] == want["policies"]
    assert got["as_of"] == want["as_of"] and got["schema_version"] == want["schema_version"]
    assert got["events_files"][0]["path"] == "events"
    assert len(got["events_files"][0]["sha256"]) == 64


def test_the_same_document_gives_the_same_plan_whatever_its_form() -> None:
    text_times = document(TECH)
    with TECH.open(encoding="utf-8") as handle:
        loaded_by_pyyaml = yaml.safe_load(handle)  # datetime objects where the file has times
    assert isinstance(loaded_by_pyyaml["applications"][0]["events"][0]["at"], dt.datetime)
    aware = dt.datetime(2026, 10, 7, 8, 0, tzinfo=dt.UTC)
    naive = dt.datetime(2026, 10, 7, 9, 0)  # in the candidate's zone, Europe/London
    plans = [
        plan_document(text_times, as_of=AS_OF),
        plan_document(loaded_by_pyyaml, as_of=AS_OF),
        plan_document(text_times, as_of=aware),
        plan_document(text_times, as_of=naive),
    ]
    assert all(p["actions"] == plans[0]["actions"] for p in plans)
    assert {p["as_of"] for p in plans} == {"2026-10-07T09:00:00+01:00"}


def test_as_of_is_required() -> None:
    for function in (plan_document, explain_document, why_not_document, draft_document):
        parameter = inspect.signature(function).parameters["as_of"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.default is inspect.Parameter.empty
    with pytest.raises(TypeError):
        plan_document(document(TECH))  # type: ignore[call-arg]


def test_no_clock_no_output_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pendulum

    def no_clock(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the wall clock was read")

    monkeypatch.setattr(pendulum, "now", no_clock)
    monkeypatch.setattr(pendulum, "today", no_clock)
    monkeypatch.chdir(tmp_path)
    doc = document(TECH)
    plan_document(doc, as_of=AS_OF)
    explain_document(doc, PANEL, as_of=AS_OF)
    draft_document(doc, PANEL, as_of=AS_OF)
    why_not_document(doc, "follow-up-after-later-round", application="acme-sre", as_of=AS_OF)
    validate_policy("policy: mine\nextends: generic\n", "mine.yaml")
    with pytest.raises(InvalidInput):
        plan_document({"candidate": {}}, as_of=AS_OF)
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr() == ("", "")


def test_every_problem_of_shape_at_once() -> None:
    bad = {
        "candidate": {"timezone": 3},
        "applications": [
            {
                "id": "a b",
                "company": "Acme",
                "recruiter": {"nme": "Sam"},
                "events": [{"type": "interviewed", "interviewers": [None]}],
            }
        ],
    }
    found = problems_of(lambda: plan_document(bad, as_of=AS_OF))
    assert ("missing-key", "candidate", "missing required key 'name'") in found
    assert ("missing-key", "applications[0]", "missing required key 'role'") in found
    paths = {path for _, path, _ in found}
    assert {
        "candidate.timezone",
        "applications[0].id",
        "applications[0].recruiter",
        "applications[0].events[0]",
        "applications[0].events[0].type",
        "applications[0].events[0].interviewers[0]",
    } <= paths
    assert {code for code, _, _ in found} >= {"missing-key", "unknown-key", "unknown-event"}
    assert found == sorted(found, key=lambda p: (p[1], p[0], p[2]))


def test_problems_the_reader_finds_name_their_field() -> None:
    doc = document(TECH)
    doc["applications"][0]["events"][0]["at"] = "2026-13-01T10:00"
    assert problems_of(lambda: plan_document(doc, as_of=AS_OF)) == [
        (
            "bad-date-time",
            "applications[0].events[0].at",
            "not a date-time: '2026-13-01T10:00' (write e.g. 2026-10-08T09:00)",
        )
    ]
    doc = document(TECH)
    doc["candidate"]["timezone"] = "Mars/Olympus"
    [(code, path, message)] = problems_of(lambda: plan_document(doc, as_of=AS_OF))
    assert (code, path) == ("unknown-zone", "candidate.timezone") and "Mars/Olympus" in message


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda d: plan_document(d, as_of="yesterday"), ("bad-as-of", "as_of")),
        (
            lambda d: plan_document(d, as_of="2026-10-07", policy="nope"),
            ("unknown-policy", "policy"),
        ),
        (lambda d: explain_document(d, PANEL + "x", as_of=AS_OF), ("unknown-action", "action_id")),
        (lambda d: draft_document(d, "nope", as_of=AS_OF), ("unknown-action", "action_id")),
        (
            lambda d: why_not_document(d, "no-such-rule", application="acme-sre", as_of=AS_OF),
            ("unknown-rule-or-application", "rule"),
        ),
        (lambda d: plan_document({**d, "x": object()}, as_of=AS_OF), ("bad-value", "x")),
        (lambda d: plan_document([d], as_of=AS_OF), ("wrong-type", "")),
    ],
)
def test_bad_requests_are_invalid_input(call: Any, expected: tuple[str, str]) -> None:
    [(code, path, message)] = problems_of(lambda: call(document(TECH)))
    assert (code, path) == expected and message
    assert str(InvalidInput([(code, path, message)])).endswith(f"[{code}]")


def test_unknown_action_suggests_close_ids() -> None:
    [(_, _, message)] = problems_of(
        lambda: explain_document(document(TECH), PANEL + "x", as_of=AS_OF)
    )
    assert f"did you mean {PANEL}" in message


def test_explain_and_draft_match_the_cli() -> None:
    doc = document(TECH)
    explained = explain_document(doc, PANEL, as_of=AS_OF)
    printed = CliRunner().invoke(cli, ["explain", str(TECH), PANEL, "--as-of", AS_OF]).stdout
    assert explained["text"] == printed
    as_json = ["explain", str(TECH), PANEL, "--as-of", AS_OF, "--format", "json"]
    assert json.loads(CliRunner().invoke(cli, as_json).stdout) == explained
    assert explained["action"]["id"] == PANEL and explained["action"]["status"] == "due"
    draft = draft_document(doc, PANEL, as_of=AS_OF)
    shown = CliRunner().invoke(cli, ["draft", str(TECH), PANEL, "--as-of", AS_OF]).stdout
    assert draft["subject"] and draft["subject"] in shown
    assert draft["body"].strip().splitlines()[0] in shown
    assert [c["email"] for c in draft["to"]] == ["grace@acme.example"]
    assert {c["email"] for c in draft["cc"]} == {"alan@acme.example", "katherine@acme.example"}


def test_why_not_says_why_with_fact_values() -> None:
    answer = why_not_document(
        document(TECH), "follow-up-after-later-round", application="acme-sre", as_of=AS_OF
    )
    assert answer["rule"] == "follow-up-after-later-round"
    assert answer["application"] == "acme-sre"
    assert "has_decision_date" in json.dumps(answer["events"])


def test_policies_in_memory_and_in_folders() -> None:
    doc = document(CUSTOM)
    folder = ROOT / "examples" / "policies"
    by_folder = plan_document(doc, as_of="2026-11-12T12:00", policy_dirs=[folder])
    want = cli_json(
        "plan", str(CUSTOM), "--policy-dir", str(folder), "--as-of", "2026-11-12T12:00",
        "--format", "json",
    )  # fmt: skip
    assert by_folder["actions"] == want["actions"]
    text = (folder / "veterinary.yaml").read_text("utf-8")
    vet = load_policy_text(text, "veterinary.yaml")
    in_memory = plan_document(doc, as_of="2026-11-12T12:00", policies=[vet])
    assert [a["id"] for a in in_memory["actions"]] == [a["id"] for a in want["actions"]]
    assert {p["name"] for p in in_memory["policies"]} == {"veterinary"}
    forced = plan_document(doc, as_of="2026-11-12T12:00", policy="conservative")
    assert {a["policy"] for a in forced["actions"]} == {"conservative"}
    named = plan_document(doc, as_of="2026-11-12T12:00", policy="veterinary", policies=[vet])
    assert {a["policy"] for a in named["actions"]} == {"veterinary"}


def test_validate_policy_lists_every_problem_with_its_position() -> None:
    text = "policy: Bad Name\nrules:\n  - id: x\n    when: {event: nope}\n"
    report = validate_policy(text, "bad.yaml")
    assert report["valid"] is False and report["policy"] is None
    assert len(report["problems"]) >= 3
    assert all(p["file"] == "bad.yaml" and p["line"] >= 1 for p in report["problems"])
    assert {"policy"} <= {p["field"] for p in report["problems"]}
    good = validate_policy("policy: mine\nextends: generic\nindustries: [farming]\n", "m.yaml")
    assert good["valid"] is True and good["problems"] == []
    assert (
        good["policy"]["name"] == "mine" and "thank-you-each-interviewer" in good["policy"]["rules"]
    )


def test_a_policy_given_as_text_reads_no_file() -> None:
    report = validate_policy("policy: mine\nextends: ../../etc/passwd.yaml\n", "m.yaml")
    assert report["valid"] is False
    assert [p["code"] for p in report["problems"]] == ["unknown-policy"]
    problems = problems_of(lambda: load_policy_text("policy: [\n", "broken.yaml"))
    assert problems[0][0] == "syntax"


def test_the_api_is_typed_and_exported() -> None:
    assert (ROOT / "src" / "followup" / "py.typed").exists()
    for name in ("plan_document", "explain_document", "why_not_document", "draft_document",
                 "validate_policy", "load_policy_text", "InvalidInput"):  # fmt: skip
        assert name in api.__all__
        assert getattr(api, name).__doc__


def test_a_policy_given_as_text_names_no_template() -> None:
    text = (
        "policy: mine\nextends: generic\nrules:\n"
        "  - id: note-to-self\n    when: {event: interview}\n"
        "    action: {kind: thank_you, to: candidate, channel: note, template: ../../x.j2}\n"
        "    timing: {anchor: interview, not_before: 0h, due_by: 1d}\n"
        "    because: test\n"
    )
    report = validate_policy(text, "m.yaml")
    assert report["valid"] is False
    assert "template-outside-policy" in {p["code"] for p in report["problems"]}


def test_every_name_the_door_passes_on_is_typed_and_there() -> None:
    # `followup.api` imports other modules' names on first use (`_ELSEWHERE`) and declares them
    # for the type checker under TYPE_CHECKING: a name in one list only is untyped, or typed
    # and missing at run time (an AttributeError in the command that uses it)
    import ast

    typed = {
        alias.asname
        for node in ast.parse(Path(api.__file__).read_text(encoding="utf-8")).body
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for imported in node.body
        if isinstance(imported, ast.ImportFrom)
        for alias in imported.names
        if alias.asname
    }
    assert typed == set(api._ELSEWHERE)
    for name in sorted(typed):
        assert getattr(api, name) is not None, name
