"""Time the way people mean it, end to end: send windows, business days, recipients' zones."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from followup.cli import cli

POLICY = """\
policy: office-hours
extends: generic
settings:
  send_window: {earliest: "08:00", latest: "18:00", weekends: false}
  holidays: {country: GB, subdivision: ENG}
rules:
  - id: follow-up-after-first-round
    when: {event: interview, round: 1, has_decision_date: false}
    action: {kind: follow_up, channel: email, to: hiring_contact}
    timing: {anchor: interview, not_before: 3 business days, due_by: 5 business days}
    done_when: [follow_up_sent]
    because: Three working days, then check in.
    cites: [G24]
"""


def _events(at: str, tz: str | None = None) -> str:
    zone = f", timezone: {tz}" if tz else ""
    return (
        "candidate: {name: Ada, timezone: Europe/London}\n"
        "applications:\n"
        "  - id: acme\n    company: Acme\n    role: Engineer\n    events:\n"
        f"      - {{type: interview, at: {at}, interviewers: [{{name: Grace Hopper{zone}}}]}}\n"
    )


def _actions(tmp_path: Path, events: str, as_of: str) -> dict[str, dict]:
    (tmp_path / "p.yaml").write_text(POLICY)
    (tmp_path / "e.yaml").write_text(events)
    result = CliRunner().invoke(
        cli,
        [
            "plan",
            str(tmp_path / "e.yaml"),
            "--policy",
            str(tmp_path / "p.yaml"),
            "--as-of",
            as_of,
            "--format",
            "json",
            "--all",
        ],
    )
    assert result.exit_code == 0, result.output
    return {a["rule"]: a for a in json.loads(result.output)["actions"]}


def test_a_deadline_on_saturday_moves_to_monday_morning(tmp_path: Path) -> None:
    # Friday 10:00 + 24h = Saturday 10:00: no weekend sends, so Monday 08:00.
    thanks = _actions(tmp_path, _events("2026-10-09T10:00"), "2026-10-09T12:00")[
        "thank-you-each-interviewer"
    ]
    assert thanks["not_before"] == "2026-10-09T10:00:00+01:00"
    assert thanks["due_by"] == "2026-10-12T08:00:00+01:00"
    assert (
        "moved from Saturday 10:00 to Monday 08:00: no weekend sends"
        in (thanks["explanation"]["timing"])
    )


def test_an_evening_interview_opens_next_morning(tmp_path: Path) -> None:
    thanks = _actions(tmp_path, _events("2026-10-07T19:30"), "2026-10-07T20:00")[
        "thank-you-each-interviewer"
    ]
    assert thanks["not_before"] == "2026-10-08T08:00:00+01:00"
    assert thanks["status"] == "upcoming"
    assert "no sends after 18:00" in thanks["explanation"]["timing"]


def test_business_days_skip_the_weekend_and_bank_holidays(tmp_path: Path) -> None:
    # Wed 23 Dec 2026 + 3 business days: Thu 24, (Fri 25 Christmas, Sat, Sun, Mon 28 Boxing Day
    # observed), Tue 29, Wed 30.
    follow_up = _actions(tmp_path, _events("2026-12-23T11:00:00+00:00"), "2026-12-23T12:00")[
        "follow-up-after-first-round"
    ]
    assert follow_up["not_before"] == "2026-12-30T11:00:00+00:00"
    assert follow_up["due_by"] == "2027-01-04T11:00:00+00:00"  # 1 Jan is a holiday too


def test_the_recipients_time_zone_decides_the_send_window(tmp_path: Path) -> None:
    thanks = _actions(
        tmp_path, _events("2026-10-08T07:00", tz="America/New_York"), "2026-10-08T08:00"
    )["thank-you-each-interviewer"]
    # 07:00 London is 02:00 in New York: the window opens at 08:00 New York = 13:00 London.
    assert thanks["not_before"] == "2026-10-08T13:00:00+01:00"
    assert "recipient's time, America/New_York" in thanks["explanation"]["timing"]


SATURDAY_POLICY = """\
policy: weekday-sender
extends: generic
settings:
  send_window: {earliest: "08:00", latest: "18:00", weekends: false}
  holidays: {country: GB, subdivision: ENG, extra: [2026-10-19]}
rules:
  - id: follow-up-after-first-round
    when: {event: interview, round: 1, has_decision_date: false}
    action: {kind: follow_up, channel: email, to: hiring_contact}
    timing: {anchor: interview, not_before: 1d, due_by: 3bd}
    done_when: [follow_up_sent]
    because: Check in the next working morning.
    cites: [G24]
"""


def _run(tmp_path: Path, *args: str) -> str:
    (tmp_path / "p.yaml").write_text(SATURDAY_POLICY)
    result = CliRunner().invoke(cli, [*args, "--policy", str(tmp_path / "p.yaml")])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_window_opening_on_saturday_opens_on_monday_morning(tmp_path: Path) -> None:
    # Friday 10:00 + 1d = Saturday 10:00, outside the send window: Monday 08:00.
    (tmp_path / "e.yaml").write_text(_events("2026-10-09T10:00"))
    events = str(tmp_path / "e.yaml")
    plan = json.loads(
        _run(tmp_path, "plan", events, "--as-of", "2026-10-10T12:00", "--format", "json")
    )
    action = next(a for a in plan["actions"] if a["rule"] == "follow-up-after-first-round")
    assert action["not_before"] == "2026-10-12T08:00:00+01:00"
    assert action["status"] == "upcoming"  # on Saturday it is not yet time
    assert (
        "not_before moved from Saturday 10:00 to Monday 08:00: no weekend sends"
        in action["explanation"]["timing"]
    )
    # 3 business days from Friday: Mon, Tue, Wed 10:00.
    assert action["due_by"] == "2026-10-14T10:00:00+01:00"
    explained = _run(tmp_path, "explain", events, action["id"], "--as-of", "2026-10-10T12:00")
    assert "moved from Saturday 10:00 to Monday 08:00: no weekend sends" in explained
    due = _run(tmp_path, "due", events, "--as-of", "2026-10-12T08:00")
    assert "DUE NOW" in due and "follow-up-after-first-round" in due


def test_a_policy_holiday_is_skipped_too(tmp_path: Path) -> None:
    # Friday 16 Oct + 1d = Saturday; Monday 19 Oct is a policy holiday: Tuesday 08:00.
    (tmp_path / "e.yaml").write_text(_events("2026-10-16T10:00"))
    events = str(tmp_path / "e.yaml")
    plan = json.loads(
        _run(tmp_path, "plan", events, "--as-of", "2026-10-17T12:00", "--format", "json")
    )
    action = next(a for a in plan["actions"] if a["rule"] == "follow-up-after-first-round")
    assert action["not_before"] == "2026-10-20T08:00:00+01:00"
    assert action["due_by"] == "2026-10-22T10:00:00+01:00"  # Tue, Wed, Thu


def test_a_window_wholly_inside_a_weekend_keeps_mondays_send_hours(tmp_path: Path) -> None:
    # Friday 19:30 + 24h = Saturday 19:30. Both ends fall in the same closed stretch: the window
    # opens Monday 08:00 and, rather than closing as it opens, stays open to Monday 18:00.
    thanks = _actions(tmp_path, _events("2026-10-09T19:30"), "2026-10-12T09:00")[
        "thank-you-each-interviewer"
    ]
    assert thanks["not_before"] == "2026-10-12T08:00:00+01:00"
    assert thanks["due_by"] == "2026-10-12T18:00:00+01:00"
    assert thanks["status"] == "due"
    timing = thanks["explanation"]["timing"]
    assert "kept open to the end of that day's send hours (18:00)" in timing


def test_a_deadline_inside_the_window_is_never_stretched(tmp_path: Path) -> None:
    # Thursday 19:30 + 24h = Friday 19:30, after hours: Monday 08:00 is after the opening
    # (Friday 08:00), so the deadline is only moved, not stretched to Monday evening.
    thanks = _actions(tmp_path, _events("2026-10-08T19:30"), "2026-10-09T09:00")[
        "thank-you-each-interviewer"
    ]
    assert thanks["not_before"] == "2026-10-09T08:00:00+01:00"
    assert thanks["due_by"] == "2026-10-12T08:00:00+01:00"
    assert "kept open" not in thanks["explanation"]["timing"]
