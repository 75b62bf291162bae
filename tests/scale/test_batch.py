"""`followup plan` over several files and folders; `--jobs N` gives the output of one process."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner, Result

from followup.batch import expand_paths
from followup.cli import cli
from paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate, write_document

AS_OF = "2026-11-15T09:00"


def _document(n: int, seed: int, prefix: str, timezone: str = "Europe/London") -> dict[str, Any]:
    document = generate(n, seed, timezone=timezone)
    for app in document["applications"]:
        app["id"] = f"{prefix}-{app['id']}"
    return document


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two candidates in different zones, one file YAML and one JSON, plus files to ignore."""
    root = tmp_path / "events"
    root.mkdir()
    write_document(_document(60, 1, "ada"), root / "b-ada.yaml")
    write_document(_document(40, 2, "bob", "America/New_York"), root / "a-bob.json")
    (root / "notes.txt").write_text("not an events file\n")
    (root / ".hidden.yaml").write_text("- not: read\n")
    (root / "archive").mkdir()
    (root / "archive" / "old.yaml").write_text("- not: read either\n")
    return root


def _plan(*args: str) -> Result:
    return CliRunner().invoke(cli, ["plan", *args, "--as-of", AS_OF], catch_exceptions=False)


def test_a_folder_is_its_events_files_sorted_by_name(folder: Path) -> None:
    assert expand_paths([folder]) == [folder / "a-bob.json", folder / "b-ada.yaml"]
    by_folder = _plan(str(folder), "--format", "json", "--all")
    by_files = _plan(
        str(folder / "a-bob.json"), str(folder / "b-ada.yaml"), "--format", "json", "--all"
    )
    assert by_folder.exit_code == 0, by_folder.output
    assert by_folder.output == by_files.output


def test_json_lists_the_files_and_sorts_all_actions_together(folder: Path) -> None:
    result = _plan(str(folder), "--format", "json", "--all")
    data = json.loads(result.output)
    files = [folder / "a-bob.json", folder / "b-ada.yaml"]
    assert data["events_files"] == [
        {
            "path": str(path),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "as_of": as_of,
        }
        for path, as_of in zip(
            files, ["2026-11-15T09:00:00-05:00", "2026-11-15T09:00:00+00:00"], strict=True
        )
    ]
    assert data["as_of"] == data["events_files"][0]["as_of"]
    apps = {a["application"].split("-")[0] for a in data["actions"]}
    assert apps == {"ada", "bob"}
    instants = [
        (pendulum.parse(a["not_before"]).timestamp(), a["id"])  # type: ignore[union-attr]
        for a in data["actions"]
    ]
    assert instants == sorted(instants)
    names = [p["name"] for p in data["policies"]]
    assert names == sorted(set(names))  # a policy used by both files is listed once


def test_one_file_still_gives_one_entry(folder: Path) -> None:
    data = json.loads(_plan(str(folder / "b-ada.yaml"), "--format", "json").output)
    assert [f["path"] for f in data["events_files"]] == [str(folder / "b-ada.yaml")]


def test_text_has_a_section_per_file(folder: Path) -> None:
    output = _plan(str(folder)).output
    heads = [line for line in output.splitlines() if line.startswith("== ")]
    assert heads == [f"== {folder / 'a-bob.json'} ==", f"== {folder / 'b-ada.yaml'} =="]
    alone = _plan(str(folder / "b-ada.yaml")).output
    assert output.endswith(alone)


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_jobs_give_exactly_the_output_of_one_process(folder: Path, output_format: str) -> None:
    args = (str(folder), "--format", output_format, "--all")
    one = _plan(*args, "--jobs", "1")
    assert one.exit_code == 0, one.output
    for jobs in ("2", "3", "0"):
        assert _plan(*args, "--jobs", jobs).output == one.output, jobs


def test_a_file_named_twice_is_planned_once(folder: Path) -> None:
    path = str(folder / "b-ada.yaml")
    assert (
        _plan(path, path, str(folder), "--format", "json").output
        == _plan(path, str(folder / "a-bob.json"), "--format", "json").output
    )


def test_an_application_id_in_two_files_is_an_error_naming_both(tmp_path: Path) -> None:
    write_document(_document(3, 1, "x"), tmp_path / "one.yaml")
    write_document(_document(2, 9, "x"), tmp_path / "two.yaml")
    result = CliRunner().invoke(cli, ["plan", str(tmp_path)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line == (
        f"Error: {tmp_path / 'two.yaml'}:5:3: application id 'x-app-000000' is also used in "
        f"{tmp_path / 'one.yaml'}:5:3; ids must be unique across the files planned together"
    )


def test_a_folder_without_events_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("nothing here\n")
    result = CliRunner().invoke(cli, ["plan", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path}: no events files (*.yaml, *.yml, *.json) in this folder"
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_file_among_many_names_itself(folder: Path, jobs: str) -> None:
    (folder / "c-broken.yaml").write_text("candidate: {name: Ada\n")
    (folder / "d-broken.yaml").write_text("candidate:\n\tname: Ada\n")
    result = CliRunner().invoke(cli, ["plan", str(folder), "--jobs", jobs])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()  # the first problem in file order, however many jobs
    assert line.startswith(f"Error: {folder / 'c-broken.yaml'}:2:1: YAML syntax error")


def test_the_audit_log_records_every_file(folder: Path, tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    result = _plan(str(folder), "--audit-log", str(log), "--jobs", "2")
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert [i["events"] for i in record["inputs"]] == [
        str(folder / "a-bob.json"),
        str(folder / "b-ada.yaml"),
    ]
