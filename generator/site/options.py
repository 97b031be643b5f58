"""What an adapter (the MkDocs plugin, ``playbook generate``) tells the site core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SiteOptions:
    """Choices an adapter passes to the core; every field has a sensible default."""

    #: How many post-mortems the home page lists.
    recent: int = 10
    #: "Now" for open-incident ages and overdue action items; None means the current time.
    now: datetime | None = None
    #: Public address of the pages' root (MkDocs ``site_url`` + prefix); exports need it for
    #: absolute links (the Atom feed is left out without it).
    site_url: str | None = None
    site_name: str = "Incident Playbooks"
    #: Pages are served as ``incidents/x/`` (True) or ``incidents/x.html`` (False).
    directory_urls: bool = True
    #: Build the metrics page, the action-item register and the export files.
    reports: bool = True
    #: How many of the most recent post-mortems the Atom feed holds.
    feed_entries: int = 50
