"""``incidents.csv``: one row per incident for spreadsheets.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, so such text cells get a leading apostrophe (OWASP's advice
against CSV injection): a title like ``=HYPERLINK(…)`` shows as text instead of running.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from ..facts.actions import count
from ..facts.incident import IncidentFacts, interval_data
from ..model.incident import MILESTONES
from .records import Links

#: Columns before the milestones: the built-in ones, then those policy declares.
FRONT: tuple[str, ...] = (
    "number",
    "ident",
    "title",
    "severity",
    "status",
    "workflow",
    "services",
    "quarter",
    *MILESTONES,
)
#: Columns after the milestones and before the per-interval ones (``<interval id>_seconds``,
#: in policy order).
HEAD: tuple[str, ...] = (
    "approximate_times",
    "duration_seconds",
    "duration_iso",
    "duration_interval",
)
#: Columns after them.
TAIL: tuple[str, ...] = (
    "acknowledge_sla",
    "resolve_sla",
    "action_items_open",
    "action_items_overdue",
    "url",
)


def columns(interval_ids: Sequence[str], declared: Sequence[str] = ()) -> list[str]:
    """The header; ``declared`` are the milestones policy declares (a write-up's "95% of
    traffic back at 10:36" is a number its readers look for)."""
    return [*FRONT, *declared, *HEAD, *(f"{i}_seconds" for i in interval_ids), *TAIL]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Text a spreadsheet shows as text, never evaluates."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _row(m: IncidentFacts, links: Links) -> list[str | int]:
    inc = m.incident
    verdicts = {c.target_name: c.verdict_text for c in m.sla}
    actions = count(m.actions)
    spans = m.intervals
    head = interval_data(m.duration)
    names = (*MILESTONES, *m.declared)

    def seconds(key: str) -> str | int:
        d = spans[key].duration
        return "" if d is None else int(d.total_seconds())

    text: list[str | int] = [
        inc.number,
        inc.ident,
        inc.title,
        inc.severity,
        inc.status.value,
        inc.workflow.value,
        ";".join(inc.services),
        m.quarter or "",
        *(m.points[n].at.isoformat() if n in m.points else "" for n in names),
        ";".join(n for n in names if n in m.points and m.points[n].approximate),
        "" if head["seconds"] is None else head["seconds"],
        head["iso"] or "",
        m.duration.ends,
        *(seconds(key) for key in spans),
        verdicts.get("response", ""),
        verdicts.get("resolve", ""),
        actions.open,
        actions.overdue,
        links.incident_url(inc.ident),
    ]
    return [neutralise(c) if isinstance(c, str) else c for c in text]


def incidents_csv(items: Sequence[IncidentFacts], links: Links, today: date) -> str:
    """All incidents by number; times as written (with their UTC offset), durations in seconds
    (and the headline also as ISO 8601)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns(list(items[0].intervals), items[0].declared) if items else columns([]))
    for m in sorted(items, key=lambda m: m.incident.number):
        writer.writerow(_row(m, links))
    return out.getvalue()
