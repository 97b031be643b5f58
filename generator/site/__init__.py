"""The site core: a loaded, validated project in, finished HTML pages and assets out.

It knows nothing of MkDocs or click. Adapters turn its output into a site:
:mod:`generator.mkdocs_plugin` hands each page's HTML body and table of contents to MkDocs'
theme, and ``playbook generate`` writes the pages as Markdown files (front matter + the HTML
body) any site engine can build.

Use::

    from generator.site import SiteOptions, build_site

    site = build_site(project, SiteOptions(recent=5))
    for page in site.pages:      # Page(path="incidents/0015-hotfix-auth-token.md", title=…)
        body = page.body()       # Body(html="<h1 id=…", toc=(TocEntry(1, "0015-…", …),))
    site.assets                  # [Asset("assets/playbook.css", ...), ...]
    site.nav()                   # [("Home", "index.md"), ("Workflows", [(...), ...]), ...]

Adding a page family is adding one builder: a module with
``def pages(ctx: SiteContext) -> Iterable[Page]`` appended to :data:`BUILDERS`. A builder
reads ``ctx.project``, ``ctx.policy`` and ``ctx.incidents`` (each an
:class:`~generator.site.context.IncidentFacts` with durations, SLA checks, checklist ticks and
timeline rows already computed) and gives each page a function that renders its HTML template
from ``site_templates/pages/*.html.j2`` through :func:`generator.site.outline.render_body`
(headings with ids and permalinks, highlighted code blocks, the table of contents). Pages
render when an adapter asks, one at a time, so a big site never holds every page's HTML.
Pages link with :func:`~generator.site.core.link` (relative ``.md`` links, which adapters
resolve). Record text goes to templates as data: autoescaped, and Markdown fields through
the ``prose_html`` filter (markdown-it + the sanitiser); see :mod:`generator.site.safe`.

Search hints for pagefind are in the HTML: ``data-pagefind-ignore`` on the facts table,
filter forms, pictures and text every incident page repeats; each page's ``kind`` gives its
search weight (:mod:`generator.search.ranking`).

Page paths: ``index.md``, ``severity-levels.md``, ``workflows/index.md``,
``workflows/<playbook>.md``, ``checklists.md``, ``incidents/index.md``,
``roles.md``, ``communications.md`` (when policy has those sections),
``incidents/<NNNN-slug>.md``, ``action-items.md``, ``metrics.md``, ``tags.md``; assets under
``assets/``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .build import BUILDERS, build_site
    from .context import IncidentFacts, SiteContext
    from .core import Asset, Body, Builder, Page, Site, TocEntry, link
    from .options import SiteOptions

#: Public name → the module defining it. Imported on first use (PEP 562): ``playbook show``
#: needs only :mod:`generator.site.templating`, and importing every page builder (Markdown,
#: the sanitiser, the diagrams, the exports) would cost it a fifth of its run.
_LAZY = {
    "BUILDERS": "build",
    "build_site": "build",
    "IncidentFacts": "context",
    "SiteContext": "context",
    "SiteOptions": "options",
    **dict.fromkeys(["Asset", "Body", "Builder", "Page", "Site", "TocEntry", "link"], "core"),
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "BUILDERS",
    "Asset",
    "Body",
    "Builder",
    "IncidentFacts",
    "Page",
    "Site",
    "SiteContext",
    "SiteOptions",
    "TocEntry",
    "build_site",
    "link",
]
