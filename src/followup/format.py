"""Every input file's format as data, and the one checker that reads a file against it.

A format is a tuple of `Key`s (cfgv's `Map` of `Required`/`Optional`): each names a field, the kind
of value it holds, whether it is required, its allowed values and what it means. The same
declaration

- checks a file: a `Checker` walks a `Document` and collects every `Problem` (code, file:line:col,
  message) instead of stopping at the first, so a file's problems are all reported in one run;
- and emits the file's JSON Schema (`json_schema`, `followup schema NAME`).

What needs more than a shape (a known time zone, a window that opens before it closes) is a small
check next to its reader (`policy/checks.py`, the events reader). Positions are read only when a
problem is reported (`Document.loc`), so checking a good file never looks for them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, Final, NamedTuple

from mypy_extensions import mypyc_attr

from followup.errors import InputError, Problem, clip, quote
from followup.errors import did_you_mean as closest
from followup.frozen import frozen
from followup.source import Document, PathKey, format_path


def describe(value: Any) -> str:
    """How a wrong value is named in messages: `a list`, `true/false`, `'abc'` (shortened)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quote(value)


def did_you_mean(value: str, known: Any, fallback: str | None = "one of") -> str:
    """`; did you mean 'x'?`, or `; one of: a, b, c` when nothing is close (nothing when
    `fallback` is None)."""
    names = [str(k) for k in known]
    listed = f"; {fallback}: {', '.join(names)}" if fallback is not None else ""
    return closest(value, names, otherwise=listed)


@frozen
class Key:
    """One field of a format.

    `type` is one of: `text` (a string), `label` (text or a number read as text, stripped, no
    control characters), `int`, `bool`, `choice`, `list[text]`, `list[choice]`, `list[date]`
    (each also takes one bare value), `map` (`keys`, or the `$defs` entry `ref`), `list[map]`,
    `any`, and the types a reader adds (`duration`, `clock`, `conditions`, `moment`, `zone`,
    `texts`, `template`), whose JSON Schema is `schema`.
    """

    name: str
    type: str
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    keys: tuple[Key, ...] = ()
    default: Any = None
    pattern: str = ""  # a regular expression text values must match (also in the JSON Schema)
    like: str = ""  # what text matching `pattern` is, for the message refusing other text
    unlike_code: str = "bad-id"  # the code of text that does not match `pattern`
    null: bool = False  # `key: null` (or `key:`) is the same as leaving the key out
    minimum: int = 0  # of an `int`
    maximum: int | None = None  # of an `int`, when it has one
    ref: str = ""  # a `map`/`list[map]` declared once under `$defs`
    schema: Mapping[str, Any] | None = None  # the JSON Schema of a reader's own type
    missing: str = ""  # the message when a required key is missing (else: which key)
    item: str = ""  # what one item of a `list[map]` is, in a message (else: a mapping)


class Finding(NamedTuple):
    """What a check found, below the path of the values it was given (its code is the name it
    is registered under)."""

    where: PathKey
    message: str
    severity: str = "error"


Check = Callable[[Mapping[str, Any]], Iterator[Finding]]


# -- JSON Schema -------------------------------------------------------------------------------
def _with_null(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        schema["type"] = [*kind, "null"]
    return schema


def key_schema(key: Key) -> dict[str, Any]:
    """The JSON Schema of one field."""
    schema: dict[str, Any] = {"description": key.doc} if key.doc else {}
    kind = key.type
    if key.schema is not None:
        schema.update(key.schema)
    elif kind == "text":
        schema["type"] = "string"
        if key.pattern:
            schema["pattern"] = key.pattern
        elif key.required or key.name == "extends":
            schema["pattern"] = r"\S"  # not blank, as the checker demands
    elif kind == "label":
        schema["type"] = ["string", "number"]
        if key.pattern:
            schema["pattern"] = key.pattern
    elif kind == "int":
        schema.update(type="integer", minimum=key.minimum)
        if key.maximum is not None:
            schema["maximum"] = key.maximum
    elif kind == "bool":
        schema["type"] = "boolean"
    elif kind == "date":
        schema.update(type="string", format="date")
    elif kind == "choice":
        schema["enum"] = list(key.choices)
    elif kind in ("list[text]", "list[choice]", "list[date]"):  # also one bare value
        one = key_schema(Key(key.name, kind[5:-1], "", choices=key.choices))
        schema.update(anyOf=[one, {"type": "array", "items": one}])
    elif kind == "map":
        schema.update({"type": "object", "$ref": f"#/$defs/{key.ref}"} if key.ref else {})
        schema.update({} if key.ref else object_schema(key.keys))
    elif kind == "list[map]":
        item = {"type": "object", "$ref": f"#/$defs/{key.ref}"} if key.ref else None
        schema.update(type="array", items=item or object_schema(key.keys))
    if key.null:
        _with_null(schema)
    if key.default is not None:
        schema["default"] = key.default
    return schema


def object_schema(keys: tuple[Key, ...], doc: str = "") -> dict[str, Any]:
    """The JSON Schema of a mapping of `keys` (no other keys)."""
    out: dict[str, Any] = {"type": "object"}
    if doc:
        out["description"] = doc
    out.update(
        properties={k.name: key_schema(k) for k in keys},
        required=[k.name for k in keys if k.required],
        additionalProperties=False,
    )
    return out


# -- the checker -------------------------------------------------------------------------------
_Shape = tuple[tuple[Key, ...], frozenset[str], dict[str, Key], tuple[str, ...]]
_SHAPES: Final[dict[int, _Shape]] = {}


def _shape(keys: tuple[Key, ...]) -> _Shape:
    """(keys, their names, each by its name, the required names) of a declaration, worked out
    once."""
    found = _SHAPES.get(id(keys))
    if found is None or found[0] is not keys:
        by_name = {k.name: k for k in keys}
        required = tuple(k.name for k in keys if k.required)
        found = _SHAPES[id(keys)] = (keys, frozenset(by_name), by_name, required)
    return found


_BUILT_IN: Final = frozenset(
    ("text", "label", "int", "bool", "choice", "list[text]", "list[choice]", "list[date]", "date")
)
"""The types every reader knows (a reader's own are read by its `other`)."""
CHECK: Final = object()
"""What a quick reader returns for a value it leaves to the checked way."""


_pattern = cache(re.compile)  # a Key's pattern, compiled once (re's own cache costs more)

Quick = Callable[[Any, Any], Any]
"""Reads one value of a key, given the reader and the value, when it is plainly right (what
`Checker.value` would return without reporting anything), else returns CHECK."""


def _quick_bool(_: Any, value: Any) -> Any:
    return value if type(value) is bool else CHECK


def _quick_reader(key: Key) -> Quick | None:
    """The quick reader of one of the types every reader knows; None for a type read only the
    checked way (lists and dates: no file read often holds them)."""
    kind = key.type
    pattern = _pattern(key.pattern).match if key.pattern else None
    if kind == "label":

        def label(_: Any, value: Any) -> Any:
            if type(value) is not str:
                return CHECK  # a number: read as text the checked way
            text = value.strip()
            if text and text.isprintable() and (pattern is None or pattern(text)):
                return text
            return CHECK

        return label
    if kind == "text":
        blank_ok = not key.required

        def text(_: Any, value: Any) -> Any:
            if type(value) is str and (blank_ok or value.strip()):
                return value if pattern is None or pattern(value) else CHECK
            return CHECK

        return text
    if kind == "int":
        low, high = key.minimum, key.maximum

        def whole(_: Any, value: Any) -> Any:
            if type(value) is int and low <= value and (high is None or value <= high):
                return value
            return CHECK

        return whole
    if kind == "bool":
        return _quick_bool
    if kind == "choice":
        choices = frozenset(key.choices)

        def choice(_: Any, value: Any) -> Any:
            return value if type(value) is str and value in choices else CHECK

        return choice
    return None


_Compiled = tuple[dict[str, Quick], tuple[str, ...]]
_COMPILED: Final[dict[tuple[type, int], tuple[tuple[Key, ...], _Compiled]]] = {}
"""(reader class, declaration by identity) -> the declaration (kept alive), its quick readers
by name and its required names."""
_Step = tuple[int, int, Any]
"""How the quick way reads one key of a declaration: where its value goes among the record's
field values, how it is read (`_LABEL`, `_CHOICE`: in `Layout.values`' loop; `_READ`: by its
reader) and what that needs (nothing, the choices, the reader)."""
_LABEL: Final = 0
_CHOICE: Final = 1
_READ: Final = 2


class Layout:
    """A declaration read into a record's field values, in the order its class declares them:
    a list its reader stores in the record by one unpacking (`EventsReader`).

    `values` is the quick way (what `Checker.mapping` and `written` give when they find
    nothing to report): each key's step is looked up once, its value checked in the loop
    (a label, a choice: the commonest, no call) or read by its reader, and put in its place
    among the defaults; no dict of the fields read, no `get` per field (round 15: reading an
    events file 270 k -> 200 k instructions per application, docs/performance.md). A lookup
    per key costs less than a plan per shape of mapping: the keys as a tuple, its lookup and a
    `zip` over plan and values cost 3.6 k for a name and an email, their two lookups ~0.8 k.
    A reader must return CHECK for None (the loop does not look first: a null, even where the
    key allows it, is left to the checked way). `of` puts the fields the checked way read
    (`Checker.written`) in the same places.
    """

    __slots__ = ("_required", "_steps", "_template", "slots")

    def __init__(
        self,
        keys: tuple[Key, ...],
        compiled: _Compiled,
        slots: dict[str, int],
        template: tuple[Any, ...],
    ) -> None:
        readers, self._required = compiled
        self.slots, self._template = slots, list(template)
        self._steps: dict[str, _Step] = {}
        for key in keys:
            read = readers.get(key.name)
            if read is None or key.name not in slots:
                continue
            slot = slots[key.name]
            if key.type == "label" and not key.pattern:
                self._steps[key.name] = (slot, _LABEL, None)
            elif key.type == "choice":
                self._steps[key.name] = (slot, _CHOICE, frozenset(key.choices))
            else:
                self._steps[key.name] = (slot, _READ, read)

    def values(self, reader: Any, data: Any) -> list[Any] | None:
        """The record's field values read the quick way (defaults where a key is absent), or
        None: read it the checked way."""
        if type(data) is not dict:
            return None
        for needed in self._required:
            if needed not in data:
                return None
        found, steps = self._template.copy(), self._steps
        name: Any  # a file's key may be a number (`3:`): not a `str` to compiled code
        for name in data:
            try:
                slot, kind, how = steps[name]
            except KeyError:  # a key the quick way does not read (unknown, or not quickly)
                return None
            item = data[name]
            if kind == _LABEL:  # as `_quick_reader`'s label, without its call
                if type(item) is not str:
                    return None
                item = item.strip()
                if not item or not item.isprintable():
                    return None
            elif kind == _CHOICE:
                if type(item) is not str or item not in how:
                    return None
            else:
                item = how(reader, item)
                if item is CHECK:
                    return None
            found[slot] = item
        return found

    def of(self, fields: Mapping[str, Any]) -> list[Any]:
        """The record's field values from the fields the checked way read (defaults for the
        rest)."""
        found, slots = self._template.copy(), self.slots
        for name, value in fields.items():
            found[slots[name]] = value
        return found


_SEXAGESIMAL: Final = re.compile(r"[1-9][0-9_]*(:[0-5]?[0-9])+\b")
"""How YAML 1.1 writes a base-60 integer: an unquoted `18:00` is read as 1080."""
_CONTROL_CHARACTER: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and newline (which multi-line notes may hold)."""


@mypyc_attr(allow_interpreted_subclasses=True)  # the policy readers are plain Python
class Checker:
    """Checks the values of one `Document` against declarations and collects every problem.

    Each check reports what is wrong (`report`) and returns None for a value it refused, so the
    reader goes on and the next problem is found in the same run. `rule_id`: the policy rule
    being read, named in every problem found inside it.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.rule_id: str | None = None

    def report(
        self,
        path: PathKey,
        code: str,
        message: str,
        *,
        severity: str = "error",
        key: bool = False,
    ) -> None:
        """One problem at the value (or, `key`, the key) at `path`."""
        loc = self.doc.key_loc(path) if key else self.doc.loc(path)
        shown = tuple(clip(p) if isinstance(p, str) else p for p in path)
        rule = clip(self.rule_id) if self.rule_id is not None else None
        self.problems.append(
            Problem(loc, code, message, severity, rule=rule, field=format_path(shown))
        )

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def failure(self) -> InputError:
        """The problems found so far as one error: the first on one line, `file:line:col: field:
        message`, with how many more there are; `problems` holds them all, in the order found
        (a file's order, an unknown key before the required one it may misspell)."""
        errors = self.errors()
        return InputError(one_line(errors[0], more=len(errors) - 1), errors)

    def refuse(self, path: PathKey, code: str, message: str) -> InputError:
        """Report a problem that stops the reading (a limit checked before the work)."""
        self.report(path, code, message)
        return self.failure()

    # -- shapes ------------------------------------------------------------------------------
    def mapping(self, value: Any, path: PathKey, keys: tuple[Key, ...]) -> dict[str, Any]:
        """`value` as a mapping of `keys`: every unknown key (with a did-you-mean) and missing
        required key is reported; `{}` for a value that is no mapping."""
        if type(value) is not dict:
            self.report(path, "wrong-type", f"expected a mapping, got {describe(value)}")
            return {}
        _, known, by_name, required = _shape(keys)
        for name in value:
            if name not in known:
                tip = did_you_mean(str(name), by_name, "known")
                message = f"unknown key {quote(name)}{tip}"
                self.report((*path, name), "unknown-key", message, key=True)
        for name in required:
            if value.get(name) is None:
                message = by_name[name].missing or f"missing required key {name!r}"
                self.report(path, "missing-key", message)
        return value

    def written(self, data: dict[str, Any], path: PathKey, keys: tuple[Key, ...]) -> dict[str, Any]:
        """The fields of `keys` written in `data`, each checked (`value`); one that is wrong,
        null or missing is left out (reported when it may not be), so a record's defaults stand
        in. Unknown keys and missing required ones are the mapping's problem."""
        by_name = _shape(keys)[2]
        found = {}
        name: Any  # a file's key may be a number (`3:`)
        item: Any  # declared: mypyc infers None from the first test below
        for name, item in data.items():
            key = by_name.get(name)
            if key is None:
                continue
            if item is None:
                if not (key.null or key.required):
                    self.wrong((*path, name), "a value", item)
                continue
            checked = self.value(item, (*path, name), key)
            if checked is not None:
                found[name] = checked
        return found

    @classmethod
    def layout(
        cls, keys: tuple[Key, ...], slots: dict[str, int], template: tuple[Any, ...]
    ) -> Layout:
        """The quick way of reading `keys` into a record's field values (`Layout`): each key's
        place among the record's (`slots`, by the key's name) and their defaults (`template`),
        with this class's quick readers. A reader makes it once and keeps it."""
        return Layout(keys, cls._compiled_for(keys), slots, template)

    @classmethod
    def _compiled_for(cls, keys: tuple[Key, ...]) -> _Compiled:
        """The quick readers of `keys` by name and the required names:
        made once per declaration and reader class (functions of the reader and a value: a
        reader holding its own bound methods would be a reference cycle)."""
        compiled = _COMPILED.get((cls, id(keys)))
        if compiled is None or compiled[0] is not keys:
            compiled = _COMPILED[(cls, id(keys))] = (keys, cls._compile(keys))
        return compiled[1]

    @classmethod
    def _compile(cls, keys: tuple[Key, ...]) -> _Compiled:
        readers = {}
        for key in keys:
            read = _quick_reader(key) if key.type in _BUILT_IN else cls.quick_other(key)
            if read is not None:
                readers[key.name] = read
        return readers, tuple(k.name for k in keys if k.required)

    @classmethod
    def quick_other(cls, key: Key) -> Quick | None:
        """The quick reader of a type a reader adds (None: read only the checked way)."""
        return None

    def walk(self, value: dict[str, Any], path: PathKey, keys: tuple[Key, ...]) -> None:
        """Check every declared field of a mapping, into nested `list[map]`s (other keys are let
        be: a format that may grow). A required key must be there; `null` is a value like any
        other unless the key allows it."""
        item: Any  # declared, as in `written`
        for key in keys:
            if key.name not in value:
                if key.required:
                    self.report(path, "missing-key", key.missing or f"missing {key.name}")
                continue
            item, where = value[key.name], (*path, key.name)
            if item is None and key.null:
                continue
            if key.type == "list[map]" and key.keys:
                if type(item) is not list:
                    self.wrong(where, key.doc or "a list", item)
                    continue
                for i, one in enumerate(item):
                    if type(one) is not dict:
                        self.wrong((*where, i), key.item or "a mapping", one)
                    else:
                        self.walk(one, (*where, i), key.keys)
            elif item is None:
                self.wrong(where, key.doc or "a value", item)
            else:
                self.value(item, where, key)

    def fields(self, data: dict[str, Any], path: PathKey, keys: tuple[Key, ...]) -> dict[str, Any]:
        """Every (scalar) field of `keys` in `data`, checked; its default when absent or null;
        None when absent without a default, or wrong."""
        values = {}
        for key in keys:
            value = data.get(key.name)
            value = key.default if value is None else value
            values[key.name] = self.value(value, (*path, key.name), key)
        return values

    def run(self, checks: Mapping[str, Check], values: Mapping[str, Any], path: PathKey) -> bool:
        """Run each check on `values` (found at `path`) and report what it finds under the code
        it is registered as; True when none found an error."""
        clean = True
        for code, check in checks.items():
            for where, message, severity in check(values):
                self.report((*path, *where), code, message, severity=severity)
                clean = clean and severity != "error"
        return clean

    def items(self, value: Any, path: PathKey, wanted: str = "a list") -> list[Any]:
        """`value` as a list: none when it is None, or (reported) not a list."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.wrong(path, wanted, value)
            return []
        return value

    def wrong(self, path: PathKey, wanted: str, value: Any) -> None:
        self.report(path, "wrong-type", f"expected {wanted}, got {describe(value)}")

    def value(self, value: Any, path: PathKey, key: Key) -> Any:
        """A field's value checked against its `Key`; None (reported) when it is wrong.
        None in, None out: a missing field is the mapping's problem, when it is required."""
        if value is None:
            return None
        kind = key.type
        if kind not in _BUILT_IN:
            return self.other(value, path, key)
        if kind == "text":
            if not isinstance(value, str):
                return self.wrong(path, "text", value)
            if key.required and not value.strip():
                self.report(path, "empty-value", "must not be empty")
                return None
            return self.matching(value, path, key)
        if kind == "label":
            return self.matching(self.label(value, path, required=key.required), path, key)
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return self.wrong(path, "a whole number", value)
            top = value if key.maximum is None else key.maximum
            if not key.minimum <= value <= top:
                bound = f"{key.minimum} or more" if value < key.minimum else f"{top} or less"
                self.report(path, "out-of-range", f"must be {bound}, not {quote(value)}")
                return None
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                return self.wrong(path, "true or false", value)
            return value
        if kind == "choice":
            return self.choice(value, path, key.choices, self.choice_code(key))
        if kind in ("list[text]", "list[choice]", "list[date]"):
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list):
                return self.wrong(path, "a list", value)
            item_key = Key(key.name, kind[5:-1], key.doc, choices=key.choices)
            out = [self.value(item, (*path, i), item_key) for i, item in enumerate(items)]
            return tuple(v for v in out if v is not None)
        return self.date(value, path)

    def matching(self, text: str | None, path: PathKey, key: Key) -> str | None:
        """`text`, reported when it does not match `key.pattern` (and kept: what follows still
        names it)."""
        if text is not None and key.pattern and not _pattern(key.pattern).match(text):
            self.report(path, key.unlike_code, f"{quote(text)}: use {key.like}")
        return text

    def other(self, value: Any, path: PathKey, key: Key) -> Any:
        """The value of a type a reader adds (it overrides this)."""
        raise AssertionError(key.type)  # pragma: no cover - every declared type is handled

    def choice_code(self, key: Key) -> str:
        """The code of a value outside `key`'s choices."""
        return "unknown-value"

    def choice(
        self, value: Any, path: PathKey, choices: tuple[str, ...], code: str = "unknown-value"
    ) -> str | None:
        if isinstance(value, str) and value in choices:
            return value
        tip = did_you_mean(str(value), choices)
        close = tip.startswith("; did you mean")
        shown = quote(value) if close else clip(repr(value), 32)  # the list is long enough
        self.report(path, code, f"{shown} is not allowed{tip}")
        return None

    def date(self, value: Any, path: PathKey) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.report(path, "bad-date", f"{quote(value)} is not a date; write it as YYYY-MM-DD")
            return None

    def written_clock(self, path: PathKey) -> str | None:
        """The value at `path` as written, when it is written like 18:00 without quotes (YAML
        1.1 reads it as the base-60 number 1080)."""
        loc = self.doc.loc(path)
        lines = self.doc.text.splitlines()
        if not 0 < loc.line <= len(lines) or not loc.col:
            return None
        match = _SEXAGESIMAL.match(lines[loc.line - 1], loc.col - 1)
        return clip(match[0]) if match else None

    def label(self, value: Any, path: PathKey, *, required: bool) -> str | None:
        """Text (a number is read as text), stripped; None when empty. Control characters are
        refused: an escape sequence in a name would reach the terminal."""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.wrong(path, "text", value)
            return None
        text = str(value).strip()
        if required and not text:
            self.report(path, "empty-value", "must not be empty")
            return None
        if not text.isprintable():
            control = _CONTROL_CHARACTER.search(text)
            if control is not None:
                code = f"U+{ord(control.group()):04X}"
                self.report(path, "control-character", f"contains a control character ({code})")
                return None
        return text or None


def one_line(
    problem: Problem, more: int = 0, *, located: bool = True, whole: str = "the file"
) -> str:
    """`file:line:col: field: message` (`whole` when there is no field, nothing when it is ""),
    and how many more there are (`followup validate FILE` lists them all); without the position
    when not `located`. The column is left out only where nothing tells it (`Location`)."""
    where = f"{problem.loc}: " if located else ""
    field = problem.field or whole
    suffix = f" (and {more} more; run `followup validate` for all)" if more > 0 else ""
    return f"{where}{field}{': ' if field else ''}{problem.message}{suffix}"
