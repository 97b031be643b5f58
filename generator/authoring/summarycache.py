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
    computing: list[Any] = []  # (policy, as of), made on the first miss
    fresh: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
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
        stamp = [stat.st_size, stat.st_mtime_ns]
        hit = cached.get(entry.name)
        if isinstance(hit, dict) and hit.get("stamp") == stamp:
            row = hit["row"]
        else:
            # Imported on a miss only: a listing served from the cache never loads the
            # record models (pydantic) or the facts, a third of a short command's run.
            from ..check.recordcheck import load_context
            from ..facts.incident import as_of_now, incident_facts, list_row
            from ..load.project import load_record

            if not computing:
                computing.extend((load_context(root).policy, as_of_now()))
            record = load_record(root, Path(entry.path), problems)
            if record is None:
                continue
            policy, as_of = computing
            row = list_row(incident_facts(record.incident, policy, as_of, record.path))
        fresh[entry.name] = {"stamp": stamp, "row": row}
        rows.append(row)
    if fresh != cached:
        _write(cache_path, fresh, policy_key)
    return rows
