"""A lock made of an exclusively created file, for commands that must not race.

Two people editing the same record, or eight ``new-incident`` runs at once, each take the
lock by creating ``.NAME.lock`` with ``open(path, "x")``: the operating system lets exactly
one creation succeed. The others wait and retry. A lock left behind by a killed process is
broken once it is older than :data:`STALE_AFTER` seconds, far longer than any edit takes.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PlaybookError

STALE_AFTER = 30.0
WAIT_AT_MOST = 10.0


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the lock for ``target`` (a file or folder) for the duration of the block."""
    lock = target.parent / f".{target.name}.lock"
    deadline = time.monotonic() + WAIT_AT_MOST
    while True:
        try:
            with open(lock, "x", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\n")
            break
        except FileExistsError:
            _break_if_stale(lock)
            if time.monotonic() > deadline:
                raise PlaybookError(
                    f"{lock} is held by another playbook command; if none is running, delete it"
                ) from None
            time.sleep(random.uniform(0.005, 0.03))
        except OSError as exc:
            raise PlaybookError(f"cannot create {lock}: {exc.strerror}") from None
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _break_if_stale(lock: Path) -> None:
    try:
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return
    if age > STALE_AFTER:
        lock.unlink(missing_ok=True)
