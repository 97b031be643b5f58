"""JSON exports: ``api/incidents.json`` and one ``api/incidents/NNNN-slug.json`` per incident.

Each incident is ``{"ident", "url", "record", "computed"}``: ``record`` is the record exactly
as the model holds it (``Incident.model_validate(record)`` gives it back), ``computed`` holds
what playbook derived from it. Keys are stable; new keys may be added, none renamed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..facts.incident import IncidentFacts as IncidentMetrics
from ..facts.incident import facts_data

#: Bumped only when a key changes meaning or disappears.
FORMAT_VERSION = 2


@dataclass(frozen=True)
class Links:
    """Where incident pages live, so exports can link to them."""

    #: The site's public address (``site_url`` in mkdocs.yml); None when not configured.
    site_url: str | None = None
    #: Path of an incident page inside the site, ``{ident}`` filled in.
    page: str = "incidents/{ident}/"
    site_name: str = "Incident playbooks"

    def base(self) -> str | None:
        if not self.site_url:
            return None
        return self.site_url if self.site_url.endswith("/") else self.site_url + "/"

    def url(self, path: str) -> str:
        """Absolute when ``site_url`` is known, else relative to the site root."""
        base = self.base()
        # Paths here are our own relative ones, so joining is concatenation.
        return base + path if base else path

    def incident_url(self, ident: str) -> str:
        return self.url(self.page.format(ident=ident))


def incident_entry(m: IncidentMetrics, links: Links, today: date) -> dict[str, Any]:
    inc = m.incident
    return {
        "ident": inc.ident,
        "url": links.incident_url(inc.ident),
        "record": inc.model_dump(mode="json"),
        # The same dict `playbook show N --format json` prints under "computed".
        "computed": facts_data(m),
    }


def _dump(data: Any) -> str:
    # Compact on purpose: json.dumps with indent falls back to the pure-Python encoder,
    # which made the exports the slowest part of a 5,000-incident build. allow_nan=False:
    # the model refuses .nan/.inf, and should one slip through, failing beats writing
    # `NaN`, which no strict JSON parser reads.
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def incident_document(entry: dict[str, Any], today: date, dumped: str | None = None) -> str:
    """``api/incidents/NNNN-slug.json`` from an entry of :func:`incident_entry`; ``dumped``
    is the entry as :func:`dump_entry` wrote it, when the caller has it (encoding an
    incident is most of an export's time, and the two files hold the same text)."""
    if dumped is None:
        return _dump({"version": FORMAT_VERSION, "today": today.isoformat(), **entry})
    # The document is the entry's object with two keys in front: the same bytes as
    # encoding it whole (an entry has neither key).
    head = _dump({"version": FORMAT_VERSION, "today": today.isoformat()})
    return head[:-2] + "," + dumped[1:] + "\n"


def incident_json(m: IncidentMetrics, links: Links, today: date) -> str:
    return incident_document(incident_entry(m, links, today), today)


def dump_entry(entry: dict[str, Any]) -> str:
    """One entry as it appears in the ``incidents`` list of ``api/incidents.json``."""
    return _dump(entry)[:-1]


def incidents_document_parts(count: int, today: date) -> tuple[str, str]:
    """The text of ``api/incidents.json`` before and after its entries (joined by ``,``):
    the file can be written entry by entry, never held whole — the same bytes as
    :func:`incidents_document`."""
    head = _dump({"version": FORMAT_VERSION, "today": today.isoformat(), "count": count})
    return head[:-2] + ',"incidents":[', "]}\n"


def incidents_document(entries_: Sequence[dict[str, Any]], today: date) -> str:
    """``api/incidents.json`` from entries already ordered by number."""
    return _dump(
        {
            "version": FORMAT_VERSION,
            "today": today.isoformat(),
            "count": len(entries_),
            "incidents": list(entries_),
        }
    )


def ordered_entries(
    items: Sequence[IncidentMetrics], links: Links, today: date
) -> list[dict[str, Any]]:
    """One entry per incident, by number."""
    ordered = sorted(items, key=lambda m: m.incident.number)
    return [incident_entry(m, links, today) for m in ordered]


def incidents_json(items: Sequence[IncidentMetrics], links: Links, today: date) -> str:
    """All records, ordered by number."""
    return incidents_document(ordered_entries(items, links, today), today)
