"""A panel's note recorded as sent to the lead alone (G26: thank everyone involved, the panel
copied; G12: each interviewer thanked): the panelists it copied are still owed theirs, and the
plan says how to record that they were copied after all."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
from click.testing import CliRunner

from followup.cli import cli
from followup.dates.clock import FixedClock

EVENTS = """\
candidate: {name: Owen Price, timezone: Europe/London}
applications:
  - id: nt
    company: Northern Transit
    role: Asset Manager
    events:
      - type: interview
        at: 2026-10-08T10:00
        format: panel
        interviewers:
          - {name: Anil Kapoor, honorific: Dr., email: anil@nt.example, lead: true}
          - {name: Jane Foster, honorific: Ms., email: jane@nt.example}
          - {name: Liam Ward, honorific: Mr., email: liam@nt.example}
      - {type: thank_you_sent, at: 2026-10-08T17:00, to: [anil@nt.example]}
"""
LEAD = "nt/thank-you-panel-lead/2026-10-08"
OWED = f"{LEAD}/jane-foster"
NOW = FixedClock(pendulum.datetime(2026, 10, 8, 18, tz="Europe/London"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj={"clock": NOW})
    return result.exit_code, result.output


def actions(path: Path) -> dict[str, dict[str, object]]:
    code, out = run("plan", str(path), "--all", "--format", "json", "--as-of", "2026-10-08T18:00")
    assert code == 0, out
    return {a["id"]: a for a in json.loads(out)["actions"]}


def test_the_note_says_who_is_left_and_how_to_record_them(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    found = actions(path)
    assert found[LEAD]["status"] == "done"
    assert (
        f"Jane Foster and Liam Ward still to be thanked: {OWED}"
        in (found[LEAD]["explanation"]["notes"])
    )
    owed = found[OWED]
    assert (owed["status"], owed["to"], owed["cc"]) == (
        "due",
        ["Jane Foster <jane@nt.example>"],
        ["Liam Ward <liam@nt.example>"],
    )
    (note,) = owed["explanation"]["notes"]
    assert note.startswith("your thank-you of Thu 8 Oct 17:00 names Anil Kapoor only:")
    assert note.endswith(f"`followup done {OWED} --at 2026-10-08T17:00+01:00`")


def test_the_command_the_note_gives_records_them_as_copied(tmp_path: Path) -> None:
    """They were copied after all: the command the note prints records a thank-you to them at
    the lead's note's time, and nothing is owed any more."""
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    code, out = run("done", OWED, "--at", "2026-10-08T17:00+01:00", "--file", str(path))
    assert code == 0, out
    found = actions(path)
    assert found[OWED]["status"] == "done"
    assert not [
        a
        for a in found.values()
        if a["status"] in ("due", "overdue", "upcoming")
        and a["kind"] == "thank_you"
        and "Jane" in str(a["to"])
    ]


def test_the_draft_goes_to_the_first_and_copies_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    code, out = run("draft", str(path), OWED, "--as-of", "2026-10-08T18:00")
    assert code == 0, out
    assert "To: Ms. Jane Foster <jane@nt.example>" in out
    assert "Cc: Mr. Liam Ward <liam@nt.example>" in out
    # The lead, already thanked, is not copied: the note must not claim it copied everyone.
    assert "the whole panel, and I have copied Liam Ward here so that my thanks" in out
    assert "copied everyone" not in out


def test_the_panel_note_itself_still_says_it_copied_everyone(tmp_path: Path) -> None:
    """Before any thank-you, the lead's note copies the whole panel and says so."""
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS.split("      - {type: thank_you_sent")[0], encoding="utf-8")
    code, out = run("draft", str(path), LEAD, "--as-of", "2026-10-08T12:00")
    assert code == 0, out
    assert "Cc: Ms. Jane Foster <jane@nt.example>, Mr. Liam Ward <liam@nt.example>" in out
    assert "including Jane Foster and Liam Ward, and I have copied everyone here" in out


def test_the_default_json_plan_shows_the_owed_note(tmp_path: Path) -> None:
    """`plan --format json` without `--all` works out a done action's window only where
    planning reads it: the owed note takes the done panel note's window."""
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    code, out = run("plan", str(path), "--format", "json", "--as-of", "2026-10-08T18:00")
    assert code == 0, out
    shown = {a["id"]: a for a in json.loads(out)["actions"]}
    assert LEAD not in shown
    assert (shown[OWED]["not_before"], shown[OWED]["due_by"]) == (
        "2026-10-08T10:00:00+01:00",
        "2026-10-09T10:00:00+01:00",
    )


def test_recording_the_lead_only_note_says_why_a_new_note_is_owed(tmp_path: Path) -> None:
    """`followup add thank-you --to` the lead alone: the edit's summary lists the note now owed
    to the others and why, with the command that records them as copied if they were."""
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS.split("      - {type: thank_you_sent")[0], encoding="utf-8")
    code, out = run(
        *("add", "thank-you", "nt", "--to", "anil@nt.example", "--at", "2026-10-08T17:00"),
        *("--file", str(path), "--as-of", "2026-10-08T18:00"),
    )
    assert code == 0, out
    lines = out.splitlines()
    owed = lines.index(f"  thank-you to Jane Foster: due  [{OWED}]")
    assert lines[owed + 1].startswith("      why: your thank-you of Thu 8 Oct 17:00 names Anil")
    assert lines[owed + 1].endswith(f"`followup done {OWED} --at 2026-10-08T17:00+01:00`")
