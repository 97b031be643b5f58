"""Records carried elsewhere: JSON, CSV, an Atom feed, an iCalendar file and JSON Schemas.

:func:`site_files` returns every export as ``{site path: text}`` for the site to write;
``playbook export`` prints the JSON or CSV form. Each format's keys are documented in the
README's "Export formats" section and kept stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..metrics import IncidentMetrics
from ..schema import schema_texts
from .atom import feed
from .ical import calendar
from .records import Links, incident_json, incidents_json
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


def site_files(items: Sequence[IncidentMetrics], links: Links, today: date) -> dict[str, str]:
    """Every export, keyed by its path in the built site.

    The feed needs absolute links: without a ``site_url`` it is left out (the caller warns).
    """
    files = {
        "api/incidents.json": incidents_json(items, links, today),
        "incidents.csv": incidents_csv(items, links, today),
        "action-items.ics": calendar(items, links, today),
    }
    for m in items:
        files[f"api/incidents/{m.incident.ident}.json"] = incident_json(m, links, today)
    if links.site_url:
        files["feed.xml"] = feed(items, links, today)
    for name, text in schema_texts().items():
        files[f"schemas/{name}"] = text
    return files
