"""The smaller findings of issue #11, each reproduced: pipes and devices as inputs, -o and
--audit-log /dev/null, a policy whose send window never opens, regular-expression blow-ups,
one YAML version for plans and edits, what `add` keeps of a file, DST and the year range."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.api import validate_policy
from followup.cli import cli
from followup.dates.reading import parse_moment_text
from followup.events import load_events

ROOT = Path(__file__).resolve().parent.parent
TECH_PANEL = ROOT / "examples" / "tech-panel.yaml"
AS_OF = "2026-10-07T09:00"
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def run_process(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """In a process of its own: a regression would block or spin, and must fail, not hang."""
    return subprocess.run(
        [sys.executable, "-m", "followup", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


# -- pipes, devices, links ------------------------------------------------------------------------
@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_a_pipe_as_input_is_refused_not_waited_on(fifo: Path) -> None:
    result = run_process("plan", str(fifo))
    assert result.returncode == 2
    assert (
        result.stderr
        == f"Error: {fifo}: a named pipe, not a regular file; give the path of a file\n"
    )


def test_a_pipe_as_audit_log_is_refused_not_waited_on(fifo: Path) -> None:
    result = run_process("plan", str(TECH_PANEL), "--as-of", AS_OF, "--audit-log", str(fifo))
    assert result.returncode == 2
    assert "not a regular file" in result.stderr and result.stderr.count("\n") == 1


def test_audit_verify_of_a_pipe_is_refused(fifo: Path) -> None:
    result = run_process("audit", "verify", str(fifo))
    assert result.returncode == 2
    assert "a named pipe, not a regular file" in result.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("fifo", "a named pipe, not a regular file"),
        ("device", "a device, not a regular file"),
        ("loop", "a symbolic link loop"),
        ("dangling", "a symbolic link to "),
    ],
)
def test_validate_says_what_a_path_that_is_not_a_file_is(
    tmp_path: Path, make: str, message: str
) -> None:
    path = tmp_path / "policy.yaml"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "device":
        path = Path("/dev/zero")
    elif make == "loop":
        path.symlink_to(path)
    else:
        path.symlink_to(tmp_path / "gone.yaml")
    result = run_process("validate", str(path))
    assert result.returncode == 2
    assert message in result.stderr and "no such file" not in result.stderr


# -- /dev/null ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        ["draft", str(TECH_PANEL), PANEL, "-o", os.devnull],
        ["ics", str(TECH_PANEL), "-o", os.devnull],
        ["plan", str(TECH_PANEL), "--audit-log", os.devnull],
    ],
    ids=["draft -o", "ics -o", "plan --audit-log"],
)
def test_dev_null_discards_the_output(command: list[str]) -> None:
    """As `curl -o /dev/null`: the output is thrown away, nothing else is written."""
    code, _, err = run(*command, "--as-of", AS_OF)
    assert code == 0, err
    assert Path(os.devnull).is_char_device()


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


# -- regular expressions --------------------------------------------------------------------------
@pytest.mark.parametrize("option", ["--recruiter", "--interviewer"])
def test_names_with_thousands_of_spaces_are_read_in_linear_time(
    tmp_path: Path, option: str
) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(TECH_PANEL.read_text(encoding="utf-8"), encoding="utf-8")
    person = " " * 5000 + "Grace <grace@acme.example>"
    if option == "--recruiter":
        args = ["new", "globex", "--company", "Globex", "--role", "SRE", "--recruiter", person]
    else:
        args = ["add", "interview", "acme-sre", "--at", "2026-10-06T15:00", "--interviewer", person]
    result = run_process(*args, "--file", str(events), timeout=20)
    assert result.returncode == 0, result.stderr
    assert "name: Grace" in events.read_text(encoding="utf-8")


# -- one YAML version -----------------------------------------------------------------------------
START = "candidate: {name: Ada Lovelace, timezone: Europe/London}\napplications:\n"


def test_an_id_that_yaml_1_1_reads_as_a_number_can_be_edited(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(
        START + "  - id: 010\n    company: Acme\n    role: SRE\n    events:\n"
        "      - {type: interview, at: 2026-10-06T10:00}\n",
        encoding="utf-8",
    )
    (app,) = load_events(events).applications
    assert app.id == "8"  # what `plan` shows: YAML 1.1 reads 010 as octal
    args = ["add", "follow-up", "8", "--at", "2026-10-07T09:00", "--as-of", "2026-10-08"]
    code, _, err = run(*args, "--file", str(events))
    assert code == 0, err
    assert "  - id: 010\n" in events.read_text(encoding="utf-8")
    assert [e.type for e in load_events(events).applications[0].events][-1] == "follow_up_sent"


@pytest.mark.parametrize("app_id", ["010", "1_000", "yes", "on", "0x1F", "0o10"])
def test_new_ids_read_back_as_typed(tmp_path: Path, app_id: str) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(START.replace("applications:\n", "applications: []\n"), encoding="utf-8")
    code, _, err = run("new", app_id, "--company", "Acme", "--role", "yes", "--file", str(events))
    assert code == 0, err
    (app,) = load_events(events).applications
    assert (app.id, app.role) == (app_id, "yes")


# -- what `add` keeps -----------------------------------------------------------------------------
KEPT = """\
candidate: &me {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme
    company: Acme
    role: SRE
    events:
      - type: interview
        at: 2026-10-06T10:00
        interviewers: [{name: Grace Hopper}]
"""


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda text: text.encode(), "plain"),
        (lambda text: b"\xef\xbb\xbf" + text.encode(), "byte-order mark"),
        (lambda text: text.replace("\n", "\r\n").encode(), "CRLF"),
    ],
    ids=["plain", "bom", "crlf"],
)
def test_add_keeps_flow_style_anchors_bom_and_line_ends(
    tmp_path: Path, encode: object, name: str
) -> None:
    events = tmp_path / "events.yaml"
    original = encode(KEPT)  # type: ignore[operator]
    events.write_bytes(original)
    args = ["add", "follow-up", "acme", "--at", "2026-10-07T09:00", "--as-of", "2026-10-08"]
    code, _, err = run(*args, "--file", str(events))
    assert code == 0, err
    written = events.read_bytes()
    assert written.startswith(original), f"{name}: the existing text changed"
    assert written.count(b"\r\n") == (written.count(b"\n") if name == "CRLF" else 0)
    load_events(events)


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
