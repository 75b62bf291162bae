"""`followup status`: one line per application, stage counts, JSON; text wrapped to 100 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.render.wrap import visible_len, wrap_line
from paths import ROOT

EXAMPLES = ROOT / "examples"

BOARD = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme-sre
    company: Acme
    role: Site Reliability Engineer
    industry: technology
    events:
      - type: interview
        at: 2026-10-06T10:00
        interviewers: [{name: Grace Hopper, email: grace@acme.example}]
  - {id: globex, company: Globex, role: Analyst, events: []}
  - id: initech
    company: Initech
    role: Engineer
    events:
      - {type: interview, at: 2026-09-01T10:00}
      - {type: rejected, at: 2026-09-20T10:00}
  - id: hooli
    company: Hooli
    role: Engineer
    events:
      - {type: interview, at: 2026-09-01T10:00}
      - {type: offer_received, at: 2026-10-01T10:00}
      - {type: interview, at: 2026-10-20T10:00}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def unwrapped(lines: list[str]) -> dict[str, str]:
    """Rows by application id, continuation lines joined back on."""
    rows: dict[str, str] = {}
    last = ""
    for line in lines:
        if line.startswith(" "):
            rows[last] += " " + line.strip()
        else:
            last = line.split()[0]
            rows[last] = line
    return rows


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(BOARD)
    return path


def test_status_text_one_line_per_application_and_counts(events: Path) -> None:
    code, out, err = run("status", str(events), "--as-of", "2026-10-07T09:00")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Applications of Ada Lovelace as of Wed 7 Oct 2026 09:00 (Europe/London)"
    assert lines[2].split() == ["APPLICATION", "COMPANY,", "ROLE", "STAGE", "CONTACT", "NEXT"]
    rows = unwrapped(lines[3:-2])
    assert "interviewing" in rows["acme-sre"] and "today" in rows["acme-sre"]
    # the timeline question goes inside the thank-you to Grace (one message): the next action
    # is that thank-you, Tue 6 Oct 10:00 + 24h
    assert "DUE thank-you to Grace Hopper, Tue 6 Oct 10:00 -> Wed 7 Oct 10:00" in rows["acme-sre"]
    assert rows["globex"].split()[3:] == ["applied", "-", "nothing", "open"]
    assert "rejected" in rows["initech"] and "16d ago" in rows["initech"]
    # the interview on the 20th is booked (known: no booked_at) but not held yet: still an offer
    assert "offer" in rows["hooli"]
    assert lines[-1] == "4 applications: 1 applied, 1 interviewing, 1 offer, 1 rejected."
    assert all(visible_len(line) <= 100 for line in lines)
    # a later interview reopens the application
    later = run("status", str(events), "--as-of", "2026-10-21T09:00")[1]
    assert "interviewing" in unwrapped(later.splitlines()[3:-2])["hooli"]


def test_status_json(events: Path) -> None:
    code, out, _ = run("status", str(events), "--as-of", "2026-10-07T09:00", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["as_of"] == "2026-10-07T09:00:00+01:00"
    apps = {a["id"]: a for a in doc["applications"]}
    assert (
        apps["acme-sre"]["next_action"]["id"]
        == "acme-sre/thank-you-each-interviewer/2026-10-06/grace-hopper"
    )
    assert apps["acme-sre"]["days_since_last_contact"] == 0
    assert apps["globex"] == {
        "id": "globex",
        "company": "Globex",
        "role": "Analyst",
        "stage": "applied",
        "last_contact": None,
        "days_since_last_contact": None,
        "next_action": None,
    }
    assert doc["counts"] == {
        "applied": 1,
        "interviewing": 1,
        "offer": 1,
        "rejected": 1,
        "withdrawn": 0,
        "moved on": 0,
    }
    assert out == run("status", str(events), "--as-of", "2026-10-07T09:00", "--format", "json")[1]


def test_moving_on_is_a_stage() -> None:
    out = run("status", str(EXAMPLES / "tech-panel.yaml"), "--as-of", "2026-11-20T09:00")[1]
    assert "moved on" in out.splitlines()[3]
    assert out.splitlines()[-1] == "1 application: 1 moved on."


def test_status_of_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("candidate: {name: A}\napplications: []\n")
    code, out, _ = run("status", str(path), "--as-of", "2026-10-07")
    assert code == 0 and "No applications yet" in out


def test_status_bad_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("candidate: {name: A}\napplications: [{id: x}]\n")
    code, out, err = run("status", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1


def test_wrap_keeps_words_whole_and_hangs_under_the_label() -> None:
    line = "            why: " + " ".join(["word"] * 40)
    parts = wrap_line(line, 60)
    assert all(len(p) <= 60 for p in parts)
    assert all(p.startswith(" " * 17 + "word") for p in parts[1:])
    assert wrap_line("x" * 120, 100) == ["x" * 120]
    coloured = "\x1b[31m" + "a " * 45 + "\x1b[0m"
    assert len(wrap_line(coloured, 100)) == 1  # escapes take no width


def test_a_coloured_line_breaks_where_its_plain_text_does() -> None:
    words = [f"\x1b[1;31mw{n}\x1b[0m" if n % 3 == 0 else f"w{n}" for n in range(60)]
    coloured = "            why: " + " ".join(words)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    parts = wrap_line(coloured, 50)
    assert len(parts) > 3 and any(visible_len(p) < len(p) for p in parts)
    assert [re.sub(r"\x1b\[[0-9;]*m", "", p) for p in parts] == wrap_line(plain, 50)


@pytest.mark.parametrize("status", ["UPCOMING ", "CANCELLED", "DISMISSED"])
def test_an_action_s_long_heading_hangs_under_its_text_whatever_the_status(status: str) -> None:
    """`CANCELLED Follow up ...`: the widest statuses fill their column, one space after; the
    rest of the heading still lines up under its first word, as under `why:`."""
    line = f"  {status} Follow up on the status of your application by email to Eva Braun-Schulz"
    parts = wrap_line(line + " <eva@nova.example>", 90)
    assert parts[1] == " " * 12 + "<eva@nova.example>"


def test_plan_and_due_text_fit_100_columns() -> None:
    for command in ("plan", "due"):
        out = run(command, str(EXAMPLES / "tech-panel.yaml"), "--as-of", "2026-10-07T09:00")[1]
        assert all(len(line) <= 100 for line in out.splitlines()), command
