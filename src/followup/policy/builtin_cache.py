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
from collections.abc import Callable
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
        digest, policy = json.loads(file.read_bytes(), object_hook=_model)
        fresh = digest == _digest(path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    return policy if fresh and isinstance(policy, Policy) else None


def write(path: Path, policy: Policy) -> None:
    """Keep the model of the built-in policy file `path` (resolved) for later runs."""
    file = _file(path)
    if file is None or len(policy.files) != 1:  # a chain of files: not kept
        return
    from followup.atomic import write_atomically
    from followup.errors import FollowupError

    try:
        text = json.dumps([_digest(path), _json(policy)])
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
_RECORDS: dict[str, Callable[..., Any]] = {
    kind.__name__: kind
    for kind in (Policy, Settings, Rule, Condition, ActionSpec, Timing, Duration, Location)
}
_RECORDS.update(SendWindow=SendWindow, BusinessCalendar=BusinessCalendar)
_VALUES: dict[str, Callable[[Any], Any]] = {
    "ActionKind": ActionKind,
    "Channel": Channel,
    "Recipient": Recipient,
    "date": dt.date.fromisoformat,
    "time": dt.time.fromisoformat,
    "frozenset": frozenset,
    "dict": dict,
}
"""How each tagged value is made again from its (read back) payload; a record from its fields."""


def _json(value: Any) -> Any:
    """A model value as JSON: a tuple as a list; anything else that is not plain JSON as a
    mapping of one key, its tag (a record's class, `date`, ...): a record as the list of its
    fields' values (in the order its constructor takes them), a set sorted, a mapping as its
    pairs, an enum as its text, a date or time as ISO text."""
    if is_dataclass(value):
        return {
            type(value).__name__: [_json(getattr(value, f.name)) for f in fields(value) if f.init]
        }
    if isinstance(value, StrEnum):
        return {type(value).__name__: str(value)}
    if isinstance(value, (tuple, list)):
        return [_json(item) for item in value]
    if isinstance(value, frozenset):
        return {"frozenset": [_json(item) for item in sorted(value)]}
    if isinstance(value, dict):
        return {"dict": [[key, _json(item)] for key, item in value.items()]}
    if isinstance(value, (dt.date, dt.time)):
        return {type(value).__name__: value.isoformat()}
    return value


def _model(tagged: dict[str, Any]) -> Any:
    """The value `_json` wrote as a mapping of one key (a list a record holds read back as a
    tuple: the model holds no list)."""
    ((tag, payload),) = tagged.items()
    record = _RECORDS.get(tag)
    if record is None:
        return _VALUES[tag](payload)
    return record(*[tuple(item) if type(item) is list else item for item in payload])
