"""`followup reschedule`: they moved an interview. The thank-yous and check-ins follow it to its
new time, and nothing is planned for the time it no longer takes place: recording the move as
a second `add interview` would ask for a thank-you for a meeting that never was (G11, G12)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.dates.clock import FixedClock
from followup.events import load_events

NOW = FixedClock(pendulum.datetime(2026, 10, 12, 9, tz="Europe/London"))

EVENTS = """\
# Booked for Tuesday; they moved it to Thursday afternoon.
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme-sre
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    events:
      - type: interview
        at: 2026-10-06T10:00
        round: 1
        interviewers: [{name: Grace Hopper, email: grace@acme.example}]
      - {type: thank_you_sent, at: 2026-10-06T18:00}
      - type: interview   # the on-site
        at: 2026-10-20T10:00
        ends: "11:30"
        booked_at: 2026-10-09T12:00
        round: 2
        interviewers: [{name: Barbara Liskov, email: barbara@acme.example}]
"""


def run(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--file", str(path)], obj={"clock": NOW})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    return path


def plan(path: Path, as_of: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["plan", str(path), "--as-of", as_of, "--format", "json", "--all"]
    )
    assert result.exit_code == 0, result.output
    actions: list[dict[str, object]] = json.loads(result.stdout)["actions"]
    return actions


def test_the_moved_interview_keeps_its_round_people_and_length(events: Path) -> None:
    code, out, err = run(
        events, "reschedule", "acme-sre", "--from", "2026-10-20T10:00", "--to", "2026-10-22T14:00"
    )
    assert code == 0, err
    assert out.startswith(
        "moved the interview of acme-sre from Tue 20 Oct 2026 10:00 to Thu 22 Oct 2026 14:00"
    )
    # the reminder to ask there when they decide moves with it
    assert "ask-timeline: upcoming  [acme-sre/ask-at-next-interview/2026-10-22]" in out
    assert "[acme-sre/ask-at-next-interview/2026-10-20]" in out  # no longer planned
    text = events.read_text(encoding="utf-8")
    assert "# Booked for Tuesday" in text and "# the on-site" in text  # comments kept
    onsite = load_events(events).applications[0].events[-1]
    assert (onsite.round, [p.name for p in onsite.interviewers]) == (2, ["Barbara Liskov"])
    assert onsite.at == pendulum.datetime(2026, 10, 22, 14, tz="Europe/London")
    assert onsite.ends == pendulum.datetime(2026, 10, 22, 15, 30, tz="Europe/London")  # 1h30
    assert onsite.booked_at == pendulum.datetime(2026, 10, 9, 12, tz="Europe/London")


def test_no_thank_you_for_the_time_it_did_not_take_place(events: Path) -> None:
    """On Wednesday 21 Oct, the day after the on-site's old slot, no note is owed: the on-site
    has not happened. On Friday morning Barbara's one note is due, counted from the interview as
    it really was: Thu 22 Oct 15:30 (its end) + 24 h (G11, G22; a technology company:
    fast-paced) = Fri 23 Oct 15:30."""
    moved = ("--from", "2026-10-20T10:00", "--to", "2026-10-22T14:00")
    assert run(events, "reschedule", "acme-sre", *moved)[0] == 0

    def to_barbara(as_of: str) -> list[tuple[object, ...]]:
        return [
            (a["status"], a["not_before"], a["due_by"])
            for a in plan(events, as_of)
            if a["kind"] == "thank_you" and "barbara@acme.example" in str(a["to"])
        ]

    assert to_barbara("2026-10-21T12:00") == []
    assert to_barbara("2026-10-23T09:00") == [
        ("due", "2026-10-22T15:30:00+01:00", "2026-10-23T15:30:00+01:00")
    ]


def test_a_new_end_may_be_given(events: Path) -> None:
    code, _, err = run(
        events,
        *("reschedule", "acme-sre", "--from", "2026-10-20T10:00", "--to", "2026-10-22T09:00"),
        *("--ends", "16:00"),
    )
    assert code == 0, err
    onsite = load_events(events).applications[0].events[-1]
    assert onsite.ends == pendulum.datetime(2026, 10, 22, 16, tz="Europe/London")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2026-10-21T10:00", "--to", "2026-10-22T14:00"],
            "--from 2026-10-21T10:00: acme-sre has no interview at 2026-10-21 10:00 (its "
            "interviews: 2026-10-06 10:00, 2026-10-20 10:00)",
        ),
        (
            ["--from", "2026-10-20T10:00", "--to", "2026-10-20T10:00"],
            "--to 2026-10-20T10:00: that is when it is already",
        ),
        (
            ["--from", "2026-10-20T10:00", "--to", "2026-10-22T14:00", "--ends", "13:00"],
            "--ends 13:00: is not after the interview's start",
        ),
        (["--from", "next week", "--to", "2026-10-22T14:00"], "--from: not a date-time"),
    ],
)
def test_a_wrong_move_is_one_line_and_changes_nothing(
    events: Path, args: list[str], message: str
) -> None:
    before = hashlib.sha256(events.read_bytes()).hexdigest()
    code, _, err = run(events, "reschedule", "acme-sre", *args)
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert "Traceback" not in err
    assert hashlib.sha256(events.read_bytes()).hexdigest() == before
