"""The page model: what every page builder produces and every adapter consumes."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .frontmatter import front_matter

if TYPE_CHECKING:
    from .context import SiteContext


#: What a page is, for search ranking (:mod:`generator.search.ranking`): the policy a reader
#: follows (severity levels, playbooks, checklists), a record of one incident, or a
#: list/report built from many.
POLICY = "policy"
INCIDENT = "incident"
REPORT = "report"


@dataclass(frozen=True)
class TocEntry:
    """One heading of a page: its id, its text as HTML, and the headings under it."""

    level: int
    id: str
    title: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Body:
    """A page's final HTML body (everything inside the theme's article) and its outline."""

    html: str
    toc: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page of the site.

    ``path`` is relative to the site root, POSIX, ending in ``.md`` (``incidents/index.md``).
    The body is rendered when asked for (:meth:`body`), not when the page is listed: a site
    of 10,000 incidents then never holds 10,000 rendered pages at once. Each call renders
    afresh; callers ask once per page.

    ``markdown`` is set instead of ``render`` only for a page whose content belongs to the
    site engine (the tags page, which Material's tags plugin fills from its own Markdown
    directive); such a page goes through the engine's Markdown as before.

    Pages with ``in_nav`` False are reachable from index pages only: putting thousands of
    incident pages in the sidebar makes every page carry the whole nav, which grows the
    site quadratically.
    """

    path: str
    title: str
    render: Callable[[], Body] | None = None
    in_nav: bool = True
    #: Nav section the page sits under (``"Workflows"``), or None for the top level.
    section: str | None = None
    #: Material tags (severity and services on incident pages).
    tags: tuple[str, ...] = ()
    #: Parts of the theme the page hides (Material's ``hide``: ``toc``, ``navigation``).
    hide: tuple[str, ...] = ()
    markdown: str | None = None
    #: Shorter title for the nav, when the page's own title repeats its section's name.
    nav_title: str | None = None
    #: :data:`POLICY`, :data:`INCIDENT` or :data:`REPORT`.
    kind: str = REPORT

    def body(self) -> Body:
        """The rendered HTML body and its table of contents (empty for a Markdown page)."""
        return self.render() if self.render is not None else Body("")

    @property
    def html(self) -> str:
        return self.body().html

    @property
    def toc(self) -> tuple[TocEntry, ...]:
        return self.body().toc

    def front_matter(self) -> str:
        """The YAML front matter an engine reads the title, tags and hide list from."""
        return str(front_matter(self.title, self.tags, self.hide))

    def standalone(self) -> str:
        """The page as one Markdown file any engine can build: front matter, then the HTML
        body as raw HTML (or the page's own Markdown)."""
        if self.markdown is not None:
            return self.front_matter() + self.markdown
        return self.front_matter() + "\n" + as_raw_block(_no_template_syntax(self.body().html))


_PRE = re.compile(r"<pre\b.*?</pre>", re.S)


def _no_template_syntax(html: str) -> str:
    """``html`` with its braces as character references, which every browser shows as
    braces: engines that run a template language over Markdown (Jekyll's Liquid,
    mkdocs-macros' Jinja) would otherwise run ``{{ … }}`` or ``{% … %}`` from a record."""
    return html.replace("{", "&#123;").replace("}", "&#125;")


def as_raw_block(html: str) -> str:
    """HTML a Markdown engine copies through untouched: no blank line (which would end a raw
    HTML block and let the rest be read as Markdown); line breaks inside ``<pre>`` become
    ``&#10;``, which shows the same."""
    html = _PRE.sub(lambda m: m.group().replace("\n", "&#10;"), html)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


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
            title = page.nav_title or page.title
            if page.section is None:
                out.append((title, page.path))
            elif page.section in sections:
                sections[page.section].append((title, page.path))
            else:
                sections[page.section] = [(title, page.path)]
                out.append((page.section, sections[page.section]))
        return out


#: A page builder: given the computed site context, yield pages. A page family is one builder.
Builder = Callable[["SiteContext"], Iterable[Page]]


def link(source: str, target: str) -> str:
    """Relative link from page ``source`` to page ``target`` (both site-root paths)."""
    return _relative(target, posixpath.dirname(source) or ".")


@lru_cache(maxsize=4096)
def _relative(target: str, folder: str) -> str:
    # Every incident page sits in the same folder and links the same few pages.
    return posixpath.relpath(target, folder)


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
