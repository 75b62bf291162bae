"""A fast first read of YAML text, for the texts it reads exactly as the slow path does
(`yamlread.ValueBuilder` on PyYAML's parser: YAML 1.1, timestamps kept as text), and no others.

`read_fast(text, max_depth)` gives the document's value, or None to decline: then the slow path
reads the text, and words any error with its position. It tries a block reader of our own first
(`read_block`, at the end of this module: the texts `yaml.safe_dump` writes, line by line), then
yaml_rs (a parser in Rust, `read_rs`). Each declines whenever its answer could differ from the
slow path's; yaml_rs in three steps:

1. The text, before yaml_rs sees it (`_declined_text`): tags, anchors, aliases, escapes, block
   scalars, flow collections, tabs, merge keys, document markers and directives, numbers written
   with a leading zero or underscore (`010` is 8 in YAML 1.1, 10 for yaml_rs), characters PyYAML
   refuses or reads as line breaks, lines ended by CR alone, and lines indented 48 places or
   more (yaml_rs recurses without a limit: 20,000 levels of nesting crashed the process).
2. yaml_rs itself: any error (the slow path says what is wrong, and where); duplicate keys are an
   error there too.
3. The value (`_plain`): floats (YAML 1.2 reads `1e3` and `.5` as numbers, YAML 1.1 as text),
   anything but text, integers, true/false, null, mappings and lists; keys that are not text;
   nesting `max_depth` levels deep; and text that PyYAML would read as another type when written
   plain (`yes`, `on`, `1:30`, `0b11`, `=`...): it may have been written so, and yaml_rs (YAML
   1.2) kept it as text. A null document is declined too (an empty file is the slow path's to
   refuse).

Positions are not read here: a `Document` reads them from the text, through PyYAML, only when a
problem is reported (`source._all_positions`), whichever path read its values.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from followup.yamlread import READ_AS_TEXT

_DECLINED_CHARS = "!&*\\|>{}[]\t" + "".join(
    chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)
)
"""Tags, anchors, aliases, escapes, block scalars, flow collections, tabs; and the ASCII controls
PyYAML refuses. Each is looked for on its own: a search for one character is a `memchr`, some
30 times cheaper than a regular expression's character set."""

_NON_ASCII = re.compile("[\x80-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""What PyYAML refuses (C1 controls, surrogates, U+FFFE/F) or reads as a line break (NEL,
U+2028/9), and byte order marks."""

_MARKERS = ("---", "...", "%")
"""A line that starts with a document's marker or a directive."""
_INDENT_FOLD = bytes.maketrans(b"?:-", b"   ")
_DEEP_LINE = b" " * 48
"""A line that starts with 48 places of indentation and indicators (` ?:-`, folded to spaces in
one C pass over the bytes, so that `str.find` can look for them): yaml_rs recurses without a
limit (20,000 levels crashed it), and block nesting needs a place or two per level, so this keeps
it under about a hundred. Four searches and a fold cost 32 M instructions for the benchmark's
3,000 applications, where one regular expression (`\n(?:---|...|[ ?:-]{48})`) cost 44 M."""

_ODD_NUMBER = re.compile(r"[-+]?[_0][0-9A-Za-z_]+(?= *(?:#|\r?$))", re.MULTILINE)
_ODD_NUMBER_STARTS = (" 0", " _", " -0", " -_", " +0", " +_")
"""A whole plain scalar that is a number written with a leading zero or underscore: `010` is 8
in YAML 1.1 and 10 for yaml_rs, `08`, `0o10` and `_1` are text in YAML 1.1 and numbers for
yaml_rs. In a mapping or a list a value starts after a space (a document that is a number alone
is declined), so the text is searched for a space and the number's start (a plain `str.find`,
many times cheaper than a regular expression), and the pattern checked only there."""
_ODD_FOLD = bytes.maketrans(b"+_", b"-0")
"""Folds the starts of `_ODD_NUMBER_STARTS` into ` 0` and ` -0` (an ASCII text's bytes keep its
characters' places)."""


def _declined_text(text: str) -> bool:
    """Whether the text holds anything the fast path leaves to the slow one (module docstring)."""
    for char in _DECLINED_CHARS:
        if char in text:
            return True
    if "<" in text and "<<" in text:  # one character first: a search for it is a memchr
        return True
    if not text.isascii() and _NON_ASCII.search(text) is not None:
        return True
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return True  # lines ended by CR alone: the line checks below look for LF
    if text.startswith(_MARKERS) or "\n---" in text or "\n..." in text:
        return True
    if "%" in text and "\n%" in text:
        return True
    data = text.encode()  # the folds below leave the bytes of other characters (>= 0x80) alone
    indents = data.translate(_INDENT_FOLD)
    if indents.startswith(_DEEP_LINE) or b"\n" + _DEEP_LINE in indents:
        return True
    if not text.isascii():
        return _odd_number(text, _ODD_NUMBER_STARTS, text)
    # The six starts are two once signs and underscores are folded (`+_` to `-0`, in one C
    # pass over the bytes, whose places are the text's when it is ASCII): 37 M instructions
    # against 52 M for the benchmark's 3,000 applications.
    return _odd_number(data.translate(_ODD_FOLD), (b" 0", b" -0"), text)


def _odd_number(haystack: Any, starts: tuple[Any, ...], text: str) -> bool:
    """Whether a number with a leading zero or underscore (`_ODD_NUMBER`) starts one place after
    any of `starts` in `haystack`: the text itself, or its characters folded one for one."""
    for start in starts:
        at = haystack.find(start)
        while at >= 0:
            if _ODD_NUMBER.match(text, at + 1) is not None:
                return True
            at = haystack.find(start, at + 2)
    return False


_WORDS = frozenset(
    {
        *("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"),
        *("true", "True", "TRUE", "false", "False", "FALSE"),
        *("", "~", "null", "Null", "NULL", "<<", "=", "!", "&", "*"),
    }
)
"""The texts PyYAML's safe resolver reads, written plain, as true/false, null, a merge key, the
`=` value key or a YAML tag: the words of its patterns (tests compare with the resolver)."""

_NUMBER_CHARS = "+-.:_0123456789abcdefABCDEFxinIN"
"""Every character of PyYAML's integer and float patterns (`0x1F`, `1:30`, `-.inf`, `.NaN`)."""
_NUMBERS: tuple[re.Pattern[str], ...] = tuple(
    pattern
    for tag, pattern in yaml.SafeLoader.yaml_implicit_resolvers["0"]
    if tag not in READ_AS_TEXT
)
"""PyYAML's own patterns of an integer and a float (`1_000`, `1:30`, `0b11`, `.5`, `.inf`)."""
_NUMBER_STARTS = "".join(
    sorted(
        first
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        if first and any(pattern in _NUMBERS for _, pattern in resolvers)
    )
)
"""The first characters of PyYAML's integers and floats (`+-.0123456789`): the resolver files its
patterns by first character, and only these hold one of `_NUMBERS`."""


def read_fast(text: str, max_depth: int) -> Any:
    """The value of a one-document YAML text, as the slow path reads it; None to decline."""
    value = read_block(text, max_depth)
    if value is not None:
        return value
    return read_rs(text, max_depth)


def read_rs(text: str, max_depth: int) -> Any:
    """`read_fast` through yaml_rs alone (steps 1-3 of the module docstring)."""
    if _declined_text(text):
        return None
    import yaml_rs  # here: ~2.7 M instructions, not needed by a text the block reader reads

    try:
        value: Any = yaml_rs.loads(text, parse_datetime=False)  # its stub's type is too narrow
    except Exception:  # whatever it is, the slow path finds it and says where
        return None
    except BaseException as exc:  # a panic in the Rust code is not an Exception
        if type(exc).__name__ != "PanicException":
            raise
        return None
    kind = type(value)
    if kind is dict or kind is list:
        return value if _plain(value, 1, max_depth, set()) else None
    if kind is str:
        return None if _reads_as_another_type(value) else value
    return None  # null, a number or true/false alone: no file of ours, the slow path says why


def _reads_as_another_type(text: str) -> bool:
    """Whether PyYAML reads `text`, written plain, as anything but text (or a timestamp, which
    the slow path keeps as text)."""
    if text in _WORDS:
        return True
    # A number starts with one of a few characters (a look-up in C, where a Python call of
    # strip() cost about 2,000 instructions a text: 12 M for the benchmark's 3,000 applications,
    # where names, ids and addresses start with a letter), and is made of these characters only
    # (strip(), in C, leaves none of them behind).
    return (
        text[0] in _NUMBER_STARTS
        and not text.strip(_NUMBER_CHARS)
        and any(pattern.match(text) for pattern in _NUMBERS)
    )


def _plain(node: dict[Any, Any] | list[Any], depth: int, max_depth: int, known: set[str]) -> bool:
    """Whether a mapping or list (at nesting level `depth`, the document's own being 1) holds
    only what the slow path would read the same: see the module docstring. `known` holds the
    texts already found plain (names, types and addresses repeat: each is checked once)."""
    if depth >= max_depth:
        return False
    if type(node) is dict:
        # Keys and values in one loop: a second loop over the keys cost 11 M instructions for
        # the benchmark's 3,000 applications.
        for key, item in node.items():
            if type(key) is not str:
                return False
            kind = type(item)
            if kind is str:
                if item not in known:
                    if _reads_as_another_type(item):
                        return False
                    known.add(item)
            elif kind is dict or kind is list:
                if not _plain(item, depth + 1, max_depth, known):
                    return False
            elif kind is not int and kind is not bool and item is not None:
                return False
        return True
    for item in node:
        kind = type(item)
        if kind is str:
            if item not in known:
                if _reads_as_another_type(item):
                    return False
                known.add(item)
        elif kind is dict or kind is list:
            if not _plain(item, depth + 1, max_depth, known):
                return False
        elif kind is not int and kind is not bool and item is not None:
            return False
    return True


# The block reader: a text written as `yaml.safe_dump` writes a document of ours (block mappings
# and lists, one scalar a line, keys that are words) is read line by line in Python, without
# yaml_rs, and with no walk of the values afterwards. Its lines repeat (`  - type: interview`,
# `    round: 1`: 10,301 distinct lines of 85,146 in the benchmark's 3,000 applications), so each
# distinct line is read once (`_row`) and every line costs a dictionary look-up.

_ROW = re.compile(r"( *)((?:- )*)(?:([A-Za-z_][\w-]*):(?: |$))?(.*)", re.ASCII)
"""One line: its indentation, the `- ` of the list items it starts, a key written as a word and
what follows the key (or the items' start): a scalar or nothing."""
_LONGEST_KEY = 256
"""PyYAML's simple keys stop at 1,024 characters: longer ones are left to the other readers."""
_PLAIN_TEXT = re.compile(r"(?:[A-Za-z0-9_(/+]|-(?=[^ ]))[A-Za-z0-9_()/+.,;@='\"?!&%$~^<>*|: -]*")
"""A plain scalar this reader reads: it starts with a letter, a digit or one of `_(/+` (or a
`-` not followed by a space: `-1`), and holds printable ASCII but no `#`, backslash, braces,
brackets, backquote or tab; nor (`_scalar` asks) a space at its end or a `:` before a space or
at its end. Each of those PyYAML reads as an indicator, a comment or white space to strip, or
is left to the other readers; spaces inside the line are kept (`a  b`). Whether it reads as
another type is asked separately."""
_QUOTED_TEXT = re.compile(r"'[ -&(-~]*'|\"[ !#-\[\]-~]*\"")
"""A single- or double-quoted scalar on one line, of printable ASCII, with no escape (`''` or a
backslash) and nothing after its closing quote: its text is what lies between the quotes."""
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
"""An integer PyYAML reads in base 10 (no `_`, no leading `0`): Python's `int` reads it alike."""
_BOOLEANS_AND_NULLS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("null", "Null", "NULL"), None),
}
"""The plain words PyYAML reads as true, false or null (`~` is left to the other readers): a
test compares them with PyYAML's resolver and constructor."""
_DECLINE: Any = object()
_NOTHING: Any = object()
"""A key with nothing after it on its line: its value is on the lines below, or null."""
_BLANK = (-1, 0, None, _NOTHING)
_DECLINED = (-2, 0, None, _NOTHING)
_NO_PLACE = -3
"""No line's place (a row's is a place, or -1 for an empty line, -2 for a declined one)."""


def _scalar(raw: str) -> Any:
    """The value of a scalar as written on a line (`raw`), or `_DECLINE`."""
    first = raw[0]
    if first == "'" or first == '"':
        return raw[1:-1] if _QUOTED_TEXT.fullmatch(raw) is not None else _DECLINE
    if _PLAIN_TEXT.fullmatch(raw) is None or raw[-1] == " " or raw[-1] == ":" or ": " in raw:
        return _DECLINE
    if _DECIMAL.fullmatch(raw) is not None:
        return int(raw)
    known = _BOOLEANS_AND_NULLS.get(raw, _DECLINE)
    if known is not _DECLINE:
        return known
    return _DECLINE if _reads_as_another_type(raw) else raw


_Row = tuple[int, int, "str | None", Any]


def _row(line: str) -> _Row:
    """A line read: the place of its first item or key, how many list items it starts, its key
    (or None) and its scalar (or `_NOTHING`); `_BLANK` for an empty line; `_DECLINED` for a line
    the block reader does not read."""
    if not line:
        return _BLANK
    found = _ROW.fullmatch(line)
    if found is None:  # a CR or another character `.` does not match
        return _DECLINED
    indent, dashes, key, rest = found.groups()
    # A key starts with a letter or `_`, so of PyYAML's other types it can only be a word.
    if key is not None and (len(key) > _LONGEST_KEY or key in _WORDS):
        return _DECLINED
    value = _scalar(rest) if rest else _NOTHING
    if value is _DECLINE or not (dashes or key) or (not rest and not key):
        return _DECLINED  # a scalar on a line of its own, `- ` alone, spaces alone
    return len(indent), len(dashes) // 2, key, value


def read_block(text: str, max_depth: int) -> Any:
    """The value of a YAML text written in block style only, as the slow path reads it, or None
    to decline: a mapping or list at the first place of the first line, each line a key of a
    mapping (`key: scalar`, or `key:` and its value's lines below it, more indented or, for a
    list, at the key's place) or items of a list (`- scalar`, `- - ...`, `- key: ...`), empty
    lines between. Anything else is declined: comments, lines of spaces, a scalar on a line of
    its own (a continued plain scalar), `-` alone, flow collections, anchors, tags, escapes,
    block scalars, document markers, keys other than words, duplicate keys, tabs, CR,
    characters beyond ASCII, nesting `max_depth` deep, and a plain scalar PyYAML reads as a
    number other than a decimal integer (or as a merge key, `=`, ...)."""
    if not text.isascii() or max_depth <= 1:
        return None
    rows: dict[str, _Row] = {}
    stack: list[tuple[int, Any, bool]] = []  # open collections: place, collection, is_map
    top: Any = None  # the innermost open collection
    map_col = _NO_PLACE  # a line at this place with a key and no item continues `top`, a mapping
    pending: str | None = None  # a key of `top` whose value starts on the next line
    root: Any = None
    for line in text.split("\n"):
        row = rows.get(line)
        if row is None:
            row = rows[line] = _row(line)
        col, levels, key, value = row
        if col == map_col and not levels:
            # The common line: the next key of the open mapping.
            if key in top:
                return None
            if value is not _NOTHING:
                top[key] = value
            else:
                pending, map_col = key, _NO_PLACE
            continue
        if col < 0:
            if col == -1:
                continue  # an empty line
            return None
        if pending is not None:
            if col > stack[-1][0] or (col == stack[-1][0] and levels):
                # the value of `pending`: a list or mapping from this line on
                new: Any = [] if levels else {}
                top[pending] = new
                stack.append((col, new, not levels))
                if len(stack) >= max_depth:
                    return None
            else:
                top[pending] = None
            pending = None
        elif not stack:
            if col or root is not None:
                return None
            root = [] if levels else {}
            stack.append((0, root, not levels))
        while True:  # close the collections this line is not in
            place, top, is_map = stack[-1]
            if place > col or (place == col and not is_map and not levels):
                stack.pop()
                if not stack:
                    return None
            else:
                break
        if place != col:
            return None
        if is_map:
            if levels or key in top:
                return None
            if value is not _NOTHING:
                top[key] = value
                map_col = col
            else:
                pending, map_col = key, _NO_PLACE
            continue
        # Items of the list `top`: the first `- ` adds one; each further one a list inside it.
        if levels > 1:  # (most lines start one item: no loop for them)
            if len(stack) + levels - (key is None) >= max_depth:
                return None  # the lists (and the mapping) this line opens would be too deep
            for _ in range(levels - 1):
                col += 2
                inner: list[Any] = []
                top.append(inner)
                stack.append((col, inner, False))
                top = inner
        col += 2
        if key is not None:
            if len(stack) >= max_depth - 1:
                return None  # the mapping this line opens would be too deep
            mapping = {key: value} if value is not _NOTHING else {}
            top.append(mapping)
            stack.append((col, mapping, True))
            top = mapping
            if value is not _NOTHING:
                map_col = col
            else:
                pending, map_col = key, _NO_PLACE
        else:
            top.append(value)
            map_col = _NO_PLACE
    if pending is not None:
        top[pending] = None
    return root
