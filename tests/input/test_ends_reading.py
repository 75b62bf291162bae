"""An interview's end (`ends`): a time alone on the day of `at`, in its zone, or a date and a
time; after the start and at most 3 days later; an interview's only. Each problem is one
`Problem` at the value's file:line:col with the field's path, and a command shows it on one
line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.errors import InputError
from followup.events import load_events
from followup.schemas import schema

FIELD = "applications[0].events[0].ends"


def events_text(ends: str, *, at: str = "2026-10-06T10:00", kind: str = "interview") -> str:
    return (
        "candidate: {name: Ada Lovelace, timezone: Europe/London}\n"
        "applications:\n"
        "  - id: acme\n"
        "    company: Acme\n"
        "    role: SRE\n"
        "    events:\n"
        f"      - type: {kind}\n"
        f"        at: {at}\n"
        f"        ends: {ends}\n"
    )


def read_end(tmp_path: Path, ends: str, **kwargs: str) -> pendulum.DateTime | None:
    path = tmp_path / "events.yaml"
    path.write_text(events_text(ends, **kwargs), encoding="utf-8")
    (event,) = load_events(path).applications[0].events
    return event.ends


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('"11:30"', "2026-10-06T11:30:00+01:00"),
        ("11:30", "2026-10-06T11:30:00+01:00"),  # YAML 1.1's base-60 690, read as written
        ("'9:05'", "2026-10-06T09:05:00+01:00"),
        # With seconds (and a fraction), as `at` may be written: 11:30:00 unquoted too.
        ('"11:30:00"', "2026-10-06T11:30:00+01:00"),
        ("11:30:00", "2026-10-06T11:30:00+01:00"),
        ('"11:30:45.5"', "2026-10-06T11:30:45.500000+01:00"),
        ('"11:30+02:00"', "2026-10-06T10:30:00+01:00"),  # its own offset, as `at` may have
        ("2026-10-06T11:30", "2026-10-06T11:30:00+01:00"),
        ("2026-10-06T10:30Z", "2026-10-06T11:30:00+01:00"),  # an offset: kept, shown in yours
        ("2026-10-07T09:00", "2026-10-07T09:00:00+01:00"),  # an all-day loop
        ("2026-10-09T09:00", "2026-10-09T09:00:00+01:00"),  # three days, the longest allowed
    ],
)
def test_an_end_is_a_time_alone_or_a_date_and_time(
    tmp_path: Path, written: str, expected: str
) -> None:
    ends = read_end(tmp_path, written, at="2026-10-06T09:00")
    assert ends is not None and ends.isoformat() == expected


def test_a_time_alone_takes_the_day_and_offset_the_start_was_written_with(tmp_path: Path) -> None:
    # A New York interview written with its offset, you in London: 23:30 is New York's 23:30.
    ends = read_end(tmp_path, '"23:30"', at="2026-10-06T22:00-04:00")
    assert ends is not None
    assert ends.isoformat() == "2026-10-07T04:30:00+01:00"


@pytest.mark.parametrize(
    ("written", "code", "message"),
    [
        ('"09:30"', "ends-before-start", "is not after the interview's start "
         "(2026-10-06 09:30 <= 2026-10-06 10:00)"),
        ('"10:00"', "ends-before-start", "is not after the interview's start "
         "(2026-10-06 10:00 <= 2026-10-06 10:00)"),
        ("2026-10-05T12:00", "ends-before-start", "is not after the interview's start "
         "(2026-10-05 12:00 <= 2026-10-06 10:00)"),
        # A month or a year off would hold the thank-you back unnoticed (MAX_INTERVIEW_DAYS).
        ("2026-11-06T11:30", "interview-too-long", "is more than 3 days after the interview's "
         "start (2026-11-06 11:30, started 2026-10-06 10:00): check its date"),
        ("2026-10-09T10:01", "interview-too-long", "is more than 3 days after the interview's "
         "start (2026-10-09 10:01, started 2026-10-06 10:00): check its date"),
        ("noon", "bad-date-time", "not a time: 'noon' (write e.g. 11:30 or 2026-10-08T09:00)"),
        ("25:00", "bad-date-time", "not a time: '25:00' (write e.g. 11:30 or 2026-10-08T09:00)"),
        ('"11:30:61"', "bad-date-time",
         "not a time: '11:30:61' (write e.g. 11:30 or 2026-10-08T09:00)"),
        ("2026-10-06", "bad-date-time",
         "not a time: '2026-10-06' (write e.g. 11:30 or 2026-10-08T09:00)"),
        ("2026-13-01T10:00", "bad-date-time",
         "not a date-time: '2026-13-01T10:00' (write e.g. 2026-10-08T09:00)"),
        ("[11:30]", "wrong-type", "expected text, got a list"),
    ],
)  # fmt: skip
def test_a_wrong_end_is_reported_at_its_value(
    tmp_path: Path, written: str, code: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_end(tmp_path, written)
    (problem,) = caught.value.problems
    assert (problem.loc.line, problem.loc.col, problem.code, problem.field) == (9, 15, code, FIELD)
    assert problem.message == message


def test_only_an_interview_has_an_end(tmp_path: Path) -> None:
    text = events_text('"11:30"').replace("      - type: interview", "      - type: applied")
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_events(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.field) == ("not-allowed-here", FIELD)
    assert problem.message == "only an interview has an end"


def test_a_command_shows_a_wrong_end_on_one_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(events_text('"09:30"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["due", str(path), "--as-of", "2026-10-06T12:00"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:9:15: {FIELD}: is not after the interview's start "
        "(2026-10-06 09:30 <= 2026-10-06 10:00)\n"
    )
    assert result.stdout == ""


def _document(ends: Any) -> dict[str, Any]:
    event = {"type": "interview", "at": "2026-10-06T10:00", "ends": ends}
    app = {"id": "acme", "company": "Acme", "role": "SRE", "events": [event]}
    return {"candidate": {"name": "Ada"}, "applications": [app]}


@pytest.mark.parametrize(
    ("ends", "valid"),
    [
        ("11:30", True),
        ("11:30:00", True),
        ("11:30:00.25+01:00", True),
        ("11:30:61", False),
        ("2026-10-06T11:30", True),
        ("2026-10-06 11:30+01:00", True),
        (None, True),
        ("noon", False),
        ("24:00", False),
        ("2026-10-06", False),
        (690, False),
    ],
)
def test_the_events_schema_declares_ends(tmp_path: Path, ends: Any, valid: bool) -> None:
    # What the schema takes the reader takes (a JSON file: no YAML base-60 numbers).
    validator = jsonschema.Draft202012Validator(schema("events"))
    assert validator.is_valid(_document(ends)) == valid
    path = tmp_path / "events.json"
    path.write_text(json.dumps(_document(ends)), encoding="utf-8")
    if valid:
        load_events(path)
    else:
        with pytest.raises(InputError):
            load_events(path)


def test_a_thank_you_dated_during_the_interview_is_refused_on_one_line(tmp_path: Path) -> None:
    # A 10:00-11:30 interview cannot have been thanked at 10:45: a thank-you thanks an interview
    # that has ended (G11, G22). Counting it as sent would mark the notes done unsent.
    text = events_text('"11:30"') + "      - {type: thank_you_sent, at: 2026-10-06T10:45}\n"
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["plan", str(path), "--as-of", "2026-10-06T12:00"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"Error: {path}:10:36: applications[0].events[1].at: a thank_you_sent dated during the"
        " interview round 1 (one_on_one) 2026-10-06 10:00-11:30: a thank-you is sent once the"
        " interview has ended (check this `at`, or its `ends`)\n"
    )
    path.write_text(text.replace("T10:45", "T11:30"), encoding="utf-8")  # as it ends: thanks
    assert [e.type for e in load_events(path).applications[0].events] == [
        "interview",
        "thank_you_sent",
    ]


def test_add_thank_you_during_the_interview_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(events_text('"11:30"'), encoding="utf-8")
    args = ["add", "thank-you", "acme", "--file", str(path), "--as-of", "2026-10-06T12:00"]
    result = CliRunner().invoke(cli, [*args, "--at", "2026-10-06T10:45"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "Error: a thank_you_sent at 2026-10-06 10:45 would be during the interview round 1"
        " (one_on_one) 2026-10-06 10:00-11:30: a thank-you is sent once the interview has ended;"
        " check --at\n"
    )
    assert path.read_text(encoding="utf-8") == events_text('"11:30"')
