"""Plan several events files at once, optionally spreading the applications over processes.

`followup plan a.yaml b.yaml folder/ --jobs 4`:
- A folder stands for its `*.yaml`, `*.yml` and `*.json` files (not its subfolders, not hidden
  files), sorted by name. A file named twice is planned once.
- Application ids must be unique across all the files planned together. An id is how an
  application is named in action ids (`app/rule/date`), in `followup explain` and in audit logs,
  so a second `acme` in another file is an error naming both files; ids are never rewritten,
  which keeps every action id the same whether its file is planned alone or with others.
- Everything here happens in this process. `followup plan --jobs N` plans in several
  (`followup.forked`), and only for what it writes as text: sending read files or planned
  actions between processes costs more than reading or planning them (docs/performance.md,
  round 20).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pendulum

from followup.errors import InputError
from followup.events import Application, EventsFile, load_events
from followup.partition import plan_partition, plan_partition_list  # noqa: F401 - re-exported
from followup.planner import Plan, PolicyChooser, plan
from followup.source import DEFAULT_MAX_BYTES

EVENTS_SUFFIXES = (".yaml", ".yml", ".json")


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
    paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[EventsFile]:
    """Read and check every events file, then the ids across them. The first file's problems
    (in file order) are raised."""
    files = [load_events(path, str(path), max_bytes=max_bytes) for path in expand_paths(paths)]
    check_unique_ids(files)
    return files


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
) -> list[Plan]:
    """One `Plan` per events file; `as_of[i]` is the moment for `files[i]`."""
    if len(as_of) != len(files):
        raise ValueError("one as-of moment per events file")
    chooser = chooser or PolicyChooser()
    return [
        plan(events, as_of=moment, chooser=chooser)
        for events, moment in zip(files, as_of, strict=True)
    ]
