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


# -- the decision date they gave for the old slot ----------------------------------------------

DECIDING = EVENTS.replace(
    "        booked_at: 2026-10-09T12:00\n",
    "        booked_at: 2026-10-09T12:00\n        decision_by: 2026-10-23\n",
)
MOVED = ("reschedule", "acme-sre", "--from", "2026-10-20T10:00")


@pytest.fixture
def deciding(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(DECIDING, encoding="utf-8")
    return path


def onsite_decision(path: Path) -> pendulum.DateTime | None:
    decision: pendulum.DateTime | None = load_events(path).applications[0].events[-1].decision_by
    return decision


def test_a_decision_date_still_after_the_new_time_stays_and_is_named(deciding: Path) -> None:
    code, out, err = run(deciding, *MOVED, "--to", "2026-10-21T10:00")
    assert code == 0, err
    assert "; its decision date stays 2026-10-23 (--decision-by to change it)" in out
    # a date alone: the end of their working day (17:00), as before the move
    assert onsite_decision(deciding) == pendulum.datetime(2026, 10, 23, 17, tz="Europe/London")


def test_a_move_past_the_decision_date_is_refused_until_the_user_says_which(
    deciding: Path,
) -> None:
    """They said "by Friday 23rd" for the on-site of Tuesday 20th; it moves to Monday 26th. Is
    the 23rd still the date? Only they know: the move is refused, one line naming both ways,
    and the file is left as it was."""
    before = deciding.read_bytes()
    code, _, err = run(deciding, *MOVED, "--to", "2026-10-26T10:00")
    assert code == 2 and err.count("\n") == 1, err
    assert (
        "--to 2026-10-26T10:00: the decision date they gave (2026-10-23) would come before the "
        "interview: give the new one with --decision-by (a date, or the period they gave: 2w), "
        "or drop it with --no-decision-by"
    ) in err
    assert deciding.read_bytes() == before


def test_a_new_decision_period_counts_from_the_new_time(deciding: Path) -> None:
    """ "We will decide within a week" of Monday 26 Oct: Monday 2 Nov, the end of its working
    day. The status call waits for that date and two working days more (G21, G23; a technology
    company: fast-paced): Wednesday 4 Nov, from the start of Barbara's working day, 09:00 GMT
    (the clocks went back on 25 Oct)."""
    code, out, err = run(deciding, *MOVED, "--to", "2026-10-26T10:00", "--decision-by", "1w")
    assert code == 0, err
    assert "; decision date 2026-11-02" in out
    assert "the interview of Mon 26 Oct 2026 10:00 + 1w = Mon 2 Nov 2026" in err
    assert onsite_decision(deciding) == pendulum.datetime(2026, 11, 2, 17, tz="Europe/London")
    calls = [
        (a["status"], a["to"], a["not_before"])
        for a in plan(deciding, "2026-11-02T12:00")
        if a["rule"] == "follow-up-after-decision-date"
    ]
    assert calls == [
        ("upcoming", ["Barbara Liskov <barbara@acme.example>"], "2026-11-04T09:00:00+00:00")
    ]


def test_the_decision_date_may_be_dropped(deciding: Path) -> None:
    code, out, err = run(deciding, *MOVED, "--to", "2026-10-26T10:00", "--no-decision-by")
    assert code == 0, err
    assert "; its decision date is dropped" in out
    assert onsite_decision(deciding) is None
    assert "decision_by" not in deciding.read_text(encoding="utf-8")
    assert "# the on-site" in deciding.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--decision-by", "2w", "--no-decision-by"],
            "--decision-by and --no-decision-by: give one or the other",
        ),
        (["--decision-by", "2026-10-20"], "--decision-by 2026-10-20: is before the interview"),
        (["--decision-by", "5bd"], "--decision-by 5bd: working days end on a date"),
    ],
)
def test_a_wrong_decision_date_for_the_move_changes_nothing(
    deciding: Path, args: list[str], message: str
) -> None:
    before = deciding.read_bytes()
    code, _, err = run(deciding, *MOVED, "--to", "2026-10-26T10:00", *args)
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert deciding.read_bytes() == before


def test_dropping_a_decision_date_there_is_none_is_refused(events: Path) -> None:
    code, _, err = run(events, *MOVED, "--to", "2026-10-26T10:00", "--no-decision-by")
    assert code == 2 and "--no-decision-by: this interview has no decision date" in err, err
