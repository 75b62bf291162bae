"""A thank-you is written after the interview (G11, G22: "within 24 hours of the interview";
G29: "thank-you note instantly"): with its end known (`ends`), the note is not due while the
interview is still going on, it opens when the interview ends, and `followup explain` says the
window counts from the end. The hand-worked windows are in tests/scenarios/interview-ends.test.yaml.

Panel Tue 6 Oct 2026 10:00-11:30 London (BST), technology (fast-paced: 24 hours): one note to
the lead, the panel in cc (G26), 11:30 -> Wed 7 Oct 11:30.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli

PANEL = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    events:
      - type: interview
        at: 2026-10-06T10:00
        ends: "11:30"
        format: panel
        interviewers:
          - {name: Grace Hopper, email: grace@acme.example, lead: true}
          - {name: Alan Turing, email: alan@acme.example}
"""
NOTE = "acme/thank-you-panel-lead/2026-10-06"


@pytest.fixture
def panel(tmp_path: Path) -> str:
    path = tmp_path / "events.yaml"
    path.write_text(PANEL, encoding="utf-8")
    return str(path)


@pytest.fixture
def no_end(tmp_path: Path) -> str:
    path = tmp_path / "no-end.yaml"
    path.write_text(PANEL.replace('        ends: "11:30"\n', ""), encoding="utf-8")
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_during_the_panel_due_lists_the_thank_you_as_coming_up_from_its_end(panel: str) -> None:
    out = run("due", panel, "--as-of", "2026-10-06T10:30")
    assert "DUE NOW" not in out
    assert out.startswith("COMING UP (")
    assert "  from Tue 6 Oct 11:30      Send a thank-you note to Grace Hopper (Acme)" in out
    assert NOTE in out


def test_once_the_panel_is_over_the_thank_you_is_due(panel: str) -> None:
    out = run("due", panel, "--as-of", "2026-10-06T11:45")
    assert out.startswith("DUE NOW (1)\n  by Wed 7 Oct 11:30        Send a thank-you note to Grace")


def test_without_an_end_the_thank_you_opens_at_the_start_as_before(no_end: str) -> None:
    out = run("due", no_end, "--as-of", "2026-10-06T10:30")
    assert out.startswith("DUE NOW (1)\n  by Wed 7 Oct 10:00        Send a thank-you note to Grace")


def test_the_plan_shows_the_window_from_the_end(panel: str) -> None:
    out = run("plan", panel, "--as-of", "2026-10-06T10:30")
    assert "  UPCOMING  Send a thank-you note by email to Grace Hopper" in out
    assert "window Tue 6 Oct 2026 11:30 -> Wed 7 Oct 2026 11:30" in out


def test_explain_says_the_window_counts_from_the_end(panel: str) -> None:
    out = run("explain", panel, NOTE, "--as-of", "2026-10-06T10:30")
    assert "matched     event 0: interview round 1 (panel) 2026-10-06 10:00-11:30" in out
    assert (
        "timing      anchor interview = event 0 (interview) at 2026-10-06T11:30:00+01:00 "
        "(from the end of the interview at 11:30, not its start at 10:00)\n"
        "            not_before = anchor + 0h = 2026-10-06T11:30:00+01:00\n"
        "            due_by = anchor + 24h = 2026-10-07T11:30:00+01:00\n"
    ) in out
    assert "status      upcoming: the window has not opened yet" in out


def test_explain_without_an_end_counts_from_the_start(no_end: str) -> None:
    out = run("explain", no_end, NOTE, "--as-of", "2026-10-06T10:30")
    assert (
        "timing      anchor interview = event 0 (interview) at 2026-10-06T10:00:00+01:00\n" in out
    )
    assert "from the end" not in out


def test_an_interview_that_ends_the_next_day_is_dated_at_both_ends(tmp_path: Path) -> None:
    # An assessment from Tuesday 10:00 to Wednesday 09:00: "at 09:00" alone would read as
    # Tuesday's 09:00, before the start.
    path = tmp_path / "overnight.yaml"
    path.write_text(PANEL.replace('"11:30"', '"2026-10-07 09:00"'), encoding="utf-8")
    out = run("explain", str(path), NOTE, "--as-of", "2026-10-07T10:00")
    assert "matched     event 0: interview round 1 (panel) 2026-10-06 10:00-2026-10-07 09:00" in out
    assert (
        "(from the end of the interview at Wed 7 Oct 2026 09:00, not its start at"
        " Tue 6 Oct 2026 10:00)\n"
    ) in out
