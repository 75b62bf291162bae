"""Identical bytes before and after the performance work (issue 15): every example and the
benchmark's synthetic plans, compared with digests taken before it (`tests/golden_outputs.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golden_outputs import DIGESTS, Case, cases, digest, run, write_synthetic

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
