"""Records carried elsewhere: JSON, CSV, an Atom feed, an iCalendar file and JSON Schemas.

:func:`write_site_files` writes every export through a function that opens a file, one
incident at a time; :func:`site_files` returns them as ``{site path: text}``;
``playbook export`` prints the JSON or CSV form. Each format's keys are documented in the
README's "Export formats" section and kept stable.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from typing import TextIO

from ..facts.incident import IncidentFacts as IncidentMetrics
from .atom import feed
from .ical import calendar
from .records import (
    Links,
    dump_entry,
    incident_document,
    incident_entry,
    incident_json,
    incidents_document_parts,
    incidents_json,
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
    "write_site_files",
]


def site_files(
    items: Sequence[IncidentMetrics], links: Links, today: date, feed_entries: int = 50
) -> dict[str, str]:
    """Every export, keyed by its path in the built site.

    The feed needs absolute links: without a ``site_url`` it is left out (the caller warns);
    it holds the ``feed_entries`` most recent post-mortems.
    """
    texts: dict[str, str] = {}

    class Text(io.StringIO):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

        def close(self) -> None:
            texts[self.path] = self.getvalue()
            super().close()

    write_site_files(items, links, today, feed_entries, Text)
    return texts


def write_site_files(
    items: Sequence[IncidentMetrics],
    links: Links,
    today: date,
    feed_entries: int,
    open_text: Callable[[str], TextIO],
) -> list[str]:
    """Write every export through ``open_text(site path)`` (a writable text stream, closed
    here), one incident at a time: ``api/incidents.json`` is written entry by entry, so the
    exports of 10,000 incidents never sit in memory at once. Returns the paths written."""
    written: list[str] = []

    def put(path: str, text: str) -> None:
        with open_text(path) as stream:
            stream.write(text)
        written.append(path)

    ordered = sorted(items, key=lambda m: m.incident.number)
    head, tail = incidents_document_parts(len(ordered), today)
    with open_text("api/incidents.json") as everything:
        everything.write(head)
        for i, item in enumerate(ordered):
            entry = incident_entry(item, links, today)
            dumped = dump_entry(entry)
            everything.write(("," if i else "") + dumped)
            put(f"api/incidents/{entry['ident']}.json", incident_document(entry, today, dumped))
        everything.write(tail)
    written.insert(0, "api/incidents.json")
    put("incidents.csv", incidents_csv(items, links, today))
    put("action-items.ics", calendar(items, links, today))
    if links.site_url:
        put("feed.xml", feed(items, links, today, feed_entries))
    for name, text in schema_texts().items():
        put(f"schemas/{name}", text)
    return written
