"""``action-items.ics``: open action items' due dates as all-day events (RFC 5545).

Subscribe to it and every open item shows on its due day. Done items, items of unknown state
(a backfilled record's source does not say whether they were done) and items with no due
date are left out: a calendar holds deadlines still to meet, and an item nobody knows to be
open would put a years-old deadline on everyone's calendar. The file follows the RFC's
rules a careless writer breaks: CRLF line ends, lines folded at 75 octets without splitting a
UTF-8 character, and ``\\``, ``;``, ``,`` and newlines escaped in text values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from urllib.parse import urlsplit

from ..facts.actions import entries
from ..facts.incident import IncidentFacts as IncidentMetrics
from .records import Links

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11); control characters other than newlines are dropped."""
    value = _CONTROL.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space (§3.1)."""
    data = line.encode("utf-8")
    pieces: list[bytes] = []
    limit = 75
    while len(data) > limit:
        cut = limit
        # Never cut inside a UTF-8 sequence: back up to a lead byte.
        while cut > 0 and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        pieces.append(data[:cut])
        data = data[cut:]
        limit = 74  # continuation lines start with a space
    pieces.append(data)
    return "\r\n ".join(p.decode("utf-8") for p in pieces)


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def calendar(items: Sequence[IncidentMetrics], links: Links, today: date) -> str:
    host = urlsplit(links.site_url).hostname if links.site_url else None
    domain = host or "playbook.invalid"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//playbook//action items//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(links.site_name + ': action items')}",
    ]
    incidents = [m.incident for m in items]
    for e in entries(incidents, today):
        if not e.open or e.due is None:
            continue
        owner = e.owner or "no owner"
        state = "OVERDUE. " if e.overdue else ""
        description = f"{state}Owner: {owner}\nFrom incident #{e.number} ({e.severity}): {e.title}"
        if e.link:
            description += f"\n{e.link}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}@{domain}",
            # DTSTAMP is the build day, so an unchanged project gives an identical file.
            f"DTSTAMP:{_day(today)}T000000Z",
            f"DTSTART;VALUE=DATE:{_day(e.due)}",
            f"DTEND;VALUE=DATE:{_day(e.due + timedelta(days=1))}",
            f"SUMMARY:{escape_text(f'{e.text} ({owner})')}",
            f"DESCRIPTION:{escape_text(description)}",
            f"URL:{links.incident_url(e.ident)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
