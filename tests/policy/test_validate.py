"""`followup validate` and `followup schema`: every problem with its exact position, one schema.

Table-driven like yamllint's rule tests: a policy snippet in, the exact (line, col, code) of each
problem out. Each broken policy must also fail the JSON Schema, unless the problem is one a schema
cannot see (marked `schema=False`: cross-field checks, duplicate keys, references to other files).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.errors import InputError, Location, Problem
from followup.policy.load import check_policy_file
from followup.policy.registry import is_policy_file
from followup.policy.schema import to_json_schema
from followup.schemas import schema
from followup.source import parse_document
from paths import ROOT

EXAMPLE_POLICIES = ROOT / "examples" / "policies"
SCHEMA_FILE = ROOT / "docs" / "policy.schema.json"

GOOD_RULE = """\
  - id: thank-you
    when: {event: interview}
    action: {kind: thank_you, to: each_interviewer}
    timing: {anchor: interview, not_before: 0h, due_by: 24h}
    because: Say thank you.
"""


def policy(body: str, *, rules: str = GOOD_RULE) -> str:
    """A small policy: `policy: demo`, then `body` (top-level keys), then `rules`."""
    return f"policy: demo\n{textwrap.dedent(body)}rules:\n{rules}"


def rule(**fields: str) -> str:
    """GOOD_RULE with some of its lines replaced: rule(when="{event: interviw}")."""
    lines = []
    for line in GOOD_RULE.splitlines():
        key = line.strip().removeprefix("- ").split(":", 1)[0]
        if key in fields:
            prefix = line[: line.index(key)]
            lines.append(f"{prefix}{key}: {fields[key]}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Bad:
    name: str
    text: str
    problems: list[tuple[int, int, str]]  # (line, col, code) in order
    schema: bool = True  # the JSON Schema rejects it too
    warning: bool = False  # the problems are warnings: exit 0, or 1 with --strict


BAD = [
    Bad("yaml syntax error", "policy: demo\nrules: [\n  - id: x\n", [(3, 3, "syntax")]),
    Bad("duplicate yaml key", "policy: demo\npolicy: again\n", [(2, 1, "duplicate-key")], False),
    Bad(
        "unknown key with did-you-mean",
        policy("setings: {max_follow_ups: 2}\n"),
        [(2, 1, "unknown-key")],
    ),
    Bad(
        "unknown nested key",
        policy("settings: {max_followups: 3}\n"),
        [(2, 12, "unknown-key")],
    ),
    Bad("missing rules", "policy: demo\n", [(1, 1, "missing-key")]),
    Bad(
        "bad policy name",
        policy("", rules=GOOD_RULE).replace("demo", "Demo Policy"),
        [(1, 9, "bad-name")],
    ),
    Bad(
        "wrong type: number for a count",
        policy("settings: {max_follow_ups: many}\n"),
        [(2, 28, "wrong-type")],
    ),
    Bad(
        "wrong type: list for text",
        policy("", rules=rule(because="[a, b]")),
        [(7, 14, "wrong-type")],
    ),
    Bad(
        "wrong type: number for text", policy("", rules=rule(because="5")), [(7, 14, "wrong-type")]
    ),
    Bad(
        "unsupported format version",
        policy("format_version: 2\n"),
        [(2, 17, "unsupported-version")],
        False,
    ),
    Bad(
        "unparseable duration",
        policy("", rules=rule(timing="{anchor: interview, not_before: soon, due_by: 24h}")),
        [(6, 45, "bad-duration")],
    ),
    Bad(
        "window closes before it opens",
        policy("", rules=rule(timing="{anchor: interview, not_before: 3d, due_by: 1d}")),
        [(6, 57, "window-closes-before-it-opens")],
        False,
    ),
    Bad(
        "late_after before due_by",
        policy(
            "", rules=rule(timing="{anchor: interview, not_before: 0h, due_by: 3d, late_after: 1d}")
        ),
        [(6, 73, "late-before-due")],
        False,
    ),
    Bad(
        "duplicate rule id",
        policy("", rules=GOOD_RULE + GOOD_RULE),
        [(8, 9, "duplicate-rule-id")],
        False,
    ),
    Bad(
        "unknown fact",
        policy("", rules=rule(when="{event: interview, rond: 2}")),
        [(4, 30, "unknown-fact")],
    ),
    Bad(
        "unknown event type",
        policy("", rules=rule(when="{event: interviw}")),
        [(4, 19, "unknown-event")],
    ),
    Bad(
        "unknown operator",
        policy("", rules=rule(when="{event: interview, round: {atleast: 2}}")),
        [(4, 38, "unknown-operator")],
    ),
    Bad(
        "comparison on a non-number",
        policy("", rules=rule(when="{event: interview, format: {at_least: 2}}")),
        [(4, 38, "bad-condition")],
    ),
    Bad(
        "missing event condition",
        policy("", rules=rule(when="{round: 2}")),
        [(4, 11, "missing-key")],
    ),
    Bad(
        "unknown action kind",
        policy("", rules=rule(action="{kind: thank_yu, to: each_interviewer}")),
        [(5, 20, "unknown-kind")],
    ),
    Bad(
        "unknown recipient",
        policy("", rules=rule(action="{kind: thank_you, to: boss}")),
        [(5, 35, "unknown-recipient")],
    ),
    Bad(
        "unknown channel",
        policy("", rules=rule(action="{kind: thank_you, to: each_interviewer, channel: fax}")),
        [(5, 62, "unknown-channel")],
    ),
    Bad(
        "unknown cc",
        policy("", rules=rule(action="{kind: thank_you, to: each_interviewer, cc: boss}")),
        [(5, 57, "unknown-recipient")],
    ),
    Bad(
        "unknown event in done_when",
        policy("", rules=GOOD_RULE + "    done_when: [thank_you]\n"),
        [(8, 17, "unknown-event")],
    ),
    Bad(
        "unknown anchor",
        policy("", rules=rule(timing="{anchor: lunch, not_before: 0h, due_by: 1d}")),
        [(6, 22, "unknown-anchor")],
    ),
    Bad(
        "missing because",
        policy("", rules="\n".join(GOOD_RULE.splitlines()[:-1]) + "\n"),
        [(3, 5, "missing-key")],
    ),
    Bad("bad rule id", policy("", rules=rule(id="Thank You")), [(3, 9, "bad-id")]),
    Bad(
        "bad clock time",
        policy("settings: {send_window: {earliest: '25:00'}}\n"),
        [(2, 36, "bad-time")],
    ),
    Bad(
        "send window closes before it opens",
        policy("settings: {send_window: {earliest: '18:00', latest: '08:00'}}\n"),
        [(2, 25, "empty-window")],
        False,
    ),
    Bad(
        "unknown built-in to extend",
        policy("extends: nosuch\n"),
        [(2, 10, "unknown-policy")],
        False,
    ),
    Bad(
        "missing file to extend",
        policy("extends: ./nosuch.yaml\n"),
        [(2, 10, "unknown-policy")],
        False,
    ),
    Bad(
        "disable without extends",
        policy("disable: [thank-you]\n"),
        [(2, 11, "unknown-rule")],
        False,
    ),
    Bad(
        "disable an unknown inherited rule",
        "policy: demo\nextends: generic\ndisable: [thank-yu]\n",
        [(3, 11, "unknown-rule")],
        False,
    ),
    Bad("empty because", policy("", rules=rule(because="''")), [(7, 14, "empty-value")]),
    Bad("blank because", policy("", rules=rule(because="'   '")), [(7, 14, "empty-value")]),
    Bad("empty rule id", policy("", rules=rule(id="''")), [(3, 9, "empty-value")]),
    Bad("blank rule id", policy("", rules=rule(id="' '")), [(3, 9, "empty-value")]),
    Bad("empty policy name", policy("").replace("demo", "''"), [(1, 9, "empty-value")]),
    Bad("blank policy name", policy("").replace("demo", "'  '"), [(1, 9, "empty-value")]),
    Bad("extends a number", "policy: demo\nextends: 5\n", [(2, 10, "wrong-type")]),
    Bad("extends a list", "policy: demo\nextends: [generic]\n", [(2, 10, "wrong-type")]),
    Bad("extends true", "policy: demo\nextends: true\n", [(2, 10, "wrong-type")]),
    Bad("extends a mapping", "policy: demo\nextends: {a: 1}\n", [(2, 10, "wrong-type")]),
    Bad("extends nothing", "policy: demo\nextends:\n", [(2, 9, "wrong-type")]),
    Bad("extends a number, with rules", policy("extends: 5\n"), [(2, 10, "wrong-type")]),
    Bad("extends empty text", "policy: demo\nextends: ''\n", [(2, 10, "empty-value")]),
    Bad(
        "unquoted time is a base-60 number",
        policy("settings: {send_window: {latest: 18:00}}\n"),
        [(2, 34, "bad-time")],
    ),
    Bad(
        "negative max_follow_ups",
        policy("settings: {max_follow_ups: -1}\n"),
        [(2, 28, "out-of-range")],
    ),
    Bad("negative format_version", policy("format_version: -1\n"), [(2, 17, "out-of-range")]),
    Bad(
        "unknown guideline id",
        policy("", rules=GOOD_RULE + "    cites: [G1, G99]\n"),
        [(8, 17, "unknown-guideline")],
        False,
        warning=True,
    ),
]


def _write(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _positions(problems: list[Problem]) -> list[tuple[int, int, str]]:
    return [(p.loc.line, p.loc.col, p.code) for p in problems]


def _schema_errors(path: Path) -> list[str]:
    """The JSON Schema's complaints about a file, read the way the product reads it."""
    try:
        doc = parse_document(path.read_text(encoding="utf-8"), path.name)
    except InputError as exc:  # not even YAML: nothing for a schema to accept
        return [exc.message]
    validator = jsonschema.Draft202012Validator(to_json_schema())
    return [e.message for e in validator.iter_errors(doc.value)]


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_broken_policy_gives_exact_positions(tmp_path: Path, case: Bad) -> None:
    path = _write(tmp_path, case.text)
    result = check_policy_file(path)
    assert _positions(result.problems) == case.problems
    severity = "warning" if case.warning else "error"
    assert {p.severity for p in result.problems} == {severity}
    assert all(p.loc.file == str(path) for p in result.problems if p.code != "unknown-policy")


@pytest.mark.parametrize("case", [c for c in BAD if c.schema], ids=lambda c: c.name)
def test_broken_policy_fails_the_schema_too(tmp_path: Path, case: Bad) -> None:
    assert _schema_errors(_write(tmp_path, case.text))


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        (
            policy("", rules=rule(because="''")),
            "7:14: rule thank-you: rules[0].because: must not be empty [empty-value]",
        ),
        (policy("", rules=rule(id="''")), "3:9: rules[0].id: must not be empty [empty-value]"),
        (policy("").replace("demo", "''"), "1:9: policy: must not be empty [empty-value]"),
        (
            "policy: demo\nextends: 5\n",
            "2:10: extends: expected a built-in policy name or a path, got 5 [wrong-type]",
        ),
        (
            "policy: demo\nextends: [generic]\n",
            "2:10: extends: expected a built-in policy name or a path, got a list [wrong-type]",
        ),
        (
            policy("settings: {send_window: {latest: 18:00}}\n"),
            '2:34: settings.send_window.latest: write the time in quotes: "18:00" [bad-time]',
        ),
        (
            policy("settings:\n  send_window:\n    earliest: 8:05\n"),
            '4:15: settings.send_window.earliest: write the time in quotes: "08:05" [bad-time]',
        ),
        (
            policy("settings: {send_window: {latest: 1080}}\n"),
            "2:34: settings.send_window.latest: 1080 is not a time of day; write it as 08:00 "
            "[bad-time]",
        ),
        (
            policy("settings: {send_window: {latest: 18:30:00}}\n"),
            "2:34: settings.send_window.latest: 18:30:00 is not a time of day; write it as 08:00 "
            "[bad-time]",
        ),
        (
            policy("settings: {max_follow_ups: -1}\n"),
            "2:28: settings.max_follow_ups: must be 0 or more, not -1 [out-of-range]",
        ),
    ],
    ids=[
        "empty-because",
        "empty-id",
        "empty-name",
        "extends-number",
        "extends-list",
        "unquoted-time",
        "unquoted-time-one-digit-hour",
        "number-for-time",
        "unquoted-time-with-seconds",
        "negative-count",
    ],
)
def test_messages(tmp_path: Path, text: str, rendered: str) -> None:
    path = _write(tmp_path, text)
    assert [p.render() for p in check_policy_file(path).problems] == [f"{path}:{rendered}"]


LONG = "x" * 2000


@pytest.mark.parametrize(
    "text",
    [
        policy(f"setings{LONG}: {{}}\n"),
        policy("", rules=rule(when=f"{{event: interview, rond{LONG}: 2}}")),
        policy("", rules=rule(when=f"{{event: interview{LONG}}}")),
        policy("", rules=rule(when=f"{{event: interview, round: {{atleast{LONG}: 2}}}}")),
        policy("", rules=rule(id=f"Thank-{LONG}")),
        policy("", rules=rule(timing=f"{{anchor: interview, not_before: 1{LONG}, due_by: 1d}}")),
        policy("", rules=rule(timing=f"{{anchor: interview, not_before: ' {LONG} ', due_by: 1d}}")),
        policy("", rules=GOOD_RULE + f"    cites: [G{LONG}]\n"),
        policy(f"settings: {{send_window: {{latest: '{LONG}'}}}}\n"),
        policy(f"settings: {{holidays: {{country: {LONG}}}}}\n"),
        policy(f"settings: {{holidays: {{extra: [{LONG}]}}}}\n"),
        policy(f"extends: {LONG}\n"),
        policy(f"extends: ./{LONG}.yaml\n"),
        f"policy: demo\nextends: generic\ndisable: [{LONG}]\n",
        f"policy: Demo{LONG}\nrules: []\n",
        policy("", rules=GOOD_RULE.replace("thank-you", f"thank-you{LONG}") * 2),
    ],
)
def test_values_repeated_in_messages_are_shortened(tmp_path: Path, text: str) -> None:
    problems = check_policy_file(_write(tmp_path, text)).problems
    assert problems
    for problem in problems:
        assert "x" * 61 not in problem.render()
        assert len(problem.message) < 200, problem.message


def test_extending_a_file_that_is_not_a_policy_quotes_none_of_it(tmp_path: Path) -> None:
    # `extends: /etc/passwd`: refused for its name, never read, nothing of it repeated.
    other = _write(tmp_path, "root:x:0:0:root:/root:/bin/bash\n" * 40, "passwd")
    path = _write(tmp_path, "policy: demo\nextends: ./passwd\n")
    (problem,) = check_policy_file(path).problems
    assert problem.render() == (
        f"{path}:2:10: extends: {other} is not a policy file: extends names a built-in policy "
        "or a .yaml/.yml policy file [not-a-policy]"
    )
    # A .yaml file that is no policy is read, and still nothing of it is repeated.
    other.rename(other.with_suffix(".yaml"))
    path.write_text("policy: demo\nextends: ./passwd.yaml\n")
    (problem,) = check_policy_file(path).problems
    assert "/bin/bash" not in problem.render()
    assert problem.render() == (
        f"{path}:2:10: extends: {other.with_suffix('.yaml')} is not a policy file: a policy is a "
        "YAML mapping that starts with `policy: NAME` [not-a-policy]"
    )


REPO_POLICIES = ROOT / "src" / "followup" / "policies"
"""The built-ins as committed (the modeline is relative to them, not to an installed copy)."""


def _good_policies() -> list[Path]:
    builtins = sorted(REPO_POLICIES.glob("*.yaml"))
    examples = sorted(p for p in EXAMPLE_POLICIES.glob("*.yaml") if is_policy_file(p))
    return builtins + examples


def test_there_are_example_policies() -> None:
    names = {p.name for p in _good_policies()}
    assert {"generic.yaml", "healthcare.yaml", "startup.yaml"} <= names


@pytest.mark.parametrize("path", _good_policies(), ids=lambda p: p.name)
def test_shipped_policies_pass_schema_and_validator(path: Path) -> None:
    assert _schema_errors(path) == []
    result = check_policy_file(path)
    assert [p.render() for p in result.problems] == []
    assert result.policy is not None


def test_schema_command_prints_it() -> None:
    result = CliRunner().invoke(cli, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.output) == schema("policy")
    jsonschema.Draft202012Validator.check_schema(json.loads(result.output))


@pytest.mark.parametrize("path", _good_policies(), ids=lambda p: p.name)
def test_modeline_points_at_the_committed_schema(path: Path) -> None:
    """Built-ins must carry the editor modeline; any other policy that has one must be right."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    if path.parent == REPO_POLICIES or path.stem in ("healthcare", "startup"):
        assert first.startswith(prefix)
    if first.startswith(prefix):
        target = (path.resolve().parent / first[len(prefix) :]).resolve()
        assert target == SCHEMA_FILE


# -- the command ------------------------------------------------------------------------------
def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_render_is_file_line_col_rule_field_message_code() -> None:
    problem = Problem(
        Location("a.yaml", 7, 14),
        "unknown-event",
        "'x' is not allowed",
        rule="r",
        field="when.event",
    )
    assert problem.render() == "a.yaml:7:14: rule r: when.event: 'x' is not allowed [unknown-event]"
    warning = Problem(Location("a.yaml", 2, 3), "c", "m", "warning", field="f")
    assert warning.render() == "a.yaml:2:3: warning: f: m [c]"


def test_reports_every_problem_of_every_file_sorted(tmp_path: Path) -> None:
    bad = _write(tmp_path, policy("setings: {}\n", rules=rule(when="{event: interviw}")), "b.yaml")
    warn = _write(tmp_path, policy("", rules=GOOD_RULE + "    cites: [G99]\n"), "a.yaml")
    code, out = _invoke(str(bad), str(warn))
    assert code == 1
    assert out.splitlines() == [
        f"{warn}:8:13: warning: rule thank-you: rules[0].cites[0]: 'G99' is not a guideline id "
        "(G1...G31) [unknown-guideline]",
        f"{bad}:2:1: setings: unknown key 'setings'; did you mean 'settings'? [unknown-key]",
        f"{bad}:5:19: rule thank-you: rules[0].when.event: 'interviw' is not allowed; "
        "did you mean 'interview'? [unknown-event]",
        "2 errors, 1 warning in 2 files",
    ]


@pytest.mark.parametrize(
    ("text", "strict", "exit_code", "summary"),
    [
        (policy(""), False, 0, "no problems in 1 file"),
        (policy(""), True, 0, "no problems in 1 file"),
        (
            policy("", rules=GOOD_RULE + "    cites: [G99]\n"),
            False,
            0,
            "0 errors, 1 warning in 1 file",
        ),
        (
            policy("", rules=GOOD_RULE + "    cites: [G99]\n"),
            True,
            1,
            "0 errors, 1 warning in 1 file",
        ),
        (policy("setings: {}\n"), False, 1, "1 error, 0 warnings in 1 file"),
    ],
    ids=["clean", "clean-strict", "warning", "warning-strict", "error"],
)
def test_exit_codes(tmp_path: Path, text: str, strict: bool, exit_code: int, summary: str) -> None:
    path = _write(tmp_path, text)
    code, out = _invoke(*(["--strict"] if strict else []), str(path))
    assert (code, out.splitlines()[-1]) == (exit_code, summary)


@pytest.mark.parametrize("args", [["nosuch.yaml"], ["nosuch-builtin"], []])
def test_exit_2_when_it_cannot_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", *args])
    assert result.exit_code == 2


def test_missing_file_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "nosuch.yaml"])
    assert (result.exit_code, result.output) == (2, "Error: nosuch.yaml: no such file\n")


def test_json_format(tmp_path: Path) -> None:
    path = _write(tmp_path, policy("", rules=rule(when="{event: interviw}")))
    code, out = _invoke("--format", "json", str(path))
    assert code == 1
    assert json.loads(out) == [
        {
            "file": str(path),
            "line": 4,
            "col": 19,
            "severity": "error",
            "code": "unknown-event",
            "rule": "thank-you",
            "field": "rules[0].when.event",
            "message": "'interviw' is not allowed; did you mean 'interview'?",
        }
    ]


def test_json_format_clean_is_an_empty_list() -> None:
    assert _invoke("--format", "json", "generic") == (0, "[]\n")


def test_directories_and_builtin_names(tmp_path: Path) -> None:
    _write(tmp_path, policy(""), "one.yaml")
    _write(tmp_path, "not: a policy\n", "one.test.yaml")  # test files are skipped
    code, out = _invoke(str(tmp_path), "generic", "conservative")
    assert (code, out) == (0, "no problems in 3 files\n")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # an empty list of cases
        ("policy: one.yaml\ncases: []\n",
         "2:8: cases: expected a non-empty list of cases [no-cases]"),
        # no cases at all: one mistake, one message (not also "expected a non-empty list")
        ("policy: one.yaml\n", "1:1: missing required key 'cases' [missing-key]"),
    ],
)  # fmt: skip
def test_a_test_file_named_explicitly_is_checked_as_a_test_file(
    tmp_path: Path, text: str, problem: str
) -> None:
    # `followup validate examples/policies/*.yaml` picks up the test files too: each file is
    # checked by the checker of its kind.
    _write(tmp_path, policy(""), "one.yaml")
    path = _write(tmp_path, text, "one.test.yaml")
    code, out = _invoke(str(path))
    assert code == 1
    assert out.splitlines() == [f"{path}:{problem}", "1 error, 0 warnings in 1 file"]


def test_a_base_shared_by_two_files_is_reported_once(tmp_path: Path) -> None:
    _write(tmp_path, policy("setings: {}\n"), "base.yaml")
    a = _write(tmp_path, "policy: a\nextends: base.yaml\n", "a.yaml")
    b = _write(tmp_path, "policy: b\nextends: base.yaml\n", "b.yaml")
    code, out = _invoke(str(a), str(b))
    assert code == 1
    assert out.count("[unknown-key]") == 1
    assert out.splitlines()[-1] == "1 error, 0 warnings in 2 files"


def test_problems_at_one_position_come_in_one_order_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Two problems at the same place and with the same code keep the order they were found in
    (they were deduplicated through a set, whose order changed with PYTHONHASHSEED)."""
    path = _write(tmp_path, "policy:\n", "p.yaml")  # no name, and no rules
    script = (
        "import sys, pathlib\nfrom followup.policy.validate import validate_files\n"
        "report = validate_files([pathlib.Path(sys.argv[1])])\n"
        "print([p.message for p in report.problems])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1
    assert outputs.pop().startswith(
        "[\"missing required key 'policy'\", \"missing required key 'rules'\""
    )


def test_problems_in_a_broken_base_and_in_the_child(tmp_path: Path) -> None:
    _write(tmp_path, "policy: base\nrules: [\n", "base.yaml")
    child = _write(tmp_path, "policy: child\nextends: base.yaml\nsetings: {}\n", "child.yaml")
    assert [(p.loc.file, p.loc.line, p.code) for p in check_policy_file(child).problems] == [
        (str(tmp_path / "base.yaml"), 3, "syntax"),
        (str(child), 3, "unknown-key"),
    ]


# -- every other command refuses an invalid policy, with the first problem and exit 2 ----------
def test_plan_refuses_an_invalid_policy(tmp_path: Path) -> None:
    path = _write(tmp_path, policy("setings: {}\n", rules=rule(when="{event: interviw}")))
    result = CliRunner().invoke(
        cli,
        [
            "plan",
            str(ROOT / "examples" / "tech-panel.yaml"),
            "--policy",
            str(path),
            "--as-of",
            "2026-10-07T09:00",
        ],
    )
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {path}:2:1: setings: unknown key 'setings'; did you mean 'settings'? "
        "[unknown-key] (and 1 more; run `followup validate` for all)\n"
    )


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            policy("", rules=rule(because="''")),
            "7:14: rule thank-you: rules[0].because: must not be empty [empty-value]",
        ),
        (policy("", rules=rule(id="' '")), "3:9: rules[0].id: must not be empty [empty-value]"),
        (
            "policy: demo\nextends: [generic]\n",
            "2:10: extends: expected a built-in policy name or a path, got a list [wrong-type]",
        ),
    ],
    ids=["empty-because", "blank-id", "extends-list"],
)
def test_every_command_refuses_these_on_one_line(tmp_path: Path, text: str, first: str) -> None:
    path = _write(tmp_path, text)
    events = str(ROOT / "examples" / "tech-panel.yaml")
    for args in (["plan", events, "--policy", str(path)], ["policies", "show", str(path)]):
        result = CliRunner().invoke(cli, args)
        assert (result.exit_code, result.output) == (2, f"Error: {path}:{first}\n")
    code, out = _invoke(str(path))
    assert (code, out) == (1, f"{path}:{first}\n1 error, 0 warnings in 1 file\n")


@pytest.mark.parametrize(
    ("body", "action"),
    [
        ("", "{kind: thank_you, to: each_interviewer, channel: null}"),
        ("", "{kind: thank_you, to: each_interviewer, cc: ~}"),
        ("settings:\n  send_window: {earliest: null, latest: '17:00'}\n", None),
    ],
)
def test_a_null_where_a_default_stands_is_the_default(
    tmp_path: Path, body: str, action: str | None
) -> None:
    # `channel: null` left no problem and no rule (`policies show`: `rules: []`), a null
    # `earliest` no send window at all: a null is an optional key left out, as everywhere else
    rules = rule(action=action) if action else GOOD_RULE
    result = check_policy_file(_write(tmp_path, policy(body, rules=rules)))
    assert result.problems == [] and result.policy is not None
    [written] = result.policy.rules
    assert (written.action.channel, written.action.cc) == ("email", "none")
    window = result.policy.settings.send_window
    assert (
        window is None
        if not body
        else (str(window.earliest), str(window.latest))
        == (
            "08:00:00",
            "17:00:00",
        )
    )


def test_a_template_problem_names_the_rules_that_use_it_beside_the_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coach's template with a typo: the line says which rule names it, and where the file is
    as the policy's own problems say it (relative, as typed), not a resolved absolute path."""
    folder = tmp_path / "pol"
    folder.mkdir()
    (folder / "refs.j2").write_text(
        "Subject: References\n\nDear {{ greeting }},\n{{ candidate.nme }}\n", encoding="utf-8"
    )
    (folder / "mine.yaml").write_text(
        policy("", rules=rule(action="{kind: follow_up, to: hiring_contact, template: refs.j2}")),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "pol/mine.yaml"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "pol/refs.j2:4:4: rule thank-you: missing field 'candidate.nme'; did you mean 'name'?"
        " [unknown-field]"
    )
