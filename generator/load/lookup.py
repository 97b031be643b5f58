"""Find an incident file from what a person types: ``15``, ``0015`` or ``0015-hotfix-auth-token``.

Lookup goes by file name (``NNNN-slug.yaml``), which the ``file-name`` rule keeps in step with
the record's number and slug, so a command never has to parse a thousand records to find one.
Numbers run from 1 to :data:`~generator.model.common.MAX_INCIDENT` (99999), the range the
record model accepts: four digits zero-padded (``0015``), five once past 9999 (``10000``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..errors import PlaybookError
from ..model.limits import MAX_INCIDENT
from ..terminal import visible
from .layout import INCIDENTS_DIR, outside

_NUMBER = re.compile(r"^(\d{1,12})(?:-([a-z0-9-]+))?(?:\.ya?ml)?$", re.ASCII)
_FILE = re.compile(r"^(\d{4,5})-(.+)\.ya?ml$", re.ASCII)


def incident_files(root: Path) -> list[tuple[int, str, Path]]:
    """``(number, slug, path)`` of every ``NNNN-slug.yaml`` in the incidents folder."""
    folder = root / INCIDENTS_DIR
    return [(n, s, folder / name) for n, s, name in incident_names(root)]


def incident_names(root: Path) -> list[tuple[int, str, str]]:
    """``(number, slug, file name)`` of every ``NNNN-slug.yaml`` in the incidents folder.

    Names rather than paths: a command looking for the few records that concern it scans
    a thousand entries, and making a path of each cost more than the rest of the scan.
    """
    folder = root / INCIDENTS_DIR
    found = []
    try:
        # scandir knows each entry's type without a stat call per file.
        with os.scandir(folder) as entries:
            for entry in entries:
                match = _FILE.match(entry.name)
                if match and is_file_entry(entry):
                    found.append((int(match.group(1)), match.group(2), entry.name))
    except OSError:
        # No folder (or not one) is no incidents; an unreadable folder is an error.
        if folder.is_dir():
            raise
        return []
    # By number, then name: "10000-…" sorts before "9999-…" as text.
    return sorted(found, key=lambda f: (f[0], f[2]))


def is_file_entry(entry: os.DirEntry[str]) -> bool:
    # A symlink loop raises where a dangling link gives False; neither is a record, and
    # `playbook validate` (which skips them alike) is where unreadable files are judged.
    try:
        return entry.is_file()
    except OSError:
        return False


def file_stamps(folder: Path) -> list[list[Any]]:
    """``[name, size, mtime_ns, ctime_ns]`` of each YAML file in ``folder``, by name: what
    the caches key on to tell that a file changed without reading it. (The change time
    catches an edit whose copy kept the modification time: cp -p, rsync -a, tar.)"""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    out: list[list[Any]] = []
    for e in entries:
        if e.name.endswith((".yaml", ".yml")) and is_file_entry(e):
            st = e.stat()
            out.append([e.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
    return out


def find_incident(root: Path, ident: str) -> Path:
    """The one file ``ident`` names; :class:`PlaybookError` when none or several match."""
    match = _NUMBER.match(ident.strip())
    if not match:
        raise PlaybookError(
            f"{ident!r} is not an incident id; give its number (15, 0015) "
            "or its file name (0015-hotfix-auth-token)"
        )
    number, slug = int(match.group(1)), match.group(2)
    if not 1 <= number <= MAX_INCIDENT:
        raise PlaybookError(
            f"{ident!r} is not an incident number; they run from 1 to {MAX_INCIDENT}"
        )
    folder = root / INCIDENTS_DIR
    hits = [
        folder / name
        for n, s, name in incident_names(root)
        if n == number and (slug is None or s == slug)
    ]
    if not hits:
        raise PlaybookError(f"no incident {ident} in {INCIDENTS_DIR}/")
    if len(hits) > 1:
        names = ", ".join(visible(p.name) for p in hits)
        raise PlaybookError(f"incident {ident} is ambiguous: {names}; give the full name")
    if outside(root, hits[0]):
        raise PlaybookError(
            f"{INCIDENTS_DIR}/{visible(hits[0].name)} is a link to a file outside the project; "
            "playbook neither reads nor edits it"
        )
    return hits[0]
