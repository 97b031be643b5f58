"""The action-item register: every post-mortem action item across all incidents.

Each item has one state, decided by :func:`state_of` against one day (:func:`judged_day`):
``done``; ``overdue`` when not done and its due day has passed (an item due today is not yet
overdue, one with no due date never is); ``open``; or ``unknown`` when a backfilled record's
source does not say (``done: unknown``) — such items are listed as unknown, never counted
open or overdue, and left out of the calendar. Every view (``playbook actions`` and
``show``, the site's register and incident pages, the exports) reads these states and
counts them with :func:`count`, so no two of them can disagree.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, tzinfo
from typing import Any, Literal

from ..model.incident import ActionItem, Incident

NO_OWNER = "(no owner)"

State = Literal["open", "done", "overdue", "unknown"]


def judged_day(as_of: datetime, zone: tzinfo) -> date:
    """The day "overdue" is judged on: the date ``as_of`` falls on in the project's time
    zone (policy ``timezone``), the date the team's calendar shows. A due day is a day on
    that calendar, so judging it against the UTC date would call an item overdue (or not)
    for the hours the two dates differ."""
    return as_of.astimezone(zone).date()


def state_of(item: ActionItem, day: date) -> State:
    """The one rule for an item's state as of ``day``."""
    if item.done is True:
        return "done"
    if item.done == "unknown":
        return "unknown"
    if item.due is not None and item.due < day:
        return "overdue"
    return "open"


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
    link: str | None
    state: State

    @property
    def open(self) -> bool:
        """Still to do: open or overdue (never an item of unknown state)."""
        return self.state in ("open", "overdue")

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def done(self) -> bool:
        return self.state == "done"

    @property
    def unknown(self) -> bool:
        return self.state == "unknown"

    @property
    def uid(self) -> str:
        return f"{self.ident}-action-{self.index}"


def entries(incidents: Iterable[Incident], today: date) -> list[ActionEntry]:
    """Every action item judged as of ``today``, ordered by due day (undated last), then
    incident and position."""
    out = [
        ActionEntry(
            inc.number,
            inc.ident,
            inc.title,
            inc.severity,
            i,
            item.text,
            item.owner,
            item.due,
            str(item.link) if item.link is not None else None,
            state_of(item, today),
        )
        for inc in incidents
        if inc.postmortem is not None
        for i, item in enumerate(inc.postmortem.action_items, start=1)
    ]
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
class Counts:
    """How many items are in each state; ``open`` includes the overdue ones."""

    total: int = 0
    open: int = 0
    overdue: int = 0
    done: int = 0
    unknown: int = 0

    def data(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(Counts)}


def count(items: Iterable[ActionEntry]) -> Counts:
    """The counts every view prints (headlines, per-owner tables, CSV and JSON)."""
    states = Counter(e.state for e in items)
    return Counts(
        total=states.total(),
        open=states["open"] + states["overdue"],
        overdue=states["overdue"],
        done=states["done"],
        unknown=states["unknown"],
    )


@dataclass(frozen=True)
class OwnerCount(Counts):
    owner: str | None = None


def per_owner(items: Iterable[ActionEntry]) -> list[OwnerCount]:
    """Counts per owner, most overdue then most open first; no owner counted together last.

    Owners are grouped as :func:`owner_key` matches them (``@alice`` and ``@Alice`` are one
    person) and shown as first written.
    """
    groups: dict[str | None, list[ActionEntry]] = {}
    for e in items:
        groups.setdefault(owner_key(e.owner) if e.owner is not None else None, []).append(e)
    counts = [OwnerCount(**count(group).data(), owner=group[0].owner) for group in groups.values()]
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
        **count(items).data(),
        "owners": [{"owner": c.owner, **c.data()} for c in per_owner(items)],
        "items": [entry_data(e) for e in items],
    }
