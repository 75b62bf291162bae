"""`followup due`: grouped by urgency, one line each, colour only on terminals, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli
from paths import ROOT

EXAMPLE = str(ROOT / "examples" / "tech-panel.yaml")
AS_OF = ["--as-of", "2026-10-07T09:00"]
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"
LATE = ["--as-of", "2026-10-20T09:00"]  # the status check is overdue, the thank-yous lapsed


def run(*args: str, env: dict[str, str] | None = None, color: bool = False) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, color=color)
    return result.exit_code, result.stdout, result.stderr


def logical_lines(out: str) -> list[str]:
    """The output's lines with wrapped continuations (indented past the deadline) joined on."""
    lines: list[str] = []
    for line in out.splitlines():
        if line.startswith(" " * 28) and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


def test_due_groups_by_urgency_one_line_per_action() -> None:
    code, out, _ = run("due", EXAMPLE, *AS_OF)
    assert code == 0
    assert all(len(line) <= 100 for line in out.splitlines())  # wrapped: not a terminal
    lines = logical_lines(out)
    assert lines[0] == "DUE NOW (2)"
    assert lines[3] == "COMING UP (2)"
    assert len(lines) == 6  # two headings, four actions
    panel = next(line for line in lines if PANEL in line)
    assert panel.startswith("  by Wed 7 Oct 10:00")
    assert (
        "Send a thank-you note to Grace Hopper (Acme): One thank-you to the panel's lead" in panel
    )
    assert "\x1b[" not in out  # not a terminal: no colour


def test_most_urgent_first_within_each_group() -> None:
    code, out, _ = run("due", EXAMPLE, *LATE)
    assert code == 0
    lines = logical_lines(out)
    # the two thank-yous (due Wed 7 Oct 10:00) lapsed a week after the interview (Tue 13 Oct
    # 10:00): no longer recommended, so not listed. The call after their date (fast-paced, 2
    # working days after Tue 13 Oct 17:00: Thu 15 Oct 09:00-17:00) is overdue; moving on opens a
    # month after the date, Fri 13 Nov 17:00.
    assert lines[0] == "OVERDUE (1)"
    overdue = lines[1:2]
    assert [line.split("  ")[1].strip() for line in overdue] == ["was due Thu 15 Oct 17:00"]
    assert lines[2] == "COMING UP (1)" and "from Fri 13 Nov 17:00" in lines[3]


def test_today_leaves_out_what_opens_later() -> None:
    code, out, _ = run("due", EXAMPLE, *AS_OF, "--today")
    assert code == 0 and "DUE NOW" in out and "COMING UP" not in out


def test_week_shows_what_opens_within_seven_days() -> None:
    code, out, _ = run("due", EXAMPLE, "--as-of", "2026-10-09T09:00", "--week")
    assert code == 0
    assert "follow-up-after-decision-date" in out  # opens Thu 15 Oct 09:00
    assert "move-on" not in out  # opens Fri 13 Nov
    code, out, _ = run("due", EXAMPLE, "--as-of", "2026-10-07T09:00", "--week")
    assert "follow-up-after-decision-date" not in out


@pytest.mark.parametrize(
    ("as_of", "flag", "code"),
    [(LATE, [], 0), (LATE, ["--fail-if-overdue"], 1), (AS_OF, ["--fail-if-overdue"], 0)],
)
def test_exit_code_fails_only_on_request_and_only_when_overdue(
    as_of: list[str], flag: list[str], code: int
) -> None:
    result, out, _ = run("due", EXAMPLE, *as_of, *flag)
    assert result == code
    assert ("OVERDUE" in out) == (as_of is LATE)


def test_nothing_open(tmp_path: Path) -> None:
    # withdrawn the day of the interview: every action is cancelled
    events = tmp_path / "events.yaml"
    events.write_text(
        "candidate: {name: Ada, timezone: Europe/London}\n"
        "applications:\n"
        "  - {id: a, company: Acme, role: SRE, events: [\n"
        "      {type: interview, at: 2026-10-01T10:00, interviewers: [{name: Grace Hopper}]},\n"
        "      {type: withdrawn, at: 2026-10-01T12:00}]}\n",
        encoding="utf-8",
    )
    code, out, _ = run("due", str(events), "--as-of", "2026-10-02T09:00")
    assert code == 0 and out == "Nothing to do.\n"
    # before both interviews of the example: both are booked (no booked_at: known), so the only
    # open actions are the reminders to ask about the timeline there (Tue 22 Sep, Tue 6 Oct)
    code, out, _ = run("due", EXAMPLE, "--as-of", "2026-09-01T09:00")
    assert code == 0 and out.startswith("COMING UP (2)")
    assert "acme-sre/ask-at-next-interview/2026-09-22" in out
    assert "acme-sre/ask-at-next-interview/2026-10-06" in out
    code, out, _ = run("due", EXAMPLE, "--as-of", "2026-09-01T09:00", "--today")
    assert code == 0 and out == "Nothing to do in that window.\n"


def test_colour_on_a_terminal_but_never_with_no_color() -> None:
    _, out, _ = run("due", EXAMPLE, *LATE, color=True)
    assert "\x1b[31m" in out  # overdue in red
    _, out, _ = run("due", EXAMPLE, *LATE, color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in out


def test_due_reads_the_default_events_file() -> None:
    code, out, _ = run("due", *AS_OF, env={"FOLLOWUP_EVENTS": EXAMPLE})
    assert code == 0 and PANEL in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "/nonexistent/events.yaml"], "/nonexistent/events.yaml: no such file"),
        (["due", EXAMPLE, "--as-of", "someday"], "--as-of: not a date-time: 'someday'"),
        (["due", EXAMPLE, "--policy", "nope"], "unknown policy 'nope'"),
        (["due", EXAMPLE, *AS_OF, "--today", "--week"], "--today and --week: give one of them"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err


def test_an_invalid_events_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("candidate: {name: A}\napplications:\n  - id: x\n")
    code, _, err = run("due", str(path))
    assert code == 2 and f"{path}:3" in err and err.count("\n") == 1


@pytest.mark.parametrize("command", [["due"], ["draft", "acme/thank-you/2026-10-06"], ["ics"]])
def test_the_default_file_missing_says_where_it_looked(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "none.yaml"
    code, _, err = run(*command, env={"FOLLOWUP_EVENTS": str(missing)})
    assert code == 2
    assert err == (
        f"Error: {missing}: no such file (start one with `followup new`, or give EVENTS)\n"
    )


def test_a_thank_you_more_than_three_days_late_says_so() -> None:
    """G11: more than 3 days after the interview a thank-you reads as unexcited. The panel was
    Tue 6 Oct 10:00; the notes were due by Wed 7 Oct 10:00 and are late after Fri 9 Oct 10:00
    (`late_after: 3d`). `due` says so, as `plan` does; an hour past the deadline it does not."""
    late = ", late: more than 3d after the interview:"
    _, out, _ = run("due", EXAMPLE, "--as-of", "2026-10-08T12:00")
    panel = next(line for line in logical_lines(out) if PANEL in line)
    assert panel.startswith("  was due Wed 7 Oct 10:00") and late not in panel
    _, out, _ = run("due", EXAMPLE, "--as-of", "2026-10-10T12:00")
    panel = next(line for line in logical_lines(out) if PANEL in line)
    assert f"Send a thank-you note to Grace Hopper (Acme){late} One thank-you" in panel
