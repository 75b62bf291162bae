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
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup import __version__
from followup.dates.calendars import BusinessCalendar
from followup.dates.durations import Duration
from followup.dates.holiday_data import CACHE_ENV
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
        text = json.dumps({"file_sha256": _digest(path), "policy": _policy_json(policy)})
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
    setting = os.environ.get(CACHE_ENV)
    if setting == "":
        return None
    try:
        if setting is not None:
            base = Path(setting)
        else:
            xdg = os.environ.get("XDG_CACHE_HOME")
            base = (Path(xdg) if xdg else Path.home() / ".cache") / "interview-followup"
        code = sha256(__version__.encode())
        _add_modules(str(_PACKAGE), code)
    except (OSError, ValueError, RuntimeError, KeyError):  # no home folder, say
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
def _loc(loc: Location) -> list[Any]:
    return [loc.file, loc.line, loc.col]


def _duration(duration: Duration | None) -> list[Any] | None:
    if duration is None:
        return None
    d = duration
    return [d.hours, d.days, d.weeks, d.months, d.business_days, d.text]


def _policy_json(policy: Policy) -> dict[str, Any]:
    settings = policy.settings
    window, calendar = settings.send_window, settings.calendar
    return {
        "name": policy.name,
        "description": policy.description,
        "industries": list(policy.industries),
        "settings": {
            "max_follow_ups": settings.max_follow_ups,
            "send_window": None
            if window is None
            else [
                window.earliest.isoformat(),
                window.latest.isoformat(),
                window.weekends,
                window.holidays,
            ],
            "calendar": [
                calendar.country,
                calendar.subdivision,
                sorted(day.isoformat() for day in calendar.extra_holidays),
                sorted(calendar.weekend),
            ],
            "holidays_from_zone": settings.holidays_from_zone,
            "origins": {key: _loc(loc) for key, loc in settings.origins.items()},
        },
        "rules": [_rule_json(rule) for rule in policy.rules],
        "source": policy.source,
        "sha256": policy.sha256,
        "files": list(policy.files),
        "loc": _loc(policy.loc),
    }


def _rule_json(rule: Rule) -> dict[str, Any]:
    action, timing = rule.action, rule.timing
    return {
        "id": rule.id,
        "summary": rule.summary,
        "conditions": [
            [c.fact, c.op, list(c.value) if c.op == "one_of" else c.value, _loc(c.loc)]
            for c in rule.conditions
        ],
        "action": [
            str(action.kind),
            str(action.channel),
            str(action.to),
            action.cc,
            action.template,
            _loc(action.loc),
            action.folder,
            None if action.template_loc is None else _loc(action.template_loc),
        ],
        "timing": [
            timing.anchor,
            _duration(timing.not_before),
            _duration(timing.due_by),
            _duration(timing.late_after),
            _loc(timing.loc),
            _duration(timing.lapse_after),
            timing.working_hours,
        ],
        "done_when": list(rule.done_when),
        "cancelled_by": list(rule.cancelled_by),
        "because": rule.because,
        "cites": list(rule.cites),
        "loc": _loc(rule.loc),
    }


def _location(value: list[Any]) -> Location:
    file, line, col = value
    return Location(file, line, col)


def _from_duration(value: list[Any]) -> Duration:
    hours, days, weeks, months, business_days, text = value
    return Duration(hours, days, weeks, months, business_days, text)


def _maybe_duration(value: list[Any] | None) -> Duration | None:
    return None if value is None else _from_duration(value)


def _policy(value: dict[str, Any]) -> Policy:
    settings = value["settings"]
    window = settings["send_window"]
    country, subdivision, extra, weekend = settings["calendar"]
    return Policy(
        name=value["name"],
        description=value["description"],
        industries=tuple(value["industries"]),
        settings=Settings(
            max_follow_ups=settings["max_follow_ups"],
            send_window=None
            if window is None
            else SendWindow(
                dt.time.fromisoformat(window[0]),
                dt.time.fromisoformat(window[1]),
                window[2],
                window[3],
            ),
            calendar=BusinessCalendar(
                country,
                subdivision,
                frozenset(map(dt.date.fromisoformat, extra)),
                frozenset(weekend),
            ),
            holidays_from_zone=settings["holidays_from_zone"],
            origins={key: _location(loc) for key, loc in settings["origins"].items()},
        ),
        rules=tuple(_rule(rule) for rule in value["rules"]),
        source=value["source"],
        sha256=value["sha256"],
        files=tuple(value["files"]),
        loc=_location(value["loc"]),
    )


def _rule(value: dict[str, Any]) -> Rule:
    kind, channel, to, cc, template, loc, folder, template_loc = value["action"]
    anchor, not_before, due_by, late_after, timing_loc, lapse_after, working_hours = value["timing"]
    return Rule(
        id=value["id"],
        summary=value["summary"],
        conditions=tuple(
            Condition(fact, op, tuple(seen) if op == "one_of" else seen, _location(where))
            for fact, op, seen, where in value["conditions"]
        ),
        action=ActionSpec(
            ActionKind(kind),
            Channel(channel),
            Recipient(to),
            cc,
            template,
            _location(loc),
            folder,
            None if template_loc is None else _location(template_loc),
        ),
        timing=Timing(
            anchor,
            _from_duration(not_before),
            _from_duration(due_by),
            _maybe_duration(late_after),
            _location(timing_loc),
            _maybe_duration(lapse_after),
            working_hours,
        ),
        done_when=tuple(value["done_when"]),
        cancelled_by=tuple(value["cancelled_by"]),
        because=value["because"],
        cites=tuple(value["cites"]),
        loc=_location(value["loc"]),
    )
