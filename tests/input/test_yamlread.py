"""YAML read from the parser's events (followup.yamlread): the same values as PyYAML's safe
loader (timestamps kept as text), and positions looked up one path at a time the same as the
map of every position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from followup import source
from followup.source import load_document, parse_document
from paths import ROOT

YAML_FILES = sorted(
    p
    for folder in ("examples", "policies", "tests/policies", "tests/scenarios")
    if (ROOT / folder).is_dir()
    for p in (ROOT / folder).rglob("*.y*ml")
)


class _TextTimestamps(yaml.SafeLoader):
    """PyYAML's safe loader, timestamps kept as the text written (as followup reads them)."""


_TextTimestamps.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _all_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _all_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _all_paths(item, (*path, i))
    return out


def test_there_are_files_to_compare() -> None:
    assert len(YAML_FILES) > 20


@pytest.mark.parametrize("path", YAML_FILES, ids=[str(p.relative_to(ROOT)) for p in YAML_FILES])
def test_values_are_those_of_the_safe_loader(path: Path) -> None:
    text = path.read_text("utf-8")
    assert load_document(path).value == yaml.load(text, Loader=_TextTimestamps)


@pytest.mark.parametrize("path", YAML_FILES[:12], ids=[p.name for p in YAML_FILES[:12]])
def test_one_path_at_a_time_finds_what_the_whole_map_finds(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large texts look positions up one path at a time (a map of every position of a 9 MB
    file took a gigabyte): every value and key is found where the whole map has it."""
    whole = load_document(path)
    paths = _all_paths(load_document(path).value)
    monkeypatch.setattr(source, "_WHOLE_MAP_CHARS", 0)
    monkeypatch.setattr(source, "_LOOKUPS_BEFORE_MAP", 10**9)
    for probe in paths:
        one = parse_document(whole.text, whole.name)
        assert one.loc(probe) == whole.loc(probe), probe
        assert one.key_loc(probe) == whole.key_loc(probe), probe
    # a path that is not there: its nearest ancestor, as with the whole map
    missing = (*paths[-1], "no-such-key")
    assert parse_document(whole.text, whole.name).loc(missing) == whole.loc(missing)


def test_a_large_text_is_located_without_the_whole_map() -> None:
    entries = "".join(f"  - {{name: P{n}, email: p{n}@x.example}}\n" for n in range(40_000))
    text = "people:\n" + entries
    doc = parse_document(text, "big.yaml")
    assert len(text) > source._WHOLE_MAP_CHARS
    assert str(doc.loc(("people", 30_000, "email"))) == "big.yaml:30002:27"
    assert str(doc.key_loc(("people", 2, "email"))) == "big.yaml:4:16"
    assert doc._locs == {}  # the whole map was never made
