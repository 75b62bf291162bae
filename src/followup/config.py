"""The config file: the defaults a user sets once, in TOML, in the platform's user config folder.

```toml
# ~/.config/interview-followup/config.toml   (`followup config path` prints where)
events_file = "~/jobs/events.yaml"            # the file `followup add` edits and others read
policy_dirs = ["policies", "~/coach"]         # registered policies, after --policy-dir and
                                              # FOLLOWUP_POLICY_DIR; relative to this file
timezone = "Europe/London"                    # `followup new`'s default --timezone
```

Where: `$FOLLOWUP_CONFIG` if set, else `$XDG_CONFIG_HOME/interview-followup/config.toml`
(default `~/.config/...`) on Linux and other Unixes, `~/Library/Application Support/
interview-followup/config.toml` on macOS, `%APPDATA%\\interview-followup\\config.toml` on
Windows. A missing file is no config. Every problem of a file (not TOML, an unknown key, a value
of the wrong type, an unknown time zone) is found in one run, each at its file:line:col: a
command shows the first on one line, with how many more (exit 2), and `followup validate
config.toml` lists them all.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path

from followup.errors import InputError, Location
from followup.format import Checker, Key
from followup.frozen import frozen
from followup.source import Document, PathKey, read_text, refused

ENV_VAR = "FOLLOWUP_CONFIG"
APP_DIR = "interview-followup"


@frozen
class Config:
    """The configuration file, read (`followup config`): a setting not set is None or empty."""

    path: Path
    events_file: Path | None = None
    policy_dirs: tuple[Path, ...] = ()
    timezone: str | None = None


def user_folder(variable: str, default: str) -> Path:
    """This program's folder in `$variable` (XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME: an
    empty one counts as unset, as the XDG spec says), else in `~/default`."""
    return Path(os.environ.get(variable) or Path.home() / default) / APP_DIR


def config_path() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR / "config.toml"
    if sys.platform == "win32":
        return user_folder("APPDATA", "AppData/Roaming") / "config.toml"
    return user_folder("XDG_CONFIG_HOME", ".config") / "config.toml"


FORMAT = (
    Key("events_file", "text", "the events file `followup add` edits and the others read"),
    Key("policy_dirs", "list[text]", "folders of registered policies (relative to this file)"),
    Key("timezone", "zone", "`followup new`'s default --timezone"),
)
"""The config file's keys (every other key is refused, with the closest known one)."""


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default: `config_path()`); an empty one when there is no file.
    Every problem of the file is reported in one run, each at its key's file:line:col
    (`InputError`: the first on one line, how many more; `followup validate` lists them all)."""
    path = path or config_path()
    if not path.is_file():
        if path.exists():
            raise InputError(f"{path}: the config file is not a regular file")
        return Config(path)
    import tomllib  # only when there is a file: most runs have none

    name = str(path)
    text = read_text(path, name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where, message = _syntax_error(name, text, exc)
        raise refused(where, f"not valid TOML: {message}", "syntax") from None
    checker = Checker(Document(name, data, text, "", *_key_positions(name, text)))
    checker.mapping(data, (), FORMAT)  # unknown keys
    events = data.get("events_file")
    if events is not None and (not isinstance(events, str) or not events.strip()):
        checker.wrong(("events_file",), "the path of a file, as text", events)
    dirs = data.get("policy_dirs", [])
    if isinstance(dirs, str):
        dirs = [dirs]
    if not isinstance(dirs, list):
        checker.wrong(("policy_dirs",), "a list of folder paths", dirs)
    else:
        for i, folder in enumerate(dirs):
            if not isinstance(folder, str) or not folder.strip():
                checker.wrong(("policy_dirs", i), "the path of a folder, as text", folder)
    zone = data.get("timezone")
    if zone is not None and not isinstance(zone, str):
        checker.wrong(("timezone",), "an IANA zone name, as text", zone)
    elif zone is not None:
        from followup.dates.zones import is_zone, unknown_zone

        if not is_zone(zone):
            checker.report(("timezone",), "unknown-zone", unknown_zone(zone))
    if checker.errors():
        raise checker.failure()
    base = path.parent

    def resolve(text: str) -> Path:
        given = Path(text).expanduser()
        return given if given.is_absolute() else base / given

    return Config(
        path,
        events_file=resolve(events) if events else None,
        policy_dirs=tuple(resolve(d) for d in dirs),
        timezone=zone,
    )


def _syntax_error(name: str, text: str, exc: ValueError) -> tuple[Location, str]:
    """Where TOML text stops being TOML, and why: tomllib ends its message with `(at line L,
    column C)` or `(at end of document)` (before Python 3.14, the only place it says where)."""
    message = str(exc)
    found = _AT.search(message)
    if found is None:
        return Location(name), message
    if found["line"]:
        return Location(name, int(found["line"]), int(found["col"])), message[: found.start()]
    lines = text.splitlines() or [""]
    return Location(name, len(lines), len(lines[-1]) + 1), message[: found.start()]


_AT = re.compile(r"\s*\((?:at line (?P<line>\d+), column (?P<col>\d+)|at end of document)\)$")
_KEY = r"""(?P<key>[A-Za-z0-9_-]+|"[^"\\]*"|'[^']*')"""
_TOP_LEVEL_KEY = re.compile(rf"^[ \t]*{_KEY}[ \t]*=[ \t]*(?P<value>.*)$")
_TABLE = re.compile(rf"^[ \t]*\[\[?[ \t]*{_KEY}")


def _key_positions(name: str, text: str) -> tuple[dict[PathKey, Location], dict[PathKey, Location]]:
    """Where each top-level key and its value are written (tomllib keeps no positions): a
    line `key = value` before the first table and outside multi-line strings, or a table's
    header (`[key]`, `[key.more]`, `[[key]]`: the key's value is the table)."""
    values: dict[PathKey, Location] = {}
    keys: dict[PathKey, Location] = {}

    def record(found: re.Match[str], number: int, value: str) -> None:
        path = (found["key"].strip("\"'"),)
        keys.setdefault(path, Location(name, number, found.start("key") + 1))
        values.setdefault(path, Location(name, number, found.start(value) + 1))

    open_quotes, in_table = "", False
    lines = text.splitlines(keepends=True)
    starts = list(accumulate((len(line) for line in lines), initial=0))  # each line's offset
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if open_quotes:
            open_quotes = "" if open_quotes in line else open_quotes
        elif table := _TABLE.match(line):
            in_table = True
            record(table, number, "key")
        elif not in_table and (found := _TOP_LEVEL_KEY.match(line)):
            record(found, number, "value")
            value = found["value"]
            if value.startswith("["):  # where each of a list's items is written
                head = (found["key"].strip("\"'"),)
                for i, at in enumerate(
                    _array_items(text, starts[number - 1] + found.start("value"))
                ):
                    row = bisect_right(starts, at) - 1
                    values.setdefault((*head, i), Location(name, row + 1, at - starts[row] + 1))
            multi_line = (q for q in ('"""', "'''") if value.startswith(q) and value.count(q) == 1)
            open_quotes = next(multi_line, "")
    return values, keys


def _array_items(text: str, at: int) -> list[int]:
    """The offsets in `text` where the items of the array whose `[` is at offset `at` start
    (text tomllib has read, so it is valid TOML): strings are skipped whole, comments to their
    line's end, and only commas of this array (not of a nested array or inline table) part
    items."""
    items: list[int] = []
    depth, expecting, i, end = 0, False, at, len(text)
    while i < end:
        char = text[i]
        if char in " \t\r\n":
            i += 1
            continue
        if char == "#":
            i = text.find("\n", i)
            i = end if i < 0 else i
            continue
        if depth == 1 and expecting and char not in ",]":
            items.append(i)
            expecting = False
        if char in "\"'":
            i = _string_end(text, i)
            continue
        if char in "[{":
            depth += 1
            expecting = expecting or depth == 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                break
        elif char == "," and depth == 1:
            expecting = True
        i += 1
    return items


def _string_end(text: str, at: int) -> int:
    """The offset just after the TOML string starting at `at` (basic or literal, on one line
    or multi-line): a basic string's backslash escapes the character after it."""
    quote = text[at]
    delimiter = quote * 3 if text.startswith(quote * 3, at) else quote
    i = at + len(delimiter)
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
        elif text.startswith(delimiter, i):
            i += len(delimiter)
            while delimiter != quote and text.startswith(quote, i):  # up to two more quotes
                i += 1
            return i
        else:
            i += 1
    return len(text)
