"""Paths that are not regular files (issue #11's smaller findings): pipes, devices and links as
inputs are refused, not waited on; -o and --audit-log /dev/null discard the output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli_support import run, run_process
from paths import ROOT

TECH_PANEL = ROOT / "examples" / "tech-panel.yaml"
AS_OF = "2026-10-07T09:00"
PANEL = "acme-sre/thank-you-panel-lead/2026-10-06"


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
