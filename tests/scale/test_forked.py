"""`followup plan --jobs N` plans in forked processes (`followup.forked`): the same bytes as one
process, the same first problem, and one process where more would not pay."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner, Result

import followup.forked as forked
from followup.cli import cli
from paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate, write_document

AS_OF = "2026-11-15T09:00"

pytestmark = pytest.mark.skipif(
    not hasattr(forked.os, "fork") or sys.platform == "darwin", reason="forks on Linux only"
)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Processes for any number of applications; each time they plan, how many applications
    each process's part has."""
    monkeypatch.setattr(forked, "MIN_APPLICATIONS_PER_WORKER", 1)
    seen: list[list[int]] = []
    real = forked._forked

    def spied(work: Any, parts: list[list[tuple[int, int, int]]]) -> Any:
        seen.append([sum(stop - start for _, start, stop in part) for part in parts])
        return real(work, parts)

    monkeypatch.setattr(forked, "_forked", spied)
    return seen


def _plan(*args: str) -> Result:
    return CliRunner().invoke(cli, ["plan", *args, "--as-of", AS_OF])


def _candidate(path: Path, n: int, seed: int, prefix: str, timezone: str) -> Path:
    document = generate(n, seed, timezone=timezone)
    for app in document["applications"]:
        app["id"] = f"{prefix}-{app['id']}"
    write_document(document, path)
    return path


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize("everything", [[], ["--all"]])
def test_forked_workers_write_the_bytes_of_one_process(
    tmp_path: Path, forks: list[list[int]], output_format: str, everything: list[str]
) -> None:
    # Two candidates in two zones, the files cut into runs across both workers; people shared
    # between applications (the synthetic data's recruiters) get one message each either way.
    ada = _candidate(tmp_path / "ada.yaml", 30, 1, "ada", "Europe/London")
    bob = _candidate(tmp_path / "bob.json", 20, 2, "bob", "America/New_York")
    cleo = tmp_path / "cleo.yaml"  # nothing to plan, still a section of its own
    cleo.write_text("candidate: {name: Cleo, timezone: Asia/Tokyo}\napplications: []\n")
    args = (str(ada), str(cleo), str(bob), "--format", output_format, *everything)
    one = _plan(*args, "--jobs", "1")
    assert one.exit_code == 0, one.output
    assert forks == []
    for jobs in ("2", "3"):
        again = _plan(*args, "--jobs", jobs)
        assert again.exit_code == 0, again.output
        assert again.output == one.output, jobs
    assert forks == [[25, 25], [16, 17, 17]]  # of 50 applications: parts take both files' ones


def _worst(app_id: str, interviews: int) -> list[str]:
    """An application of `interviews` interviews with three interviewers each: three thank-you
    actions per interview at least."""
    lines = [f"- id: {app_id}", "  company: C", "  role: R", "  recruiter: {name: R}", "  events:"]
    names = "[{name: P0}, {name: P1}, {name: P2}]"
    for n in range(interviews):
        lines.append(f"  - {{type: interview, at: 2026-01-0{n + 1}T10:00, interviewers: {names}}}")
    return lines


def _events(path: Path, apps: list[list[str]]) -> Path:
    lines = ["candidate: {name: Ada, timezone: UTC}", "applications:"]
    path.write_text("\n".join(lines + [line for app in apps for line in app]) + "\n")
    return path


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize("bad", [(2, 4), (4,)])
def test_the_first_problem_in_file_order_is_the_one_said(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forks: list[list[int]],
    output_format: str,
    bad: tuple[int, ...],
) -> None:
    # The `bad` applications each plan too many actions (limits.MAX_ACTIONS_PER_APPLICATION):
    # application 2 in this process's part, 4 in the child's. The first is said, as one
    # process says it.
    apps = [_worst(f"a{n}", 3 if n in bad else 1) for n in range(6)]
    path = _events(tmp_path / "e.yaml", apps)
    monkeypatch.setattr("followup.limits.MAX_ACTIONS_PER_APPLICATION", 8)
    one = _plan(str(path), "--format", output_format, "--jobs", "1")
    two = _plan(str(path), "--format", output_format, "--jobs", "2")
    line = 3 + bad[0] * len(apps[0])  # the first bad application's first line
    said = (
        f"Error: {path}:{line}:3: more than 8 actions planned for application 'a{bad[0]}', "
        "over the limit (limits.MAX_ACTIONS_PER_APPLICATION)\n"
    )
    assert (one.exit_code, one.output) == (2, said)
    assert (two.exit_code, two.output) == (2, said)
    assert forks == [[3, 3]]


def test_a_files_budget_of_actions_is_spent_across_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[list[int]]
) -> None:
    # Neither part goes over limits.MAX_ACTIONS alone (each process's own budget never runs
    # out), the file does, at its fourth application (the child's first): that one is named,
    # as by one process.
    apps = [_worst(f"a{n}", 1) for n in range(6)]
    path = _events(tmp_path / "e.yaml", apps)
    alone = _plan(str(tmp_path / "e.yaml"), "--format", "json", "--all", "--jobs", "1")
    assert alone.exit_code == 0
    count = alone.output.count('"id": "a0/')
    monkeypatch.setattr("followup.limits.MAX_ACTIONS", 3 * count + 1)
    line = 3 + 3 * len(apps[0])
    said = (
        f"Error: {path}:{line}:3: more than {3 * count + 1} actions planned for this events "
        "file, over the limit (limits.MAX_ACTIONS): split the file\n"
    )
    for jobs in ("1", "2"):
        result = _plan(str(path), "--format", "json", "--all", "--jobs", jobs)
        assert (result.exit_code, result.output) == (2, said), jobs
    assert forks == [[3, 3]]


def test_one_process_where_more_would_not_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "MIN_APPLICATIONS_PER_WORKER", 400)
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 8)
    assert forked._workers(1, 10_000) == 1  # --jobs 1
    assert forked._workers(4, 10_000) == 4
    assert forked._workers(0, 10_000) == 8  # --jobs 0: one per CPU
    assert forked._workers(4, 1_000) == 2  # at least 400 applications each
    assert forked._workers(4, 799) == 1
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # a fork copies no other thread, and a lock one holds stays locked in the child
        assert forked._workers(4, 10_000) == 1
    finally:
        stop.set()
        other.join()
    assert forked._workers(4, 10_000) == 4
    monkeypatch.setattr(forked.sys, "platform", "darwin")  # no safe fork
    assert forked._workers(4, 10_000) == 1


def test_parts_follow_the_files_order() -> None:
    files: Any = [SimpleNamespace(applications=[None] * n) for n in (5, 0, 3)]
    assert forked._parts(files, 3) == [[(0, 0, 2)], [(0, 2, 5)], [(2, 0, 3)]]
    assert forked._parts(files, 2) == [[(0, 0, 4)], [(0, 4, 5), (2, 0, 3)]]


def test_a_crash_in_a_forked_process_is_raised_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[list[int]]
) -> None:
    # Not a problem with the input: a bug in a child. It is raised in the parent as it was
    # raised there, and the child is gone (no process is left behind).
    from followup.events import load_events
    from followup.planner import PolicyChooser

    events = load_events(_candidate(tmp_path / "ada.json", 6, 1, "ada", "Europe/London"))
    parent = os.getpid()

    def write(events: Any, moment: Any, planned: Any) -> list[str]:
        done = [item.application.id for item in planned]
        if os.getpid() != parent:
            raise ValueError(f"broken in a child after {done}")
        return done

    moment = pendulum.datetime(2026, 10, 7, 9, tz=events.candidate.timezone)
    shares = forked.planned_shares([events], [moment], PolicyChooser(), write, jobs=1)
    ids = [app.id for app in events.applications]
    assert [share for _, share in shares] == [ids] and len(ids) == 6
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(forked.os, "fork", fork)
    with pytest.raises(ValueError, match=r"broken in a child after \[.+\]"):
        forked.planned_shares([events], [moment], PolicyChooser(), write, jobs=2)
    assert forks == [[3, 3]] and len(children) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)  # reaped: not left behind, not even as a zombie
