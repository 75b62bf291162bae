"""One declared format and one checker for every input file (`followup.format`): each file kind
reports all its problems in one run, each as `Problem(code, file:line:col, message)`; a command
shows the first on one line with how many more there are (exit 2, no traceback), and
`followup validate FILE` lists them all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.audit import read_log
from followup.cli import cli
from followup.config import load_config
from followup.drafts import check_template
from followup.errors import InputError, Problem
from followup.events import load_events
from followup.policy.load import check_policy_file
from followup.policytests import load_test_file
from paths import ROOT


def found(problems: list[Problem]) -> list[tuple[int, int, str, str]]:
    return [(p.loc.line, p.loc.col, p.code, p.field) for p in problems]


def at(text: str, line: int, token: str) -> tuple[int, int]:
    """(line, column) of the first `token` on a 1-based line of `text`."""
    return line, text.splitlines()[line - 1].index(token) + 1


MORE = "; run `followup validate` for all)"
EXAMPLE = ROOT / "examples" / "tech-panel.yaml"


def validated(path: Path) -> list[str]:
    """`followup validate PATH`: exit 1 and one line per problem, then the count."""
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    return result.stdout.splitlines()


def one_error_line(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    return line


def test_a_policy_reports_all_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    text = (
        "policy: p\n"
        "colour: blue\n"
        "rules:\n"
        "  - id: a\n"
        "    when: {event: interview}\n"
        "    action: {kind: thank_yuo, to: recruiter}\n"
        "    timing: {anchor: interview, not_before: 0h, due_by: soon}\n"
        "    because: b\n"
    )
    path.write_text(text, encoding="utf-8")
    result = check_policy_file(path)
    assert result.policy is None
    assert validated(path)[-1] == "3 errors, 0 warnings in 1 file"
    assert found(result.problems) == [
        (*at(text, 2, "colour"), "unknown-key", "colour"),
        (*at(text, 6, "thank_yuo"), "unknown-kind", "rules[0].action.kind"),
        (*at(text, 7, "soon"), "bad-duration", "rules[0].timing.due_by"),
    ]


EVENTS = """\
candidate: {name: Ada, timezone: Mars/Olympus}
applications:
  - id: acme
    company: Acme
    role: SRE
    events:
      - {type: interview, at: 2026-10-06T10:00, round: 0}
      - {type: ghosted, at: 2026-10-07T10:00}
  - id: globex
    company: Globex
    events:
      - {type: interview, at: 2026-13-01T10:00, colour: blue}
"""


def test_an_events_file_reports_all_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_events(path)
    assert found(caught.value.problems) == [
        (*at(EVENTS, 1, "Mars"), "unknown-zone", "candidate.timezone"),
        (*at(EVENTS, 7, "0}"), "out-of-range", "applications[0].events[0].round"),
        (*at(EVENTS, 8, "ghosted"), "unknown-event", "applications[0].events[1].type"),
        (*at(EVENTS, 9, "id"), "missing-key", "applications[1]"),
        (*at(EVENTS, 12, "colour"), "unknown-key", "applications[1].events[0].colour"),
        (*at(EVENTS, 12, "2026"), "bad-date-time", "applications[1].events[0].at"),
    ]
    assert caught.value.problems[3].message == "missing required key 'role'"
    line = one_error_line(["plan", str(path), "--as-of", "2026-10-08T09:00"])
    assert line == (
        f"Error: {path}:1:34: candidate.timezone: unknown time zone 'Mars/Olympus'; use an IANA "
        f"name such as Europe/London (and 5 more{MORE}"
    )
    listed = validated(path)
    assert listed[-1] == "6 errors, 0 warnings in 1 file"
    assert listed[0] == (
        f"{path}:1:34: candidate.timezone: unknown time zone 'Mars/Olympus'; use an IANA name "
        "such as Europe/London [unknown-zone]"
    )
    assert len(listed) == 7


NUMBERED_KEYS = """\
candidate: {name: Ada, 1: x}
applications:
  - id: acme
    company: Acme
    role: SRE
    2: x
    recruiter: {name: Bo, 3: x}
    events:
      - {type: interview, at: 2026-10-06T10:00, 4: x, interviewers: [{name: Cy, 5: x}]}
      - {type: done, action: acme-thank-you, at: 2026-10-06T18:00, 6: x}
"""


def test_a_number_written_as_a_key_is_an_unknown_key_wherever_it_is(tmp_path: Path) -> None:
    # YAML reads `2:` as the number 2: every mapping reports it as it reports a misspelt key
    # (and the installed, compiled reader, which checks that a key is text, does not crash).
    path = tmp_path / "events.yaml"
    path.write_text(NUMBERED_KEYS, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_events(path)
    assert [(p.code, p.field) for p in caught.value.problems] == [
        ("unknown-key", "candidate.1"),
        ("unknown-key", "applications[0].2"),
        ("unknown-key", "applications[0].recruiter.3"),
        ("unknown-key", "applications[0].events[0].4"),
        ("unknown-key", "applications[0].events[0].interviewers[0].5"),
        ("unknown-key", "applications[0].events[1].6"),
    ]
    line = one_error_line(["plan", str(path), "--as-of", "2026-10-08T09:00"])
    assert line == (
        f"Error: {path}:1:24: candidate.1: unknown key '1'; known: name, timezone, email, phone "
        f"(and 5 more{MORE}"
    )


POLICY = """\
policy: tiny
rules:
  - id: thank-them
    when: {event: interview}
    action: {kind: thank_you, to: each_interviewer}
    timing: {anchor: interview, not_before: 0h, due_by: 24h}
    because: Say thank you.
"""

TESTS = """\
policy: tiny.yaml
cases:
  - name: one
    as_of: yesterday
    events:
      candidate: {name: Ada, timezone: UTC}
      applications:
        - {id: acme, company: Acme, role: SRE, events: [{type: interview, at: 2026-10-06}]}
    expect:
      - {rule: thank-them}
  - name: two
    as_off: 2026-10-06T15:00
    events:
      candidate: {name: Ada, timezone: UTC}
      applications: []
    expect:
      - {rule: thank-him}
"""


def test_a_policy_test_file_reports_all_its_problems(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(POLICY, encoding="utf-8")
    path = tmp_path / "tiny.test.yaml"
    path.write_text(TESTS, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_test_file(path)
    assert found(caught.value.problems) == [
        (*at(TESTS, 8, "2026"), "needs-time", "cases[0].events.applications[0].events[0].at"),
        (*at(TESTS, 4, "yesterday"), "bad-date-time", "cases[0].as_of"),
        (*at(TESTS, 12, "as_off"), "unknown-key", "cases[1].as_off"),
        (*at(TESTS, 11, "name"), "missing-key", "cases[1]"),
        (*at(TESTS, 17, "thank-him"), "unknown-rule", "cases[1].expect[0].rule"),
    ]
    line = one_error_line(["test", str(path)])
    assert line == (
        f"Error: {path}:8:79: cases[0].events.applications[0].events[0].at: "
        "needs a time as well as a date: '2026-10-06' (write e.g. 2026-10-06T10:00) "
        f"(and 4 more{MORE}"
    )
    assert validated(path)[-1] == "5 errors, 0 warnings in 1 file"


def test_an_audit_log_reports_all_its_problems(tmp_path: Path) -> None:
    good = {
        "audit_version": 2,
        "run_at": "2026-10-06T09:00:00+00:00",
        "as_of": "2026-10-06T09:00:00+00:00",
        "version": "0.1.0",
        "policy_override": None,
        "policies": [{"name": "generic", "source": "policies/generic.yaml", "sha256": "ab"}],
        "inputs": [
            {
                "events": "events.yaml",
                "path": "/x/events.yaml",
                "sha256": "cd",
                "as_of": "2026-10-06T09:00:00+00:00",
                "assignments": {},
                "actions": [{"id": "a", "rule": "r", "status": "due"}],
            }
        ],
    }
    second = json.loads(json.dumps(good))
    second["version"] = 3
    second["inputs"][0]["actions"][0] = {"id": "a", "rule": "r"}
    third = json.loads(json.dumps(good))
    third["run_at"] = "yesterday"
    lines = ["not json", json.dumps(second), json.dumps(third)]
    text = "\n".join(lines) + "\n"
    log = tmp_path / "audit.jsonl"
    log.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_log(log)
    assert found(caught.value.problems) == [
        (1, 1, "syntax", ""),  # where JSON stops: the first character
        (*at(text, 2, "3"), "wrong-type", "version"),
        (*at(text, 2, '{"id": "a"'), "missing-key", "inputs[0].actions[0]"),
        (*at(text, 3, '"yesterday"'), "bad-date-time", "run_at"),
    ]
    line = one_error_line(["audit", "verify", str(log)])
    assert line.startswith(f"Error: {log}:1:1: not a JSON line (") and line.endswith(
        f"3 more{MORE}"
    )
    listed = validated(log)
    assert listed[-1] == "4 errors, 0 warnings in 1 file" and len(listed) == 5


INTERVIEWS = """\
candidate: {name: Ada, timezone: UTC}
applications:
  - id: acme
    company: Acme
    role: SRE
    events:
      - type: interview
        at: 2026-10-06T10:00
        booked_at: 2026-10-07T09:00
        interviewers:
          - {name: Grace Hopper, lead: true}
          - {name: Alan Turing, lead: true}
      - {type: interview, at: 2026-10-08T10:00, interviewers: Grace Hopper}
      - {type: thank_you_sent, at: 2026-10-06T15:00, booked_at: 2026-10-01T09:00}
"""


def test_an_events_file_reports_its_interviews_problems(tmp_path: Path) -> None:
    # The interview checks no example trips: a booking after the interview it books, two leads,
    # interviewers that are not a list, a booking on an event that is not an interview.
    path = tmp_path / "events.yaml"
    path.write_text(INTERVIEWS, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_events(path)
    events = "applications[0].events"
    # An event's keys are checked in the order they are written, then what ties them together.
    assert found(caught.value.problems) == [
        (*at(INTERVIEWS, 11, "-"), "several-leads", f"{events}[0].interviewers"),
        (*at(INTERVIEWS, 9, "2026"), "booked-after-interview", f"{events}[0].booked_at"),
        (*at(INTERVIEWS, 13, "Grace"), "wrong-type", f"{events}[1].interviewers"),
        (*at(INTERVIEWS, 14, "2026-10-01"), "not-allowed-here", f"{events}[2].booked_at"),
    ]
    messages = [p.message for p in caught.value.problems]
    assert messages[0] == "more than one interviewer has lead: true"
    assert messages[1] == "is after the interview itself (2026-10-07 > 2026-10-06)"
    assert messages[2] == "expected a list of people, got 'Grace Hopper'"
    assert messages[3] == "only an interview is booked"


CONFIG = """\
events_fle = "~/jobs/events.yaml"
policy_dirs = ["policies", 3]
# set once
  timezone = "europe/londn"
colour = \"\"\"
events_file = 4
\"\"\"
[[history]]
events_file = 5
"""


def test_a_config_file_reports_all_its_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert found(caught.value.problems) == [
        (*at(CONFIG, 1, "events_fle"), "unknown-key", "events_fle"),
        (*at(CONFIG, 5, "colour"), "unknown-key", "colour"),  # a line inside its text is no key
        (*at(CONFIG, 8, "history"), "unknown-key", "history"),  # nor is a key of a table
        (*at(CONFIG, 2, "3"), "wrong-type", "policy_dirs[1]"),  # at the item itself
        (*at(CONFIG, 4, '"europe'), "unknown-zone", "timezone"),
    ]
    assert caught.value.problems[3].message == "expected the path of a folder, as text, got 3"
    assert caught.value.problems[4].message == (
        "unknown time zone 'europe/londn'; use an IANA name such as Europe/London; "
        "did you mean 'Europe/London'?"
    )
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(path))
    line = one_error_line(["plan"])
    assert line == (
        f"Error: {path}:1:1: events_fle: unknown key 'events_fle'; did you mean 'events_file'? "
        f"(and 4 more{MORE}"
    )
    listed = validated(path)
    assert listed[-1] == "5 errors, 0 warnings in 1 file" and len(listed) == 6
    assert listed[0] == (
        f"{path}:1:1: events_fle: unknown key 'events_fle'; did you mean 'events_file'? "
        "[unknown-key]"
    )


LIST_OVER_LINES = """\
policy_dirs = [ "a\\"b, 7", # a comment, [with] "quotes
  [1, 2], {a = "]"},
  \"\"\"two
lines\"\"\",  4,   # the list's own comma ends the text above
  'c:\\x', ]
timezone = "UTC"
"""


def test_a_config_list_item_is_reported_where_it_is_written(tmp_path: Path) -> None:
    """Each item of a list over several lines (strings with commas, quotes and brackets,
    comments, nested lists and tables, a multi-line text) is found at its own line and column."""
    path = tmp_path / "config.toml"
    path.write_text(LIST_OVER_LINES, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert found(caught.value.problems) == [
        (*at(LIST_OVER_LINES, 2, "[1"), "wrong-type", "policy_dirs[1]"),
        (*at(LIST_OVER_LINES, 2, "{"), "wrong-type", "policy_dirs[2]"),
        (*at(LIST_OVER_LINES, 4, "4"), "wrong-type", "policy_dirs[4]"),
    ]


def test_a_config_file_that_is_not_toml_is_named_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('timezone = "Europe/London"\nevents_file = "a" "b"\n', encoding="utf-8")
    assert validated(path) == [
        f"{path}:2:19: not valid TOML: Expected newline or end of document after a statement "
        "[syntax]",
        "1 error, 0 warnings in 1 file",
    ]
    path.write_text("policy_dirs = [\n", encoding="utf-8")
    assert validated(path)[0] == f"{path}:1:16: not valid TOML: Invalid value [syntax]"


TEMPLATE = """\
Subject: Thank you, {{ recipient.nme }}
{{ greting }}

{% for person in interview.interviewers %}{{ person.name }}{% endfor %}
{{ application.role }} at {{ application.compnay }}{{ candidate.site | default("") }}
{{ closing }}
{{ signatur }}
"""


def test_a_draft_template_reports_all_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "mine.j2"
    path.write_text(TEMPLATE, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check_template(path)
    assert found(caught.value.problems) == [
        (*at(TEMPLATE, 1, "recipient.nme"), "unknown-field", ""),
        (*at(TEMPLATE, 2, "greting"), "unknown-variable", ""),
        (*at(TEMPLATE, 5, "application.compnay"), "unknown-field", ""),
        (*at(TEMPLATE, 7, "signatur"), "unknown-variable", ""),
    ]
    assert [p.message for p in caught.value.problems][1:3] == [
        "missing field 'greting': no such variable; did you mean 'greeting'?",
        "missing field 'application.compnay'; did you mean 'company'?",
    ]
    action = "acme-sre/thank-you-panel-lead/2026-10-06"
    line = one_error_line(
        ["draft", str(EXAMPLE), action, "--template", str(path), "--as-of", "2026-10-07T09:00"]
    )
    assert line == (
        f"Error: {path}:1:24: missing field 'nme' on a person (recipient, interviewer or "
        f"recruiter); did you mean 'name'? (and 3 more{MORE}"
    )
    listed = validated(path)
    assert listed[-1] == "4 errors, 0 warnings in 1 file" and len(listed) == 5
    path.write_text("Subject: x\n{{ greeting }\n{{ greting }}\n", encoding="utf-8")
    assert validated(path)[0] == (
        f"{path}:2:13: template syntax error: unexpected '}}' [template-syntax]"
    )  # a syntax error stops the reading, as in every file


ALSO_TEMPLATE = """\
Subject: Thanks ({{ roles }})
{% for other in also %}{{ other.positon }}: {{ other.sentence }}{{ other.agenda | default("") }}
{% endfor %}{{ also[0].rol }}
"""


def test_a_misspelled_field_of_an_also_item_is_found_before_rendering(tmp_path: Path) -> None:
    # The other application's part of a message for two roles (`also`): a typo in a field of its
    # items is reported as every other field is, at its file:line:col with the closest field,
    # whether or not the plan has such a message; one guarded by `| default` is let be.
    path = tmp_path / "mine.j2"
    path.write_text(ALSO_TEMPLATE, encoding="utf-8")
    assert validated(path) == [
        f"{path}:{line}:{col}: missing field 'also[n].{field}'; did you mean '{near}'?"
        " [unknown-field]"
        for (line, col), field, near in [
            (at(ALSO_TEMPLATE, 2, "other.positon"), "positon", "position"),
            (at(ALSO_TEMPLATE, 3, ".rol"), "rol", "role"),
        ]
    ] + ["2 errors, 0 warnings in 1 file"]
    action = "acme-sre/thank-you-panel-lead/2026-10-06"
    line = one_error_line(
        ["draft", str(EXAMPLE), action, "--template", str(path), "--as-of", "2026-10-07T09:00"]
    )
    assert line == (
        f"Error: {path}:2:27: missing field 'also[n].positon'; did you mean 'position'?"
        f" (and 1 more{MORE}"
    )


def test_a_template_named_bare_in_its_folder_reports_all_its_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `followup validate mine.j2` in the template's own folder: the file's label is its name,
    # which the loader's own refusals also use; every problem is still listed.
    (tmp_path / "mine.j2").write_text(TEMPLATE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    listed = validated(Path("mine.j2"))
    assert listed[-1] == "4 errors, 0 warnings in 1 file" and len(listed) == 5
    assert listed[0].startswith("mine.j2:1:24: missing field 'nme' on a person")


def test_validating_a_policy_reports_all_the_problems_of_its_templates(tmp_path: Path) -> None:
    (tmp_path / "mine.j2").write_text(TEMPLATE, encoding="utf-8")
    policy = tmp_path / "tiny.yaml"
    text = POLICY.replace("to: each_interviewer}", "to: each_interviewer, template: mine.j2}")
    policy.write_text(text, encoding="utf-8")
    listed = validated(policy)
    assert listed[-1] == "4 errors, 0 warnings in 1 file"
    assert [line.split(": ")[0] for line in listed[:-1]] == [
        f"{tmp_path / 'mine.j2'}:{line}:{col}"
        for line, col in [
            at(TEMPLATE, 1, "recipient.nme"),
            at(TEMPLATE, 2, "greting"),
            at(TEMPLATE, 5, "application.compnay"),
            at(TEMPLATE, 7, "signatur"),
        ]
    ]
