"""Dates at the edges (issue #11's smaller findings): a policy whose send window never opens is
a validation problem, a typed time over a daylight-saving change is its first occurrence, and
moments before 1900 in UTC are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cli_support import run
from followup.api import validate_policy
from followup.dates.reading import parse_moment_text
from followup.events import load_events
from paths import ROOT

TECH_PANEL = ROOT / "examples" / "tech-panel.yaml"
AS_OF = "2026-10-07T09:00"


# -- a send window that never opens ---------------------------------------------------------------
def test_a_send_window_with_no_day_for_years_is_a_validation_problem(tmp_path: Path) -> None:
    start = dt.date(2026, 1, 1)
    days = [start + dt.timedelta(days=n) for n in range(6 * 366)]
    policy = tmp_path / "closed.yaml"
    policy.write_text(
        "policy: closed\nformat_version: 1\nextends: generic\ndescription: never sends\n"
        "settings:\n  send_window: {earliest: '09:00', latest: '17:00'}\n"
        f"  holidays: {{extra: [{', '.join(d.isoformat() for d in days)}]}}\n",
        encoding="utf-8",
    )
    code, out, _ = run("validate", str(policy))
    assert code == 1
    assert "[no-send-day]" in out and "allows no day for" in out
    code, _, err = run("plan", str(TECH_PANEL), "--policy", str(policy), "--as-of", AS_OF)
    assert code == 2
    assert "[no-send-day]" in err and err.count("\n") == 1
    # The same policy given as text (the library and the service) is refused the same way.
    report = validate_policy(policy.read_text(encoding="utf-8"), "closed.yaml")
    assert not report["valid"]
    assert [p["code"] for p in report["problems"]] == ["no-send-day"]


START = "candidate: {name: Ada Lovelace, timezone: Europe/London}\napplications:\n"


# -- dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["2026-10-25T01:30", "2026-10-25 01:30", "2026-10-25T01:30:00"])
def test_a_time_the_clocks_go_back_over_is_its_first_occurrence(text: str) -> None:
    """Summer time ends in London at 02:00 BST on 25 Oct 2026: 01:30 happens twice."""
    assert parse_moment_text(text, "Europe/London").isoformat() == "2026-10-25T01:30:00+01:00"


def test_typed_times_in_files_and_options_take_the_first_occurrence(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(
        START + "  - id: acme\n    company: Acme\n    role: SRE\n    events:\n"
        "      - {type: interview, at: 2026-10-25T01:30}\n",
        encoding="utf-8",
    )
    (interview,) = load_events(events).applications[0].events
    assert interview.at.isoformat() == "2026-10-25T01:30:00+01:00"
    args = ["add", "follow-up", "acme", "--at", "2026-10-26T01:30", "--as-of", "2026-10-27"]
    assert run(*args, "--file", str(events))[0] == 0
    code, _, err = run(
        "add", "interview", "acme", "--at", "2026-10-25T01:45", "--file", str(events)
    )
    assert code == 0, err
    assert "2026-10-25T01:45:00+01:00" in events.read_text(encoding="utf-8")


def test_a_time_in_the_skipped_hour_moves_forward_by_the_gap() -> None:
    assert parse_moment_text("2026-03-29T01:30", "Europe/London").isoformat() == (
        "2026-03-29T02:30:00+01:00"
    )


def test_a_moment_before_1900_in_utc_is_refused_whatever_its_offset(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(
        START + "  - id: acme\n    company: Acme\n    role: SRE\n    events:\n"
        "      - {type: interview, at: '1900-01-01T05:00+14:00'}\n",
        encoding="utf-8",
    )
    code, _, err = run("plan", str(events), "--as-of", AS_OF)
    assert code == 2
    assert "outside the years 1900-2199" in err and err.count("\n") == 1
