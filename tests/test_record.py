"""`followup new` / `followup add`: edits keep comments, validate first, write atomically with a
.bak, print what changed, and leave the file byte-identical on any error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.clock import FixedClock

NOW = FixedClock(pendulum.datetime(2026, 10, 7, 9, tz="Europe/London"))

STARTING = """\
# My job search - comments like this one survive every edit.
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme-sre   # the SRE role
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    recruiter: {name: Sam Reed, email: sam@acme.example}
    events:
      - type: interview
        at: 2026-10-06T10:00
        format: panel
        interviewers:
          - {name: Grace Hopper, email: grace@acme.example, lead: true}
          - {name: Alan Turing, email: alan@acme.example}
"""


def run(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--file", str(path)], obj={"clock": NOW})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(STARTING)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_thank_you_is_recorded_and_the_plan_change_is_shown(events: Path) -> None:
    code, out, _ = run(events, "add", "thank-you", "acme-sre", "--to", "grace@acme.example")
    assert code == 0, out
    assert "acme-sre/thank-you-panel-lead/2026-10-06: due -> done" in out
    text = events.read_text()
    assert "# My job search - comments like this one survive every edit." in text
    assert "# the SRE role" in text
    assert "type: thank_you_sent" in text and "2026-10-07T09:00:00+01:00" in text
    assert (events.parent / "events.yaml.bak").read_text() == STARTING


def test_the_whole_loop_from_new_to_a_follow_up(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "events.yaml"
    code, out, err = run(
        path,
        "new",
        "globex",
        "--company",
        "Globex",
        "--role",
        "Analyst",
        "--name",
        "Ada Lovelace",
        "--timezone",
        "Europe/London",
    )
    assert code == 0, err
    code, out, _ = run(
        path,
        "add",
        "interview",
        "globex",
        "--at",
        "2026-10-06T14:00",
        "--interviewer",
        "Hank Scorpio <hank@globex.example>",
    )
    assert code == 0 and "globex/thank-you-each-interviewer/2026-10-06/hank-scorpio: due" in out
    assert run(path, "add", "thank-you", "globex", "--to", "Hank Scorpio")[0] == 0
    code, out, _ = run(path, "add", "reply", "globex", "--decision-by", "2026-10-20")
    assert code == 0
    assert "globex/follow-up-after-decision-date/2026-10-07: upcoming" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "follow-up", "acme-srx"], "no application 'acme-srx'; did you mean 'acme-sre'?"),
        (
            ["add", "thank-you", "acme-sre", "--to", "bob@x.example"],
            "not an interviewer or recruiter",
        ),
        (["add", "follow-up", "acme-sre", "--at", "2026-12-01T10:00"], "is in the future"),
        (["add", "reply", "acme-sre", "--at", "2026-13-01"], "not a date-time"),
        (["add", "reply", "acme-sre", "--decision-by", "soon"], "decision_by: not a date-time"),
        (
            ["add", "interview", "acme-sre", "--lead", "Nobody"],
            "not one of the --interviewer names",
        ),
        (["new", "acme-sre", "--company", "A", "--role", "B"], "already exists"),
    ],
)
def test_bad_arguments_leave_the_file_byte_identical(
    events: Path, args: list[str], message: str
) -> None:
    before = digest(events)
    code, _, err = run(events, *args)
    assert code == 2
    assert err.count("\n") == 1 and message in err, err
    assert digest(events) == before
    assert not (events.parent / "events.yaml.bak").exists()


def test_a_new_file_needs_a_name(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "e.yaml", "new", "x", "--company", "A", "--role", "B")
    assert code == 2 and "needs your --name" in err
    assert not (tmp_path / "e.yaml").exists()


def test_the_default_file_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.journal import default_events_path

    monkeypatch.setenv("FOLLOWUP_EVENTS", str(tmp_path / "mine.yaml"))
    assert default_events_path() == tmp_path / "mine.yaml"
    monkeypatch.delenv("FOLLOWUP_EVENTS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_events_path() == tmp_path / "xdg" / "interview-followup" / "events.yaml"
