"""Public holidays from the `holidays` package, kept on disk between runs.

Importing `holidays` and looking up one country costs about 100 ms (the package imports every
country's module on first use), half of a one-application plan. What a plan needs from it is
small and fixed for one version of the package: the country codes it knows, whether a
subdivision exists, and one region's holidays for one year. Those answers are written, the first
time they are computed, as small JSON files in a folder named after the package's version, so a
later run reads them without importing `holidays` at all.

Where: `$FOLLOWUP_CACHE_DIR` if set (empty turns the cache off), else
`$XDG_CACHE_HOME/interview-followup`, else `~/.cache/interview-followup`. A file that cannot
be read or written, or does not hold what it should, is ignored and computed again: the cache
only ever saves time, never changes an answer. Files are written atomically.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from followup.dates.zones import as_date
from followup.digest import sha256

#: Environment variable naming the cache folder; set to an empty string to turn the cache off.
CACHE_ENV = "FOLLOWUP_CACHE_DIR"


@lru_cache(maxsize=1)
def supported_countries() -> frozenset[str]:
    """The country codes the `holidays` package knows (aliases included)."""
    cached = _read("countries.json")
    if isinstance(cached, list) and all(isinstance(code, str) for code in cached):
        return frozenset(cached)
    codes = _countries_from_package()
    _write("countries.json", sorted(codes))
    return codes


def has_subdivision(country: str, subdivision: str) -> bool:
    """Whether `subdivision` is one of `country`'s holiday subdivisions."""
    name = f"region-{_slug(country)}-{_slug(subdivision)}.json"
    cached = _read(name)
    if isinstance(cached, bool):
        return cached
    try:
        _package().country_holidays(country, subdiv=subdivision)
        known = True
    except NotImplementedError:
        known = False
    _write(name, known)
    return known


@lru_cache(maxsize=64)
def weekend(country: str) -> frozenset[int]:
    """The weekday numbers (Monday=0 ... Sunday=6) of `country`'s weekend: Saturday and Sunday
    in most countries, Friday and Saturday in Israel or Saudi Arabia."""
    name = f"weekend-{_slug(country)}.json"
    cached = _read(name)
    if isinstance(cached, list) and cached and all(type(d) is int and 0 <= d <= 6 for d in cached):
        return frozenset(cached)
    found = getattr(_package().country_holidays(country), "weekend", None)  # an older package
    days = frozenset(int(d) for d in found) if found else frozenset({5, 6})
    _write(name, sorted(days))
    return days


def subdivisions() -> dict[str, list[str]]:
    """Country code -> subdivision codes (for an error message only: not cached)."""
    return {code: list(subs) for code, subs in _package().list_supported_countries().items()}


@lru_cache(maxsize=256)
def region_holidays(country: str, subdivision: str | None, year: int) -> dict[dt.date, str]:
    """The public holidays of one region and year, as date -> name."""
    name = f"holidays-{_slug(country)}-{_slug(subdivision or '')}-{year}.json"
    cached = _read(name)
    if isinstance(cached, dict):
        try:
            return {dt.date.fromisoformat(day): str(title) for day, title in cached.items()}
        except (TypeError, ValueError):
            pass
    found = _package().country_holidays(country, subdiv=subdivision, years=year)
    days = {as_date(day): str(title) for day, title in found.items()}
    _write(name, {day.isoformat(): title for day, title in sorted(days.items())})
    return days


def _slug(text: str) -> str:
    """A file-name-safe form of a country or subdivision code (they are short alphanumerics)."""
    return "".join(ch if ch.isalnum() else f"_{ord(ch):x}" for ch in text)


def _package() -> Any:
    import holidays

    return holidays


def _countries_from_package() -> frozenset[str]:
    """From the package's registry: `list_supported_countries` would import every country's
    module (about 60 ms) to list their subdivisions, which only an error message needs."""
    try:
        from holidays.registry import EntityLoader

        return frozenset(EntityLoader.get_country_codes(True))
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - another holidays
        return frozenset(subdivisions())


def cache_base() -> Path | None:
    """The folder every cache of followup's is in (see the module's docstring; the built-in
    policies' models are kept there too), or None when caching is off or there is no home."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None:
        return Path(setting) if setting else None
    from followup.config import user_folder

    try:
        return user_folder("XDG_CACHE_HOME", ".cache")
    except (OSError, RuntimeError, KeyError):  # no home folder, say
        return None


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    """This version of `holidays`' cache folder, or None when the cache is off or the package
    cannot be found without importing it."""
    base = cache_base()
    if base is None:
        return None
    try:
        spec = importlib.util.find_spec("holidays")
        if spec is None or spec.origin is None:
            return None
        version = (Path(spec.origin).parent / "version.py").read_bytes()
    except (ImportError, OSError, ValueError, RuntimeError, KeyError):  # no home folder, say
        return None
    return base / f"holidays-{sha256(version).hexdigest()[:16]}"


def _read(name: str) -> Any:
    folder = _folder()
    if folder is None:
        return None
    try:
        return json.loads((folder / name).read_bytes())
    except (OSError, ValueError):
        return None


def _write(name: str, value: Any) -> None:
    folder = _folder()
    if folder is None:
        return
    from followup.atomic import write_atomically
    from followup.errors import FollowupError

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / name, json.dumps(value, ensure_ascii=False).encode("utf-8"))
    except (OSError, FollowupError):
        return
