"""What changed on disk since the last look: file stamps (size, ``mtime_ns``) compared.

A poll over a thousand records is a few milliseconds of ``stat`` calls, needs no file
watcher library, and behaves the same on every file system (network mounts, containers).
"""

from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..load.layout import INCIDENTS_DIR

Stamps = dict[str, tuple[int, int]]


def snapshot(root: Path, watched: list[Path]) -> Stamps:
    """Stamps of every file under the ``watched`` files and folders, by path relative
    to ``root`` (POSIX); files and folders whose name starts with a dot are skipped.

    Plain strings and ``os.scandir`` rather than :class:`~pathlib.Path`: at a thousand
    records, path objects made this look take longer than re-rendering the page."""
    out: Stamps = {}
    base = os.fspath(root)
    for top in watched:
        where = os.fspath(top)
        try:
            st = os.stat(where)
        except OSError:
            continue
        rel = os.path.relpath(where, base).replace(os.sep, "/")
        if stat.S_ISDIR(st.st_mode):
            _walk(out, where, "" if rel == "." else rel + "/")
        else:
            out[rel] = (st.st_size, st.st_mtime_ns)
    return out


def _walk(out: Stamps, folder: str, prefix: str) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                _walk(out, entry.path, f"{prefix}{entry.name}/")
            else:
                st = entry.stat()
                out[prefix + entry.name] = (st.st_size, st.st_mtime_ns)
        except OSError:
            continue


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
