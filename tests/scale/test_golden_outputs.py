"""Identical bytes before and after the performance work (issue 15): every example and the
benchmark's synthetic plans, compared with digests taken before it (`tests/golden_outputs.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golden_outputs import DIGESTS, EXAMPLES, Case, cases, digest, run, write_synthetic

EXPECTED: dict[str, str] = json.loads(DIGESTS.read_text("utf-8"))
CASES = list(cases())


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write_synthetic(folder)
    return folder


def test_every_case_has_a_digest() -> None:
    assert sorted(EXPECTED) == sorted(case.name for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_same_bytes(case: Case, synthetic: Path) -> None:
    assert digest(run(case, synthetic)) == EXPECTED[case.name], case.name


@pytest.mark.parametrize("include_all", [False, True])
@pytest.mark.parametrize("name", [p.name for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_planned_json_pieces_equal_the_whole_plan(name: str, include_all: bool) -> None:
    """`plan --format json` writes actions as they are planned (`iter_json_planned`); the bytes
    are those of rendering whole plans (`render_json_files`, which `--audit-log` runs use)."""
    from followup.api import PolicyChooser
    from followup.batch import load_events_files, plan_files
    from followup.dates.reading import parse_as_of
    from followup.render.json_render import iter_json_planned, render_json_files

    files = load_events_files([EXAMPLES / name])
    moments = [parse_as_of("2026-11-15T09:00", f.candidate.timezone) for f in files]
    whole = render_json_files(
        plan_files(files, as_of=moments, chooser=PolicyChooser()), include_all=include_all
    )
    pieces = iter_json_planned(files, moments, PolicyChooser(), include_all=include_all)
    assert "".join(pieces) == whole
