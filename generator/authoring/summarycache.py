"""A cache of ``playbook list`` rows, keyed by each record file's size and modification time.

Listing must stay fast with thousands of records during an incident, but parsing and
validating every file costs about a millisecond each. A row depends on its own record and
on policy (which interval is the headline), so a row whose file has the same size and
``mtime_ns`` as when it was computed, under policy files of the same sizes and times, is
reused; policy is loaded only when some row must be computed. Files that fail to load are never cached: their problems show up on every run.
The cache lives in ``.playbook-cache/`` at the project root; deleting it is always safe,
and an unwritable project simply runs without it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import PlaybookError
from ..files import write_atomic
from ..load.layout import INCIDENTS_DIR, POLICY_DIR, outside
from ..load.lookup import file_stamps, is_file_entry
from ..problems import Problem, ProblemSink

CACHE_DIR = ".playbook-cache"
CACHE_FILE = "list-rows.json"
#: Bump when the shape of a summary row changes.
_FORMAT = 3


def _key(policy: str) -> str:
    return f"{_FORMAT}:{__version__}:{policy}"


def _policy_stamp(root: Path) -> str:
    return json.dumps(file_stamps(root / POLICY_DIR))


def _read(path: Path, policy: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != _key(policy):
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write(path: Path, files: dict[str, Any], policy: str) -> None:
    try:
        path.parent.mkdir(exist_ok=True)
        # ASCII: a file name that is not UTF-8 (held as lone surrogates) is escaped as
        # \\udcXX instead of failing the write.
        data = {"key": _key(policy), "files": files}
        write_atomic(path, json.dumps(data, allow_nan=False))
    except (OSError, PlaybookError):
        # A read-only checkout still lists; it just recomputes next time.
        return


def summaries(root: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    """One summary row per loadable incident record, in file-name order."""
    folder = root / INCIDENTS_DIR
    cache_path = root / CACHE_DIR / CACHE_FILE
    policy_key = _policy_stamp(root)
    cached = _read(cache_path, policy_key)
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
        _write(cache_path, fresh, policy_key)
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
