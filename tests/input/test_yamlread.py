"""YAML read from the parser's events (followup.yamlread): the same values as PyYAML's safe
loader (timestamps kept as text), and positions looked up one path at a time the same as the
map of every position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from followup import source
from followup.errors import InputError
from followup.source import load_document, parse_document
from followup.yamlread import ValueBuilder
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


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2, {b: 3}]\nc: *x\nd: [*x, *x]\n",
        "a: &a {b: &b {c: 1}, d: [&e e]}\nf: *b\ng: *a\nh: {*e : 1, i: *e}\n",
        "&top {a: &k key, *k : 2, l: [&n 7, *n, !!str 8, '9', ~, yes, 1.5, 0x1f]}\n",
        "- &s 2026-10-08T09:00\n- *s\n- [*s, {at: *s}]\n",
    ],
)
def test_anchors_and_aliases_give_the_safe_loaders_values(text: str) -> None:
    """An alias repeats its anchor's value (a copy: changing one leaves the other)."""
    assert parse_document(text, "f.yaml").value == yaml.load(text, Loader=_TextTimestamps)


ALIASED = (
    "a: &a {k1: x, k2: x, k3: x, k4: x, k5: x}\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
)
ALIASED_VALUES = 1 + (1 + 6 + 5) + (1 + 1 + 10 * 6) + (1 + 1 + 10 * 61)
"""The values and keys `ALIASED` expands to: the document's mapping; `a`, its mapping and five
keys and values; `b`, its list and ten times `a`'s mapping and values (its keys are not counted
again); `c`, its list and ten times `b`'s."""


@pytest.mark.parametrize("cap", [ALIASED_VALUES, ALIASED_VALUES - 1])
def test_the_value_cap_counts_what_aliases_expand_to(cap: int) -> None:
    assert len(ALIASED) < cap  # the cap, not the text's length, is the limit here
    builder = ValueBuilder("f.yaml", source.refused, cap, source.MAX_DEPTH, source._Loader)
    try:
        if cap == ALIASED_VALUES:
            assert builder.build(ALIASED)[1]["c"][9][9] == {f"k{i}": "x" for i in range(1, 6)}
        else:
            with pytest.raises(InputError, match=f"expands to more than {cap:,} values"):
                builder.build(ALIASED)
    finally:
        builder.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x: [1, [2, {k: 1, k: 2}]]\n", "f.yaml:1:19: x[1][1].k: duplicate key 'k'"),
        ("a: &a k\nb: {k: 1, *a : 2}\n", "f.yaml:2:11: b.k: duplicate key 'k'"),
        ("a: &m {x: 1}\nb:\n  <<: *m\n", "f.yaml:3:3: merge keys ('<<') are not supported"),
        ("a: [{b: !x 1}]\n", "f.yaml:1:9: tag '!x' is not allowed"),
        ("a: [{b: !!int x}]\n", "f.yaml:1:9: cannot read 'x' as !!int"),
        ("a: {[b]: 1}\n", "f.yaml:1:5: a key must be a plain word, not a list or mapping"),
        ("a: &a [1]\nb: {*a : 1}\n", "f.yaml:2:5: a key must be a plain word"),
    ],
)
def test_what_is_refused_is_refused_where_it_is_written(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_document(text, "f.yaml")
    assert caught.value.message.startswith(message)
