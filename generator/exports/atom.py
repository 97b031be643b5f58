"""``feed.xml``: an Atom (RFC 4287) feed of post-mortems, newest first.

The XML is built with ElementTree, which escapes every text and attribute, and characters
XML 1.0 forbids are dropped, so no record text can break the feed. Links are absolute
(Atom readers resolve nothing), which is why the feed needs ``site_url``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from ..facts.incident import IncidentFacts as IncidentMetrics
from .records import Links

ATOM = "http://www.w3.org/2005/Atom"
#: Entries in the feed by default: readers poll it for what is new, and a feed holding every
#: post-mortem of a big project grows by hundreds of kilobytes per thousand incidents.
ENTRIES = 50
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _updated(m: IncidentMetrics, fallback: datetime) -> datetime:
    """The latest known lifecycle time: resolution for finished incidents."""
    times = [p.at for p in m.points.values()]
    return max(times) if times else fallback


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    # Attributes too: a site_url or a category from a record must not carry a character
    # XML forbids, or the feed stops parsing.
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        node.text = _clean(text)
    return node


def _summary(m: IncidentMetrics) -> str:
    inc = m.incident
    pm = inc.postmortem
    parts = [f"{inc.severity} · {inc.status.value}"]
    span = m.duration
    if span.duration is not None:
        parts.append(f"{span.label.lower()} {span.text()} ({span.ends})")
    head = ", ".join(parts) + "."
    body = pm.summary if pm is not None and pm.summary else "No summary written yet."
    return f"{head} {body}"


def feed(items: Sequence[IncidentMetrics], links: Links, today: date, limit: int = ENTRIES) -> str:
    """The feed text; entries are the ``limit`` most recently updated incidents that have a
    post-mortem (every one of them is in ``api/incidents.json``)."""
    fallback = datetime.combine(today, time(), UTC)
    posts = [m for m in items if m.incident.postmortem is not None]
    posts.sort(key=lambda m: (_updated(m, fallback), m.incident.number), reverse=True)
    del posts[max(limit, 0) :]
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "title", f"{links.site_name}: post-mortems")
    _sub(root, "id", links.url("feed.xml"))
    _sub(root, "link", rel="self", href=links.url("feed.xml"))
    _sub(root, "link", rel="alternate", href=links.url(""))
    # The newest entry dates the feed, so an unchanged project gives a byte-identical file.
    newest = _updated(posts[0], fallback) if posts else fallback
    _sub(root, "updated", _stamp(newest))
    author = _sub(root, "author")
    _sub(author, "name", links.site_name)
    _sub(root, "generator", "playbook")
    for m in posts:
        inc = m.incident
        url = links.incident_url(inc.ident)
        entry = _sub(root, "entry")
        _sub(entry, "title", f"#{inc.number} {inc.title}")
        _sub(entry, "id", url)
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        detected = m.points.get("detected")
        if detected is not None:
            _sub(entry, "published", _stamp(detected.at))
        _sub(entry, "updated", _stamp(_updated(m, fallback)))
        _sub(entry, "category", term=inc.severity)
        for service in inc.services:
            _sub(entry, "category", term=service)
        _sub(entry, "summary", _summary(m), type="text")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
