"""The audit log as a hash chain: all-or-nothing appends, and what a reader can prove about it.

Every record carries three fields besides what it logs:

- `seq`: its place in the log, 1 for the first record;
- `prev`: the `hash` of the record before it (null for the first);
- `hash`: the SHA-256 of the record's canonical JSON without `hash` (keys sorted, no spaces,
  UTF-8), so it covers every field, `seq` and `prev` included.

As in a transparency log, each record vouches for everything before it: an edited record no
longer matches its hash, a deleted, inserted, duplicated or reordered one breaks the `seq` and
`prev` of the record after it, and records cut from the front leave a first record whose `seq`
is not 1. Records cut from the end leave a shorter, consistent chain: that is found only
against a head kept elsewhere (`audit verify --head HASH`). Nothing here is secret: someone who
rewrites a record *and* recomputes every hash after it is found only that way too.

An append writes one whole line or nothing: under an exclusive `flock` it reads the last record
(for `seq` and `prev`), writes the line with one `write` (finished under the lock when the kernel
writes short), and on any error truncates the file back to its length before the write. A record
cut short by a crash (`kill -9`, a power cut) is removed by the next append; a file that ends in
anything else is not appended to.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeGuard

from followup.atomic import is_null_device
from followup.errors import InputError
from followup.frozen import frozen

TORN_PREFIX = b'{"audit_version":'
"""How every record line starts (`json.dumps` keeps insertion order)."""

_HASH = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 64 * 1024


def record_hash(record: dict[str, Any]) -> str:
    """The SHA-256 of the record's canonical JSON, leaving out its own `hash`."""
    body = {key: value for key, value in record.items() if key != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def seal(record: dict[str, Any], last: dict[str, Any] | None) -> dict[str, Any]:
    """`record` with `seq`, `prev` and `hash`, following `last` (None: the first record)."""
    sealed = {
        **record,
        "seq": int(last["seq"]) + 1 if last else 1,
        "prev": str(last["hash"]) if last else None,
    }
    sealed["hash"] = record_hash(sealed)
    return sealed


def is_torn(tail: bytes) -> bool:
    """Whether the bytes after the log's last newline can be a record cut short: they start as
    every record does (or are the start of that)."""
    fragment = tail.strip()
    return fragment.startswith(TORN_PREFIX) or TORN_PREFIX.startswith(fragment)


def encode(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def is_sealed(value: object) -> TypeGuard[dict[str, Any]]:
    """A JSON object with the chain's fields in their types (not that the hash is right)."""
    if not isinstance(value, dict):
        return False
    seq, prev, digest = value.get("seq"), value.get("prev"), value.get("hash")
    return (
        type(seq) is int
        and seq >= 1
        and (prev is None or (isinstance(prev, str) and bool(_HASH.match(prev))))
        and isinstance(digest, str)
        and bool(_HASH.match(digest))
    )


# -- appending -----------------------------------------------------------------------------------
def append(path: Path, record: dict[str, Any]) -> str | None:
    """Seal `record` after the log's last record and append it as one line. Returns a note when
    the log ended in a record cut short that was removed first. `InputError` (nothing appended)
    when the file cannot be written or does not end in an audit record."""
    if is_null_device(path):  # `--audit-log /dev/null`: the record goes nowhere, as asked
        return None
    fd = _open_log(path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        last_line, tail = _last_lines(fd, size)
        prefix, keep, note = _mend(path, last_line, tail, size)
        line = last_line if prefix == b"" else tail
        last = _last_record(path, line) if line is not None else None
        _write_whole(fd, path, prefix + encode(seal(record, last)), keep)
        return note
    finally:
        os.close(fd)  # also releases the lock


def _open_log(path: Path) -> int:
    """The log open for reading and appending; anything but a regular file is refused, before
    opening where it can be seen (a pipe with no reader would block) and after (a race). Looked
    at once: "a file, or nothing there" asked as two questions failed when another run created
    the log between them (two `--audit-log` runs at once, the first on a new log)."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        try:
            regular = stat.S_ISREG(path.stat().st_mode)
        except FileNotFoundError:
            regular = True  # created here, or by the other run: checked again once open
        fd = os.open(path, flags, 0o644) if regular else None
    except OSError as exc:
        raise InputError(f"{path}: cannot open the audit log: {exc.strerror or exc}") from None
    if fd is not None and stat.S_ISREG(os.fstat(fd).st_mode):
        return fd
    if fd is not None:
        os.close(fd)
    raise InputError(f"{path}: not a regular file; give the path of a file for the audit log")


def _last_lines(fd: int, size: int) -> tuple[bytes | None, bytes]:
    """The last non-blank line that ends in a newline (None when there is none) and whatever
    follows the file's last newline (a line cut short, or b"")."""
    end, buffer = size, b""
    while True:
        start = max(0, end - _CHUNK)
        buffer = os.pread(fd, end - start, start) + buffer
        end = start
        *complete, tail = buffer.split(b"\n")  # the lines ended by a newline, and what follows
        lines = [line for line in complete if line.strip()]
        # The first line of the buffer may be the end of a longer one: trust it only at offset 0.
        trusted = lines if start == 0 else lines[1:]
        if trusted:
            return trusted[-1], tail
        if start == 0:
            return None, tail


def _mend(
    path: Path, last_line: bytes | None, tail: bytes, size: int
) -> tuple[bytes, int, str | None]:
    """What to do with bytes after the last newline: (bytes to write before the record, length
    to truncate the file to, a note). A whole record missing only its newline gets one; a
    record cut short is cut off; anything else is refused."""
    if not tail.strip():
        return b"", size, None
    if is_sealed(_json_line(tail)):
        return b"\n", size, None
    if is_torn(tail):
        note = (
            f"{path}: removed {len(tail)} bytes at the end, a record cut short by an "
            "interrupted write"
        )
        return b"", size - len(tail), note
    raise InputError(
        f"{path}: does not end with a whole audit record (is it an audit log?); nothing appended"
    )


def _json_line(line: bytes) -> Any:
    """A line's JSON value; None when it is none."""
    try:
        return json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def _last_record(path: Path, line: bytes) -> dict[str, Any]:
    record = _json_line(line)
    if not is_sealed(record):
        raise InputError(
            f"{path}: the last line is not an audit record this followup can chain onto "
            "(seq, prev, hash); nothing appended - start a new log"
        )
    return record


def _write_whole(fd: int, path: Path, data: bytes, size: int) -> None:
    """Cut the file to `size` bytes (a record cut short goes) and append `data` whole, or put
    the file back to `size` bytes and raise."""
    try:
        os.ftruncate(fd, size)
        written = os.write(fd, data)
        while written < len(data):  # a short write: finish it before anyone else may write
            written += os.write(fd, data[written:])
        os.fsync(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size)
        reason = exc.strerror or str(exc)
        raise InputError(
            f"{path}: cannot write the audit log: {reason}; nothing appended"
        ) from None


# -- checking ------------------------------------------------------------------------------------
@frozen
class ChainProblem:
    line: int
    message: str


@frozen
class LogEntry:
    """One record of the log and the line it is on."""

    line: int
    record: dict[str, Any]


def check_chain(links: Sequence[LogEntry]) -> list[ChainProblem]:
    """Every break in the chain, at the line where it shows."""
    problems: list[ChainProblem] = []
    seen: dict[str, int] = {}  # hash -> line of its first occurrence
    previous: LogEntry | None = None
    for link in links:
        record = link.record
        if not is_sealed(record):
            problems.append(ChainProblem(link.line, "not chained (no seq, prev and hash)"))
            previous = None
            continue
        problem = _break(link, previous, seen)
        if problem is not None:
            problems.append(ChainProblem(link.line, problem))
        seen.setdefault(record["hash"], link.line)
        previous = link
    return problems


def _break(link: LogEntry, previous: LogEntry | None, seen: dict[str, int]) -> str | None:
    record = link.record
    if record_hash(record) != record["hash"]:
        return "edited since it was written: its content does not match its hash"
    if record["hash"] in seen:
        return f"a copy of the record at line {seen[record['hash']]}"
    expected = int(previous.record["seq"]) + 1 if previous is not None else 1
    seq = record["seq"]
    if previous is None and (seq != 1 or record["prev"] is not None):
        cut = "record 1" if seq == 2 else f"records 1-{max(seq - 1, 1)}"
        return f"the log starts at record {seq}: {cut} removed from the front"
    if previous is None:
        return None
    if seq > expected:
        missing = f"record {expected}" if seq == expected + 1 else f"records {expected}-{seq - 1}"
        return f"{missing} missing before it (deleted)"
    if seq < expected:
        return f"record {seq} comes after record {expected - 1} (records reordered)"
    if record["prev"] != previous.record["hash"]:
        return (
            f"does not follow the record at line {previous.line} (its prev is not that "
            "record's hash): a record was replaced"
        )
    return None
