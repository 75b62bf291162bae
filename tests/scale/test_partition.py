"""Candidates as JSON Lines: `followup plan --jsonl`, `followup.batch.plan_partition`, and the
Dask recipe of docs/scale.md on a LocalCluster with two worker processes, all giving the same
lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from followup.batch import plan_partition
from followup.cli import cli
from followup.schemas import plan_schema
from followup.source import load_document
from paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "examples" / "scale"))
from synth import iter_applications

AS_OF = "2026-11-15T09:00"


def write_candidates(path: Path, n: int, seed: int) -> list[str]:
    lines = []
    for k, app in enumerate(iter_applications(n, seed=seed)):
        doc = {"candidate": {"name": f"Candidate {k}", "timezone": "Europe/London"},
               "applications": [app]}  # fmt: skip
        lines.append(json.dumps(doc) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return lines


def cli_lines(path: Path, *extra: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["plan", "--jsonl", str(path), "--as-of", AS_OF, *extra])
    return result.exit_code, result.stdout.splitlines(keepends=True)


def test_cli_is_the_partition_function_over_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = write_candidates(path, 40, seed=3)
    code, out = cli_lines(path)
    assert code == 0 and len(out) > 40
    assert out == list(plan_partition(lines, as_of=AS_OF))
    check = jsonschema.Draft202012Validator(
        {"$defs": plan_schema()["$defs"], "$ref": "#/$defs/action"}
    )
    assert all(check.is_valid(json.loads(line)) for line in out)


def test_each_line_is_planned_as_its_own_events_file(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = write_candidates(path, 5, seed=4)
    single = tmp_path / "one.json"
    expected = []
    for line in lines:
        single.write_text(line, encoding="utf-8")
        result = CliRunner().invoke(
            cli, ["plan", str(single), "--as-of", AS_OF, "--format", "jsonl"]
        )
        expected += result.stdout.splitlines(keepends=True)
    assert cli_lines(path)[1] == expected


def test_partitions_and_retries_give_the_same_lines(tmp_path: Path) -> None:
    lines = write_candidates(tmp_path / "c.jsonl", 30, seed=5)
    whole = list(plan_partition(lines, as_of=AS_OF))
    parts = [lines[i : i + 7] for i in range(0, len(lines), 7)]
    pieced = [out for part in parts for out in plan_partition(part, as_of=AS_OF)]
    assert pieced == whole
    assert list(plan_partition(lines, as_of=AS_OF)) == whole  # a retry: the same ids, bytes


def test_a_bad_line_is_reported_and_the_rest_planned(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = write_candidates(path, 3, seed=6)
    path.write_text(lines[0] + "{oops\n\n" + '{"candidate": {}}\n' + lines[1], "utf-8")
    code, out = cli_lines(path)
    assert code == 2
    problems = [json.loads(line) for line in out if line.startswith('{"line":')]
    assert [p["line"] for p in problems] == [2, 4]
    assert problems[0]["problems"][0]["code"] == "bad-json"
    assert {p["path"] for p in problems[1]["problems"]} == {"", "candidate"}
    good = [line for line in out if not line.startswith('{"line":')]
    assert good == list(plan_partition([lines[0], lines[1]], as_of=AS_OF))


def test_registered_policies_and_named_policy(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    doc = load_document(ROOT / "examples" / "custom-policy-events.yaml").value
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    folder = str(ROOT / "examples" / "policies")
    _, out = cli_lines(path, "--policy-dir", folder)
    assert {json.loads(line)["policy"] for line in out} == {"veterinary"}
    _, out = cli_lines(path, "--policy", "conservative")
    assert {json.loads(line)["policy"] for line in out} == {"conservative"}


@pytest.mark.parametrize("ref", ["x/y.yaml", "./vet.yml", "Vet.YAML"])
def test_a_policy_file_with_jsonl_is_a_usage_error(tmp_path: Path, ref: str) -> None:
    path = tmp_path / "c.jsonl"
    write_candidates(path, 2, seed=3)
    result = CliRunner().invoke(
        cli, ["plan", "--jsonl", str(path), "--as-of", AS_OF, "--policy", ref]
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        "with --jsonl, --policy names a policy; register files with --policy-dir" in result.stderr
    )


@pytest.mark.filterwarnings("ignore")  # distributed's own warnings about ports and threads
def test_dask_local_cluster_gives_exactly_the_cli_output(tmp_path: Path) -> None:
    from dask_plan import plan_on_dask

    path = tmp_path / "candidates.jsonl"
    write_candidates(path, 2000, seed=7)
    code, expected = cli_lines(path)
    assert code == 0 and len(expected) > 2000
    got = plan_on_dask(path, as_of=AS_OF, workers=2, partition_size=250)
    assert got == expected
