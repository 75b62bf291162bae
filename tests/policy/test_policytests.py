"""`followup test`: the built-in policies' own tests, and the runner itself (diffs, absences,
coverage numbers, errors at file:line:field)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from followup.cli import cli
from paths import ROOT

BUILTIN_TESTS = ROOT / "tests" / "policies"
EXAMPLE_POLICIES = ROOT / "examples" / "policies"

TINY_POLICY = """\
policy: tiny
format_version: 1
description: three rules for testing the test runner
rules:
  - id: thank-them
    when: {event: interview}
    action: {kind: thank_you, to: each_interviewer}
    timing: {anchor: interview, not_before: 0h, due_by: 24h}
    done_when: [thank_you_sent]
    cancelled_by: [rejected]
    because: Say thank you.
  - id: chase-later-round
    when: {event: interview, round: {at_least: 2}}
    action: {kind: follow_up, to: hiring_contact}
    timing: {anchor: interview, not_before: 1w, due_by: 2w}
    done_when: [follow_up_sent]
    cancelled_by: [rejected]
    because: Check in after a later round.
  - id: be-gracious
    when: {event: rejected}
    action: {kind: gracious_reply, to: hiring_contact}
    timing: {anchor: trigger, not_before: 0h, due_by: 2d}
    because: Stay courteous.
"""

EVENTS = """\
      candidate: {name: Ada Lovelace, timezone: Europe/London}
      applications:
        - id: acme
          company: Acme
          role: Engineer
          events:
            - type: interview
              at: 2026-10-06T10:00
              round: 1
              interviewers: [{name: Grace Hopper, email: grace@acme.example}]
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["test", *args])
    return result.exit_code, result.output


def write_suite(tmp_path: Path, cases: str, *, policy: str = "tiny.yaml") -> Path:
    """A tiny policy and a test file with the given cases (YAML text, indented as list items)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "tiny.yaml").write_text(TINY_POLICY, encoding="utf-8")
    path = tmp_path / "tiny.test.yaml"
    path.write_text(f"policy: {policy}\ncases:\n{cases}", encoding="utf-8")
    return path


def case(name: str, expect: str = "", absent: str = "", as_of: str = "2026-10-06T15:00") -> str:
    text = f"  - name: {name}\n    as_of: {as_of}\n    events:\n{EVENTS}"
    if expect:
        text += f"    expect:\n{expect}"
    if absent:
        text += f"    expect_absent:\n{absent}"
    return text


# -- the built-in policies --------------------------------------------------------------------
def test_builtin_policies_pass_their_tests_with_full_rule_coverage() -> None:
    code, out = run(str(BUILTIN_TESTS), "--coverage", "--min-coverage", "100")
    assert code == 0, out
    assert "FAIL" not in out
    for name in ("conservative", "fast-paced", "generic"):
        head = next(line for line in out.splitlines() if line.startswith(f"policy {name} "))
        assert re.search(r": (\d+)/\1 rules fired \(100\.0 %\)", head), head


def test_example_policies_pass_their_tests_with_full_rule_coverage() -> None:
    tests = sorted(EXAMPLE_POLICIES.glob("*.test.yaml"))
    policies = sorted(p for p in EXAMPLE_POLICIES.glob("*.yaml") if p not in tests)
    # every example policy ships its test file, named after it
    assert [t.name.removesuffix(".test.yaml") for t in tests] == [p.stem for p in policies]
    code, out = run(*(str(t) for t in tests), "--coverage", "--min-coverage", "100")
    assert code == 0, out
    assert "FAIL" not in out
    for policy in policies:
        head = next(line for line in out.splitlines() if line.startswith(f"policy {policy.stem} "))
        assert re.search(r": (\d+)/\1 rules fired \(100\.0 %\)", head), head


def test_every_builtin_policy_has_a_test_file() -> None:
    from followup.policy import builtin_names

    assert sorted(p.name for p in BUILTIN_TESTS.glob("*.test.yaml")) == sorted(
        f"{name}.test.yaml" for name in builtin_names()
    )


# -- pass, fail, diff -------------------------------------------------------------------------
def test_a_failing_case_exits_1_and_shows_expected_against_actual(tmp_path: Path) -> None:
    path = write_suite(
        tmp_path,
        case(
            "thanks are due within 24 hours",
            "      - {rule: thank-them, to: [grace@acme.example], due_by: 2026-10-07T10:00}\n",
        )
        + case(
            "a wrong window",
            "      - {rule: thank-them, due_by: 2026-10-08T10:00, status: due}\n",
        ),
    )
    code, out = run(str(path))
    assert code == 1
    failures, summary = out.split("SUMMARY")
    assert "FAIL  " + f"{path}:18:5  a wrong window" in failures
    assert "cases[1].expect[0]" in failures
    assert "the closest differs in due_by" in failures
    assert "- 2026-10-08T10:00" in failures
    assert "+ 2026-10-07T10:00:00+01:00" in failures
    assert "acme/thank-them/2026-10-06/grace-hopper  [due]" in failures  # the actual action
    assert f"PASS  {path}:3:5  thanks are due within 24 hours" in summary
    assert f"FAIL  {path}:18:5  a wrong window" in summary
    assert summary.rstrip().endswith("PASS: 1/2\nFAIL: 1/2")


@pytest.mark.parametrize(
    ("expect", "passes"),
    [
        ("{rule: thank-them, to: [grace@acme.example]}", True),
        ("{rule: thank-them, to: [Grace Hopper]}", True),
        ("{rule: thank-them, to: ['Grace Hopper <grace@acme.example>']}", True),
        ("{rule: thank-them, to: [alan@acme.example]}", False),
        ("{rule: thank-them, to: []}", False),
        ("{rule: thank-them, cc: []}", True),
        ("{rule: thank-them, kind: thank_you, channel: email}", True),
        ("{rule: thank-them, channel: phone}", False),
        ("{rule: thank-them, not_before: 2026-10-06}", True),  # a date alone: any time that day
        ("{rule: thank-them, due_by: 2026-10-07}", True),
        ("{rule: thank-them, due_by: 2026-10-08}", False),
        ("{rule: thank-them, due_by: '2026-10-07T09:00:00+00:00'}", True),  # the same instant
        ("{rule: thank-them, status: [upcoming, due]}", True),
        ("{rule: thank-them, status: overdue}", False),
        ("{rule: thank-them, application: acme}", True),
        ("{rule: chase-later-round}", False),  # did not fire at all
    ],
)
def test_expect_fields(tmp_path: Path, expect: str, passes: bool) -> None:
    path = write_suite(tmp_path, case("one", f"      - {expect}\n"))
    code, out = run(str(path))
    assert code == (0 if passes else 1), out


@pytest.mark.parametrize(
    ("absent", "passes"),
    [
        ("{rule: chase-later-round}", True),
        ("{rule: be-gracious}", True),
        ("{rule: thank-them}", False),
        ("{rule: thank-them, status: done}", True),
        ("{rule: thank-them, status: [done, cancelled]}", True),
        ("{rule: thank-them, status: due}", False),
        ("{rule: thank-them, application: acme, status: [upcoming, due, overdue]}", False),
    ],
)
def test_expect_absent(tmp_path: Path, absent: str, passes: bool) -> None:
    path = write_suite(tmp_path, case("one", absent=f"      - {absent}\n"))
    code, out = run(str(path))
    assert code == (0 if passes else 1), out
    if not passes:
        assert "expected no action of rule thank-them" in out
        assert "acme/thank-them/2026-10-06/grace-hopper  [due]" in out


def test_a_rule_that_produced_nothing_says_so(tmp_path: Path) -> None:
    path = write_suite(tmp_path, case("one", "      - {rule: be-gracious}\n"))
    code, out = run(str(path))
    assert code == 1
    assert "rule be-gracious produced no action" in out
    assert "actual actions of rule be-gracious: none" in out


def test_json_output_carries_locations_and_differences(tmp_path: Path) -> None:
    path = write_suite(tmp_path, case("one", "      - {rule: thank-them, status: done}\n"))
    code, out = run(str(path), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["summary"] == {"pass": 0, "fail": 1, "total": 1}
    result = data["results"][0]
    assert result["location"] == {"file": str(path), "row": 3, "col": 5}
    failure = result["failures"][0]
    assert failure["field"] == "cases[0].expect[0]"
    assert failure["differences"] == [{"field": "status", "expected": "done", "actual": "due"}]
    assert failure["actual"][0]["to"] == ["Grace Hopper <grace@acme.example>"]


def test_run_filters_cases_by_name(tmp_path: Path) -> None:
    path = write_suite(
        tmp_path,
        case("passes", "      - {rule: thank-them}\n")
        + case("fails", "      - {rule: be-gracious}\n"),
    )
    assert run(str(path), "--run", "^pass")[0] == 0
    assert run(str(path))[0] == 1
    # A filter that selects nothing is a mistake, not a pass.
    assert run(str(path), "--run", "nomatch") == (
        2,
        "Error: --run 'nomatch': no case name matches\n",
    )


def test_a_case_policy_overrides_the_file_policy(tmp_path: Path) -> None:
    # generic asks the timeline question inside the thank-you to the same person (G6, G9)
    text = case(
        "with generic",
        "      - {rule: thank-you-each-interviewer, status: due, covers: [ask-about-timeline]}\n",
    )
    text = text.replace("    as_of:", "    policy: generic\n    as_of:", 1)
    assert run(str(write_suite(tmp_path, text)))[0] == 0


def test_directories_are_searched_for_test_files(tmp_path: Path) -> None:
    write_suite(tmp_path / "a", case("one", "      - {rule: thank-them}\n"))
    write_suite(tmp_path / "b" / "deeper", case("two", "      - {rule: thank-them}\n"))
    (tmp_path / "b" / "not-a-test.yaml").write_text("nonsense: [", encoding="utf-8")
    suite = write_suite(tmp_path / "c", case("three", "      - {rule: thank-them}\n"))
    suite.rename(suite.with_name("tiny.test.yml"))  # as `validate` and policy directories know it
    code, out = run(str(tmp_path))
    assert code == 0, out
    assert "PASS: 3/3" in out


# -- coverage ---------------------------------------------------------------------------------
COVERAGE_CASES = case("first round", "      - {rule: thank-them}\n") + case(
    "rejected the same day",
    "      - {rule: thank-them, status: cancelled}\n",
).replace(
    "              interviewers: [{name: Grace Hopper, email: grace@acme.example}]\n",
    "              interviewers: [{name: Grace Hopper, email: grace@acme.example}]\n"
    "            - {type: rejected, at: 2026-10-06T12:00}\n",
)


def coverage_of(out: str) -> dict[str, Any]:
    policies = json.loads(out)["coverage"]["policies"]
    assert len(policies) == 1
    result: dict[str, Any] = policies[0]
    return result


def test_coverage_counts_fired_and_cancelled_rules(tmp_path: Path) -> None:
    path = write_suite(tmp_path, COVERAGE_CASES)
    code, out = run(str(path), "--coverage", "--format", "json")
    assert code == 0, out
    cov = coverage_of(out)
    assert (cov["policy"], cov["rules"], cov["fired"], cov["cancelled"]) == ("tiny", 3, 2, 1)
    assert cov["percent"] == 66.67
    assert [r["rule"] for r in cov["not_fired"]] == ["chase-later-round"]
    assert cov["not_fired"][0]["source"] == f"{tmp_path / 'tiny.yaml'}:12"
    assert [r["rule"] for r in cov["never_cancelled"]] == ["chase-later-round", "be-gracious"]
    by_rule = {r["rule"]: (r["fired"], r["cancelled"]) for r in cov["by_rule"]}
    assert by_rule == {"thank-them": (2, 1), "chase-later-round": (0, 0), "be-gracious": (1, 0)}


def test_coverage_table_in_text(tmp_path: Path) -> None:
    path = write_suite(tmp_path, COVERAGE_CASES)
    code, out = run(str(path), "--coverage")
    assert code == 0
    assert "policy tiny" in out and "2/3 rules fired (66.7 %), 1/3 cancelled in some case" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("chase-later-round"))
    assert row.split() == ["chase-later-round", f"{tmp_path / 'tiny.yaml'}:12", "0", "0"]
    assert f"never fired:     chase-later-round ({tmp_path / 'tiny.yaml'}:12)" in out


@pytest.mark.parametrize(("minimum", "code"), [("60", 0), ("66.6", 0), ("66.7", 1), ("100", 1)])
def test_min_coverage_fails_under_the_threshold(tmp_path: Path, minimum: str, code: int) -> None:
    path = write_suite(tmp_path, COVERAGE_CASES)
    result, out = run(str(path), "--min-coverage", minimum)
    assert result == code, out
    assert "COVERAGE" in out  # --min-coverage implies the report
    if code:
        assert f"coverage under {minimum} %: tiny (66.7 %)" in out


# -- unusable input: exit 2, file:line:col: field -------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    as_of:",
            "    as_off:",
            ":4:5: cases[0].as_off: unknown key 'as_off'; did you mean 'as_of'?",
        ),
        (
            "{rule: thank-them}",
            "{rule: thank-tem}",
            ":17:16: cases[0].expect[0].rule: no rule 'thank-tem' in policy tiny; "
            "did you mean 'thank-them'?",
        ),
        (
            "{rule: thank-them}",
            "{rule: thank-them, status: sent}",
            ":17:36: cases[0].expect[0].status[0]: 'sent' is not allowed; one of: upcoming,",
        ),
        (
            "{rule: thank-them}",
            "{rule: thank-them, application: acne}",
            ":17:41: cases[0].expect[0].application: no application 'acne' in the events; "
            "did you mean 'acme'?",
        ),
        (
            "round: 1",
            "round: 0",
            ":14:22: cases[0].events.applications[0].events[0].round: must be 1 or more, not 0",
        ),
        (
            "2026-10-06T15:00",
            "yesterday",
            ":4:12: cases[0].as_of: not a date-time: 'yesterday'",
        ),
        ("    expect:", "    expect: [\n", "YAML syntax error"),
        (
            "    as_of:",
            "    description: [a, b]\n    as_of:",
            ":4:18: cases[0].description: expected text, got a list",
        ),
    ],
)
def test_unusable_test_files_exit_2_at_file_line_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = write_suite(tmp_path, case("one", "      - {rule: thank-them}\n"))
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = run(str(path))
    assert code == 2
    assert message in out
    assert out.startswith(f"Error: {path}:")


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("missing.yaml", "no policy file at"),
        ("no-such-builtin", "unknown policy 'no-such-builtin'"),
        ("y" * 300 + ".yaml", "no policy file at 'yyyyy"),  # too long a name: was a bare error
    ],
)
def test_an_unknown_policy_is_unusable_input(tmp_path: Path, policy: str, message: str) -> None:
    path = write_suite(tmp_path, case("one", "      - {rule: thank-them}\n"), policy=policy)
    code, out = run(str(path))
    assert code == 2
    assert f"{path}:1:9: policy: " in out and message in out


def test_an_invalid_policy_is_unusable_input(tmp_path: Path) -> None:
    path = write_suite(tmp_path, case("one", "      - {rule: thank-them}\n"))
    (tmp_path / "tiny.yaml").write_text(
        TINY_POLICY.replace("due_by: 24h", "due_by: soon"), encoding="utf-8"
    )
    code, out = run(str(path))
    assert code == 2
    assert "tiny.yaml:" in out


def test_nothing_to_run_is_unusable_input(tmp_path: Path) -> None:
    code, out = run(str(tmp_path))
    assert code == 2
    assert "no *.test.yaml files found" in out
    assert run(str(tmp_path / "nope"))[0] == 2


def test_a_run_pattern_that_backtracks_without_end_is_cut_short(tmp_path: Path) -> None:
    """`(a|aa)+$` against `aaa...ab` takes exponential time in Python's `re` (minutes): the
    matching has one time budget, then a one-line error (#11)."""
    path = write_suite(tmp_path, case("a" * 40 + "b", "      - {rule: thank-them}\n"))
    code, out = run(str(path), "--run", "(a|aa)+$")
    assert code == 2
    assert out.startswith("Error: --run '(a|aa)+$': gave up after 1 s of matching")
    assert run(str(path), "--run", "x" * 1001)[1].endswith("over the limit of 1000\n")
    assert run(str(path), "--run", "(")[1].startswith("Error: --run: not a regular expression")


def test_coverage_counts_a_rule_whose_message_another_carries(tmp_path: Path) -> None:
    """The plan shows the timeline question inside the recruiter's thank-you ("in the same
    message: ask when they expect to make a decision"): its rule fired, and coverage says so."""
    events = (
        "      candidate: {name: Maya Chen, timezone: America/Chicago}\n"
        "      applications:\n"
        "        - id: uni\n"
        "          company: State University\n"
        "          role: Lecturer\n"
        "          recruiter: {name: Lee Park, email: lee@uni.example}\n"
        "          events:\n"
        "            - {type: interview, at: 2026-03-02T10:00:00, round: 2,\n"
        "               interviewers: [{name: Ana Ruiz, email: ana@uni.example}]}\n"
    )
    path = tmp_path / "c.test.yaml"
    path.write_text(
        "policy: conservative\ncases:\n  - name: second round\n    as_of: 2026-03-03T09:00\n"
        f"    events:\n{events}    expect:\n"
        "      - {rule: thank-you-recruiter, covers: [ask-about-timeline]}\n",
        encoding="utf-8",
    )
    code, out = run(str(path), "--coverage", "--format", "json")
    assert code == 0, out
    by_rule = {r["rule"]: r["fired"] for r in coverage_of(out)["by_rule"]}
    assert by_rule["thank-you-recruiter"] == 1
    assert by_rule["ask-about-timeline"] == 1
