"""Public holidays kept on disk between runs (`followup.dates.holiday_data`): the same answers
as the `holidays` package, without importing it once they are cached; a broken cache is
ignored and repaired; an empty `FOLLOWUP_CACHE_DIR` turns the cache off."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup.dates import holiday_data
from followup.dates.calendars import BusinessCalendar, calendar_for_zone
from paths import ROOT

CHRISTMAS = dt.date(2026, 12, 25)


def _clear() -> None:
    holiday_data._folder.cache_clear()
    holiday_data.supported_countries.cache_clear()
    holiday_data.region_holidays.cache_clear()
    holiday_data.weekend.cache_clear()
    calendar_for_zone.cache_clear()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(holiday_data.CACHE_ENV, str(tmp_path / "cache"))
    _clear()
    yield tmp_path / "cache"
    _clear()


def _files(folder: Path) -> dict[str, Path]:
    return {path.name: path for path in folder.rglob("*.json")}


def test_a_looked_up_year_is_written_and_read_back_with_the_same_names(cache: Path) -> None:
    first = holiday_data.region_holidays("GB", "ENG", 2026)
    assert first[CHRISTMAS] == "Christmas Day"
    written = _files(cache)["holidays-GB-ENG-2026.json"]
    assert json.loads(written.read_text("utf-8"))["2026-12-25"] == "Christmas Day"
    holiday_data.region_holidays.cache_clear()
    assert holiday_data.region_holidays("GB", "ENG", 2026) == first


def test_a_cached_answer_is_what_the_file_says(cache: Path) -> None:
    """Proof that the second run reads the file rather than the package: a planted name."""
    holiday_data.region_holidays("GB", None, 2026)
    path = _files(cache)["holidays-GB--2026.json"]
    path.write_text(json.dumps({"2026-12-25": "Planted"}), "utf-8")
    holiday_data.region_holidays.cache_clear()
    assert holiday_data.region_holidays("GB", None, 2026) == {CHRISTMAS: "Planted"}


@pytest.mark.parametrize("broken", ["not json", '{"2026-13-40": "x"}', "[1, 2]", ""])
def test_a_broken_cache_file_is_ignored_and_repaired(cache: Path, broken: str) -> None:
    expected = holiday_data.region_holidays("US", None, 2026)
    path = _files(cache)["holidays-US--2026.json"]
    path.write_text(broken, "utf-8")
    holiday_data.region_holidays.cache_clear()
    assert holiday_data.region_holidays("US", None, 2026) == expected
    assert json.loads(path.read_text("utf-8"))["2026-07-04"] == "Independence Day"


def test_country_codes_and_subdivisions_are_cached_too(cache: Path) -> None:
    assert "GB" in holiday_data.supported_countries()
    assert holiday_data.has_subdivision("GB", "SCT")
    assert not holiday_data.has_subdivision("GB", "XX")
    names = set(_files(cache))
    assert {"countries.json", "region-GB-SCT.json", "region-GB-XX.json"} <= names
    with pytest.raises(ValueError, match="'XX' is not a holiday subdivision of GB"):
        BusinessCalendar(country="GB", subdivision="XX")


def test_a_countrys_weekend_is_cached_and_read_back(cache: Path) -> None:
    assert holiday_data.weekend("IL") == frozenset({4, 5})  # Friday and Saturday
    assert holiday_data.weekend("GB") == frozenset({5, 6})
    path = _files(cache)["weekend-IL.json"]
    path.write_text("[6]", "utf-8")  # a planted answer: read from the file, not the package
    holiday_data.weekend.cache_clear()
    assert holiday_data.weekend("IL") == frozenset({6})
    path.write_text("[9]", "utf-8")  # not a weekday: ignored and repaired
    holiday_data.weekend.cache_clear()
    assert holiday_data.weekend("IL") == frozenset({4, 5})


@pytest.mark.parametrize(
    ("zone", "day", "name"),
    [
        ("Europe/London", dt.date(2026, 4, 6), "Easter Monday"),
        ("Europe/London", dt.date(2026, 8, 31), "Late Summer Bank Holiday"),
        ("America/Toronto", dt.date(2026, 10, 12), "Thanksgiving Day"),
        ("Australia/Sydney", dt.date(2026, 10, 5), "Labor Day"),
        ("America/New_York", dt.date(2026, 11, 26), "Thanksgiving Day"),
    ],
)
def test_a_zone_keeps_its_regions_holidays(cache: Path, zone: str, day: dt.date, name: str) -> None:
    assert calendar_for_zone(BusinessCalendar(), zone).holiday_name(day) == name


def test_a_zone_keeps_its_countrys_weekend(cache: Path) -> None:
    tel_aviv = calendar_for_zone(BusinessCalendar(), "Asia/Jerusalem")
    friday, sunday = dt.date(2026, 10, 16), dt.date(2026, 10, 18)
    assert not tel_aviv.is_business_day(friday) and tel_aviv.is_business_day(sunday)
    london = calendar_for_zone(BusinessCalendar(), "Europe/London")
    assert london.is_business_day(friday) and not london.is_business_day(sunday)


def test_an_empty_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(holiday_data.CACHE_ENV, "")
    monkeypatch.chdir(tmp_path)
    _clear()
    try:
        assert holiday_data.region_holidays("DE", None, 2026)[CHRISTMAS]
        assert list(tmp_path.rglob("*")) == []
    finally:
        _clear()


def test_a_folder_that_cannot_be_written_still_gives_the_holidays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv(holiday_data.CACHE_ENV, str(blocker / "cache"))
    _clear()
    try:
        assert holiday_data.region_holidays("FR", None, 2026)[CHRISTMAS] == "Christmas Day"
    finally:
        _clear()


_PROBE = """
import datetime, sys
from followup.dates.calendars import BusinessCalendar, calendar_for_zone
calendar = calendar_for_zone(BusinessCalendar(), "Europe/London")
print(calendar.holiday_name(datetime.date(2026, 12, 25)), "holidays" in sys.modules)
"""


def test_a_warm_cache_answers_without_importing_the_holidays_package(tmp_path: Path) -> None:
    env = {**os.environ, holiday_data.CACHE_ENV: str(tmp_path / "cache")}

    def probe() -> str:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert probe() == "Christmas Day True"
    assert probe() == "Christmas Day False"


def test_a_plan_is_the_same_bytes_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    env = {**os.environ, holiday_data.CACHE_ENV: str(tmp_path / "cache")}
    command = [
        *(sys.executable, "-m", "followup", "plan", str(ROOT / "examples" / "tech-panel.yaml")),
        *("--as-of", "2026-12-21T09:00", "--format", "json"),
    ]
    cold = subprocess.run(command, env=env, capture_output=True, check=True).stdout
    warm = subprocess.run(command, env=env, capture_output=True, check=True).stdout
    off = subprocess.run(
        command, env={**env, holiday_data.CACHE_ENV: ""}, capture_output=True, check=True
    ).stdout
    assert cold == warm == off
    assert any(name.startswith("holidays-") for name in _files(tmp_path / "cache"))


def test_no_home_folder_means_no_cache_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(holiday_data.CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(holiday_data.Path, "home", staticmethod(homeless))
    _clear()
    try:
        assert holiday_data.region_holidays("GB", None, 2026)[CHRISTMAS] == "Christmas Day"
    finally:
        _clear()
