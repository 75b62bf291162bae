"""Read YAML and JSON files safely, keeping the position of every value.

Both formats become a `Document`: plain Python values (dicts, lists, str, int, float, bool, None)
plus a map from each value's path (`("applications", 0, "events", 2, "at")`) to its `Location`.
YAML is read by a block reader of our own or by yaml_rs where they read a text exactly as PyYAML
would (`followup.yamlfast`), and otherwise from the events of PyYAML's C safe loader; nothing is
ever constructed from tags and timestamps stay strings (the callers parse times with pendulum).
Hostile input is refused with a one-line `InputError`: files over a size limit, invalid UTF-8,
duplicate keys, merge keys, deep nesting and alias bombs.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from followup.digest import sha256
from followup.errors import InputError, Location, Problem, quote
from followup.gcpause import paused_gc
from followup.limits import MAX_INPUT_MB
from followup.yamlread import PathKey as PathKey
from followup.yamlread import ValueBuilder, located, positions
from followup.yamlread import format_path as format_path

try:  # the C loader is much faster; fall back to the pure-Python one where libyaml is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

DEFAULT_MAX_BYTES = MAX_INPUT_MB * 1024 * 1024
"""Files larger than this are refused unless the caller raises the limit (`--max-input-size`)."""
_RAISE_WITH = " (raise it with --max-input-size)"

MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences accepted; real files need fewer than ten levels."""

MAX_NODES = 2_000_000
"""Most values a document may expand to (aliases included): stops "billion laughs" files."""

FAST_YAML_FROM = 4096
"""YAML texts of this many characters or more are read fast first (`followup.yamlfast`: our block
reader, then yaml_rs): importing yaml_rs costs about 2.7 M instructions, and it saves about 650 a
character."""


class Document:
    """A parsed file: its values, where each value and key sits, and its digest.

    Positions are only needed to report a problem, so a file read by `parse_document` records
    none on the way in: `locs` and `key_locs` re-read the text for them on first use.
    """

    __slots__ = ("_key_locs", "_locate", "_locs", "_looked_up", "name", "sha256", "text", "value")

    def __init__(
        self,
        name: str,
        value: Any,
        text: str,
        sha256: str,
        locs: dict[PathKey, Location] | None = None,
        key_locs: dict[PathKey, Location] | None = None,
        *,
        locate: Callable[[Document], None] | None = None,
    ) -> None:
        self.name = name
        self.value = value
        self.text = text
        self.sha256 = sha256
        self._locs: dict[PathKey, Location] = {} if locs is None else locs
        self._key_locs: dict[PathKey, Location] = {} if key_locs is None else key_locs
        self._locate = locate
        self._looked_up: dict[PathKey, tuple[dict[PathKey, Location], dict[PathKey, Location]]] = {}

    def _positions(self) -> None:
        locate, self._locate = self._locate, None
        if locate is not None:
            locate(self)

    @property
    def locs(self) -> dict[PathKey, Location]:
        """Where each value sits, by path (read from the text on first use)."""
        self._positions()
        return self._locs

    @property
    def key_locs(self) -> dict[PathKey, Location]:
        """Where each mapping entry's key sits, by the entry's path."""
        self._positions()
        return self._key_locs

    def _maps(self, path: PathKey) -> tuple[dict[PathKey, Location], dict[PathKey, Location]]:
        """The positions of every value and key; in a large text, of `path` and its ancestors
        only (the map of every value of a 9 MB file took a gigabyte), and after a few such
        reads, of every value after all."""
        if self._locate is None or len(self.text) <= _WHOLE_MAP_CHARS:
            return self.locs, self.key_locs
        found = self._looked_up.get(path)
        if found is None:
            if len(self._looked_up) >= _LOOKUPS_BEFORE_MAP:
                return self.locs, self.key_locs
            found = self._looked_up[path] = _positions_of(self, path)
        return found

    def loc(self, path: PathKey) -> Location:
        """Where the value at `path` sits, or its nearest known ancestor."""
        probe = tuple(path)
        locs = self._maps(probe)[0]
        while probe:
            found = locs.get(probe)
            if found is not None:
                return found
            probe = probe[:-1]
        return locs.get((), Location(self.name, 1, 1) if self.text else Location(self.name))

    def key_loc(self, path: PathKey) -> Location:
        """Where the key of the entry at `path` sits (falls back to the value's position)."""
        probe = tuple(path)
        return self._maps(probe)[1].get(probe) or self.loc(path)


_WHOLE_MAP_CHARS = 1024 * 1024
"""Up to this size a text's positions are all read at once, the first time one is needed."""

_LOOKUPS_BEFORE_MAP = 8
"""Positions looked up one path at a time in a larger text before all are read at once."""


class SourceRef:
    """Where a value was written, found only when asked: (document, path) until `loc` is read.
    Compared and hashed by file name and path; pickled as the position itself."""

    __slots__ = ("doc", "path")

    def __init__(self, doc: Document, path: PathKey) -> None:
        self.doc = doc
        self.path = path

    @property
    def loc(self) -> Location:
        return self.doc.loc(self.path)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceRef):
            return NotImplemented
        return (self.doc.name, self.path) == (other.doc.name, other.path)

    def __hash__(self) -> int:
        return hash((self.doc.name, self.path))

    def __repr__(self) -> str:
        return f"SourceRef({self.doc.name!r}, {format_path(self.path)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to another process (`--jobs`) without the document: positions found there are
        # read from the file again, by its name, only if a problem needs them.
        return (_detached, (self.doc.name, self.path))


class _NamedDocument:
    """A stand-in `Document` for an unpickled `SourceRef`: reads the file named `name` for
    positions when first asked (the name is the path the file was read from)."""

    __slots__ = ("_doc", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self._doc: Document | None = None

    def loc(self, path: PathKey) -> Location:
        if self._doc is None:
            try:
                self._doc = load_document(Path(self.name), self.name, max_bytes=1 << 62)
            except InputError:
                self._doc = Document(self.name, None, "", "")
        return self._doc.loc(path)


_NAMED: dict[str, _NamedDocument] = {}


def _detached(name: str, path: PathKey) -> SourceRef:
    document = _NAMED.get(name)
    if document is None:
        document = _NAMED[name] = _NamedDocument(name)
    return SourceRef(document, path)  # type: ignore[arg-type]


def refused(where: Location | str, message: str, code: str = "unreadable") -> InputError:
    """A file that cannot be read as a document: one line `where: message`, and its problem."""
    loc = where if isinstance(where, Location) else Location(where)
    return InputError(f"{loc}: {message}", [Problem(loc, code, message)])


def read_text(
    path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES, raise_with: str = _RAISE_WITH
) -> str:
    """Read a UTF-8 text file, refusing oversize, unreadable and non-UTF-8 files on one line."""
    return decode_text(read_bytes(path, name, max_bytes, raise_with), name)


def read_bytes(
    path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES, raise_with: str = _RAISE_WITH
) -> bytes:
    """A file's bytes, read once, refusing oversize, unreadable and non-regular files (a pipe
    with no writer would block, a device may never end) on one line. `raise_with` ends the
    refusal of a file over `max_bytes`: how to raise the limit, or what a fixed one is for."""
    size = check_regular(path, name).st_size
    if size > max_bytes:
        message = f"file is {size} bytes, over the {max_bytes}-byte limit{raise_with}"
        raise refused(name, message, "too-large")
    try:
        # Non-blocking, and checked again once open: the path may have been swapped for a pipe.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise refused(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise refused(name, f"{kind}, not a regular file; give the path of a file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # At most one byte over (the file may be growing), a chunk at a time.
            raw = _read_at_most(handle, max_bytes + 1)
    except OSError as exc:
        raise refused(name, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        raise refused(
            name,
            f"more than {max_bytes} bytes, over the limit{raise_with}",
            "too-large",
        )
    return raw


def check_regular(path: Path, name: str) -> os.stat_result:
    """The status of `path` when it is (a symbolic link to) a regular file; else one line that
    says what it is: missing, a broken link, a link loop, a folder, a pipe, a device, a socket."""
    try:
        status = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise refused(
                name, f"a symbolic link to {path.readlink()}, which does not exist"
            ) from None
        raise refused(name, "no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refused(name, "a symbolic link loop") from None
        raise refused(name, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(status.st_mode):
        raise refused(name, "is a directory, not a file")
    kind = _kind(status.st_mode)
    if kind is not None:
        raise refused(name, f"{kind}, not a regular file; give the path of a file")
    return status


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a special file"


_CHUNK = 1 << 20


def _read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes, read a chunk at a time: one read of `limit` bytes would allocate
    them all first (a large --max-input-size was a MemoryError or an OverflowError)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = handle.read(min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def decode_text(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig")  # good text up to the bad byte
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        message = f"not UTF-8 text (bad byte at offset {exc.start})"
        raise refused(Location(name, line, col), message) from None


def load_document(
    path: Path, name: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Load a `.json` file as JSON and anything else as YAML."""
    shown = name or str(path)
    return parse_document(read_text(path, shown, max_bytes), shown, kind_of(path))


def kind_of(path: Path) -> str:
    """How a file is read: `.json` as JSON, anything else as YAML."""
    return "json" if path.suffix.lower() == ".json" else "yaml"


def parse_document(text: str, name: str, kind: str = "yaml") -> Document:
    with paused_gc():  # no cycles are made here, and collections would rescan every node
        doc = _parse_document(text, name, kind)
    # Every escape starts with a backslash: a search for one character is a memchr, where the
    # pattern's scan cost 10-12 M instructions for the benchmark's 3,000 applications.
    if "\\" in text and _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(doc.value, name)
    return doc


_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")
"""An escape that can make half of a UTF-16 pair (`\\ud800`): text no file or terminal can hold."""


def is_unicode_text(value: object) -> bool:
    """A string any file or terminal can hold: no half of a UTF-16 surrogate pair ("\\ud800")."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _refuse_lone_surrogates(value: Any, name: str) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not is_unicode_text(item):
                message = f"{quote(item)}: not valid Unicode (half of a UTF-16 surrogate pair)"
                raise refused(name, message)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


OPENSSL_FROM = 512 * 1024
"""Texts of this many bytes or more are hashed by OpenSSL (`hashlib`), shorter ones by CPython's
own SHA-256 (`followup.digest`): loading libcrypto costs about 3 ms and 10 M instructions, and
hashing with it saves about 6 ms a megabyte (20 instructions a byte under valgrind, which runs
it without the CPU's SHA instructions), so it pays from about half a megabyte."""


def text_digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex (the same digest whichever library computes it)."""
    if len(data) >= OPENSSL_FROM:
        import hashlib

        return hashlib.sha256(data).hexdigest()
    return sha256(data).hexdigest()


def _parse_document(text: str, name: str, kind: str) -> Document:
    digest = text_digest(text.encode("utf-8"))
    if not text.strip():
        raise refused(name, "file is empty", "empty-file")
    if kind == "json":
        return _parse_json(text, name, digest)
    if len(text) >= FAST_YAML_FROM:
        # The block reader and yaml_rs give the values only; they decline any text they might
        # read otherwise than PyYAML, and the events read those (followup.yamlfast).
        from followup.yamlfast import read_fast

        value = read_fast(text, MAX_DEPTH)
        if value is not None:
            return Document(name, value, text, digest, locate=_all_positions)
    return _read_yaml(text, name, digest)


def _read_yaml(text: str, name: str, digest: str) -> Document:
    """A YAML text read from PyYAML's parser events, every guard checked as it is read."""
    doc = Document(name=name, value=None, text=text, sha256=digest, locate=_all_positions)
    builder = ValueBuilder(name, refused, MAX_NODES, MAX_DEPTH, _Loader)
    try:
        found, doc.value = builder.build(text)
    except yaml.YAMLError as exc:
        raise _mark_error(name, exc, text) from None
    finally:
        builder.close()
    if not found:
        raise refused(name, "file is empty", "empty-file")
    return doc


def _all_positions(doc: Document) -> None:
    """Record where every value and key of a document sits (read again, only when a problem is
    reported)."""
    doc._locs, doc._key_locs = _positions_of(doc)


def _positions_of(
    doc: Document, path: PathKey | None = None
) -> tuple[dict[PathKey, Location], dict[PathKey, Location]]:
    """Where `path` and its ancestors sit (and their keys), reading no further than `path`;
    without a `path`, every value and key. JSON is (nearly) a subset of YAML, so it is read as
    YAML too: in a JSON text YAML does not read, positions stop there (problems past it are
    reported at the nearest value before)."""
    locs: dict[PathKey, Location] = {}
    key_locs: dict[PathKey, Location] = {}
    try:
        events = yaml.parse(doc.text, Loader=_Loader)
        for found, where, is_key in positions(events, doc.name, path):
            (key_locs if is_key else locs).setdefault(found, where)
            if found == path and not is_key:
                break
    except yaml.YAMLError:
        pass
    return locs, key_locs


def line_document(name: str, value: Any, text: str, line: int) -> Document:
    """A document read from one line of a file (a JSON line of a log): positions, read only when
    a problem is reported, count from that line."""

    def locate(doc: Document) -> None:
        doc.text = "\n" * (line - 1) + text
        try:
            _all_positions(doc)
        finally:
            doc.text = text
        # a line YAML cannot read: the record, where it starts
        doc._locs.setdefault((), Location(name, line, len(text) - len(text.lstrip()) + 1))

    return Document(name, value, text, "", locate=locate)


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not valid JSON")


def _parse_json(text: str, name: str, digest: str) -> Document:
    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)  # in C; a key written twice leaves fewer entries than pairs
        if len(out) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    message = f"duplicate key {key!r} (each key may appear once)"
                    raise refused(name, message, "duplicate-key")
                seen.add(key)
        return out

    try:
        value = json.loads(text, object_pairs_hook=unique_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        where = Location(name, exc.lineno, exc.colno)
        raise refused(where, f"invalid JSON: {exc.msg}", "syntax") from None
    except ValueError as exc:
        raise refused(name, f"invalid JSON: {exc}", "syntax") from None
    except RecursionError:  # deeper than json reads, so deeper than the limit
        raise too_deep(text, name) from None
    return Document(name=name, value=value, text=text, sha256=digest, locate=_all_positions)


def deeper_than(value: Any, limit: int) -> bool:
    """Whether the arrays and objects of a JSON value nest deeper than `limit`."""
    level = [value] if type(value) is dict or type(value) is list else []
    for _ in range(limit):
        if not level:
            return False
        level = [
            item
            for one in level
            for item in (one.values() if type(one) is dict else one)
            if type(item) is dict or type(item) is list
        ]
    return bool(level)


def too_deep(text: str, name: str) -> InputError:
    """JSON nested past MAX_DEPTH, refused as the YAML reader refuses it: at the array or object
    that opens one level too deep. (Reading JSON does not look: the readers walk what they read,
    and what they keep unread is checked with `deeper_than`.)"""
    depth = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[][{}]', text):  # a string's brackets are text
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
        if depth > MAX_DEPTH:
            at = token.start()
            line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
            return refused(Location(name, line, col), f"nested more than {MAX_DEPTH} levels deep")
    return refused(name, f"nested more than {MAX_DEPTH} levels deep")


def _mark_error(name: str, exc: yaml.YAMLError, text: str) -> InputError:
    """A syntax error, or libyaml's own nesting limit, as the one-line error."""
    mark = getattr(exc, "problem_mark", None)
    where = located(name, mark) if mark is not None else Location(name)
    if "nesting" in str(getattr(exc, "problem", None)):
        return refused(where, f"nested more than {MAX_DEPTH} levels deep")
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    detail = f"{context}: {problem}" if context and "found" in str(problem) else problem
    if mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in line[: mark.column + 1]:
            detail = "a tab character: indent with spaces"
    return refused(where, f"YAML syntax error: {detail}", "syntax")
