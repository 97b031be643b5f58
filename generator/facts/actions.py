"""The action-item register: every post-mortem action item across all incidents.

Each item has one state, judged against a given day (the build date by default):
``done``; ``overdue`` when not done and its due day has passed (an item due today is not yet
overdue, one with no due date never is); ``open``; or ``unknown`` when a backfilled record's
source does not say (``done: unknown``) — such items are listed as unknown, never as open.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from ..model.incident import Incident

NO_OWNER = "(no owner)"

State = Literal["open", "done", "overdue", "unknown"]


def today_utc() -> date:
    """The build date: the current day in UTC."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class ActionEntry:
    """One action item and the incident it came from."""

    number: int
    ident: str
    title: str
    severity: str
    #: 1-based position in the post-mortem's action items (stable id with ``ident``).
    index: int
    text: str
    owner: str | None
    due: date | None
    done: bool
    link: str | None
    overdue: bool
    state: State = "open"

    @property
    def open(self) -> bool:
        return self.state in ("open", "overdue")

    @property
    def uid(self) -> str:
        return f"{self.ident}-action-{self.index}"


def entries(incidents: Iterable[Incident], today: date | None = None) -> list[ActionEntry]:
    """Every action item, ordered by due day (undated last), then incident and position."""
    day = today if today is not None else today_utc()
    out = []
    for inc in incidents:
        if inc.postmortem is None:
            continue
        for i, item in enumerate(inc.postmortem.action_items, start=1):
            done = item.done is True
            unknown = item.done == "unknown"
            overdue = not done and not unknown and item.due is not None and item.due < day
            state: State = (
                "done" if done else "unknown" if unknown else "overdue" if overdue else "open"
            )
            out.append(
                ActionEntry(
                    inc.number,
                    inc.ident,
                    inc.title,
                    inc.severity,
                    i,
                    item.text,
                    item.owner,
                    item.due,
                    done,
                    str(item.link) if item.link is not None else None,
                    overdue,
                    state,
                )
            )
    out.sort(key=lambda e: (e.due is None, e.due or date.min, e.number, e.index))
    return out


def owner_key(owner: str) -> str:
    """Owners match without case and without a leading ``@``: ``alice`` finds ``@Alice``;
    and in one Unicode form (NFC), so ``José`` typed either way is one person."""
    return unicodedata.normalize("NFC", owner.strip().lstrip("@")).casefold()


def select(
    items: Iterable[ActionEntry],
    *,
    open_only: bool = False,
    owner: str | None = None,
    overdue: bool = False,
) -> list[ActionEntry]:
    """Filter the register; filters combine (all must hold)."""
    wanted = owner_key(owner) if owner is not None else None
    return [
        e
        for e in items
        if (not open_only or e.open)
        and (not overdue or e.overdue)
        and (wanted is None or (e.owner is not None and owner_key(e.owner) == wanted))
    ]


@dataclass(frozen=True)
class OwnerCount:
    owner: str | None
    total: int
    open: int
    overdue: int
    done: int
    unknown: int = 0


def per_owner(items: Iterable[ActionEntry]) -> list[OwnerCount]:
    """Counts per owner, most overdue then most open first; no owner counted together last.

    Owners are grouped as :func:`owner_key` matches them (``@alice`` and ``@Alice`` are one
    person) and shown as first written.
    """
    names: dict[str | None, str | None] = {}
    tallies: dict[str | None, list[int]] = {}
    for e in items:
        key = owner_key(e.owner) if e.owner is not None else None
        names.setdefault(key, e.owner)
        t = tallies.setdefault(key, [0, 0, 0, 0, 0])
        t[0] += 1
        t[1] += e.open
        t[2] += e.overdue
        t[3] += e.done
        t[4] += e.state == "unknown"
    counts = [OwnerCount(names[key], *t) for key, t in tallies.items()]
    counts.sort(key=lambda c: (c.owner is None, -c.overdue, -c.open, c.owner or ""))
    return counts


def entry_data(e: ActionEntry) -> dict[str, Any]:
    return {
        "incident": e.number,
        "ident": e.ident,
        "incident_title": e.title,
        "severity": e.severity,
        "index": e.index,
        "text": e.text,
        "owner": e.owner,
        "due": e.due.isoformat() if e.due else None,
        "done": e.done,
        "overdue": e.overdue,
        "state": e.state,
        "link": e.link,
    }


def register_data(items: list[ActionEntry], today: date) -> dict[str, Any]:
    """The register as plain JSON types, with stable keys (documented in the README)."""
    return {
        "today": today.isoformat(),
        "total": len(items),
        "open": sum(e.open for e in items),
        "overdue": sum(e.overdue for e in items),
        "unknown": sum(e.state == "unknown" for e in items),
        "owners": [
            {
                "owner": c.owner,
                "total": c.total,
                "open": c.open,
                "overdue": c.overdue,
                "done": c.done,
                "unknown": c.unknown,
            }
            for c in per_owner(items)
        ],
        "items": [entry_data(e) for e in items],
    }
