"""The page model: what every page builder produces and every adapter consumes."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import SiteContext


@dataclass(frozen=True)
class Page:
    """One Markdown page of the site.

    ``path`` is relative to the site root, POSIX, ending in ``.md`` (``incidents/index.md``).
    ``markdown`` is the whole file, front matter included. Pages with ``in_nav`` False are
    reachable from index pages only: putting thousands of incident pages in the sidebar
    makes every page carry the whole nav, which grows the site quadratically.
    """

    path: str
    title: str
    markdown: str
    in_nav: bool = True
    #: Nav section the page sits under (``"Workflows"``), or None for the top level.
    section: str | None = None


@dataclass(frozen=True)
class Asset:
    """A static file the pages need (stylesheet, script), relative to the site root."""

    path: str
    content: str


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


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)

    def nav(self) -> list[tuple[str, str | list[tuple[str, str]]]]:
        """MkDocs-style nav: ``(title, path)`` or ``(section, [(title, path), …])``."""
        out: list[tuple[str, str | list[tuple[str, str]]]] = []
        sections: dict[str, list[tuple[str, str]]] = {}
        for page in self.pages:
            if not page.in_nav:
                continue
            if page.section is None:
                out.append((page.title, page.path))
            elif page.section in sections:
                sections[page.section].append((page.title, page.path))
            else:
                sections[page.section] = [(page.title, page.path)]
                out.append((page.section, sections[page.section]))
        return out


#: A page builder: given the computed site context, yield pages. A page family is one builder.
Builder = Callable[["SiteContext"], Iterable[Page]]


def link(source: str, target: str) -> str:
    """Relative link from page ``source`` to page ``target`` (both site-root paths)."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def run_builders(ctx: SiteContext, builders: Sequence[Builder]) -> list[Page]:
    pages: list[Page] = []
    seen: set[str] = set()
    for builder in builders:
        for page in builder(ctx):
            if page.path in seen:
                raise ValueError(f"two builders produce {page.path}")
            seen.add(page.path)
            pages.append(page)
    return pages
