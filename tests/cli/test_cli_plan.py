"""The command line through click's CliRunner: plan, explain, policies, the JSON contract,
determinism, and every error path (exit 2, one line on stderr, no traceback)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import click
import pendulum
import pytest
import yaml
from click.testing import CliRunner, Result

from cli_support import load_commands
from followup.actions import STATUSES
from followup.cli import cli
from followup.policy import builtin_names, load_policy
from paths import ROOT

EXAMPLES = ROOT / "examples"
AS_OF = "2026-10-15T12:00"
ERROR_PREFIX = "Error: "  # click's prefix; what follows names the file (or the option)

EVENTS = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme-sre
    company: Acme
    role: Site Reliability Engineer
    industry: insurance
    recruiter: {name: Sam Reed, email: sam@acme.example}
    events:
      - type: interview
        at: 2026-09-22T14:00:00+01:00
        round: 1
        format: video
        interviewers:
          - {name: Grace Hopper, title: Director, email: grace@acme.example}
      - {type: thank_you_sent, at: 2026-09-22T19:00:00+01:00, to: [grace@acme.example]}
      - {type: response_received, at: 2026-09-25T09:00:00+01:00, note: second round invite}
      - type: interview
        at: 2026-10-06T10:00:00+01:00
        round: 2
        format: panel
        decision_by: 2026-10-13
        interviewers:
          - {name: Grace Hopper, title: Director, email: grace@acme.example, lead: true}
          - {name: Alan Turing, email: alan@acme.example}
  - id: globex-pm
    company: Globex
    role: Product Manager
    industry: government
    events:
      - type: interview
        at: 2026-10-01T09:30:00+01:00
        interviewers:
          - {name: Hank Scorpio, email: hank@globex.example}
          - {name: Lisa Simpson, email: lisa@globex.example}
      - {type: thank_you_sent, at: 2026-10-02T08:00:00+01:00, to: [lisa@globex.example]}
      - {type: follow_up_sent, at: 2026-10-12T10:00:00+01:00}
"""

ACTION_KEYS = {
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
    "status",
    "explanation",
}
EXPLANATION_KEYS = {
    "summary",
    "because",
    "cites",
    "rule_source",
    "matched_events",
    "timing",
    "cancelled_by",
}
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    return path


class _KeepTimesAsText(yaml.SafeLoader):
    """PyYAML's safe loader without timestamp conversion: times stay as written."""


_KeepTimesAsText.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_KeepTimesAsText)  # a SafeLoader subclass


def plan_json(path: Path, *extra: str, as_of: str = AS_OF) -> dict[str, Any]:
    result = invoke(["plan", str(path), "--as-of", as_of, "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


# --------------------------------------------------------------------------- text output


def test_plan_text_tells_a_person_what_to_do(events_file: Path) -> None:
    result = invoke(["plan", str(events_file), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Ada Lovelace" in out
    assert "acme-sre: Acme, Site Reliability Engineer  [policy generic]" in out
    assert "globex-pm: Globex, Product Manager  [policy conservative]" in out
    # the follow-up after the decision date: what, how, to whom, when, why, and its id
    assert "DUE" in out and "UPCOMING" in out
    assert (
        "Follow up on the status of your application by email to Sam Reed <sam@acme.example>" in out
    )
    # generic: 2 to 3 working days after Tue 13 Oct 17:00 (a bare date: the end of their working
    # day, London) -> raw Thu 15 Oct 17:00 opens at 09:00 that day; Fri 16 Oct 17:00 closes it
    assert "Thu 15 Oct 2026 09:00 -> Fri 16 Oct 2026 17:00" in out
    assert "Wait until the end of the period they gave you" in out
    assert "G23" in out
    assert "acme-sre/follow-up-after-decision-date/2026-10-06" in out
    assert "policies/generic.yaml:" in out
    # open actions only: no done or cancelled entries without --all
    assert "DONE" not in out and "CANCELLED" not in out


def test_plan_text_all_adds_done_and_cancelled(events_file: Path) -> None:
    result = invoke(["plan", str(events_file), "--as-of", AS_OF, "--all"])
    assert result.exit_code == 0, result.output
    assert "DONE" in result.stdout
    assert "CANCELLED" in result.stdout
    assert "done: thank_you_sent 2026-09-22 19:00 (event 1)" in result.stdout


def test_plan_text_when_nothing_is_open(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "candidate: {name: Ada Lovelace, timezone: Europe/London}\n"
        "applications:\n"
        "  - {id: a, company: Acme, role: SRE, events: [\n"
        "      {type: interview, at: 2026-10-01T10:00, interviewers: [{name: Grace Hopper}]},\n"
        "      {type: withdrawn, at: 2026-10-01T12:00}]}\n",
        encoding="utf-8",
    )
    result = invoke(["plan", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert "DUE" not in result.stdout and "OVERDUE" not in result.stdout
    assert "UPCOMING" not in result.stdout
    everything = invoke(["plan", str(path), "--as-of", AS_OF, "--all"])
    assert "CANCELLED" in everything.stdout


def test_policies_lists_the_builtins() -> None:
    result = invoke(["policies"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for name in builtin_names():
        assert re.search(rf"^{re.escape(name)}$", out, re.MULTILINE), name
        assert f"policies/{name}.yaml" in out
    assert "technology" in out and "government" in out
    assert "(default for every other industry)" in out
    assert "description:" in out


def test_explain_gives_the_full_account(events_file: Path) -> None:
    action_id = "acme-sre/follow-up-after-decision-date/2026-10-06"
    result = invoke(["explain", str(events_file), action_id, "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"{action_id}  [due]")
    assert re.search(r"rule +follow-up-after-decision-date  \(policies/generic\.yaml:\d+", out)
    assert "because     Wait until the end of the period" in out
    # the text of a cited guideline, from the catalogue, with its article
    assert "G23  No answer by the end of the allotted period: wait 2-3 more days" in out
    assert "Module 12: Post-Interview Follow Up and Etiquette" in out
    assert "event 3: interview round 2 (panel) 2026-10-06 10:00" in out
    assert "decision_date_pending is true" in out
    assert "anchor decision_date = event 3 (interview) at 2026-10-13T17:00:00+01:00" in out
    # 2 and 3 working days in the recipient's zone (Sam has none: the candidate's, London),
    # then moved into working hours (09:00-17:00): Thu 15 Oct 17:00 opens Thu 15 Oct 09:00
    assert "not_before = anchor + 2 business days = 2026-10-15T09:00:00+01:00" in out
    assert "due_by = anchor + 3 business days = 2026-10-16T17:00:00+01:00" in out
    assert (
        "working hours 09:00-17:00 on working days in Europe/London: "
        "Thu 15 Oct 17:00 -> Fri 16 Oct 17:00 becomes Thu 15 Oct 09:00 -> Fri 16 Oct 17:00"
    ) in out
    assert "status      due" in out


def test_explain_and_plan_agree_on_every_action(events_file: Path) -> None:
    data = plan_json(events_file, "--all")
    for action in data["actions"]:
        result = invoke(["explain", str(events_file), action["id"], "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"{action['id']}  [{action['status']}]")
        assert action["explanation"]["rule_source"] in result.stdout


# --------------------------------------------------------------------------- JSON contract


def test_json_contract(events_file: Path) -> None:
    data = plan_json(events_file)
    assert {"as_of", "policies", "actions"} <= data.keys()
    assert data["as_of"] == "2026-10-15T12:00:00+01:00"
    assert [p["name"] for p in data["policies"]] == ["conservative", "generic"]
    for policy in data["policies"]:
        assert policy.keys() >= {"name", "source", "sha256"}
        assert policy["source"] == f"policies/{policy['name']}.yaml"
        assert re.fullmatch(r"[0-9a-f]{64}", policy["sha256"])
    actions = data["actions"]
    assert actions
    apps = {"acme-sre", "globex-pm"}
    used = {p["name"] for p in data["policies"]}
    for action in actions:
        assert action.keys() >= ACTION_KEYS, action["id"]
        assert action["explanation"].keys() >= EXPLANATION_KEYS, action["id"]
        assert action["status"] in ("upcoming", "due", "overdue")
        assert action["application"] in apps
        assert action["id"].startswith(action["application"] + "/" + action["rule"] + "/")
        assert action["policy"] in used
        assert isinstance(action["kind"], str) and isinstance(action["channel"], str)
        assert all(isinstance(p, str) for p in action["to"] + action["cc"])
        assert ISO_WITH_OFFSET.match(action["not_before"]), action["not_before"]
        assert ISO_WITH_OFFSET.match(action["due_by"]), action["due_by"]
        assert pendulum.parse(action["not_before"]) <= pendulum.parse(action["due_by"])
        explanation = action["explanation"]
        assert explanation["summary"].endswith(".")
        assert explanation["because"]
        assert all(re.fullmatch(r"G\d+", g) for g in explanation["cites"])
        assert re.fullmatch(r"policies/[a-z-]+\.yaml:\d+", explanation["rule_source"])
        assert explanation["matched_events"] == sorted(set(explanation["matched_events"]))
        assert explanation["timing"].startswith("anchor ")
        assert explanation["cancelled_by"] is None


def _sort_key(action: dict[str, Any]) -> tuple[Any, str]:
    return (pendulum.parse(action["not_before"]), action["id"])


@pytest.mark.parametrize("extra", [(), ("--all",)])
def test_json_actions_sorted_and_ids_unique(events_file: Path, extra: tuple[str, ...]) -> None:
    actions = plan_json(events_file, *extra)["actions"]
    assert actions == sorted(actions, key=_sort_key)
    ids = [a["id"] for a in actions]
    assert len(ids) == len(set(ids))


def test_json_all_adds_done_and_cancelled(events_file: Path) -> None:
    open_only = plan_json(events_file)["actions"]
    everything = plan_json(events_file, "--all")["actions"]
    assert [a for a in everything if a["status"] in ("upcoming", "due", "overdue")] == open_only
    extra = [a for a in everything if a not in open_only]
    # thank-you notes not sent within a week (Sam's two, Grace's panel note, Hank's) have lapsed:
    # no longer recommended, so only --all shows them
    assert {a["status"] for a in extra} == {"done", "cancelled", "lapsed"}
    assert {a["status"] for a in everything} <= set(STATUSES)
    for action in extra:
        explanation = action["explanation"]
        if action["status"] == "done":
            assert isinstance(explanation["done_by"], int)
        elif action["status"] == "lapsed":
            assert explanation["status_reason"].startswith("lapsed since ")
        elif explanation["cancelled_by"] is not None:
            assert isinstance(explanation["cancelled_by"], int)
        else:  # cancelled by a policy-wide limit or by moving on: the reason says which
            assert explanation["status_reason"].startswith("cancelled: ")


def test_json_status_of_known_actions(events_file: Path) -> None:
    actions = {a["id"]: a for a in plan_json(events_file, "--all")["actions"]}
    panel = actions["acme-sre/thank-you-panel-lead/2026-10-06"]
    assert panel["to"] == ["Grace Hopper <grace@acme.example>"]
    assert panel["cc"] == ["Alan Turing <alan@acme.example>"]
    # Tue 6 Oct 10:00 + 24h = Wed 7 Oct 10:00 (due); + 1w = Tue 13 Oct 10:00: lapsed by 15 Oct
    assert panel["status"] == "lapsed"
    first = actions["acme-sre/follow-up-after-first-round/2026-09-22"]
    assert first["status"] == "cancelled"
    assert first["explanation"]["cancelled_by"] == 2  # the response
    hank = actions["globex-pm/thank-you-each-interviewer/2026-10-01/hank-scorpio"]
    lisa = actions["globex-pm/thank-you-each-interviewer/2026-10-01/lisa-simpson"]
    # conservative: Thu 1 Oct 09:30 + 24h = Fri 2 Oct 09:30; + 1w = Thu 8 Oct 09:30: lapsed
    assert (hank["status"], lisa["status"]) == ("lapsed", "done")
    assert lisa["explanation"]["done_by"] == 1


# --------------------------------------------------------------------------- determinism


def test_two_runs_are_byte_identical(events_file: Path) -> None:
    for fmt in ("json", "text"):
        args = ["plan", str(events_file), "--as-of", AS_OF, "--format", fmt, "--all"]
        first, second = invoke(args), invoke(args)
        assert first.exit_code == second.exit_code == 0
        assert first.stdout_bytes == second.stdout_bytes


_EVENT_REF = re.compile(r"\bevent (\d+)\b")


def _renumber(action: dict[str, Any], mapping: dict[int, int]) -> dict[str, Any]:
    """The action with every event index translated through `mapping`."""
    action = json.loads(json.dumps(action))
    explanation = action["explanation"]
    explanation["matched_events"] = sorted(mapping[i] for i in explanation["matched_events"])
    for key in ("cancelled_by", "done_by"):
        if explanation.get(key) is not None:
            explanation[key] = mapping[explanation[key]]
    for key in ("status_reason", "timing"):
        explanation[key] = _EVENT_REF.sub(
            lambda m: f"event {mapping[int(m.group(1))]}", explanation[key]
        )
    return action


def test_event_order_in_the_file_does_not_matter(tmp_path: Path) -> None:
    data = load_yaml(EVENTS)
    mappings: dict[str, dict[int, int]] = {}
    for app in data["applications"]:
        n = len(app["events"])
        app["events"] = list(reversed(app["events"]))
        mappings[app["id"]] = {i: n - 1 - i for i in range(n)}  # old index -> new index
    original = tmp_path / "events.yaml"
    original.write_text(EVENTS, encoding="utf-8")
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    before = plan_json(original, "--all")
    after = plan_json(shuffled, "--all")
    assert before["as_of"] == after["as_of"]
    assert before["policies"] == after["policies"]
    assert [a["id"] for a in before["actions"]] == [a["id"] for a in after["actions"]]
    expected = [_renumber(a, mappings[a["application"]]) for a in before["actions"]]
    assert after["actions"] == expected
    # the indexes really moved: they follow the file, not the time order
    moved = [a for a in before["actions"] if a["explanation"]["matched_events"] != [0]]
    assert moved


def test_json_events_file_plans_like_yaml(tmp_path: Path, events_file: Path) -> None:
    as_json = tmp_path / "events.json"
    as_json.write_text(json.dumps(load_yaml(EVENTS)), encoding="utf-8")
    from_json, from_yaml = plan_json(as_json, "--all"), plan_json(events_file, "--all")
    assert from_json.pop("events_files") != from_yaml.pop("events_files")  # path and digest
    assert from_json == from_yaml


# --------------------------------------------------------------------------- examples


def _example_commands() -> list[Any]:
    params = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^# Try: followup (.+)$", text, re.MULTILINE)
        assert match, f"{path.name}: no '# Try: followup ...' line"
        params.append(pytest.param(shlex.split(match.group(1)), id=path.name))
    return params


@pytest.mark.parametrize("args", _example_commands())
def test_every_example_runs_as_documented(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    assert "--as-of" in args  # no wall clock
    text = invoke(args)
    assert text.exit_code == 0, text.output
    assert text.stderr == ""
    data = json.loads(invoke([*args, "--format", "json", "--all"]).stdout)
    statuses = {a["status"] for a in data["actions"]}
    assert statuses & {"due", "overdue"}, "an example should show something to do"
    assert len(statuses) >= 3, f"an example should show a variety of statuses: {statuses}"


def test_custom_policy_example_uses_its_own_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    policy = "examples/policies/veterinary.yaml"
    events = Path("examples/custom-policy-events.yaml")
    data = plan_json(events, "--policy", policy, "--all", as_of="2026-11-12T12:00")
    assert [p["name"] for p in data["policies"]] == ["veterinary"]
    assert data["policies"][0]["source"] == policy
    assert {a["policy"] for a in data["actions"]} == {"veterinary"}
    assert all(a["explanation"]["rule_source"].startswith(f"{policy}:") for a in data["actions"])
    assert all(a["explanation"]["cites"] for a in data["actions"])
    text = (EXAMPLES / "policies" / "veterinary.yaml").read_text(encoding="utf-8")
    assert "extends" not in yaml.safe_load(text)
    builtin_industries = {i for n in builtin_names() for i in load_policy(n).industries}
    assert "veterinary" not in builtin_industries


# --------------------------------------------------------------------------- errors


def _one_error_line(result: Result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(ERROR_PREFIX), lines[0]
    return lines[0][len(ERROR_PREFIX) :]


def _write(text: str, name: str = "events.yaml") -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _at(text: str, needle: str, value: str, after: int = 0) -> str:
    """`line:col` of `value` on the first line (after line `after`) that holds `needle`."""
    n, line = next(
        (n, ln) for n, ln in enumerate(text.splitlines(), 1) if needle in ln and n > after
    )
    return f"{n}:{line.index(needle) + needle.index(value) + 1}"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", ["plan", "explain"])
def test_error_missing_file(in_tmp: Path, command: str) -> None:
    args = [command, "nope.yaml"] + (["some/id"] if command == "explain" else [])
    message = _one_error_line(CliRunner().invoke(cli, args))
    assert message.startswith("nope.yaml: ")
    assert "no such file" in message


def test_error_bad_yaml(in_tmp: Path) -> None:
    _write("candidate: {name: Ada\napplications: [\n")
    message = _one_error_line(CliRunner().invoke(cli, ["plan", "events.yaml", "--as-of", AS_OF]))
    assert re.match(r"events\.yaml:\d+(:\d+)?: YAML syntax error", message), message


def test_error_bad_json(in_tmp: Path) -> None:
    _write('{"candidate": {"name": "Ada"}, "applications": [}', "events.json")
    message = _one_error_line(CliRunner().invoke(cli, ["plan", "events.json", "--as-of", AS_OF]))
    assert message.startswith("events.json:1:")


def test_error_impossible_date(in_tmp: Path) -> None:
    text = EVENTS.replace("at: 2026-09-25T09:00:00+01:00", "at: 2026-13-01")
    _write(text)
    message = _one_error_line(CliRunner().invoke(cli, ["plan", "events.yaml", "--as-of", AS_OF]))
    where = _at(text, "at: 2026-13-01", "2026")
    assert message == (
        f"events.yaml:{where}: applications[0].events[2].at: not a date-time: '2026-13-01' "
        "(write e.g. 2026-10-08T09:00)"
    )


def test_error_unknown_event_type(in_tmp: Path) -> None:
    text = EVENTS.replace("{type: follow_up_sent,", "{type: follow_up,")
    _write(text)
    message = _one_error_line(CliRunner().invoke(cli, ["plan", "events.yaml", "--as-of", AS_OF]))
    where = _at(text, "{type: follow_up,", "follow_up")
    assert message == (
        f"events.yaml:{where}: applications[1].events[2].type: 'follow_up' is not allowed; "
        "did you mean 'follow_up_sent'?"
    )


def test_error_duplicate_application_id(in_tmp: Path) -> None:
    text = EVENTS.replace("id: globex-pm", "id: acme-sre")
    _write(text)
    message = _one_error_line(CliRunner().invoke(cli, ["plan", "events.yaml", "--as-of", AS_OF]))
    where = _at(text, "  - id: acme-sre", "acme-sre", after=3)
    assert message == (
        f"events.yaml:{where}: applications[1].id: duplicate application id 'acme-sre' "
        "(first used by applications[0])"
    )


@pytest.mark.parametrize("command", ["plan", "explain"])
def test_error_unknown_policy_name_lists_the_builtins(in_tmp: Path, command: str) -> None:
    _write(EVENTS)
    args = [command, "events.yaml"] + (["some/id"] if command == "explain" else [])
    message = _one_error_line(CliRunner().invoke(cli, [*args, "--policy", "lenient"]))
    assert "'lenient'" in message
    for name in builtin_names():
        assert name in message


@pytest.mark.parametrize(
    ("policy_text", "expected"),
    [
        ("policy: broken\nrules: 3\n", r"broken\.yaml:2:\d+: rules: "),
        ("policy: [\n", r"broken\.yaml:2:\d+: YAML syntax error"),
        (
            "policy: broken\nrules:\n  - id: x\n    when: {event: interview}\n"
            "    action: {kind: thank_you, to: each_interviewer}\n"
            "    timing: {anchor: interview, not_before: soon, due_by: 24h}\n"
            "    because: thanks\n",
            r"broken\.yaml:6:\d+: .*not_before",
        ),
    ],
    ids=["wrong-type", "bad-yaml", "bad-duration"],
)
def test_error_invalid_policy_file(in_tmp: Path, policy_text: str, expected: str) -> None:
    _write(EVENTS)
    _write(policy_text, "broken.yaml")
    result = CliRunner().invoke(
        cli, ["plan", "events.yaml", "--policy", "broken.yaml", "--as-of", AS_OF]
    )
    message = _one_error_line(result)
    assert re.match(expected, message), message


def test_error_missing_policy_file(in_tmp: Path) -> None:
    _write(EVENTS)
    result = CliRunner().invoke(cli, ["plan", "events.yaml", "--policy", "gone.yaml"])
    assert _one_error_line(result).startswith("gone.yaml: ")


@pytest.mark.parametrize("as_of", ["garbage", "2026-02-30", "2026-10-15T25:00"])
def test_error_bad_as_of(in_tmp: Path, as_of: str) -> None:
    _write(EVENTS)
    message = _one_error_line(CliRunner().invoke(cli, ["plan", "events.yaml", "--as-of", as_of]))
    assert message.startswith(f"--as-of: not a date-time: {as_of!r}")


def test_error_unknown_action_id_suggests_close_ids(in_tmp: Path) -> None:
    _write(EVENTS)
    wrong = "acme-sre/follow-up-after-decision-dates/2026-10-06"
    result = CliRunner().invoke(cli, ["explain", "events.yaml", wrong, "--as-of", AS_OF])
    message = _one_error_line(result)
    assert message.startswith(f"events.yaml: no action {wrong!r}; did you mean ")
    assert "acme-sre/follow-up-after-decision-date/2026-10-06" in message


def test_error_unknown_action_id_without_close_ids(in_tmp: Path) -> None:
    _write(EVENTS)
    result = CliRunner().invoke(cli, ["explain", "events.yaml", "zzz", "--as-of", AS_OF])
    message = _one_error_line(result)
    assert message == "events.yaml: no action 'zzz'; `followup plan --all` lists ids"


# --------------------------------------------------------------------------- help


def test_top_level_help() -> None:
    result = invoke(["--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.stdout
    for name in load_commands():
        assert name in result.stdout


@pytest.mark.parametrize("command", sorted(load_commands()))
def test_every_command_has_help(command: str) -> None:
    result = invoke([command, "--help"])
    assert result.exit_code == 0, result.output
    usage = result.stdout.splitlines()[0]
    assert usage.startswith("Usage: ") and f" {command} " in usage, usage
    first_line = (load_commands()[command].help or "").split("\n")[0]
    assert " ".join(first_line.split()) in " ".join(result.stdout.split())
    assert result.stderr == ""


def test_every_command_module_is_registered() -> None:
    """A new `cli/*_commands.py` must name its commands in `_COMMANDS`, or they vanish; and
    every command is listed with the module that defines it."""
    import followup.cli as package

    on_disk = sorted(p.stem for p in Path(package.__file__).parent.glob("*_commands.py"))
    assert sorted({module for module, _ in package._COMMANDS.values()}) == on_disk
    for name, command in load_commands().items():
        assert command.callback is not None
        assert command.callback.__module__ == f"followup.cli.{package._COMMANDS[name][0]}", name


def test_the_help_lists_the_commands_as_they_describe_themselves() -> None:
    """`followup --help` lists the commands from a table, importing none of them: each row is
    the one click would write from the command itself, at every width."""
    import followup.cli as package

    commands = load_commands()
    assert sorted(commands) == sorted(package._COMMANDS)
    for name, (_, text) in package._COMMANDS.items():
        for limit in (30, 45, 64, 80, 200):
            table = click.Command(name, help=text).get_short_help_str(limit)
            assert table == commands[name].get_short_help_str(limit), (name, limit)


def test_help_imports_no_command() -> None:
    import subprocess
    import sys

    script = (
        "import sys; from followup.cli import main; sys.argv = ['followup', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.endswith('_commands')"
        " or m in ('followup.api', 'followup.errors')]\n"
        "print(loaded, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "[]"


# --------------------------------------------------------------------------- the default file


@pytest.fixture
def daily_file(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The events file `followup add` edits, named by FOLLOWUP_EVENTS."""
    path = _write(EVENTS, "daily.yaml").resolve()
    monkeypatch.setenv("FOLLOWUP_EVENTS", str(path))
    return path


def test_plan_without_events_plans_the_daily_file(daily_file: Path) -> None:
    alone = invoke(["plan", "--as-of", AS_OF, "--format", "json"])
    named = invoke(["plan", str(daily_file), "--as-of", AS_OF, "--format", "json"])
    assert alone.exit_code == 0
    assert alone.stdout == named.stdout


def test_explain_with_only_an_action_id_uses_the_daily_file(daily_file: Path) -> None:
    action = "acme-sre/follow-up-after-decision-date/2026-10-06"
    alone = invoke(["explain", action, "--as-of", AS_OF])
    assert alone.exit_code == 0, alone.output
    assert alone.stdout == invoke(["explain", str(daily_file), action, "--as-of", AS_OF]).stdout
    why_not = ["--why-not", "follow-up-after-later-round", "--application", "acme-sre"]
    alone = invoke(["explain", *why_not, "--as-of", AS_OF])
    assert alone.exit_code == 0, alone.output
    assert alone.stdout == invoke(["explain", str(daily_file), *why_not, "--as-of", AS_OF]).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["daily.yaml"], "give ACTION_ID, or --why-not RULE_ID --application APP_ID"),
        ([], "give ACTION_ID, or --why-not RULE_ID --application APP_ID"),
        (["daily.yaml", "a/b/c", "extra"], "too many arguments: daily.yaml a/b/c extra"),
    ],
    ids=["events-file-alone", "nothing", "three"],
)
def test_explain_argument_mistakes_are_usage_errors(
    daily_file: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["explain", *args, "--as-of", AS_OF])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_decision_due_the_day_of_a_late_interview_gets_its_status_check(in_tmp: Path) -> None:
    # "We'll decide today", said at an 18:00 interview: a date alone means 17:00, which is before
    # the interview, so the date counts from the interview itself - and it is still pending then.
    _write(
        "candidate: {name: Ada, timezone: Europe/London}\n"
        "applications:\n"
        "  - id: acme\n    company: Acme\n    role: Engineer\n    events:\n"
        "      - {type: interview, at: 2026-10-06T18:00, decision_by: 2026-10-06,\n"
        "         interviewers: [{name: Grace Hopper}]}\n"
    )
    result = invoke(["plan", "events.yaml", "--as-of", "2026-10-09T12:00", "--format", "json"])
    actions = {a["rule"]: a for a in json.loads(result.stdout)["actions"]}
    check = actions["follow-up-after-decision-date"]
    # generic 2bd/3bd from Tue 6 Oct 18:00: raw Thu 8 Oct 18:00, a working day whose 09:00 is
    # after the anchor -> opens Thu 8 Oct 09:00; raw Fri 9 Oct 18:00 -> closes Fri 9 Oct 17:00
    assert (check["not_before"], check["due_by"], check["status"]) == (
        "2026-10-08T09:00:00+01:00",
        "2026-10-09T17:00:00+01:00",
        "due",
    )


@pytest.mark.parametrize(
    ("action_id", "status"),
    [
        ("acme-sre/thank-you-each-interviewer/2026-09-22/grace-hopper", "done: thank_you_sent"),
        ("acme-sre/follow-up-after-decision-date/2026-10-06", "cancelled: time to move on"),
        ("acme-sre/thank-you-panel-lead/2026-10-06", "lapsed since Tue 13 Oct 2026 10:00:"),
    ],
)
def test_explain_names_the_status_once(action_id: str, status: str) -> None:
    """`status      done: thank_you_sent ...`, not `done: done: ...`."""
    example = str(ROOT / "examples" / "tech-panel.yaml")
    result = invoke(["explain", example, action_id, "--as-of", "2026-11-20T09:00"])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if line.startswith("status ")]
    assert line.startswith(f"status      {status}")


def test_plan_all_help_names_every_status_it_adds() -> None:
    """`--all` adds every action that is not open; its help named only done and cancelled,
    though a lapsed thank-you (tech-panel's, by 20 November) appears only with it too."""
    example = str(ROOT / "examples" / "tech-panel.yaml")
    args = ["plan", example, "--as-of", "2026-11-20T09:00", "--format", "json"]
    shown = {a["status"] for a in json.loads(invoke(args).stdout)["actions"]}
    everything = {a["status"] for a in json.loads(invoke([*args, "--all"]).stdout)["actions"]}
    help_text = " ".join(invoke(["plan", "--help"]).stdout.split())
    option = help_text[help_text.index("--all") : help_text.index("--jsonl")]
    assert "lapsed" in everything - shown
    assert all(status in option for status in everything - shown | {"dismissed"})
