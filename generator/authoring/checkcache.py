"""What ``playbook actions`` needs of each record, kept between runs: is the record valid,
and its post-mortem action items.

``actions`` refuses a project with errors (numbers from a half-loaded project mislead), so
it used to parse and check all records on every run: a second or more at a thousand. A
record's verdict depends on its own file, the policy and the playbooks, the records it
could clash with (same number or slug, the ones it names as related) and the clock (a
post-mortem turns overdue). So each record's verdict is kept with its file's size and
``mtime_ns`` under a key of the policy and playbook files' stamps, and a changed record is
checked again with the same functions as ``playbook validate`` (own rules, then the rules
across records on the records it could clash with).

The clock: deadlines only ever pass, so a record checked both now and far in the future
without an error has no error at any moment in between; a record with an error only in the
future is checked again on every run. A record removed, or one whose number or slug
changed, may break others' references: then the whole project is checked (the caller's
slow path), which also refills this cache. Like the list cache, it lives in
``.playbook-cache/`` while that is a real folder (never through a link), a file it cannot
use (damaged, of another shape) counts as no cache, and deleting it is always safe.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from .. import __version__
from ..errors import PlaybookError, ProblemsFound
from ..files import read_cache, write_atomic
from ..load.layout import INCIDENTS_DIR, POLICY_DIR, WORKFLOWS_DIR
from ..load.lookup import file_stamps
from ..problems import Level, Problem
from .summarycache import cache_folder

if TYPE_CHECKING:
    from ..check.recordcheck import Context
    from ..load.project import Project, Record
    from ..model.incident import Incident
    from ..model.policy import Policy

CACHE_FILE = "checked.json"
#: Bump when what is stored per record changes.
_FORMAT = 1
#: "Far in the future" for the clock test: later than any deadline a policy sets.
_LATER = timedelta(days=36_500)


@dataclass
class _Entry:
    stamp: list[int]
    number: int
    slug: str
    #: No error now nor once every deadline has passed.
    stable: bool
    #: What the action-item register reads of the record (see :func:`_shell`).
    facts: dict[str, Any]


_ENTRY_KEYS = {f.name for f in dataclasses.fields(_Entry)}


def _key(root: Path) -> str:
    """The code version and every policy and playbook file's stamp."""
    policy = [file_stamps(root / POLICY_DIR), file_stamps(root / WORKFLOWS_DIR)]
    return json.dumps([_FORMAT, __version__, policy])


def _is_text(value: Any, optional: bool = False) -> bool:
    return isinstance(value, str) or (optional and value is None)


def _item_ok(item: Any) -> bool:
    if not isinstance(item, dict) or item.keys() != {"text", "owner", "due", "done", "link"}:
        return False
    if item["due"] is not None:
        try:
            date.fromisoformat(item["due"])
        except (TypeError, ValueError):
            return False
    return (
        _is_text(item["text"])
        and _is_text(item["owner"], optional=True)
        and (type(item["done"]) is bool or item["done"] == "unknown")
        and _is_text(item["link"], optional=True)
    )


def _entry(fields: Any) -> _Entry | None:
    """The entry a cache file holds, or None when it is not of the shape :func:`_write`
    gives (a damaged or foreign file): what :func:`_shell` and the register read of it
    must be there, with the right types, or ``actions`` would fail on it."""
    if not isinstance(fields, dict) or fields.keys() != _ENTRY_KEYS:
        return None
    stamp, facts = fields["stamp"], fields["facts"]
    ok = (
        isinstance(stamp, list)
        and all(type(n) is int for n in stamp)
        and type(fields["number"]) is int
        and _is_text(fields["slug"])
        and type(fields["stable"]) is bool
        and isinstance(facts, dict)
        and facts.keys() == {"number", "ident", "title", "severity", "items"}
        and type(facts["number"]) is int
        and all(_is_text(facts[k]) for k in ("ident", "title", "severity"))
        and isinstance(facts["items"], list)
        and all(_item_ok(i) for i in facts["items"])
    )
    return _Entry(**fields) if ok else None


def _read(root: Path, key: str) -> dict[str, _Entry]:
    folder = cache_folder(root)
    data = None if folder is None else read_cache(folder / CACHE_FILE)
    if (
        not isinstance(data, dict)
        or data.get("key") != key
        or not isinstance(data.get("files"), dict)
    ):
        return {}
    entries = {name: _entry(fields) for name, fields in data["files"].items()}
    # One damaged entry: judged as no cache at all, so the project is checked whole.
    return {} if None in entries.values() else cast("dict[str, _Entry]", entries)


def _write(root: Path, key: str, entries: dict[str, _Entry]) -> None:
    folder = cache_folder(root, create=True)
    if folder is None:
        return
    files = {name: vars(e) for name, e in entries.items()}
    try:
        write_atomic(
            folder / CACHE_FILE, json.dumps({"key": key, "files": files}, ensure_ascii=False)
        )
    except (OSError, PlaybookError):
        return


def _facts(incident: Incident) -> dict[str, Any]:
    pm = incident.postmortem
    items = pm.action_items if pm is not None else []
    return {
        "number": incident.number,
        "ident": incident.ident,
        "title": incident.title,
        "severity": incident.severity,
        "items": [
            {
                "text": i.text,
                "owner": i.owner,
                "due": i.due.isoformat() if i.due else None,
                "done": i.done,
                "link": str(i.link) if i.link is not None else None,
            }
            for i in items
        ],
    }


@dataclass(frozen=True)
class _Item:
    text: str
    owner: str | None
    due: date | None
    done: bool
    link: str | None


@dataclass(frozen=True)
class _PostMortem:
    action_items: list[_Item]


@dataclass(frozen=True)
class _Shell:
    number: int
    ident: str
    title: str
    severity: str
    postmortem: _PostMortem | None


def _shell(facts: dict[str, Any]) -> Incident:
    """A stand-in holding just what :func:`generator.facts.actions.entries` reads of an
    incident, made from checked data: validating each record again (or even pydantic's
    ``model_construct``) would cost what the cache saves."""
    items = [
        _Item(**{**i, "due": date.fromisoformat(i["due"]) if i["due"] else None})
        for i in facts["items"]
    ]
    head = {k: facts[k] for k in ("number", "ident", "title", "severity")}
    return cast("Incident", _Shell(**head, postmortem=_PostMortem(items) if items else None))


def _check(ctx: Context, record: Record, file: Path, now: datetime) -> tuple[bool, bool]:
    """(valid now, valid at every later moment) of one record, as ``validate`` judges it."""
    from ..check.recordcheck import collection_problems
    from ..check.rules.incidents import check_record

    def errors_at(moment: datetime) -> bool:
        found: list[Any] = []
        check_record(record, ctx.policy, ctx.playbooks, moment, found)
        return any(p.level is Level.ERROR for p in found)

    if errors_at(now):
        return False, False
    # Unfiltered: a clash may be reported on the other record (the later file).
    if any(p.level is Level.ERROR for p in collection_problems(ctx, record, file)):
        return False, False
    return True, not errors_at(now + _LATER)


class Valid(NamedTuple):
    """A project found valid: its policy (``actions`` judges overdue in its time zone) and
    each record's action-item facts."""

    policy: Policy
    incidents: list[Incident]


def incidents_if_valid(root: Path, now: datetime | None = None) -> Valid | None:
    """The policy and each record's action-item facts, or None when the project may have
    errors (or cannot be judged from the cache): the caller then loads and checks it whole."""
    from ..check.recordcheck import load_context
    from ..load.project import load_record

    now = now or datetime.now(UTC)
    key = _key(root)
    cached = _read(root, key)
    folder = root / INCIDENTS_DIR
    current = snapshot(root)
    if set(cached) - set(current):
        return None
    kept = {name: hit for name, hit in cached.items() if hit.stamp == current[name] and hit.stable}
    if len(current) - len(kept) > len(current) // 2:
        # Most records to check one by one (a first run, a new policy): each check scans
        # the folder for the records it could clash with, so loading and checking the
        # project whole, over all cores, is quicker, and it fills this cache too.
        return None
    try:
        ctx = load_context(root)
    except ProblemsFound:
        return None
    fresh: dict[str, _Entry] = {}
    for name, stamp in current.items():
        hit = kept.get(name)
        if hit is not None:
            fresh[name] = hit
            continue
        hit = cached.get(name)
        record = load_record(root, folder / name, [])
        if record is None:
            return None
        inc = record.incident
        if hit is not None and (hit.number, hit.slug) != (inc.number, inc.slug):
            return None
        valid, stable = _check(ctx, record, folder / name, now)
        if not valid:
            return None
        fresh[name] = _Entry(stamp, inc.number, inc.slug, stable, _facts(inc))
    if fresh != cached:
        _write(root, key, fresh)
    return Valid(ctx.policy, [_shell(e.facts) for e in fresh.values()])


def snapshot(root: Path) -> dict[str, list[int]]:
    """Each record file's stamp, taken before a whole-project load (see :func:`remember`)."""
    return {name: stamp for name, *stamp in file_stamps(root / INCIDENTS_DIR)}


def remember(project: Project, before: dict[str, list[int]], now: datetime | None = None) -> None:
    """Fill the cache from a project loaded and checked whole and found valid; ``before``
    is :func:`snapshot` from before it was loaded, so a file saved meanwhile is not
    remembered with contents it no longer has."""
    from ..check.rules.incidents import check_record

    now = now or datetime.now(UTC)
    by_name = {r.path.rsplit("/", 1)[-1]: r for r in project.records}
    if project.policy is None or set(by_name) != set(before) or snapshot(project.root) != before:
        return
    playbooks = set(project.playbooks)
    entries: dict[str, _Entry] = {}
    for name, stamp in before.items():
        record = by_name[name]
        later: list[Problem] = []
        check_record(record, project.policy, playbooks, now + _LATER, later)
        stable = not any(p.level is Level.ERROR for p in later)
        inc = record.incident
        entries[name] = _Entry(stamp, inc.number, inc.slug, stable, _facts(inc))
    _write(project.root, _key(project.root), entries)
