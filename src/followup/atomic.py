"""Write files atomically: the whole new content appears at once, or nothing changes.

The data goes to a temporary file in the target's folder (`.<name>.XXXXXXXX.tmp`), is flushed to
disk, and is then renamed over the target (`overwrite=True`) or linked into place, which fails if
the target exists (`overwrite=False`), so a file the user wrote is never clobbered by a race.

`stage` does the first half only, so that two files can be prepared before either is replaced
(an edit and its `.bak`: a failed edit leaves the old `.bak` alone).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from followup.errors import InputError

TEMP_SUFFIX = ".tmp"
_RANDOM = "[a-z0-9_]{8}"  # what tempfile.mkstemp puts between the prefix and the suffix


def temp_name_pattern(target_name: str) -> re.Pattern[str]:
    """The names of the temporary files `stage` makes for a file named `target_name`."""
    return re.compile(rf"^\.{re.escape(target_name)}\.{_RANDOM}{re.escape(TEMP_SUFFIX)}$")


@dataclass
class Staged:
    """New content written and flushed next to `target`, not yet in place."""

    temp: Path
    target: Path

    def commit(self) -> None:
        """Rename the new content over the target (a symbolic link there is replaced)."""
        try:
            self.temp.replace(self.target)
        except OSError as exc:
            self.discard()
            raise InputError(f"{self.target}: cannot write: {exc.strerror or exc}") from None

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.temp.unlink()


def stage(path: Path, data: bytes, *, mode: int | None = None) -> Staged:
    """Write `data` to a temporary file beside `path` with `mode`, else the permissions of the
    file it will replace, else 0666 less the umask. `path` itself is not looked at beyond that:
    a symbolic link there is replaced by `commit`, not written through."""
    if path.is_dir() and not path.is_symlink():
        raise InputError(f"{path}: is a directory; give the path of a file to write")
    try:
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        fd, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX
        )
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    staged = Staged(Path(temp_name), path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        staged.temp.chmod(mode)
    except OSError as exc:
        staged.discard()
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return staged


def write_atomically(
    path: Path,
    data: bytes,
    *,
    overwrite: bool = True,
    check: Callable[[Path], None] | None = None,
) -> None:
    """Write `data` to `path`; `check(temp_path)` may raise to abandon the write. The new file
    gets the permissions of the file it replaces, else 0666 less the umask.

    A symbolic link is written through (its target gets the new content, the link stays); a
    path that is something other than a file (a device, a pipe, a folder) is refused, except
    the null device: `-o /dev/null` discards the output, as `curl -o /dev/null` does.
    """
    if is_null_device(path):
        return
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        raise InputError(f"{path}: not a regular file; give the path of a file to write")
    staged = stage(path, data)
    temp = staged.temp
    try:
        if check is not None:
            check(temp)
        if overwrite:
            staged.commit()
            return
        try:
            os.link(temp, path)
        except FileExistsError:
            raise InputError(f"{path}: already exists; use --force to overwrite it") from None
        except OSError:  # no hard links on this file system: check, then rename
            if path.exists():
                raise InputError(f"{path}: already exists; use --force to overwrite it") from None
            temp.replace(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        staged.discard()


def is_null_device(path: Path) -> bool:
    """Whether `path` is the null device (`/dev/null`, or a link to it)."""
    try:
        return path.exists() and path.samefile(os.devnull)
    except OSError:
        return False


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
