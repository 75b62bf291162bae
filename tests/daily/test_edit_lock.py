"""Edits of the events file hold an exclusive lock from the read to the rename: two processes
editing at once lose nothing, and a run that cannot get the lock in time writes nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup.cli import cli
from followup.errors import InputError
from followup.events import load_events

EDITS = 100  # per process: they collide on nearly every edit (about 30 s: ruamel.yaml is slow)

_WORKER = textwrap.dedent(
    """
    import sys
    from click.testing import CliRunner
    from followup.cli import cli

    path, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    runner = CliRunner()
    print("ready", flush=True)
    sys.stdin.readline()  # both workers start editing at the same moment
    for i in range(count):
        args = ["new", f"{who}-{i}", "--company", "Acme", "--role", "SRE", "--file", path]
        result = runner.invoke(cli, args)
        if result.exit_code != 0:
            print(f"edit {i}: exit {result.exit_code}: {result.stderr}", file=sys.stderr)
            sys.exit(1)
    """
)

STARTING = "candidate: {name: Ada Lovelace, timezone: Europe/London}\napplications: []\n"


def test_two_processes_editing_at_once_lose_no_event(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(STARTING)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(events), who, str(EDITS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("left", "right")
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline() == "ready\n"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    ids = {app.id for app in load_events(events).applications}
    expected = {f"{who}-{i}" for who in ("left", "right") for i in range(EDITS)}
    assert ids == expected, f"{len(expected - ids)} edits lost"


THANK_YOU_FILE = """\
candidate: {name: Ada Lovelace, timezone: Europe/London}
applications:
  - id: acme
    company: Acme
    role: SRE
    events:
      - {type: interview, at: 2026-10-06T10:00}
"""
FOLLOW_UP = ["add", "follow-up", "acme", "--at", "2026-10-07T09:00", "--as-of", "2026-10-08"]


def run(events: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--file", str(events)])
    return result.exit_code, result.stderr


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(THANK_YOU_FILE)
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_an_edit_that_cannot_get_the_lock_waits_a_bounded_time_and_writes_nothing(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup import editlock

    monkeypatch.setattr(editlock, "LOCK_TIMEOUT", 0.2)
    before = listing(events.parent)
    with editlock.locked(events):  # another editor, half-way through its edit
        code, err = run(events, *FOLLOW_UP)
    assert code == 2
    assert "another followup is editing this file" in err and "nothing written" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert events.read_text() == THANK_YOU_FILE
    assert listing(events.parent) == before  # no .bak, no temporary file


def test_the_lock_is_released_after_an_edit_and_after_a_failed_one(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup import editlock

    assert run(events, "add", "follow-up", "nope", "--as-of", "2026-10-08")[0] == 2
    assert run(events, *FOLLOW_UP)[0] == 0
    monkeypatch.setattr(editlock, "LOCK_TIMEOUT", 0)
    with editlock.locked(events):
        pass


def test_a_failed_edit_leaves_the_bak_alone(events: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import followup.record
    from followup.atomic import stage

    bak = events.parent / "events.yaml.bak"
    bak.write_text("the version before the last edit\n")

    def disk_full(path: Path, data: bytes, *, mode: int | None = None) -> object:
        if path.name == "events.yaml":
            raise InputError(f"{path}: cannot write: No space left on device")
        return stage(path, data, mode=mode)

    monkeypatch.setattr(followup.record, "stage", disk_full)
    code, err = run(events, *FOLLOW_UP)
    assert code == 2 and "No space left on device" in err
    assert bak.read_text() == "the version before the last edit\n"
    assert events.read_text() == THANK_YOU_FILE
    assert listing(events.parent) == ["events.yaml", "events.yaml.bak"]


def test_a_bak_that_is_a_symbolic_link_is_replaced_not_written_through(events: Path) -> None:
    victim = events.parent / "victim.txt"
    victim.write_text("not yours\n")
    bak = events.parent / "events.yaml.bak"
    bak.symlink_to(victim)
    assert run(events, *FOLLOW_UP)[0] == 0
    assert victim.read_text() == "not yours\n"
    assert not bak.is_symlink() and bak.read_text() == THANK_YOU_FILE


def test_temporary_files_of_an_edit_killed_half_way_are_removed_by_the_next(events: Path) -> None:
    folder = events.parent
    stale = [".events.yaml.k9x_2abc.tmp", ".events.yaml.bak.0a1b2c3d.tmp"]
    kept = [".events.yaml.notes.tmp", ".other.yaml.k9x_2abc.tmp", "k9x_2abc.tmp"]
    for name in stale + kept:
        (folder / name).write_text("half an edit")
    assert run(events, *FOLLOW_UP)[0] == 0
    assert listing(folder) == sorted(["events.yaml", "events.yaml.bak", *kept])


def test_every_path_to_one_file_takes_one_lock(
    events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup import editlock

    link = events.parent / "link.yaml"
    link.symlink_to(events)
    assert editlock.lock_path(link) == editlock.lock_path(events)
    monkeypatch.setattr(editlock, "LOCK_TIMEOUT", 0)
    with (
        editlock.locked(events),
        pytest.raises(InputError, match="another followup"),
        editlock.locked(link),
    ):
        pass


def test_a_lock_file_left_by_a_killed_edit_does_not_block_the_next(events: Path) -> None:
    from followup import editlock

    editlock.lock_path(events).write_text("")  # kill -9: the file stays, the flock is gone
    assert run(events, *FOLLOW_UP)[0] == 0
    assert listing(events.parent) == ["events.yaml", "events.yaml.bak"]
