"""The export files (``api/``, ``incidents.csv``, ``feed.xml``, …) written beside the pages.

At 10,000 incidents the exports are well over a hundred megabytes of text; handed to MkDocs
as generated files they would all sit in memory until MkDocs copies them. They are written
here instead, one file at a time and never through MkDocs: on a machine with a second core
by a :class:`~generator.forked.Forked` copy started as soon as the incidents' facts are
known — the files are done while MkDocs reads and writes the pages — into a folder beside
the site that is moved in when the build ends; otherwise straight into the site at the end.
A failure fails the build (``playbook build`` then keeps the previous site).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .errors import PlaybookError
from .forked import Forked, ForkedError, folder_beside

#: Fewer incidents than this: the exports take less than a fork costs.
MIN_INCIDENTS = 100


class ExportWriter:
    """Has ``write(folder)`` write the exports under ``prefix`` in the site."""

    def __init__(self, write: Callable[[Path], int], prefix: str) -> None:
        self._write = write
        self._prefix = prefix
        self._job: Forked | None = None
        self._folder: Path | None = None
        self._remove: Callable[[], None] = lambda: None

    def start(self, site_dir: Path, *, background: bool) -> None:
        """Begin writing in a forked copy when ``background`` (and it can run)."""
        if not background:
            return
        folder, self._remove = folder_beside(site_dir, ".playbook-exports-", self)
        job = Forked(lambda: self._write(folder / self._prefix))
        if job.start():
            self._job, self._folder = job, folder
        else:
            self._remove()

    def finish(self, site_dir: Path) -> None:
        """The files in the site: moved in from the copy's folder, or written now."""
        job, folder = self._job, self._folder
        self._job = self._folder = None
        if job is None or folder is None:
            self._write(site_dir / self._prefix)
            return
        try:
            job.wait()
            _move_into(folder, site_dir)
        except ForkedError as exc:
            raise PlaybookError(f"writing the exports failed: {exc}") from exc
        finally:
            self._remove()

    def stop(self) -> None:
        if self._job is not None:
            self._job.stop()
        self._remove()
        self._job = self._folder = None


def _move_into(folder: Path, site_dir: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        target = site_dir / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, target)  # the same file system: a rename
        except OSError:
            shutil.move(path, target)
