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
Windows. A missing file is no config; a file that is not valid TOML, an unknown key or a value
of the wrong type is one line naming the file and the key (exit 2).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from followup.errors import InputError, did_you_mean
from followup.frozen import frozen

ENV_VAR = "FOLLOWUP_CONFIG"
APP_DIR = "interview-followup"
KEYS = ("events_file", "policy_dirs", "timezone")


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


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default: `config_path()`); an empty one when there is no file."""
    path = path or config_path()
    if not path.is_file():
        if path.exists():
            raise InputError(f"{path}: the config file is not a regular file")
        return Config(path)
    import tomllib  # only when there is a file: most runs have none

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    for key in data:
        if key not in KEYS:
            tip = did_you_mean(key, KEYS, otherwise=f"; known: {', '.join(KEYS)}")
            raise InputError(f"{path}: unknown key {key!r}{tip}")
    base = path.parent

    def resolve(text: str) -> Path:
        given = Path(text).expanduser()
        return given if given.is_absolute() else base / given

    events = data.get("events_file")
    if events is not None and (not isinstance(events, str) or not events.strip()):
        raise InputError(f"{path}: events_file: expected the path of a file, as text")
    dirs = data.get("policy_dirs", [])
    if isinstance(dirs, str):
        dirs = [dirs]
    if not isinstance(dirs, list) or not all(isinstance(d, str) and d.strip() for d in dirs):
        raise InputError(f"{path}: policy_dirs: expected a list of folder paths, as text")
    zone = data.get("timezone")
    if zone is not None:
        if not isinstance(zone, str):
            raise InputError(f"{path}: timezone: expected an IANA zone name, as text")
        from followup.record import check_timezone

        try:
            check_timezone(zone, "timezone")
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    return Config(
        path,
        events_file=resolve(events) if events else None,
        policy_dirs=tuple(resolve(d) for d in dirs),
        timezone=zone,
    )
