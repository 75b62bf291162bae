"""`followup plan --jobs N`: the applications of the events files planned in N processes, this
one and N - 1 forked from it, each writing its share of the output as text.

What crosses between processes decides whether more processes pay (measured,
docs/performance.md, round 20). Pickling the 11,893 actions of 3,000 applications and loading
them back took 0.55 s (0.79 s with their applications and events inside), against 0.23 s to
plan them; a read events file costs about as much to load back as to read. So the files are
read and the policies chosen and compiled in this process, and the other processes are forked
from it: they find all of that in their memory (copy-on-write, nothing pickled to them). The
applications are cut into N parts in file order; each process plans its part and writes it as
text (`write`: the JSON of each action with its place in the order, or the text block of each
application), and only that text comes back, through a pipe. This process plans the first part
meanwhile. A process pool was tried first: starting it, and its threads and queues, cost 20-35 ms
of a 150 ms plan (3,000 applications, compiled), as much as the second process saved.

The output is the bytes of one process, errors included: the parts are taken in file order,
each file's budget of actions (`limits.MAX_ACTIONS`) is spent here application by application,
and the first problem in that order is the one raised. One message per person across
applications (`followup.peers`) needs no exchange: a process plans the other applications a
person is in itself, as one process does.

Everything is planned in this process when one would do as well: one job, fewer than
`MIN_APPLICATIONS_PER_WORKER` applications for each process (a fork, and the pages it then
copies, cost about as much as planning a few hundred applications), no `fork` (Windows) or no
safe one (macOS, whose system libraries may not survive a fork: Python's `multiprocessing` does
not fork there either), or other threads running (a fork copies none of them, and a lock one
holds stays locked in the child).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import pendulum

from followup.errors import FollowupError
from followup.events import Application, EventsFile
from followup.limits import ActionBudget
from followup.peers import shared_people
from followup.planner import PlannedApplication, PolicyChooser, iter_plan_applications
from followup.policy.model import Policy

Share = TypeVar("Share")
Writer = Callable[[EventsFile, pendulum.DateTime, Iterator[PlannedApplication]], Share]
"""Writes the planned applications of one run of a file (the file, its moment) as text."""

MIN_APPLICATIONS_PER_WORKER = 1000
"""Fewer applications per process than this and forking costs more than it saves."""

_Run = tuple[int, int, int]
"""Consecutive applications of one file: the file's index, the first's index and the stop."""
_Planned = tuple[list[int], Share, FollowupError | None]
"""A run's number of actions of each application planned before a problem, its share of the
output and the problem."""


@dataclass(frozen=True)
class _Work(Generic[Share]):
    files: Sequence[EventsFile]
    moments: Sequence[pendulum.DateTime]
    chooser: PolicyChooser
    write: Writer[Share]
    all_windows: bool
    peers: Sequence[dict[str, tuple[Application, ...]]]


def planned_shares(
    files: Sequence[EventsFile],
    moments: Sequence[pendulum.DateTime],
    chooser: PolicyChooser,
    write: Writer[Share],
    *,
    all_windows: bool = True,
    jobs: int = 1,
) -> list[tuple[int, Share]]:
    """Each file's applications planned (at the file's moment, in its candidate's zone) and
    written by `write`, in `jobs` processes (0: one per CPU): (the file's index, a share) in
    file order, one or more per file (none for a file without applications, when forked). The
    first problem in file order is raised, as one process raises it."""
    peers = [shared_people(events.applications) for events in files]
    work = _Work(files, moments, chooser, write, all_windows, peers)
    total = sum(len(events.applications) for events in files)
    workers = _workers(jobs, total)
    if workers <= 1:
        return [
            (index, write(events, moment, _planned(work, index, 0, len(events.applications))))
            for index, (events, moment) in enumerate(zip(files, moments, strict=True))
        ]
    _compile_chosen(files, chooser)
    return _forked(work, _parts(files, workers))


def _workers(jobs: int, applications: int) -> int:
    """How many processes to plan `applications` in, for `--jobs jobs` (1: this one)."""
    wanted = (os.cpu_count() or 1) if jobs == 0 else jobs
    workers = min(wanted, applications // MIN_APPLICATIONS_PER_WORKER)
    if workers <= 1 or not hasattr(os, "fork") or sys.platform == "darwin":
        return 1
    return 1 if threading.active_count() > 1 else workers


def _parts(files: Sequence[EventsFile], workers: int) -> list[list[_Run]]:
    """The files' applications cut into `workers` parts of (nearly) as many each, in file
    order; a part is one or more runs (a run for each file it takes applications of)."""
    total = sum(len(events.applications) for events in files)
    ends = [total * (n + 1) // workers for n in range(workers)]
    parts: list[list[_Run]] = [[] for _ in range(workers)]
    first = 0  # the index, over all the files, of each file's first application
    for index, events in enumerate(files):
        count = len(events.applications)
        start = 0
        while start < count:
            part = next(n for n, end in enumerate(ends) if end > first + start)
            stop = min(count, ends[part] - first)
            parts[part].append((index, start, stop))
            start = stop
        first += count
    return parts


def _compile_chosen(files: Sequence[EventsFile], chooser: PolicyChooser) -> None:
    """Every policy the applications use, chosen, read and compiled into durable_rules here,
    once, before the other processes are forked: else each would do it again."""
    from followup.engine.durable_engine import rulesets_for

    chosen: dict[int, Policy] = {}
    for events in files:
        for app in events.applications:
            policy = chooser.choose(app)
            chosen.setdefault(id(policy), policy)
    for policy in chosen.values():
        rulesets_for(policy)


def _planned(work: _Work[Share], index: int, start: int, stop: int) -> Iterator[PlannedApplication]:
    return iter_plan_applications(
        work.files[index].applications[start:stop],
        as_of=work.moments[index],
        chooser=work.chooser,
        peers=work.peers[index],
        all_windows=work.all_windows,
    )


def _plan_run(work: _Work[Share], run: _Run) -> _Planned[Share]:
    """One run of applications planned and written; a problem is kept, not raised (the parts
    before it may have one to raise first)."""
    counts: list[int] = []
    problem: list[FollowupError] = []

    def counted() -> Iterator[PlannedApplication]:
        try:
            for planned in _planned(work, *run):
                counts.append(len(planned.actions))
                yield planned
        except FollowupError as error:
            problem.append(error)

    index = run[0]
    share = work.write(work.files[index], work.moments[index], counted())
    return counts, share, problem[0] if problem else None


def _forked(work: _Work[Share], parts: list[list[_Run]]) -> list[tuple[int, Share]]:
    """The first part planned here while a forked process plans each other one; then every
    run's actions spent from its file's budget, in file order, and the first problem raised."""
    children: list[tuple[int, int]] = []  # (process id, the read end of its pipe)
    try:
        for part in parts[1:]:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(read)
                _child(work, part, write)
            os.close(write)
            children.append((pid, read))
        planned = [_plan_run(work, run) for run in parts[0]]
        while children:
            pid, read = children.pop(0)
            planned.extend(_received(pid, read))
    finally:
        for pid, read in children:  # stopped by an error here: nobody will read them
            os.close(read)
            _stop(pid)
    budgets = [ActionBudget() for _ in work.files]
    shares: list[tuple[int, Share]] = []
    runs = [run for part in parts for run in part]
    for (index, start, _), (counts, share, problem) in zip(runs, planned, strict=True):
        applications = work.files[index].applications
        for offset, count in enumerate(counts):
            budgets[index].spend(applications[start + offset], count)
        if problem is not None:
            raise problem
        shares.append((index, share))
    return shares


def _child(work: _Work[Share], part: list[_Run], write: int) -> None:
    """In a forked process: plan `part`, send what it wrote (or what went wrong) through the
    pipe `write`, and exit at once (nothing of the parent's, its buffers or its exit handlers,
    runs twice)."""
    status = 1
    try:
        try:
            sent: tuple[bool, object] = (True, [_plan_run(work, run) for run in part])
        except BaseException as error:  # a bug, or Ctrl-C: the parent raises it
            sent = (False, error)
        try:
            data = pickle.dumps(sent, pickle.HIGHEST_PROTOCOL)
        except Exception:  # an error that cannot be pickled: its text
            data = pickle.dumps((False, RuntimeError(repr(sent[1]))), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)


def _received(pid: int, read: int) -> list[_Planned[Share]]:
    """What the child `pid` planned, read from its pipe (closed) once it has exited; its error
    raised here."""
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        _stop(pid)
        raise
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not data:
        raise RuntimeError(f"a planning process ended early (exit code {code}): use --jobs 1")
    ok, found = pickle.loads(data)
    if not ok:
        raise found
    planned: list[_Planned[Share]] = found
    return planned


def _stop(pid: int) -> None:
    """Stop and reap the child `pid`."""
    import signal

    with contextlib.suppress(ProcessLookupError):  # it has ended already
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
