"""The built-in policies' models, kept on disk between runs.

Reading a built-in policy (parsing its YAML, finding the position of every value, checking every
key and building the model) is about 6 % of a one-application plan's start-up, and its answer is
fixed for one version of the code and one policy file. The model is written, the first time it is
read, as a small JSON file (never a pickle) in the cache folder the holidays use
(`dates/holiday_data.py`: `$FOLLOWUP_CACHE_DIR`, empty turns it off, else
`$XDG_CACHE_HOME/interview-followup`, else `~/.cache/interview-followup`), in a folder named
after the package's version and the size and time of change of each of its modules, so that any
change of the code reads the policies again. Each file also holds the digest of the policy
file's bytes and is used only when they match. A file that cannot be read or written, or does
not hold a model, is ignored (the policy is read as usual): the cache saves time and never
changes an answer. Only built-in policies, which ship checked, are kept: a user's policy is
always read, so its problems are always reported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import fields, is_dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup import __version__
from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import Duration
from followup.dates.holiday_data import cache_base
from followup.dates.windows import SendWindow
from followup.digest import sha256
from followup.errors import Location
from followup.kinds import ActionKind, Channel, Recipient
from followup.policy.model import ActionSpec, Condition, Policy, Rule, Settings, Timing

if TYPE_CHECKING:
    from _hashlib import HASH

_PACKAGE = Path(__file__).resolve().parent.parent


def read(path: Path) -> Policy | None:
    """The model kept for the built-in policy file `path` (resolved), or None."""
    file = _file(path)
    if file is None:
        return None
    try:
        kept = json.loads(file.read_bytes())
        if kept.get("file_sha256") != _digest(path):
            return None
        return _policy(kept["policy"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def write(path: Path, policy: Policy) -> None:
    """Keep the model of the built-in policy file `path` (resolved) for later runs."""
    file = _file(path)
    if file is None or len(policy.files) != 1:  # a chain of files: not kept
        return
    from followup.atomic import write_atomically
    from followup.errors import FollowupError

    try:
        text = json.dumps({"file_sha256": _digest(path), "policy": _json(policy)})
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(file, text.encode("utf-8"))
    except (OSError, FollowupError, TypeError, ValueError):  # ValueError: not JSON
        return


def _file(path: Path) -> Path | None:
    folder = _folder()
    if folder is None or path.parent != _PACKAGE / "policies":
        return None
    return folder / f"{path.stem}.json"


def _digest(path: Path) -> str:
    return sha256(path.read_bytes()).hexdigest()


@cache
def _folder() -> Path | None:
    """This code's folder of kept policies, or None when the cache is off."""
    base = cache_base()
    if base is None:
        return None
    code = sha256(__version__.encode())
    try:
        _add_modules(str(_PACKAGE), code)
    except OSError:
        return None
    return base / f"policies-{code.hexdigest()[:16]}"


def _add_modules(folder: str, code: HASH) -> None:
    """Each module's path, size and time of change, below `folder`, to the digest `code`."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.endswith(".py"):
            about = entry.stat()
            code.update(f"{entry.path} {about.st_size} {about.st_mtime_ns}\n".encode())
        elif entry.is_dir() and entry.name != "__pycache__":
            _add_modules(entry.path, code)


# -- the model as JSON, and back ---------------------------------------------------------------
def _json(value: Any) -> Any:
    """A record as the list of its fields' values (in the order its constructor takes them),
    tuples and sets as lists (sets sorted), dates and times as ISO text, enums as their text."""
    if is_dataclass(value):
        return [_json(getattr(value, f.name)) for f in fields(value) if f.init]
    if isinstance(value, (tuple, list, frozenset)):
        return [_json(item) for item in (sorted(value) if isinstance(value, frozenset) else value)]
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value) if isinstance(value, StrEnum) else value


def _policy(value: list[Any]) -> Policy:
    name, description, industries, settings, rules, source, digest, files, loc = value
    return Policy(
        name,
        description,
        tuple(industries),
        _settings(settings),
        tuple(map(_rule, rules)),
        source,
        digest,
        tuple(files),
        Location(*loc),
    )


def _settings(value: list[Any]) -> Settings:
    max_follow_ups, window, (country, subdivision, extra, weekend), auto, origins = value
    if window is not None:
        earliest, latest, weekends, holidays = window
        opens, closes = dt.time.fromisoformat(earliest), dt.time.fromisoformat(latest)
        window = SendWindow(opens, closes, weekends, holidays)
    days = frozenset(map(dt.date.fromisoformat, extra))
    return Settings(
        max_follow_ups,
        window,
        BusinessCalendar(country, subdivision, days, frozenset(weekend)),
        auto,
        {key: Location(*loc) for key, loc in origins.items()},
    )


def _rule(value: list[Any]) -> Rule:
    rule_id, summary, conditions, action, timing, done_when, cancelled_by, because, cites, at = (
        value
    )
    kind, channel, to, cc, template, action_loc, folder, template_loc = action
    anchor, not_before, due_by, late_after, timing_loc, lapse_after, working_hours = timing
    return Rule(
        rule_id,
        summary,
        tuple(
            Condition(fact, op, tuple(seen) if op == "one_of" else seen, Location(*where))
            for fact, op, seen, where in conditions
        ),
        ActionSpec(
            ActionKind(kind),
            Channel(channel),
            Recipient(to),
            cc,
            template,
            Location(*action_loc),
            folder,
            None if template_loc is None else Location(*template_loc),
        ),
        Timing(
            anchor,
            Duration(*not_before),
            Duration(*due_by),
            None if late_after is None else Duration(*late_after),
            Location(*timing_loc),
            None if lapse_after is None else Duration(*lapse_after),
            working_hours,
        ),
        tuple(done_when),
        tuple(cancelled_by),
        because,
        tuple(cites),
        Location(*at),
    )
