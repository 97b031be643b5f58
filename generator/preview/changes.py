"""What changed on disk since the last look: file stamps (size, ``mtime_ns``) compared.

A poll over a thousand records is a few milliseconds of ``stat`` calls, needs no file
watcher library, and behaves the same on every file system (network mounts, containers).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..load.layout import INCIDENTS_DIR

Stamps = dict[str, tuple[int, int]]


def snapshot(root: Path, watched: list[Path]) -> Stamps:
    """Stamps of every file under the ``watched`` files and folders, by path relative
    to ``root`` (POSIX); files and folders whose name starts with a dot are skipped."""
    out: Stamps = {}
    for top in watched:
        if top.is_file():
            _add(out, root, top)
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                if not name.startswith("."):
                    _add(out, root, Path(folder) / name)
    return out


def _add(out: Stamps, root: Path, path: Path) -> None:
    try:
        st = path.stat()
    except OSError:
        return
    out[Path(os.path.relpath(path, root)).as_posix()] = (st.st_size, st.st_mtime_ns)


@dataclass
class Changes:
    #: Incident records edited in place (path relative to the root).
    records: list[str] = field(default_factory=list)
    #: Anything else: added or removed files, policy, playbooks, configuration, templates.
    others: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.records or self.others)


def compare(before: Stamps, after: Stamps) -> Changes:
    changes = Changes()
    for path in sorted(set(before) | set(after)):
        if before.get(path) == after.get(path):
            continue
        edited = path in before and path in after
        is_record = posixpath.dirname(path) == INCIDENTS_DIR and path.endswith((".yaml", ".yml"))
        (changes.records if edited and is_record else changes.others).append(path)
    return changes
