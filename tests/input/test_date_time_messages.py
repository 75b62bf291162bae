"""One reader of user date-times (`followup.dates.reading`): the same mistake is worded the same
way wherever a date-time is written (an events file, a policy test, an audit record, an option);
each reader adds only where it was written (file:line:col and field, or the option), exit 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.audit import read_log
from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.errors import InputError
from followup.events import load_events
from followup.policytests import load_test_file

WRONG = "2026-13-01T10:00"
NOT_A_DATE_TIME = f"not a date-time: '{WRONG}' (write e.g. 2026-10-08T09:00)"
NEEDS_TIME = "needs a time as well as a date: '2026-10-06' (write e.g. 2026-10-06T10:00)"
EVENTS = """\
candidate: {name: Ada, timezone: UTC}
applications:
  - {id: acme, company: Acme, role: SRE, events: [{type: interview, at: AT}]}
"""
TESTS = """\
policy: generic
cases:
  - name: one
    as_of: AS_OF
    events:
      candidate: {name: Ada, timezone: UTC}
      applications: []
    expect:
      - {rule: thank-you-recruiter}
"""
RECORD = {
    "audit_version": 2,
    "run_at": "2026-10-06T09:00:00+00:00",
    "as_of": "AS_OF",
    "version": "0.1.0",
    "policy_override": None,
    "policies": [],
    "inputs": [],
}


def problem_in(read: Callable[[Path], object], path: Path) -> tuple[str, str, str]:
    with pytest.raises(InputError) as caught:
        read(path)
    [problem] = caught.value.problems
    return problem.code, problem.field, problem.message


def events_file(tmp_path: Path, text: str) -> tuple[str, str, str]:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS.replace("AT", text), encoding="utf-8")
    return problem_in(load_events, path)


def test_every_file_words_a_wrong_date_time_the_same(tmp_path: Path) -> None:
    at = "applications[0].events[0].at"
    assert events_file(tmp_path, WRONG) == ("bad-date-time", at, NOT_A_DATE_TIME)
    tests = tmp_path / "generic.test.yaml"
    tests.write_text(TESTS.replace("AS_OF", WRONG), encoding="utf-8")
    assert problem_in(load_test_file, tests) == ("bad-date-time", "cases[0].as_of", NOT_A_DATE_TIME)
    log = tmp_path / "audit.jsonl"
    log.write_text(json.dumps({**RECORD, "as_of": WRONG}) + "\n", encoding="utf-8")
    assert problem_in(read_log, log) == ("bad-date-time", "as_of", NOT_A_DATE_TIME)


def test_a_date_time_that_is_no_text_is_worded_the_same(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    log.write_text(json.dumps({**RECORD, "as_of": 5}) + "\n", encoding="utf-8")
    said = "not a date-time: 5 (write e.g. 2026-10-08T09:00)"
    assert problem_in(read_log, log) == ("bad-date-time", "as_of", said)
    assert events_file(tmp_path, "5") == ("bad-date-time", "applications[0].events[0].at", said)


def test_a_blank_expected_moment_in_a_policy_test_is_refused(tmp_path: Path) -> None:
    """It was taken as not given, so the test checked less than it said."""
    tests = tmp_path / "generic.test.yaml"
    text = TESTS.replace("AS_OF", "2026-10-06T15:00").replace(
        "-recruiter}", "-recruiter, not_before: ''}"
    )
    tests.write_text(text, encoding="utf-8")
    code, field, message = problem_in(load_test_file, tests)
    assert (code, field) == ("bad-date-time", "cases[0].expect[0].not_before")
    assert message == "not a date-time: '' (write e.g. 2026-10-08T09:00)"


def test_a_date_alone_where_a_time_is_needed_is_worded_the_same(tmp_path: Path) -> None:
    where = "applications[0].events[0].at"
    assert events_file(tmp_path, "2026-10-06") == ("needs-time", where, NEEDS_TIME)
    events = tmp_path / "events.yaml"
    events.write_text(EVENTS.replace("AT", "2026-10-05T10:00"), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["add", "reply", "acme", "--at", "2026-10-06", "--file", str(events)],
        obj={"clock": FixedClock(pendulum.datetime(2026, 10, 7, 9, tz="UTC"))},
    )
    assert (result.exit_code, result.stderr) == (2, f"Error: --at: {NEEDS_TIME}\n")


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "EVENTS", "--as-of", WRONG],
        ["add", "reply", "acme", "--at", WRONG, "--file", "EVENTS"],
        ["add", "interview", "acme", "--at", "2026-10-06T10:00", "--decision-by", WRONG],
    ],
    ids=["--as-of", "--at", "--decision-by"],
)
def test_every_option_words_a_wrong_date_time_the_same(tmp_path: Path, args: list[str]) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(EVENTS.replace("AT", "2026-10-05T10:00"), encoding="utf-8")
    args = [str(events) if a == "EVENTS" else a for a in args]
    if "--file" not in args and args[0] == "add":
        args += ["--file", str(events)]
    result = CliRunner().invoke(cli, args)
    option = args[args.index(WRONG) - 1]
    # --decision-by takes a period as well (2w: "we decide within two weeks", G21): same words,
    # and the other form it accepts
    period = ", or the period they gave (2w, 10d, 1mo, 48h)" if option == "--decision-by" else ""
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {option}: {NOT_A_DATE_TIME}{period}\n",
    )
