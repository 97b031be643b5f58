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

from ..facts.actions import entries
from ..facts.metrics import MEASURES, IncidentMetrics
from ..model.incident import MILESTONES
from .records import Links

COLUMNS: tuple[str, ...] = (
    "number",
    "ident",
    "title",
    "severity",
    "status",
    "workflow",
    "services",
    "quarter",
    *MILESTONES,
    "approximate_times",
    *(f"{m.key}_seconds" for m in MEASURES),
    "impact_interval",
    "acknowledge_sla",
    "resolve_sla",
    "action_items_open",
    "action_items_overdue",
    "url",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Text a spreadsheet shows as text, never evaluates."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _row(m: IncidentMetrics, links: Links, today: date) -> list[str | int]:
    inc = m.incident
    verdicts = {c.name: c.verdict for c in m.sla}
    items = entries([inc], today)
    spans = m.intervals

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
        *(m.points[n].at.isoformat() if n in m.points else "" for n in MILESTONES),
        ";".join(n for n in MILESTONES if n in m.points and m.points[n].approximate),
        *(seconds(x.key) for x in MEASURES),
        spans["impact_duration"].label,
        verdicts.get("time to acknowledge", ""),
        verdicts.get("time to resolve", ""),
        sum(not e.done for e in items),
        sum(e.overdue for e in items),
        links.incident_url(inc.ident),
    ]
    return [neutralise(c) if isinstance(c, str) else c for c in text]


def incidents_csv(items: Sequence[IncidentMetrics], links: Links, today: date) -> str:
    """All incidents by number; times as written (with their UTC offset), durations in seconds."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for m in sorted(items, key=lambda m: m.incident.number):
        writer.writerow(_row(m, links, today))
    return out.getvalue()
