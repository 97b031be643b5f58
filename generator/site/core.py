"""The page model: what every page builder produces and every adapter consumes."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from .context import SiteContext


@dataclass(frozen=True)
class Slot:
    """A block of finished HTML kept out of a page's Markdown and put back after rendering.

    A Markdown engine gains nothing from reading HTML it will copy through unchanged, and
    Python-Markdown pays for every tag of it (an incident's two SVG pictures are most of
    its tags). ``indexed`` blocks (the facts table, the checklist) go back before a search
    engine reads the page; pictures (``indexed`` False) go back after it, so SVG labels do
    not end up in the search index.
    """

    html: str
    indexed: bool


@dataclass(frozen=True)
class Page:
    """One Markdown page of the site.

    ``path`` is relative to the site root, POSIX, ending in ``.md`` (``incidents/index.md``).
    ``markdown`` is the whole file, front matter included, except that it may hold slot
    markers (one line each, a raw HTML block in any engine) that ``slots`` fills: engines
    that can post-process rendered HTML take it as it is and put each :class:`Slot` back,
    the others take :meth:`standalone`. Pages with ``in_nav`` False are reachable from
    index pages only: putting thousands of incident pages in the sidebar makes every page
    carry the whole nav, which grows the site quadratically.
    """

    path: str
    title: str
    markdown: str
    in_nav: bool = True
    #: Nav section the page sits under (``"Workflows"``), or None for the top level.
    section: str | None = None
    #: Slot marker (as written in ``markdown``) → the HTML it stands for.
    slots: Mapping[str, Slot] = field(default_factory=dict)

    def standalone(self) -> str:
        """The page with every slot filled in: one Markdown file any engine can build."""
        return fill(self.markdown, self.slots)


def fill(text: str, slots: Mapping[str, Slot], *, indexed: bool | None = None) -> str:
    """``text`` (Markdown, or the HTML rendered from it) with its slot markers replaced;
    only the ``indexed`` (or only the not indexed) ones when ``indexed`` is given."""
    for marker, slot in slots.items():
        if indexed is None or slot.indexed is indexed:
            text = text.replace(marker, slot.html, 1)
    return text


class Slots:
    """Slot markers for one page, handed out while its templates render.

    A marker is an empty ``<div>`` with a page-unique number. Record text cannot forge
    one: it reaches pages escaped or sanitised, and a ``<div`` in a code block is escaped
    by the highlighter.
    """

    def __init__(self) -> None:
        self.slots: dict[str, Slot] = {}

    def _marker(self, html: str, indexed: bool) -> Markup:
        marker = f'<div data-pb-slot="{len(self.slots) + 1}"></div>'
        self.slots[marker] = Slot(str(html), indexed)
        return Markup(marker)

    def content(self, html: str, *, indexed: bool = True) -> Markup:
        """A marker for a block of HTML; ``indexed`` False keeps it out of the search index
        (text every incident page repeats, which would only bury the right result)."""
        return self._marker(html, indexed)

    def picture(self, html: str) -> Markup:
        """A marker for a picture: shown on the page, kept out of the search index."""
        return self._marker(html, indexed=False)


@dataclass(frozen=True)
class Asset:
    """A static file the pages need (stylesheet, script), relative to the site root."""

    path: str
    content: str


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
