"""Write files atomically: the whole new content appears at once, or nothing changes.

The data goes to a temporary file in the target's folder, is flushed to disk, and is then renamed
over the target (`overwrite=True`) or linked into place, which fails if the target exists
(`overwrite=False`), so a file the user wrote is never clobbered by a race.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from followup.errors import InputError


def write_atomically(
    path: Path,
    data: bytes,
    *,
    overwrite: bool = True,
    check: Callable[[Path], None] | None = None,
    mode: int | None = None,
) -> None:
    """Write `data` to `path`; `check(temp_path)` may raise to abandon the write. The new file
    gets `mode`, else the permissions of the file it replaces, else 0666 less the umask.

    A symbolic link is written through (its target gets the new content, the link stays); a
    path that is something other than a file (a device, a pipe, a folder) is refused.
    """
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        raise InputError(f"{path}: not a regular file; give the path of a file to write")
    try:
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(mode)
        if check is not None:
            check(temp)
        if overwrite:
            temp.replace(path)
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
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
