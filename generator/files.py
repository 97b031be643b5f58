"""Write a file so that readers see the old content or the new one, never half of it; read
one only when it is a regular file, so that a named pipe or a device never hangs a command."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from .errors import PlaybookError


def write_atomic(file: Path, text: str, shown: str | None = None) -> None:
    """Replace ``file`` with ``text`` so that readers see the old file or the new one.

    A refusal (read-only folder, immutable file, full disk) names ``file`` as the user
    knows it (``shown``), not the temporary file the operating system complained about.
    """
    try:
        mode = stat.S_IMODE(file.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    _put(file, text, mode, shown, create=False)


def create_atomic(file: Path, text: str, shown: str | None = None) -> None:
    """Create ``file`` holding ``text``, whole or not at all (a full disk leaves no half
    record behind); FileExistsError if something already has its name."""
    _put(file, text, 0o644, shown, create=True)


def _put(file: Path, text: str, mode: int, shown: str | None, *, create: bool) -> None:
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if create:
            _link_new(tmp, file)
        else:
            os.replace(tmp, file)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
            reason = exc.strerror or str(exc)
            left = "nothing was created" if create else "it is left as it was"
            raise PlaybookError(f"cannot write {shown or file}: {reason}; {left}") from None
        raise


def _link_new(tmp: str, file: Path) -> None:
    """Give the finished ``tmp`` the name ``file`` unless that name is taken: a hard link
    refuses an existing name in one step. Where links are not allowed, the caller's lock
    is what keeps two writers apart."""
    try:
        os.link(tmp, file)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(file):
            raise FileExistsError(errno.EEXIST, "exists", str(file)) from None
        os.replace(tmp, file)
    else:
        os.unlink(tmp)  # the record keeps its one name


class NotRegularFile(OSError):
    """A path that names a folder, a named pipe, a device, a socket (or, where links are not
    followed, a symbolic link) where a regular file is read. An :class:`OSError`, so every
    reader that already treats an unreadable file as absent does the same with these."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file but {kind}", str(path))
        self.kind = kind


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words: "a named pipe (FIFO)", "a folder"…"""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    fallback = "a regular file" if stat.S_ISREG(mode) else "not a file"
    return next((name for test, name in kinds if test(mode)), fallback)


def read_regular(path: Path, *, follow: bool = True, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit`` of them).

    Anything else raises :class:`NotRegularFile` without being read: opening a named pipe
    for reading waits for a writer forever (a FIFO called ``mkdocs.yml`` hung ``export``),
    and reading a device reads what the device makes. The type is checked before opening
    and again on the open file, which is opened without blocking, so a pipe swapped in
    between cannot hang either. With ``follow=False`` a symbolic link is refused too (a
    cache file that was made a link to somewhere else).
    """
    mode = os.stat(path, follow_symlinks=follow).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, file_kind(mode))
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, file_kind(mode))
        return handle.read() if limit is None else handle.read(limit)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} in a cache file")


def read_cache(path: Path) -> Any:
    """The JSON a cache file holds, or None when it cannot serve: missing, not a regular
    file (a link is not followed: a committed ``.playbook-cache/list-rows.json`` link must
    not make a listing read some other file), not JSON, nested too deep for the parser (a
    damaged file of ``[[[[…`` raised RecursionError through every command), or holding
    NaN or Infinity, which no cache writes. Callers still check the shape of what they get:
    a cache may be stale, damaged or someone else's, and must never break a command.
    """
    try:
        return json.loads(read_regular(path, follow=False), parse_constant=_no_constant)
    except (OSError, ValueError, RecursionError, MemoryError):
        return None
