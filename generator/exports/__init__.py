"""Records carried elsewhere: JSON, CSV, an Atom feed, an iCalendar file and JSON Schemas.

:func:`site_files` returns every export as ``{site path: text}`` for the site to write;
``playbook export`` prints the JSON or CSV form. Each format's keys are documented in the
README's "Export formats" section and kept stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..facts.incident import IncidentFacts as IncidentMetrics
from .atom import feed
from .ical import calendar
from .records import (
    Links,
    incident_document,
    incident_json,
    incidents_document,
    incidents_json,
    ordered_entries,
)
from .schema import schema_texts
from .table import incidents_csv

__all__ = [
    "Links",
    "calendar",
    "feed",
    "incident_json",
    "incidents_csv",
    "incidents_json",
    "site_files",
]


def site_files(
    items: Sequence[IncidentMetrics], links: Links, today: date, feed_entries: int = 50
) -> dict[str, str]:
    """Every export, keyed by its path in the built site.

    The feed needs absolute links: without a ``site_url`` it is left out (the caller warns);
    it holds the ``feed_entries`` most recent post-mortems.
    """
    entries = ordered_entries(items, links, today)
    files = {
        "api/incidents.json": incidents_document(entries, today),
        "incidents.csv": incidents_csv(items, links, today),
        "action-items.ics": calendar(items, links, today),
    }
    for entry in entries:
        files[f"api/incidents/{entry['ident']}.json"] = incident_document(entry, today)
    if links.site_url:
        files["feed.xml"] = feed(items, links, today, feed_entries)
    for name, text in schema_texts().items():
        files[f"schemas/{name}"] = text
    return files
