"""Plan several events files at once, optionally spreading the applications over processes.

`followup plan a.yaml b.yaml folder/ --jobs 4`:
- A folder stands for its `*.yaml`, `*.yml` and `*.json` files (not its subfolders, not hidden
  files), sorted by name. A file named twice is planned once.
- Application ids must be unique across all the files planned together. An id is how an
  application is named in action ids (`app/rule/date`), in `followup explain` and in audit logs,
  so a second `acme` in another file is an error naming both files; ids are never rewritten,
  which keeps every action id the same whether its file is planned alone or with others.
- With `jobs > 1` several files are read and checked at once, one per process, then the
  applications of all files are cut into chunks planned by a `ProcessPoolExecutor`. Policies
  are chosen in this process, so planning workers read no policy files; each worker has its own
  durable_rules rulesets and sessions (nothing of durable is shared between processes). Results
  come back in submission order, so the output is identical to `jobs=1`. A single large file is
  still read by one process: libyaml's parse of one document cannot be split.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import islice
from pathlib import Path

import pendulum

from followup.actions import Action
from followup.errors import FollowupError, InputError
from followup.events import Application, EventsFile, load_events
from followup.gcpause import paused_gc
from followup.limits import ActionBudget
from followup.partition import plan_partition, plan_partition_list  # noqa: F401 - re-exported
from followup.peers import one_message_each, shared_people
from followup.planner import Plan, PlannedApplication, PolicyChooser, collect_plan, plan_application
from followup.policy.model import Policy
from followup.source import DEFAULT_MAX_BYTES

EVENTS_SUFFIXES = (".yaml", ".yml", ".json")
CHUNKS_PER_JOB = 4
"""Chunks handed to each worker on average: small enough to balance, large enough that each
policy is pickled once per many applications."""
MAX_CHUNK = 1000

_Item = tuple[Application, Policy, pendulum.DateTime]


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders replaced by their events files (sorted), duplicates dropped."""
    unique: dict[Path, Path] = {}  # the first name of each file, in order
    for path in paths:
        if path.is_dir():
            found = sorted(
                child
                for child in path.iterdir()
                if child.suffix.lower() in EVENTS_SUFFIXES
                and not child.name.startswith(".")
                and child.is_file()
            )
            if not found:
                wanted = ", ".join(f"*{s}" for s in EVENTS_SUFFIXES)
                raise InputError(f"{path}: no events files ({wanted}) in this folder")
        else:
            found = [path]
        for file in found:
            unique.setdefault(file.resolve(), file)
    return list(unique.values())


def load_events_files(
    paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1
) -> list[EventsFile]:
    """Read and check every events file, then the ids across them. The first file's problems
    (in file order) are raised; with `jobs` > 1 several files are read at once, one per process."""
    found = expand_paths(paths)
    workers = min(_workers(jobs), len(found))
    if workers <= 1:
        files = [load_events(path, str(path), max_bytes=max_bytes) for path in found]
    else:
        from concurrent.futures import ProcessPoolExecutor  # only with workers (~10 ms)

        # A worker's error is raised here, the first file's first (`map` keeps the order)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            files = list(
                pool.map(partial(load_events, max_bytes=max_bytes), found, map(str, found))
            )
    check_unique_ids(files)
    return files


def _workers(jobs: int) -> int:
    return (os.cpu_count() or 1) if jobs == 0 else jobs


def check_unique_ids(files: Sequence[EventsFile]) -> None:
    first: dict[str, Application] = {}
    for events in files:
        for app in events.applications:
            other = first.setdefault(app.id, app)
            if other is not app:
                raise InputError(
                    f"{app.loc}: application id {app.id!r} is also used in "
                    f"{other.loc}; ids must be unique across the files planned together"
                )


def plan_files(
    files: Sequence[EventsFile],
    *,
    as_of: Sequence[pendulum.DateTime],
    chooser: PolicyChooser | None = None,
    jobs: int = 1,
) -> list[Plan]:
    """One `Plan` per events file; `as_of[i]` is the moment for `files[i]`.

    `jobs` > 1 plans in that many worker processes (0: one per CPU).
    """
    if len(as_of) != len(files):
        raise ValueError("one as-of moment per events file")
    chooser = chooser or PolicyChooser()
    moments = [m.in_timezone(f.candidate.timezone) for m, f in zip(as_of, files, strict=True)]
    items = [
        (app, chooser.choose(app), moment)
        for events, moment in zip(files, moments, strict=True)
        for app in events.applications
    ]
    # each file has its own budget of actions (limits.MAX_ACTIONS): the budget of each item
    budgets = [b for events in files for b in [ActionBudget()] * len(events.applications)]
    actions = _plan_items(items, jobs, budgets)
    planned = (
        PlannedApplication(app, policy, found)
        for (app, policy, _), found in zip(items, _across(files, items, actions), strict=True)
    )
    return [
        collect_plan(events, moment, list(islice(planned, len(events.applications))))
        for events, moment in zip(files, moments, strict=True)
    ]


def _across(
    files: Sequence[EventsFile], items: list[_Item], actions: list[tuple[Action, ...]]
) -> list[tuple[Action, ...]]:
    """`actions` with one message per person across the applications of each file (as
    `iter_plan_applications` gives them): the notes need every application planned first."""
    out = list(actions)
    start = 0
    for events in files:
        shared = shared_people(events.applications)
        end = start + len(events.applications)
        if not shared:  # nobody in two applications (the usual case)
            start = end
            continue
        planned = {items[n][0].id: actions[n] for n in range(start, end)}
        for n in range(start, end):
            peers = shared.get(items[n][0].id)
            if peers:
                others = [a for peer in peers for a in planned[peer.id]]
                out[n] = tuple(one_message_each(list(actions[n]), others))
        start = end
    return out


def _plan_items(
    items: list[_Item], jobs: int, budgets: list[ActionBudget]
) -> list[tuple[Action, ...]]:
    """The actions of every item, in order; in worker processes when `jobs` asks for them.
    Each item's actions are spent from its budget as the chunks come back."""
    workers = _workers(jobs)
    size = max(1, min(MAX_CHUNK, -(-len(items) // (workers * CHUNKS_PER_JOB))))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    if workers <= 1 or len(chunks) <= 1:
        return _collect(map(_plan_chunk, chunks), items, budgets)
    # Unpickling the workers' actions makes many objects and no cycles (followup.gcpause).
    from concurrent.futures import ProcessPoolExecutor

    with paused_gc(), ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        try:
            found = pool.map(_plan_chunk, chunks)
            return _collect(found, items, budgets)
        except FollowupError:
            pool.shutdown(cancel_futures=True)
            raise


def _collect(
    results: Iterable[list[tuple[Action, ...]]], items: list[_Item], budgets: list[ActionBudget]
) -> list[tuple[Action, ...]]:
    """The chunks' actions in order, each spent from its item's budget as they come (a
    worker's error is raised when its chunk's turn comes)."""
    out: list[tuple[Action, ...]] = []
    for result in results:
        for actions in result:
            budgets[len(out)].spend(items[len(out)][0], len(actions))
            out.append(actions)
    return out


def _plan_chunk(chunk: list[_Item]) -> list[tuple[Action, ...]]:
    """Runs in a worker: plan each application."""
    with paused_gc():
        return [tuple(plan_application(app, policy, at)) for app, policy, at in chunk]
