"""Files the tool writes never land on the user's inputs, on devices or pipes, or over a link."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli
from paths import ROOT

EXAMPLE = ROOT / "examples" / "tech-panel.yaml"
AS_OF = ["--as-of", "2026-10-07T09:00"]
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"


@pytest.fixture
def events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copy(EXAMPLE, tmp_path / "events.yaml"))


def _one_error(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    return result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["ics", "events.yaml", "-o", "events.yaml"],
        ["draft", "events.yaml", PANEL, "-o", "./events.yaml", "--force"],
        ["plan", "events.yaml", "--audit-log", "events.yaml"],
    ],
    ids=["ics", "draft", "audit-log"],
)
def test_an_output_onto_the_events_file_is_refused(events: Path, args: list[str]) -> None:
    before = events.read_bytes()
    message = _one_error([*args, *AS_OF])
    assert "that is an input of this command" in message
    assert events.read_bytes() == before


def test_an_output_onto_a_pipe_is_refused(events: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    message = _one_error(["ics", "events.yaml", "-o", "pipe", *AS_OF])
    assert message == "Error: pipe: not a regular file; give the path of a file to write\n"
    assert (tmp_path / "pipe").is_fifo()


def test_an_output_through_a_link_updates_its_target(events: Path, tmp_path: Path) -> None:
    (tmp_path / "real.ics").write_text("old\n")
    (tmp_path / "link.ics").symlink_to("real.ics")
    result = CliRunner().invoke(cli, ["ics", "events.yaml", "-o", "link.ics", *AS_OF])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link.ics").is_symlink()
    assert (tmp_path / "real.ics").read_text().startswith("BEGIN:VCALENDAR")


def test_recording_into_a_linked_events_file_keeps_the_link(events: Path, tmp_path: Path) -> None:
    (tmp_path / "linked.yaml").symlink_to("events.yaml")
    args = ["add", "follow-up", "acme-sre", "--file", "linked.yaml", "--at", "2026-10-07T08:00"]
    result = CliRunner().invoke(cli, [*args, *AS_OF])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "linked.yaml").is_symlink()
    assert "type: follow_up_sent" in events.read_text()
