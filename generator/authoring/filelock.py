"""A lock held with ``flock(2)`` on a lock file, for commands that must not race.

Two people editing the same record, or eight ``new-incident`` runs at once, each open
``.NAME.lock`` beside the target and take an exclusive ``flock`` on it; the others wait and
retry. The operating system releases the lock when its holder exits, however it exits
(killed, crashed, out of disk space), so a lock file left behind is just an empty file that
the next command takes at once, and no lock ever has to be judged stale and broken.

The earlier scheme (a file created exclusively, holding the lock by existing, broken by
age) failed both ways: a file created on a full disk but never written stayed and blocked
every edit of that record for 30 seconds, and breaking a stale lock (``stat``, then
``unlink``) could remove the lock another command had taken in between, so that two
editors held it at once and one edit was lost.

The holder removes the file when it is done, while still holding it. A waiter that opened
the old file just before that then gets its lock on a file no longer at that name: it sees
so (the name leads to another file, or none) and starts again, so that only the holder of
the file the name leads to holds the lock.
"""

from __future__ import annotations

import fcntl
import os
import random
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import PlaybookError
from ..files import file_kind

WAIT_AT_MOST = 10.0


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the lock for ``target`` (a file or folder) for the duration of the block."""
    lock = target.parent / f".{target.name}.lock"
    fd = _acquire(lock)
    try:
        yield
    finally:
        # Removed only while it is still the file at that name: someone who deleted it by
        # hand meanwhile may have let another command make and take a new one.
        with suppress(OSError):
            if _leads_to(lock, fd):
                os.unlink(lock)
        os.close(fd)


def _acquire(lock: Path) -> int:
    """An open descriptor of ``lock`` with the exclusive lock taken, or PlaybookError."""
    deadline = time.monotonic() + WAIT_AT_MOST
    while True:
        fd = _open(lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _leads_to(lock, fd):
                return fd
            # Locked just as its holder removed it: the lock is the file at the name now.
            os.close(fd)
        except BlockingIOError:
            os.close(fd)
        except BaseException:
            os.close(fd)
            raise
        if time.monotonic() > deadline:
            raise PlaybookError(
                f"{lock} is held by another playbook command, still running after "
                f"{WAIT_AT_MOST:g}s; try again when it is done"
            )
        time.sleep(random.uniform(0.005, 0.03))


def _open(lock: Path) -> int:
    """``lock`` opened (made when missing) for locking: a regular file, never a link. Read
    only: flock needs no more, and a lock file someone else left is taken as well."""
    flags = os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(lock, flags, 0o644)
    except OSError as exc:
        # A link (ELOOP) or a folder (EISDIR) of that name is named as such.
        with suppress(OSError):
            _refuse_unless_regular(lock, os.lstat(lock).st_mode)
        raise PlaybookError(f"cannot create {lock}: {exc.strerror}") from None
    try:
        _refuse_unless_regular(lock, os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _refuse_unless_regular(lock: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise PlaybookError(
            f"{lock} is {file_kind(mode)}, not a lock file; remove it and try again"
        )


def _leads_to(lock: Path, fd: int) -> bool:
    """Is ``lock`` (the name) the file open as ``fd``?"""
    try:
        here = os.stat(lock, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)
