"""A cache of ``playbook list`` rows, keyed by each record file's size and modification time.

Listing must stay fast with thousands of records during an incident, but parsing and
validating every file costs about a millisecond each. A row depends on its own record and
on policy (which interval is the headline), so a row whose file has the same size and
``mtime_ns`` as when it was computed, under policy files of the same sizes and times, is
reused; policy is loaded only when some row must be computed. Files that fail to load are never cached: their problems show up on every run.
The cache lives in ``.playbook-cache/`` at the project root, and only while that is a real
folder there (:func:`cache_folder`): a symbolic link of that name, which the shipped
``.gitignore`` pattern does not match and so can be committed, made ``list`` write its
cache wherever it pointed. Deleting the cache is always safe; a cache that cannot be read
(damaged, of another shape, not a regular file) is no cache, and an unwritable project
simply runs without it.
"""

from __future__ import annotations

import json
import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import PlaybookError
from ..files import read_cache, write_atomic
from ..load.layout import INCIDENTS_DIR, POLICY_DIR, outside
from ..load.lookup import file_stamps, is_file_entry
from ..problems import Problem, ProblemSink

CACHE_DIR = ".playbook-cache"
CACHE_FILE = "list-rows.json"
#: Bump when the shape of a summary row changes.
_FORMAT = 3


def cache_folder(root: Path, *, create: bool = False) -> Path | None:
    """The project's cache folder, ``.playbook-cache`` at ``root``, when it is a real folder
    (made first with ``create``); None when anything else stands there, a link above all,
    so that no cache is ever read from or written to outside the project."""
    folder = root / CACHE_DIR
    try:
        if create:
            with suppress(FileExistsError):
                folder.mkdir()
        mode = os.lstat(folder).st_mode
    except (OSError, ValueError):
        return None
    return folder if stat.S_ISDIR(mode) else None


def _key(policy: str) -> str:
    return f"{_FORMAT}:{__version__}:{policy}"


def _policy_stamp(root: Path) -> str:
    return json.dumps(file_stamps(root / POLICY_DIR))


#: The keys of a row (:func:`generator.facts.incident.list_row`) and the types ``list``
#: relies on, to tell a row from a damaged entry without loading the record models.
_TEXT = ("id", "title", "severity", "status", "workflow", "path")
_WHEN = ("opened", "detected", "resolved")
_ROW_KEYS = {"number", "services", "duration", *_TEXT, *_WHEN}


def _row_ok(row: Any) -> bool:
    if not isinstance(row, dict) or row.keys() != _ROW_KEYS:
        return False
    number, services, duration = row["number"], row["services"], row["duration"]
    return (
        type(number) is int
        and all(isinstance(row[k], str) for k in _TEXT)
        and all(row[k] is None or isinstance(row[k], str) for k in _WHEN)
        and isinstance(services, list)
        and all(isinstance(s, str) for s in services)
        and isinstance(duration, dict)
        and isinstance(duration.get("text"), str)
        and (duration.get("seconds") is None or type(duration.get("seconds")) is int)
    )


def _entry_ok(hit: Any) -> bool:
    if not isinstance(hit, dict):
        return False
    stamp = hit.get("stamp")
    return (
        isinstance(stamp, list)
        and len(stamp) == 3
        and all(type(n) is int for n in stamp)
        and _row_ok(hit.get("row"))
    )


def _read(root: Path, policy: str) -> dict[str, Any]:
    """The cached entries still usable: those of another shape (a damaged or foreign file)
    are left out, and their rows computed again."""
    folder = cache_folder(root)
    data = None if folder is None else read_cache(folder / CACHE_FILE)
    if not isinstance(data, dict) or data.get("key") != _key(policy):
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {name: hit for name, hit in files.items() if _entry_ok(hit)}


def _write(root: Path, files: dict[str, Any], policy: str) -> None:
    folder = cache_folder(root, create=True)
    if folder is None:
        return
    try:
        # ASCII: a file name that is not UTF-8 (held as lone surrogates) is escaped as
        # \\udcXX instead of failing the write.
        data = {"key": _key(policy), "files": files}
        write_atomic(folder / CACHE_FILE, json.dumps(data, allow_nan=False))
    except (OSError, PlaybookError):
        # A read-only checkout still lists; it just recomputes next time.
        return


def summaries(root: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    """One summary row per loadable incident record, in file-name order."""
    folder = root / INCIDENTS_DIR
    policy_key = _policy_stamp(root)
    cached = _read(root, policy_key)
    try:
        entries = sorted(
            (
                e
                for e in os.scandir(folder)
                if e.name.endswith((".yaml", ".yml")) and is_file_entry(e)
            ),
            key=lambda e: e.name,
        )
    except OSError:
        entries = []
    inside = not outside(root, folder)
    # Each entry's row, or None until it is computed; the stamps of the entries shown.
    found: dict[str, Any] = {}
    stamps: dict[str, list[int]] = {}
    for entry in entries:
        if (not inside or entry.is_symlink()) and outside(root, Path(entry.path)):
            # Never shown, as validate never reads it (file-outside-project).
            ProblemSink(f"{INCIDENTS_DIR}/{entry.name}", problems).error(
                (1, 1),
                "is a link to a file outside the project; it is not read",
                "file-outside-project",
            )
            continue
        stat = entry.stat()
        # The change time too: a copy that keeps the modification time (cp -p, rsync -a,
        # tar) of a same-size edit still shows as changed.
        stamps[entry.name] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
        hit = cached.get(entry.name)
        found[entry.name] = (
            hit["row"] if isinstance(hit, dict) and hit.get("stamp") == stamps[entry.name] else None
        )
    missed = [name for name, row in found.items() if row is None]
    if missed:
        found.update(_rows(root, missed, {e.name for e in entries if e.is_symlink()}, problems))
    fresh: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    for name, row in found.items():
        if row is not None:
            fresh[name] = {"stamp": stamps[name], "row": row}
            rows.append(row)
    if fresh != cached:
        _write(root, fresh, policy_key)
    return rows


def _rows(
    root: Path, names: list[str], links: set[str], problems: list[Problem]
) -> dict[str, dict[str, Any] | None]:
    """The rows of the records not in the cache (None for one that does not load).

    Loaded together, as a whole-project load reads them (over all cores when there are
    many, unchanged files from the parse cache): a first listing of a thousand records
    parses them all. A link is loaded alone, to be named by where it leads.
    """
    # Imported on a miss only: a listing served from the cache never loads the record
    # models (pydantic) or the facts, a third of a short command's run.
    from ..check.recordcheck import load_context
    from ..facts.incident import as_of_now, incident_facts, list_row
    from ..load.project import collector_paused, load_incident_files, load_record

    policy, as_of = load_context(root).policy, as_of_now()
    folder = root / INCIDENTS_DIR
    plain = [name for name in names if name not in links]
    rows: dict[str, dict[str, Any] | None] = {}
    with collector_paused():
        records = dict(zip(plain, load_incident_files(root, plain, problems), strict=True))
        for name in names:
            if name in links:
                records[name] = load_record(root, folder / name, problems)
        for name in names:
            record = records[name]
            rows[name] = (
                None
                if record is None
                else list_row(incident_facts(record.incident, policy, as_of, record.path))
            )
    return rows
