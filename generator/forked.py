"""Run part of a build in a forked copy of the build's process, on the machine's other core.

The copy shares everything the build has computed so far (forking copies nothing until it
is written to), runs one function, and hands back its result, its log records and its
error, if any. Log records are held in the copy and replayed by the build's process when
it collects the result, so they print once, in one stream, and count for ``--strict``.

Use::

    job = Forked(work)
    if job.start():        # False where there is no fork or no second core
        ...                # the build goes on
        result = job.wait()   # raises ForkedError with the copy's error
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import shutil
import signal
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The logger tree whose records the copy hands back (MkDocs' and every plugin's).
LOGGER = "mkdocs"


#: Copies running now, by process id: a build stopped by SIGTERM ends them before its
#: folders are removed (see :func:`stop_all`).
_RUNNING: set[int] = set()


def stop_all() -> None:
    """End every copy this process started and has not collected."""
    for pid in list(_RUNNING):
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        _RUNNING.discard(pid)


class ForkedError(Exception):
    """The forked copy failed; the message says how."""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def available() -> bool:
    """Is there a second core to run a copy on, and a fork to make one?"""
    return hasattr(os, "fork") and cores() > 1


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class Forked:
    """``work()`` run in a forked copy of this process."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._work = work
        self._pid = 0
        self._pipe = -1

    @property
    def running(self) -> bool:
        return self._pid != 0

    def start(self) -> bool:
        if not available():
            return False
        read, write = os.pipe()
        # Objects the copy only reads stay shared: its garbage collector leaves them alone.
        # (Objects the build froze itself stay frozen here too.)
        frozen_before = gc.get_freeze_count() > 0
        gc.freeze()
        pid = os.fork()
        if pid == 0:
            _RUNNING.clear()  # the parent's copies are not this copy's to end
            os.close(read)
            self._run(write)
        _RUNNING.add(pid)
        if not frozen_before:
            gc.unfreeze()
        os.close(write)
        self._pid, self._pipe = pid, read
        return True

    def _run(self, out: int) -> None:
        capture = _Capture()
        logger = logging.getLogger(LOGGER)
        logger.handlers = [capture]
        logger.propagate = False
        report: dict[str, Any] = {}
        status = 0
        try:
            report["result"] = self._work()
        except BaseException as exc:
            report["error"] = f"{type(exc).__name__}: {exc}"
            status = 1
        report["logs"] = capture.records
        try:
            with os.fdopen(out, "wb") as stream:
                pickle.dump(report, stream)
        finally:
            os._exit(status)  # no cleanup: the build's process owns every file and folder

    def wait(self) -> Any:
        """The result of ``work()``; its log records are logged here first."""
        if not self._pid:
            raise ForkedError("not started")
        with os.fdopen(self._pipe, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(self._pid, 0)
        _RUNNING.discard(self._pid)
        self._pid = 0
        try:
            report = pickle.loads(data) if data else {}
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            report = {}
        for name, level, message in report.get("logs", []):
            logging.getLogger(name).log(level, message)
        if "error" in report:
            raise ForkedError(str(report["error"]))
        code = os.waitstatus_to_exitcode(status)
        if code != 0 or "result" not in report:
            raise ForkedError(f"the second process stopped (exit status {code})")
        return report["result"]

    def stop(self) -> None:
        """End the copy without its result (the build failed)."""
        if not self._pid:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        _RUNNING.discard(self._pid)
        os.close(self._pipe)
        self._pid = 0


def folder_beside(site_dir: Path, prefix: str, owner: object) -> tuple[Path, Callable[[], None]]:
    """A new empty folder next to ``site_dir`` (the same file system, so its files move into
    the site by renaming), removed as :func:`remove_folder_at_exit` says; and the function
    that removes it now."""
    beside = site_dir.parent if site_dir.parent.is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=beside))
    return folder, remove_folder_at_exit(owner, folder)


def remove_folder_at_exit(owner: object, folder: Path) -> Callable[[], None]:
    """Remove ``folder`` when ``owner`` is collected or this process exits (a build stopped
    by Ctrl-C too), and only in this process: a forked copy holding ``owner`` never removes
    it. Returns a function that removes it now."""
    return weakref.finalize(owner, _remove_in, folder, os.getpid())


def _remove_in(folder: Path, pid: int) -> None:
    if os.getpid() == pid:
        shutil.rmtree(folder, ignore_errors=True)
