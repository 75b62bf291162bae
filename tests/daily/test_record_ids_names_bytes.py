"""What `new` and `add` read and keep (issue #11's smaller findings): names with thousands of
spaces in linear time (no regular-expression blow-up), one YAML version for plans and edits,
and the flow style, anchors, byte-order mark and line ends of the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_support import run, run_process
from followup.events import load_events
from paths import ROOT

TECH_PANEL = ROOT / "examples" / "tech-panel.yaml"


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


@pytest.mark.parametrize("text", ["No", "on", "010"])
def test_a_new_files_name_and_a_contacts_title_read_back_as_typed(
    tmp_path: Path, text: str
) -> None:
    events = tmp_path / "events.yaml"
    new = ["new", "acme", "--company", "Acme", "--role", "SRE", "--name", text]
    code, _, err = run(*new, "--timezone", "UTC", "--as-of", "2026-10-07", "--file", str(events))
    assert code == 0, err
    contact = ["add", "contact", "acme", "Sam Reed <sam@acme.example>", "--title", text]
    code, _, err = run(*contact, "--as-of", "2026-10-07", "--file", str(events))
    assert code == 0, err
    loaded = load_events(events)
    assert loaded.candidate.name == text
    assert loaded.applications[0].recruiter is not None
    assert loaded.applications[0].recruiter.title == text


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
