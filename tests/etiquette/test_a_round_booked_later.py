"""A next round recorded with `followup add interview` is known from the day it was recorded,
not all along: a plan replayed as of an earlier day (`--as-of`, the timeline) shows what it
showed then (G24 before the booking; G21, G9 after it).

Worked by hand. Ada Lovelace, London. First round Thursday 5 November 2026 14:00 with Dr. Grace
Hopper at Acme (finance: `generic`), no date given, her thank-you sent at 18:00. Not sure when
she will hear back, she waits at least a week (G24): the check-in opens Thursday 12 November
(09:00, Dr. Hopper's working day) and is due within 10 days of the interview (Sunday 15 November
14:00, in working hours Monday 16 November 17:00). On Tuesday 10 November 15:30 the recruiter
books round 2 for Friday 20 November and she records it. From then on the booked round is her
next contact: no status check before it, ask there when they decide (G21, G9). On Monday 9
November nobody knew of round 2: that day's plan, replayed later, still has the check-in and
no question for a round not yet booked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_support import run

CHECK_IN = "acme/follow-up-after-first-round/2026-11-05"
ASK = "acme/ask-at-next-interview/2026-11-20"


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    common = ("--file", str(path), "--as-of")
    hopper = ("--interviewer", "Dr. Grace Hopper <grace@acme.example>")
    steps = [
        ("new", "acme", "--company", "Acme", "--role", "Data Engineer", "--industry", "finance",
         "--name", "Ada Lovelace", "--timezone", "Europe/London", *common, "2026-11-02T09:00"),
        ("add", "interview", "acme", "--at", "2026-11-05T14:00", *hopper,
         *common, "2026-11-05T15:30"),
        ("add", "thank-you", "acme", *common, "2026-11-05T18:00"),
        ("add", "interview", "acme", "--at", "2026-11-20T14:00", *hopper,
         *common, "2026-11-10T15:30"),
    ]  # fmt: skip
    for step in steps:
        code, _out, err = run(*step)
        assert code == 0, err
    return path


def _plan(path: Path, as_of: str) -> dict[str, dict[str, Any]]:
    code, out, err = run("plan", str(path), "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return {a["id"]: a for a in json.loads(out)["actions"]}


def test_the_day_before_the_booking_the_check_in_stands(events: Path) -> None:
    actions = _plan(events, "2026-11-09T10:00")
    check_in = actions[CHECK_IN]
    assert check_in["status"] == "upcoming"
    assert (check_in["not_before"], check_in["due_by"]) == (
        "2026-11-12T09:00:00+00:00",
        "2026-11-16T17:00:00+00:00",
    )
    assert ASK not in actions


def test_once_booked_no_check_in_before_the_round(events: Path) -> None:
    actions = _plan(events, "2026-11-10T16:00")
    assert CHECK_IN not in actions  # cancelled by the booked round (closed: not listed)
    assert actions[ASK]["status"] == "upcoming"
