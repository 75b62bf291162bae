"""The benchmark scripts run against the library as it is (they are the numbers in
docs/performance.md; a renamed library function must not leave them broken until the next
measurement). Tiny sizes: this checks that they run, never how fast."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from paths import ROOT


def _run_module() -> ModuleType:
    """benchmarks/run.py, imported as the script imports its neighbours (synth, ratios)."""
    folder = str(ROOT / "benchmarks")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module("run")


def test_the_in_process_measures_run_on_the_library() -> None:
    rates = _run_module().in_process(12, 1)
    assert set(rates) == {
        "durable_match", "durable_plan", "reference_match", "reference_plan", "derive_facts",
    }  # fmt: skip
    assert all(rate > 0 for rate in rates.values())


def test_the_phases_and_the_profile_run_on_the_library(tmp_path: Path) -> None:
    run = _run_module()
    path = tmp_path / "apps.yaml"
    run.write_document(run.generate(12, run.SEED), path)
    assert set(run.phases(path, 1)) == {
        "read YAML (positions only on a problem)", "check events",
        "plan (facts, durable_rules, actions)", "render JSON", "render text",
    }  # fmt: skip
    assert "function calls" in run.profile_plan(12, top=3)


def test_the_end_to_end_ratios_are_taken_in_rounds(tmp_path: Path) -> None:
    # Each round runs the floor and the plan on both files; the ratio is the rounds' median.
    run = _run_module()
    ratios = run.ratios
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    run.write_document(run.generate(2, run.SEED), small)
    run.write_document(run.generate(12, run.SEED), large)
    floor = (ratios.floor_command(large), ratios.floor_command(small))
    plan = (ratios.plan_command(large, run.AS_OF), ratios.plan_command(small, run.AS_OF))
    found = ratios.end_to_end(floor, {"json": plan}, 10, 2)
    assert set(found) == {"floor_rate", "json_rate", "json_ratio", "rounds"}
    assert found["rounds"] == 2 and all(value > 0 for value in found.values())


def test_the_start_up_ratios_are_the_median_of_each_rounds_own(monkeypatch: Any) -> None:
    # The machine's speed changes from round to round. The rounds' own ratios of `--help` to
    # `import click` are 1.1, 1.1 and 2.5 (one round disturbed): their median is 1.1, where the
    # commands' medians taken apart (0.20 and 0.33) would say 1.65.
    ratios = _run_module().ratios
    cpus = [0.0, 0.0, 0.10, 0.11, 0.30, 0.33, 0.20, 0.50]  # warm-ups, then click, help per round
    ran: list[str] = []

    def run_child(command: list[str], env: Any = None) -> Any:
        ran.append(command[0])
        return ratios.Cost(cpus[len(ran) - 1], 9.0, 1.0)

    monkeypatch.setattr(ratios, "run_child", run_child)
    commands = {"click": ["click"], "help": ["help"]}
    found = ratios.paired_rounds(commands, {"ratio": ("help", "click")}, 3)
    assert ran == ["click", "help"] * 4  # one warm-up each, then interleaved
    assert (found["click"], found["help"]) == (0.20, 0.33)
    assert abs(found["ratio"] - 1.1) < 1e-9
    # `--jobs` is timed by the wall clock.
    walls = iter(cpus)
    monkeypatch.setattr(ratios, "run_child", lambda c, e=None: ratios.Cost(9.0, next(walls), 1.0))
    found = ratios.paired_rounds(commands, {"ratio": ("help", "click")}, 3, wall=True)
    assert found["help"] == 0.33 and abs(found["ratio"] - 1.1) < 1e-9
