"""The fast YAML read (followup.yamlfast, yaml_rs): whenever it does not decline, it gives exactly
the values the slow path (PyYAML's events, `source._read_yaml`) gives, types and key order
included; it declines what yaml_rs reads otherwise (YAML 1.2 against PyYAML's 1.1) or what only
the slow path refuses and locates; and a problem in a file it read is reported byte for byte as
before, at the same file:line:col."""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_support import run
from followup import source, yamlfast
from followup.errors import InputError
from followup.events import parse_events
from followup.source import MAX_DEPTH, parse_document
from followup.yamlfast import _reads_as_another_type, read_block, read_fast, read_rs
from followup.yamlread import READ_AS_TEXT
from paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate

MANY = settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])


def slow(text: str) -> Any:
    """The slow path's value of `text` (PyYAML's events, every guard checked)."""
    return source._read_yaml(text, "t.yaml", "").value


def same(fast: Any, slow_value: Any) -> bool:
    """Equal values of equal types in the same order (`True == 1` and `{a, b} == {b, a}` are not
    enough: a plan is written in the order its input was read)."""
    return repr(fast) == repr(slow_value)


# Plain and quoted scalars where YAML 1.1 (PyYAML) and 1.2 (yaml_rs) part ways, or the two
# parsers might: booleans and nulls of 1.1, numbers in every base and with underscores, floats,
# timestamps, indicators, comments, reserved characters, line breaks of 1.1, odd white space.
TOKENS = (
    *("yes", "No", "ON", "off", "y", "n", "true", "True", "TRUE", "tRue", "false", "FALSE"),
    *("null", "Null", "NULL", "nULL", "~", "NaN", ".nan", ".inf", "-.Inf", "=", "<<"),
    *("!", "&", "*", "@x", "`x", "%x", "?", "? x", ":x", "-x", "x:", "x:y", "- x", "#", "x #y"),
    *("0", "1", "-1", "+1", "010", "08", "0o10", "0x1F", "0X1F", "0b101", "1_000", "1:30"),
    *("1:30.5", "1.5", "1e3", "1.0e+3", ".5", "12345678901234567890", "-0", "00", "0_"),
    *("1__0", "+0x1F", "0.", "1.", "1e", "+-1", "0b2", "0o8", "_0", "_1", "-_1", "+_1", "1_0"),
    *("0_1", "9_", "_x", "0x_", "__", "2024-01-05", "2024-01-05T10:00:00Z", "2024-01-05 10:00"),
    *("2002-12-14t21:59:43.10-05:00", "10:30", "09:30", "a b", "a  b", "a#b", "x -", "'", '"'),
    *("''", '""', "'it''s'", '"a\'b"', "é", "中文", "😀", "\xa0x", "x\xa0", "\x85", "\u2028"),
    *("\ufeff", "\x07", "\t", "|", ">", "[a]", "{a: b}", "a,b", "john@corp.example", "x "),
    *(" x", "---", "...", "...x", "---x", "a: b", ".Inf", ".INF", ".NaN", ".NAN", "-.inf"),
    *("0xaBcDeF", "+0b1_0", "-1:30:00", "190:20:30.15", "6.8523015e+5", "0.", "-0_0"),
)
ALPHABET = "ab01 :-#'\"\n?,.%@`~&*!|>{}[]\t\r_xoTn9é\xa0"


@st.composite
def scalars(draw: st.DrawFn) -> str:
    """A scalar as written: a token or a few characters, plain, single- or double-quoted."""
    base = draw(st.sampled_from(TOKENS) | st.text(alphabet=ALPHABET, max_size=8))
    style = draw(st.integers(0, 3))
    if style == 2:
        return "'" + base.replace("'", "''") + "'"
    if style == 3:
        return '"' + base.replace("\\", "").replace('"', "") + '"'
    return base


@st.composite
def block_lines(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping or list at `indent`: nested, compact (`- - x`, `- a: b`),
    values continued on the next line, comments and blank lines between."""
    pad = " " * indent
    lines: list[str] = []
    if draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            key = draw(scalars())
            if depth < 4 and draw(st.integers(0, 3)) == 0:
                lines.append(f"{pad}{key}:")
                lines += draw(block_lines(indent + draw(st.sampled_from([0, 1, 2, 4])), depth + 1))
            else:
                sep = draw(st.sampled_from([": ", ":  ", ":", f": # c\n{pad}  "]))
                lines.append(f"{pad}{key}{sep}{draw(scalars())}")
                if draw(st.integers(0, 5)) == 0:
                    lines.append(pad + " " * draw(st.integers(0, 3)) + draw(scalars()))
    else:
        for _ in range(draw(st.integers(1, 3))):
            if depth < 4 and draw(st.integers(0, 3)) == 0:
                if draw(st.booleans()):
                    lines.append(f"{pad}-")
                    lines += draw(block_lines(indent + draw(st.sampled_from([1, 2])), depth + 1))
                else:
                    inner = draw(block_lines(indent + 2, depth + 1))
                    lines += [f"{pad}- {inner[0][indent + 2 :]}", *inner[1:]]
            else:
                lines.append(f"{pad}- {draw(scalars())}")
    if draw(st.integers(0, 6)) == 0:
        extra = draw(st.sampled_from(["", "# comment", "  # c", "   "]))
        lines.insert(draw(st.integers(0, len(lines))), extra)
    return lines


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    text = "\n".join(draw(block_lines(0, 0))) + draw(st.sampled_from(["", "\n", "\n\n"]))
    return text.replace("\n", "\r\n") if draw(st.integers(0, 9)) == 0 else text


def check_against_slow_path(text: str) -> None:
    # each reader on its own (`read_fast` tries the block reader, then yaml_rs)
    for reader in (read_block, read_rs):
        fast = reader(text, MAX_DEPTH)
        if fast is None:
            continue
        try:
            expected = slow(text)
        except (InputError, yaml.YAMLError) as exc:
            message = f"{reader.__name__} read {fast!r}; the slow path refuses it: {exc}"
            raise AssertionError(message) from None
        assert same(fast, expected), (reader.__name__, fast, expected)


@MANY
@given(yaml_texts())
def test_block_documents_read_fast_are_read_as_the_slow_path_reads_them(text: str) -> None:
    check_against_slow_path(text)


@MANY
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_any_text_read_fast_is_read_as_the_slow_path_reads_it(text: str) -> None:
    check_against_slow_path(text)


@MANY
@given(st.sampled_from(TOKENS) | st.text(ALPHABET + yamlfast._NUMBER_CHARS + "FlLsSuUyYO"))
def test_text_read_as_another_type_is_what_the_resolver_says(text: str) -> None:
    resolver = yaml.SafeLoader("")
    try:
        tag = resolver.resolve(yaml.ScalarNode, text, (True, False))
    finally:
        resolver.dispose()
    assert _reads_as_another_type(text) == (tag not in READ_AS_TEXT)


@pytest.mark.parametrize("reader", [read_block, read_rs])
def test_the_benchmarks_documents_are_read_fast(reader: Any) -> None:
    text = yaml.safe_dump(generate(60, seed=3), sort_keys=False)
    fast = reader(text, MAX_DEPTH)
    assert fast is not None
    assert same(fast, slow(text))


@pytest.mark.parametrize(
    "text",
    [
        "name: Zoë 中文 😀\r\nrole: ok\r\n",
        "- a\n- - b\n  - c: d\n    e: 3\n",
        "a: 'it''s'\nb: \"quoted\"\nc:\n  - 2026-10-01T10:00\n",
        "a: x\n  continued\n\n  after a blank line # and a comment\n",
        "phone: 07700 900123\nat: 2026-10-01 09:30\nround: 0\n",
    ],
)
def test_plain_documents_are_read_fast(text: str) -> None:
    fast = read_rs(text, MAX_DEPTH)  # yaml_rs (CR, comments, ... are left by the block reader)
    assert fast is not None
    assert same(fast, slow(text))
    check_against_slow_path(text)


# What yaml_rs reads otherwise than PyYAML, or reads where the slow path refuses: each is
# declined. `differs` marks those where yaml_rs's own answer is wrong for us (the reason).
DECLINED = [
    ("a: yes\n", True),  # True in YAML 1.1, text in 1.2
    ("a: 'on'\n", False),  # quoted: text for both, but yaml_rs cannot tell it was quoted
    ("a: 010\n", True),  # 8 in 1.1, 10 for yaml_rs
    ("a: 08\n", True),  # text in 1.1, 8 for yaml_rs
    ("a: 0o10\n", True),
    ("a: 0X1F\n", True),
    ("a: -_1\n", True),  # text in 1.1, -1 for yaml_rs
    ("a:\n  _0\n", True),
    ("a: 1:30\n", True),  # 90 in 1.1 (base 60)
    ("a: 1e3\n", True),  # text in 1.1, a float in 1.2
    ("a: 1.5\n", False),  # floats are left to the slow path
    ("a: =\n", True),  # PyYAML's value key: the slow path refuses it
    ("a: b\na: c\n", False),  # a duplicate key: both refuse; the slow path says where
    ("<<: {a: 1}\n", True),  # a merge key
    ("a: &x 1\nb: *x\n", False),  # anchors and aliases
    ("a: !!str 1\n", False),  # tags
    ("a: x\\y\n", False),  # backslashes (escapes in double quotes)
    ("a: |\n  x\n", False),  # block scalars
    ("a: >\n  x\n", False),
    ("a: [1, 2]\n", False),  # flow collections
    ("a:\n\t- x\n", False),  # a tab
    ("a: 1\n---\nb: 2\n", True),  # two documents: refused
    ("--- \na: 1\n", False),
    ("a: 1\n...\n", False),
    ("%YAML 1.1\n---\na: 1\n", False),
    ("a: x\x85y\n", True),  # a line break in YAML 1.1
    ("a: x\u2028y\n", True),
    ("a: \x07\n", True),  # refused by PyYAML
    ("a: x\ry\n", False),  # lines ended by CR alone
    ("1: x\n", True),  # a key that is not text
    ("null: x\n", True),
    ("~\n", False),  # a null document
    ("42\n", False),  # a document that is a number
    ("a: @x\n", False),  # a reserved indicator: both refuse
    ("a: 0x_\n", True),  # an integer PyYAML cannot read: refused
]


@pytest.mark.parametrize(("text", "differs"), DECLINED, ids=[repr(t) for t, _ in DECLINED])
def test_risky_texts_are_declined(text: str, differs: bool) -> None:
    assert read_rs(text, MAX_DEPTH) is None
    check_against_slow_path(text)  # the block reader reads some (`a: yes`), as PyYAML does
    try:
        expected: Any = slow(text)
    except (InputError, yaml.YAMLError) as exc:
        expected = exc
    try:
        theirs: Any = yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError as exc:
        theirs = exc
    # The reason to decline: without it, the value (or the refusal) would change.
    assert differs == (
        isinstance(expected, Exception) != isinstance(theirs, Exception)
        or not (isinstance(expected, Exception) or same(theirs, expected))
    )


_MARKED_LINE = re.compile(r"(?:^|\n)(?:---|\.\.\.|%|[ ?:-]{48})")
_ODD_NUMBER = re.compile(r"(?<= )[-+]?[_0][0-9A-Za-z_]+(?= *(?:#|\r?$))", re.MULTILINE)


def declined_by_patterns(text: str) -> bool:
    """`_declined_text` written plainly, with regular expressions: the line and number checks
    that the fast path makes with folds and `str.find` instead."""
    return (
        any(char in text for char in yamlfast._DECLINED_CHARS)
        or "<<" in text
        or yamlfast._NON_ASCII.search(text) is not None
        or text.count("\r") != text.count("\r\n")
        or _MARKED_LINE.search(text) is not None
        or _ODD_NUMBER.search(text) is not None
    )


@MANY
@given(st.text(alphabet=" \n\r?:-.%+_0a1#é", max_size=120) | yaml_texts())
def test_declined_text_is_what_its_patterns_say(text: str) -> None:
    assert yamlfast._declined_text(text) == declined_by_patterns(text)


@pytest.mark.parametrize(
    "text",
    ["a: 1\n" + " " * 47 + "b\n", "x\n" + "- " * 24 + "b\n", " ?" * 24, "a:\n +_0\n", "a: é -0_\n"],
)
def test_declined_text_at_the_edges_of_its_patterns(text: str) -> None:
    assert yamlfast._declined_text(text) == declined_by_patterns(text)


@pytest.mark.parametrize("reader", [read_block, read_rs])
@pytest.mark.parametrize("text", ["a:\n  b:\n    c: 1\n", "- - - 1\n", "a:\n- - 1\n"])
def test_nesting_is_declined_at_the_depth_limit(reader: Any, text: str) -> None:
    assert reader(text, 4) == yaml.safe_load(text)
    assert reader(text, 3) is None  # the slow path refuses one level deeper


@pytest.mark.parametrize(
    "text",
    [
        "- " * 20_000 + "x\n",  # yaml_rs recurses without a limit: this crashed the process
        "".join(" " * i + "k:\n" for i in range(20_000)),
        "? " * 20_000 + "x\n",
        "a: 1\n" + "  " * 24 + "b\n",  # 48 places: declined before yaml_rs sees it
    ],
    ids=["dashes", "indentation", "keys", "48 places"],
)
def test_deep_text_is_declined_before_yaml_rs_reads_it(text: str) -> None:
    assert read_block(text, MAX_DEPTH) is None
    assert read_rs(text, MAX_DEPTH) is None


def test_a_deep_file_is_refused_as_before() -> None:
    with pytest.raises(InputError, match="nested more than 64 levels deep"):
        parse_document("- " * 20_000 + "x\n", "deep.yaml")


# A file the fast path reads, with problems the events reader reports: the message, and the
# place of every problem, are those of the slow path (positions are read from the text only now).
DAMAGED = """\
candidate:
  name: Ada
  timezone: Europe/Lndon
applications:
  - id: acme
    company: Acme
    role: Engineer
    events:
      - type: interviw
        at: 2026-10-06T10:00
      - type: interview
        at: 2026-13-06T10:00
        round: first
    recruiter:
      name: Sam
      emial: sam@acme.example
""" + textwrap.indent(yaml.safe_dump(generate(12, seed=5)["applications"], sort_keys=False), "  ")


class Spy:
    """`yamlfast.read_fast` counted: how many texts it read, and how many it declined."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, decline: bool = False) -> None:
        self.read = self.declined = 0
        real = yamlfast.read_fast

        def spy(text: str, max_depth: int) -> Any:
            value = None if decline else real(text, max_depth)
            self.read += 1
            self.declined += value is None
            return value

        monkeypatch.setattr(yamlfast, "read_fast", spy)


def _reported(text: str) -> tuple[str, list[str]]:
    with pytest.raises(InputError) as caught:
        parse_events(parse_document(text, "events.yaml"))
    return caught.value.message, [p.render() for p in caught.value.problems]


def test_problems_in_a_file_read_fast_are_reported_at_the_same_places(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast_path = Spy(monkeypatch)
    fast = _reported(DAMAGED)
    assert (fast_path.read, fast_path.declined) == (1, 0)
    slow_path = Spy(monkeypatch, decline=True)
    assert _reported(DAMAGED) == fast
    assert slow_path.read == 1
    message, problems = fast
    assert message.startswith("events.yaml:3:13: candidate.timezone: unknown time zone")
    assert [problem.split(": ")[0] for problem in problems] == [
        "events.yaml:3:13",
        "events.yaml:16:7",
        "events.yaml:9:15",
        "events.yaml:12:13",
        "events.yaml:13:16",
    ]


def test_the_command_reports_a_file_read_fast_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(DAMAGED, encoding="utf-8")
    fast_path = Spy(monkeypatch)
    fast = run("plan", str(path), "--as-of", "2026-10-07T09:00")
    assert fast_path.read - fast_path.declined == 1  # the events file (policies are declined)
    Spy(monkeypatch, decline=True)
    assert run("plan", str(path), "--as-of", "2026-10-07T09:00") == fast
    assert fast[0] == 2
    assert f"{path}:3:13: candidate.timezone: unknown time zone" in fast[2]


def test_small_texts_go_straight_to_the_slow_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # importing yaml_rs costs more than it saves on a file of a few applications
    fast_path = Spy(monkeypatch)
    small = yaml.safe_dump(generate(2, seed=5), sort_keys=False)
    assert len(small) < source.FAST_YAML_FROM <= len(DAMAGED)
    assert read_fast(small, MAX_DEPTH) is not None
    parse_document(small, "small.yaml")
    assert fast_path.read == 0


@pytest.mark.parametrize(
    "text",
    ['{"name": "Ada \\ud800"}', '{"a": "\\n", "name": "Ada \\uDFFF"}'],
)
def test_half_a_surrogate_pair_written_as_an_escape_is_refused(text: str) -> None:
    # `parse_document` looks for a backslash before it looks for the escape's pattern (PyYAML
    # refuses such escapes itself: JSON is where they get through).
    with pytest.raises(InputError, match="not valid Unicode"):
        parse_document(text, "t.json", "json")


def test_escapes_of_whole_characters_are_read() -> None:
    assert parse_document('{"name": "Ada \\u00e9 \\ud83d\\ude00"}', "t.json", "json").value == {
        "name": "Ada \u00e9 \U0001f600"
    }


# The block reader (`read_block`): documents as `yaml.safe_dump` writes them, read line by line.
# Random documents of our shape (keys that are words, some of which PyYAML reads as true, false
# or null; scalars where YAML 1.1 is odd), dumped in block style and then damaged line by line:
# whatever the block reader reads, the slow path reads alike.

KEYS = ("id", "type", "at", "a", "a-b", "_x", "x1", "e", "y", "n", "inf", "nan", "NaN")
ODD_KEYS = ("yes", "No", "on", "OFF", "null", "Null", "true", "FALSE", "~", "1", "0x1", "1:2")
LEAVES = (
    st.sampled_from(TOKENS)
    | st.text(alphabet=ALPHABET, max_size=8)
    | st.text(alphabet="ab -:'\"", max_size=6)
    | st.integers(-(10**20), 10**20)
    | st.booleans()
    | st.none()
    | st.sampled_from(["2026-10-01T10:00", "2026-10-01", "john@corp.example", "Sam Reed"])
)


def _documents() -> st.SearchStrategy[Any]:
    keys = st.sampled_from(KEYS) | st.sampled_from(ODD_KEYS) | st.text("ab_-1 ", max_size=4)
    return st.recursive(
        LEAVES,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=20,
    )


def _our_documents() -> st.SearchStrategy[Any]:
    """Documents of our files' shape: keys that are words, no empty collection, no float, text
    that `safe_dump` writes on one line, plain or quoted."""
    leaves = (
        st.integers(-(10**20), 10**20)
        | st.booleans()
        | st.none()
        | st.text(alphabet="abXY019-@/_", min_size=1, max_size=8)
        | st.sampled_from(["Sam Reed", "john@corp.example", "2026-10-01T10:00", "yes", "0x1"])
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, min_size=1, max_size=4)
            | st.dictionaries(st.sampled_from(KEYS), inner, min_size=1, max_size=4)
        ),
        max_leaves=20,
    ).filter(lambda value: isinstance(value, (dict, list)))


LINES = ("", "   ", "# c", "- x", "  - y", "a:", "b: 1", "---", "...", "-", "- ", "  c: 2", "~")


@st.composite
def block_texts(draw: st.DrawFn) -> str:
    document = draw(_documents() | _our_documents())
    text = yaml.safe_dump(
        document,
        sort_keys=False,
        indent=draw(st.sampled_from([2, 3, 4])),
        width=draw(st.sampled_from([20, 80, 1000])),
        allow_unicode=draw(st.booleans()),
        explicit_start=draw(st.integers(0, 9)) == 0,
    )
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        change = draw(st.integers(0, 5))
        if change == 0:  # indentation moved
            shift = draw(st.sampled_from([-2, -1, 1, 2]))
            lines[at] = " " * shift + lines[at] if shift > 0 else lines[at][-shift:]
        elif change == 1:
            del lines[at]
        elif change == 2:
            lines.insert(at, lines[at])
        elif change == 3:
            lines.insert(at, draw(st.sampled_from(LINES)))
        elif change == 4 and ": " in lines[at]:  # another value, or none
            key = lines[at].split(": ")[0]
            lines[at] = key + draw(st.sampled_from([":", ": " + draw(scalars())]))
        else:  # the start of another line
            lines[at] = draw(st.sampled_from(["", "- ", "  ", "a: ", "- - "])) + lines[at].lstrip()
        if not lines:
            lines = [""]
    return "\n".join(lines)


@MANY
@given(block_texts())
def test_documents_read_by_the_block_reader_are_read_as_the_slow_path_reads_them(
    text: str,
) -> None:
    check_against_slow_path(text)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_our_documents())
def test_the_block_reader_reads_what_safe_dump_writes(document: Any) -> None:
    # Not a vacuous check above: a document of our shape, dumped in block style, is read.
    text = yaml.safe_dump(document, sort_keys=False, width=10_000)
    fast = read_block(text, MAX_DEPTH)
    assert fast is not None, text
    assert same(fast, slow(text))


def test_the_words_read_as_true_false_or_null_are_pyyamls() -> None:
    for word, value in yamlfast._BOOLEANS_AND_NULLS.items():
        assert same(slow(f"a: {word}\n"), {"a": value})
        assert same(read_block(f"a: {word}\n", MAX_DEPTH), {"a": value})
    # every other word of PyYAML's is declined
    others = yamlfast._WORDS - set(yamlfast._BOOLEANS_AND_NULLS)
    assert others == {"", "~", "<<", "=", "!", "&", "*"}
    for word in others - {""}:
        assert read_block(f"a: {word}\n", MAX_DEPTH) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: 1\nb:\n- x\n- 2\nc: 'q'\n", {"a": 1, "b": ["x", 2], "c": "q"}),
        ("- a: 1\n  b:\n  - - x\n    - y\n- 'z'\n", [{"a": 1, "b": [["x", "y"]]}, "z"]),
        ("a:\n  b:\n\n    c: yes\n  d:\ne: -0\n", {"a": {"b": {"c": True}, "d": None}, "e": 0}),
        (
            'a: "x: #y"\nb: 08\nc: x:y\nd: -x\ne: 2026-10-01T10:00\n',
            {"a": "x: #y", "b": "08", "c": "x:y", "d": "-x", "e": "2026-10-01T10:00"},
        ),
        ("a:\n", {"a": None}),
        ("a: x  y\nb: -x   y -\n", {"a": "x  y", "b": "-x   y -"}),
        ("a:\nb: 1\n", {"a": None, "b": 1}),
        ("- a:\n  b:\n  - 1\n- c:\n", [{"a": None, "b": [1]}, {"c": None}]),
        ("a:\n  b:\nc:\n- d:\n  - e\n", {"a": {"b": None}, "c": [{"d": ["e"]}]}),
    ],
)
def test_the_block_reader_reads_block_documents(text: str, value: Any) -> None:
    assert same(read_block(text, MAX_DEPTH), value)
    assert same(slow(text), value)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n  b: 2\n",  # deeper without a key waiting: an error for PyYAML
        "a: x\n  continued\n",  # a plain scalar continued
        "a: 1\n- x\n",
        "a:\n  - x\n  b: 1\n",
        "- -\n",  # a list in a list, not the text "-"
        "a: b: c\n",
        "a: b:\n",  # `:` at the end of a line: a key, where PyYAML refuses it
        "- a b:\n",
        "- 'a':\n",
        "a: 1\na: 2\n",
        "a: 1 # c\n",
        "a: 'x''y'\n",
        'a: "x\\ty"\n',
        "yes: 1\n",
        "a: 1\r\n",
        "a: ~\n",
        "a: 0x1F\n",
        "a: 1.5\n",
        "a: 1:30\n",
        "a: 010\n",
        "a:  x\n",
        "a: x \n",
        "  a: 1\n",
        "a: 1\n---\n",
        "x\n",
        "",
        "a: é\n",
        "a: @x\n",
        "- ? x\n",
        "k" * 257 + ": 1\n",
    ],
)
def test_the_block_reader_declines(text: str) -> None:
    assert read_block(text, MAX_DEPTH) is None


@pytest.mark.parametrize(
    "path", sorted((*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("src/followup/**/*.yaml")))
)
def test_the_examples_and_policies_read_by_each_reader_are_read_as_the_slow_path_reads_them(
    path: Path,
) -> None:
    check_against_slow_path(path.read_text(encoding="utf-8"))


@MANY
@given(st.from_regex(r"[A-Za-z_][\w-]*", fullmatch=True) | st.sampled_from(sorted(yamlfast._WORDS)))
def test_a_key_written_as_a_word_reads_as_another_type_only_if_it_is_one_of_the_words(
    key: str,
) -> None:
    # `_row` asks `key in _WORDS` of a key (it starts with a letter or `_`)
    if yamlfast._ROW.fullmatch(f"{key}: x").group(3) == key:
        assert _reads_as_another_type(key) == (key in yamlfast._WORDS)
