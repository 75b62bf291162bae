"""A built-in policy read from the cache is the policy read from its file, field for field; a
cache that is off, damaged or stale is never used; a user's policy is never kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup.dates.holiday_data import CACHE_ENV
from followup.digest import sha256
from followup.policy import builtin_cache
from followup.policy.load import builtin_names, builtin_path, check_policy_file
from paths import ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    builtin_cache._folder.cache_clear()
    yield tmp_path / "cache"
    builtin_cache._folder.cache_clear()


def _builtin(name: str) -> Path:
    path = builtin_path(name)
    assert path is not None
    return path.resolve()


@pytest.mark.parametrize("name", builtin_names())
def test_a_kept_builtin_is_the_policy_read_from_its_file(cache_dir: Path, name: str) -> None:
    read = check_policy_file(_builtin(name)).policy
    assert read is not None
    assert builtin_cache.read(_builtin(name)) is None  # nothing kept yet
    builtin_cache.write(_builtin(name), read)
    kept = builtin_cache.read(_builtin(name))
    assert kept == read and hash(kept) == hash(read)
    assert repr(kept) == repr(read)  # every field, also those left out of equality


def test_a_damaged_or_stale_file_is_not_used(cache_dir: Path) -> None:
    path = _builtin("generic")
    policy = check_policy_file(path).policy
    assert policy is not None
    builtin_cache.write(path, policy)
    (kept,) = cache_dir.glob("policies-*/generic.json")
    _, model = json.loads(kept.read_text("utf-8"))
    kept.write_text(json.dumps(["0" * 64, model]), "utf-8")  # the digest of another file
    assert builtin_cache.read(path) is None
    digest = sha256(path.read_bytes()).hexdigest()
    for other in ({"name": "generic"}, {"Location": ["policies/generic.yaml", 1, 1]}):
        kept.write_text(json.dumps([digest, other]), "utf-8")  # no policy
        assert builtin_cache.read(path) is None
    kept.write_text(json.dumps([digest, model]), "utf-8")
    assert builtin_cache.read(path) == policy
    kept.write_text("{not json", "utf-8")
    assert builtin_cache.read(path) is None


def test_an_empty_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builtin_cache._folder.cache_clear()
    try:
        policy = check_policy_file(_builtin("generic")).policy
        assert policy is not None
        builtin_cache.write(_builtin("generic"), policy)
        assert builtin_cache.read(_builtin("generic")) is None
        assert not list(tmp_path.rglob("*.json"))
    finally:
        builtin_cache._folder.cache_clear()


def test_a_users_policy_is_never_kept(cache_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "generic.yaml"
    mine.write_bytes(_builtin("generic").read_bytes())
    policy = check_policy_file(mine).policy
    assert policy is not None
    builtin_cache.write(mine.resolve(), policy)
    assert builtin_cache.read(mine.resolve()) is None
    assert not list(cache_dir.rglob("*.json"))


def test_a_plan_is_the_same_bytes_with_the_policy_kept_or_read(tmp_path: Path) -> None:
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    command = [sys.executable, "-m", "followup", "plan", str(EXAMPLES / "tech-panel.yaml")]
    command += ["--as-of", "2026-10-07T09:00", "--format", "json"]

    def plan() -> str:
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    cold = plan()
    assert list((tmp_path / "cache").glob("policies-*/*.json"))
    assert plan() == cold


def test_any_change_of_a_module_names_another_folder(tmp_path: Path) -> None:
    """The folder of kept policies is named after every module's size and time of change."""
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    module = tmp_path / "pkg" / "reader.py"
    module.write_text("A = 1\n", "utf-8")

    def signature() -> str:
        code = sha256()
        builtin_cache._add_modules(str(tmp_path / "pkg"), code)
        return code.hexdigest()

    before = signature()
    (tmp_path / "pkg" / "__pycache__" / "reader.cpython-311.py").write_text("", "utf-8")
    assert signature() == before  # compiled files are not the code
    module.write_text("A = 22\n", "utf-8")
    assert signature() != before
