"""Reading, checking and planning run with the cyclic collector paused: they make no cycles."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from followup.api import plan
from followup.events import parse_events
from followup.gcpause import paused_gc
from followup.render.json_render import render_json_files
from followup.render.text_render import render_text
from followup.source import parse_document
from paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate, write_document


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_reading_checking_and_planning_leave_no_cycles(tmp_path: Path, collector_off: None) -> None:
    as_of = pendulum.datetime(2026, 11, 15, 9, tz="Europe/London")
    for name in ("apps.yaml", "apps.json"):
        write_document(generate(300, 5), tmp_path / name)
    plan(parse_events(parse_document((tmp_path / "apps.yaml").read_text(), "w.yaml")), as_of=as_of)
    assert gc.collect() < 1000  # warm-up: policies loaded and compiled once per process
    for name in ("apps.yaml", "apps.json"):
        text = (tmp_path / name).read_text()
        # Held while planning, so that what earlier tests made (a cycle a cache of ours still
        # held, and let go when it filled up) is not counted: only what this plan made is.
        made_before = gc.get_objects()
        events = parse_events(parse_document(text, name, name.split(".")[1]))
        result = plan(events, as_of=as_of)
        assert result.actions
        assert gc.collect() == 0  # nothing was left for the collector: pausing it loses nothing
        del made_before
    render_json_files([result], include_all=True)
    render_text(result, include_all=True)
    assert gc.collect() < 100  # the JSON encoder's own closures, whatever the size


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_comes_back_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with pytest.raises(RuntimeError), paused_gc():
            assert not gc.isenabled()
            raise RuntimeError
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


class _Node:
    """A tracked object that can be part of a cycle."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def test_what_a_pause_made_is_not_rescanned_by_the_next_young_collection() -> None:
    # The objects made while paused go to the oldest generation, so the collections that run
    # often (the young ones) do not scan them again, and a cycle among them is still collected
    # by a full collection.
    was = gc.isenabled()
    gc.enable()
    try:
        with paused_gc():
            kept = [_Node() for _ in range(20_000)]
            first, second = _Node(), _Node()
            first.other, second.other = second, first
        young = {id(o) for o in gc.get_objects(generation=0)}
        young |= {id(o) for o in gc.get_objects(generation=1)}
        assert not any(id(item) in young for item in kept)
        assert all(gc.is_tracked(item) for item in kept[:100])
        assert gc.get_count()[0] < 1000  # no young collection is owed for them
        del first, second
        assert gc.collect() >= 2  # the cycle made while paused
    finally:
        (gc.enable if was else gc.disable)()
