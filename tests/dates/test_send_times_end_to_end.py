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


def test_a_thank_you_is_never_moved_into_working_hours(tmp_path: Path) -> None:
    # Friday 10:00 + 24h = Saturday 10:00. A thank-you may be sent any time: its deadline stays
    # 24 hours after the interview, it is not pushed to Monday (G11, G22).
    thanks = _actions(tmp_path, _events("2026-10-09T10:00"), "2026-10-09T12:00")[
        "thank-you-each-interviewer"
    ]
    assert thanks["not_before"] == "2026-10-09T10:00:00+01:00"
    assert thanks["due_by"] == "2026-10-10T10:00:00+01:00"
    assert "working hours" not in thanks["explanation"]["timing"]


def test_an_evening_interview_can_be_thanked_the_same_evening(tmp_path: Path) -> None:
    thanks = _actions(tmp_path, _events("2026-10-07T19:30"), "2026-10-07T20:00")[
        "thank-you-each-interviewer"
    ]
    assert thanks["not_before"] == "2026-10-07T19:30:00+01:00"
    assert thanks["status"] == "due"


def test_business_days_skip_the_weekend_and_bank_holidays(tmp_path: Path) -> None:
    # Wed 23 Dec 2026 + 3 business days: Thu 24, (Fri 25 Christmas, Sat, Sun, Mon 28 Boxing Day
    # observed), Tue 29, Wed 30: the window opens at the start of that working day, 08:00.
    # + 5 business days: Thu 31, (Fri 1 Jan), Mon 4 Jan: it closes at the end of it, 18:00.
    follow_up = _actions(tmp_path, _events("2026-12-23T11:00:00+00:00"), "2026-12-23T12:00")[
        "follow-up-after-first-round"
    ]
    assert follow_up["not_before"] == "2026-12-30T08:00:00+00:00"
    assert follow_up["due_by"] == "2027-01-04T18:00:00+00:00"


def test_the_recipients_time_zone_decides_the_working_hours(tmp_path: Path) -> None:
    # Thu 8 Oct 07:00 London = 02:00 New York. 3 business days in New York (this policy's
    # holidays are England's): Fri 9, Mon 12, Tue 13 -> opens Tue 13 Oct 08:00 New York = 13:00
    # London; 5 business days: Thu 15 Oct -> closes 18:00 New York = 23:00 London.
    follow_up = _actions(
        tmp_path, _events("2026-10-08T07:00", tz="America/New_York"), "2026-10-08T08:00"
    )["follow-up-after-first-round"]
    assert follow_up["not_before"] == "2026-10-13T13:00:00+01:00"
    assert follow_up["due_by"] == "2026-10-15T23:00:00+01:00"
    assert follow_up["recipient_timezone"] == "America/New_York"
    assert "in America/New_York" in follow_up["explanation"]["timing"]


def test_the_employers_office_zone_is_used_when_the_person_has_none(tmp_path: Path) -> None:
    events = _events("2026-10-08T07:00").replace(
        "    company: Acme\n", "    company: Acme\n    timezone: America/New_York\n"
    )
    follow_up = _actions(tmp_path, events, "2026-10-08T08:00")["follow-up-after-first-round"]
    assert follow_up["recipient_timezone"] == "America/New_York"
    assert follow_up["not_before"] == "2026-10-13T13:00:00+01:00"


def test_a_note_to_yourself_is_read_in_your_own_zone(tmp_path: Path) -> None:
    # Candidate in London, the employer's office in New York: the follow-up is read there, the
    # move-on note (a note to yourself) here, in London.
    events = _events("2026-10-08T07:00").replace(
        "    company: Acme\n", "    company: Acme\n    timezone: America/New_York\n"
    )
    actions = _actions(tmp_path, events, "2026-10-08T08:00")
    assert actions["follow-up-after-first-round"]["recipient_timezone"] == "America/New_York"
    assert actions["move-on-after-a-month-of-silence"]["recipient_timezone"] == "Europe/London"


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
    # Friday 10:00 + 1d = Saturday, not a working day: Monday 08:00.
    (tmp_path / "e.yaml").write_text(_events("2026-10-09T10:00"))
    events = str(tmp_path / "e.yaml")
    plan = json.loads(
        _run(tmp_path, "plan", events, "--as-of", "2026-10-10T12:00", "--format", "json")
    )
    action = next(a for a in plan["actions"] if a["rule"] == "follow-up-after-first-round")
    assert action["not_before"] == "2026-10-12T08:00:00+01:00"
    assert action["status"] == "upcoming"  # on Saturday it is not yet time
    # 3 business days from Friday: Mon, Tue, Wed -> the end of Wednesday's working hours.
    assert action["due_by"] == "2026-10-14T18:00:00+01:00"
    timing = action["explanation"]["timing"]
    assert "Sat 10 Oct 10:00 -> Wed 14 Oct 10:00 becomes Mon 12 Oct 08:00 -> Wed 14 Oct 18:00" in (
        timing
    )
    explained = _run(tmp_path, "explain", events, action["id"], "--as-of", "2026-10-10T12:00")
    assert "becomes Mon 12 Oct 08:00" in explained
    due = _run(tmp_path, "due", events, "--as-of", "2026-10-12T08:00")
    assert "DUE NOW" in due and "follow-up-after-first-round" in due


def test_a_policy_holiday_is_skipped_too(tmp_path: Path) -> None:
    # Friday 16 Oct + 1d = Saturday; Monday 19 Oct is a policy holiday: Tuesday 08:00.
    # 3 business days: Tue 20, Wed 21, Thu 22 -> closes Thu 22 Oct 18:00.
    (tmp_path / "e.yaml").write_text(_events("2026-10-16T10:00"))
    events = str(tmp_path / "e.yaml")
    plan = json.loads(
        _run(tmp_path, "plan", events, "--as-of", "2026-10-17T12:00", "--format", "json")
    )
    action = next(a for a in plan["actions"] if a["rule"] == "follow-up-after-first-round")
    assert action["not_before"] == "2026-10-20T08:00:00+01:00"
    assert action["due_by"] == "2026-10-22T18:00:00+01:00"
    assert "policy holiday" in action["explanation"]["timing"]
