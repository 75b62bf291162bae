"""One editor at a time: an exclusive lock on a file, held from its read to its rename.

The lock is an `flock` on `.<name>.lock` beside the file (after following a symbolic link to
it, so every path to one file takes one lock). The holder removes the lock file before it lets
go, and a taker checks that the file it locked is still the one at that path (else it tries
again), so nothing is left behind and a waiter never shares a lock with a newcomer. The kernel
drops an `flock` when its process dies: after a `kill -9` the lock file stays, unlocked, and the
next edit takes and removes it. A run that cannot take the lock within `LOCK_TIMEOUT` seconds
gives up with an `InputError` (exit 2) having written nothing.

Holding the lock, `remove_stale_temps` deletes the temporary files an editor killed with
`kill -9` left behind (`.<name>.XXXXXXXX.tmp`): only an editor holding the lock makes them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from followup.atomic import temp_name_pattern
from followup.errors import InputError

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another edit of the same file to finish (one takes well under a second)."""

_POLL = 0.01  # seconds between tries where a timer signal cannot be used (not the main thread)


def lock_path(path: Path) -> Path:
    target = path.resolve()
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the edit lock of `path` (whose folder must exist) for the `with` block."""
    lock = lock_path(path)
    fd = _take(path, lock, time.monotonic() + LOCK_TIMEOUT)
    if fd is None:
        raise InputError(
            f"{path}: another followup is editing this file (waited {LOCK_TIMEOUT:g} s for "
            f"{lock}); nothing written, try again"
        )
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()  # still holding it: whoever waits on this file will see it is gone
        os.close(fd)  # releases the lock


def _take(path: Path, lock: Path, deadline: float) -> int | None:
    """A descriptor of the lock file at `lock`, locked; None when `deadline` passes first."""
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            reason = "a symbolic link" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
            raise InputError(f"{path}: cannot lock for editing: {lock}: {reason}") from None
        if not _acquire(fd, deadline - time.monotonic()):
            os.close(fd)
            return None
        try:
            same = os.path.samestat(lock.lstat(), os.fstat(fd))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the holder before us removed it: lock the file now at that path


def _acquire(fd: int, timeout: float) -> bool:
    if timeout > 0 and threading.current_thread() is threading.main_thread():
        return _wait_with_timer(fd, timeout)
    deadline = time.monotonic() + timeout
    while not _try(fd):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL)
    return True


def _try(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class _TimedOut(Exception):
    pass


def _wait_with_timer(fd: int, timeout: float) -> bool:
    """A blocking `flock` (the kernel hands the lock over as soon as it is released; polling
    could starve behind a busy editor) cut short by a one-shot timer signal."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimedOut:
        return False
    finally:
        signal.signal(signal.SIGALRM, previous)
    return True


def remove_stale_temps(path: Path) -> None:
    """Delete the temporary files of interrupted edits of `path` and of its `.bak`; call it
    holding the lock. Anything else in the folder is left alone."""
    target = path.resolve()
    patterns = [temp_name_pattern(target.name), temp_name_pattern(f"{path.name}.bak")]
    folders = {target.parent, path.absolute().parent}
    for folder in folders:
        try:
            names = [entry.name for entry in os.scandir(folder)]
        except OSError:
            continue
        for name in names:
            if any(p.match(name) for p in patterns):
                with contextlib.suppress(OSError):
                    (folder / name).unlink()
