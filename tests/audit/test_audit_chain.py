"""The audit log is a hash chain appended all or nothing: a failed write leaves no half record,
a record cut short is removed by the next run, and `audit verify` finds edited, deleted,
duplicated and reordered records, a cut front, and (against a kept head) a cut end."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner

import followup.auditchain
from followup.auditchain import record_hash
from followup.cli import cli
from followup.dates.clock import FixedClock
from paths import ROOT

TECH_PANEL = ROOT / "examples" / "tech-panel.yaml"
CLOCK = {"clock": FixedClock(pendulum.datetime(2026, 10, 9, 8, 30, tz="UTC"))}
DAYS = ("2026-10-07T09:00", "2026-10-08T09:00", "2026-10-09T09:00")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj=CLOCK)
    return result.exit_code, result.stdout, result.stderr


def log_run(log: Path, as_of: str) -> tuple[int, str, str]:
    return invoke("plan", str(TECH_PANEL), "--as-of", as_of, "--audit-log", str(log))


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "audit.jsonl"
    for day in DAYS:
        assert log_run(path, day)[0] == 0
    return path


def lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines(keepends=True)


def records(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines(log)]


def verify(log: Path, *more: str) -> tuple[int, str]:
    code, out, err = invoke("audit", "verify", str(log), *more)
    assert "Traceback" not in out + err
    return code, out


def test_records_are_chained_and_an_intact_log_verifies(log: Path) -> None:
    first, second, third = records(log)
    assert [r["seq"] for r in (first, second, third)] == [1, 2, 3]
    assert (first["prev"], second["prev"], third["prev"]) == (None, first["hash"], second["hash"])
    assert all(r["hash"] == record_hash(r) for r in (first, second, third))
    code, out = verify(log)
    assert code == 0, out
    assert f"chain intact: 3 record(s), head {third['hash']}" in out


# -- all-or-nothing appends ------------------------------------------------------------------------
def test_a_full_disk_half_way_through_an_append_leaves_the_log_as_it_was(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = log.read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(followup.auditchain.os, "write", half_then_full)
    code, _, err = log_run(log, "2026-10-10T09:00")
    monkeypatch.undo()
    assert code == 2
    assert "No space left on device; nothing appended" in err
    assert log.read_bytes() == before
    assert log_run(log, "2026-10-10T09:00")[0] == 0  # the next run appends onto a whole record
    assert verify(log)[0] == 0


@pytest.mark.parametrize("cut", [1, 17, 200, -2])
def test_a_record_cut_short_is_removed_by_the_next_append(log: Path, cut: int) -> None:
    """kill -9 or a power cut during the write: the next run repairs the end, then appends."""
    whole = lines(log)
    log.write_text("".join(whole) + whole[-1][:cut], encoding="utf-8")
    code, out = verify(log)
    assert code == 1
    assert f"{log}:4: chain broken: a record cut short by an interrupted write" in out
    assert "3 run(s): 3 same" in out  # the whole records are still verified
    code, _, err = log_run(log, "2026-10-10T09:00")
    assert code == 0
    assert "Warning:" in err and "a record cut short by an interrupted write" in err
    assert [r["seq"] for r in records(log)] == [1, 2, 3, 4]
    assert verify(log)[0] == 0


def test_a_last_line_that_is_no_record_is_not_called_cut_short(log: Path) -> None:
    """Only what the next append would remove is a record cut short: anything else is an error
    (the append refuses such a log too)."""
    log.write_text(log.read_text(encoding="utf-8") + "my notes", encoding="utf-8")
    code, out, err = invoke("audit", "verify", str(log))
    assert code == 2 and out == ""
    assert f"{log}:4" in err and "not a JSON line" in err and "cut short" not in err
    assert log_run(log, "2026-10-10T09:00")[0] == 2


def test_a_whole_record_missing_only_its_newline_is_kept(log: Path) -> None:
    log.write_bytes(log.read_bytes().rstrip(b"\n"))
    code, _, err = log_run(log, "2026-10-10T09:00")
    assert (code, err) == (0, "")
    assert [r["seq"] for r in records(log)] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# my notes, not an audit log", "does not end with a whole audit record"),
        ("# my notes\n", "the last line is not an audit record"),
        ('{"audit_version": 1, "run_at": "x"}\n', "the last line is not an audit record"),
        # a record cut short after it: refused before anything is cut off
        ('{"audit_version": 1, "run_at": "x"}\n{"audit_version":2,"ru', "the last line is not"),
    ],
)
def test_a_file_that_does_not_end_in_a_record_is_not_appended_to(
    tmp_path: Path, content: str, message: str
) -> None:
    log = tmp_path / "notes.txt"
    log.write_text(content, encoding="utf-8")
    code, _, err = log_run(log, DAYS[0])
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert log.read_text(encoding="utf-8") == content


# -- what verify detects ---------------------------------------------------------------------------
def rewrite(log: Path, kept: list[str]) -> None:
    log.write_text("".join(kept), encoding="utf-8")


def edit(line: str, key: str, value: str) -> str:
    record = json.loads(line)
    record[key] = value
    return json.dumps(record, separators=(",", ":")) + "\n"


@pytest.mark.parametrize(
    ("tamper", "where", "message"),
    [
        (lambda ls: [ls[0], ls[2]], 2, "record 2 missing before it (deleted)"),
        (
            lambda ls: [ls[1], ls[2]],
            1,
            "the log starts at record 2: record 1 removed from the front",
        ),
        (lambda ls: [ls[0], ls[2], ls[1]], 3, "record 2 comes after record 3 (records reordered)"),
        (lambda ls: [ls[0], ls[1], ls[1], ls[2]], 3, "a copy of the record at line 2"),
        (
            lambda ls: [ls[0], ls[1], edit(ls[2], "run_at", "2026-10-01T08:30:00+00:00")],
            3,
            "edited since it was written",
        ),
        (lambda ls: [edit(ls[0], "version", "0.0.1"), *ls[1:]], 1, "edited since it was written"),
    ],
    ids=["deleted", "front cut", "reordered", "duplicated", "run_at edited", "version edited"],
)
def test_verify_finds_a_tampered_log(log: Path, tamper: Any, where: int, message: str) -> None:
    rewrite(log, tamper(lines(log)))
    code, out = verify(log)
    assert code == 1
    assert f"{log}:{where}: chain broken: {message}" in out
    assert "chain intact" not in out


def test_records_cut_from_the_end_are_found_against_a_kept_head(log: Path) -> None:
    head = records(log)[-1]["hash"]
    assert verify(log, "--head", head[:12])[0] == 0
    rewrite(log, lines(log)[:2])  # cleanly cut: still a consistent chain
    assert verify(log)[0] == 0  # documented: undetectable without a head kept elsewhere
    code, out = verify(log, "--head", head[:12])
    assert code == 1
    assert f"no record has hash {head[:12]}: records were removed from the end" in out
    code, out, err = invoke("audit", "verify", str(log), "--head", "xyz")
    assert code == 2 and "--head 'xyz': give a record hash" in err


def test_verify_json_reports_the_chain(log: Path) -> None:
    rewrite(log, [lines(log)[0], lines(log)[2]])
    code, out = verify(log, "--format", "json")
    assert code == 1
    chain = json.loads(out)["chain"]
    assert chain["intact"] is False and chain["records"] == 2
    assert chain["problems"] == [{"line": 2, "problem": "record 2 missing before it (deleted)"}]
