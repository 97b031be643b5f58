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
filter forms, pictures and text every incident page repeats; the adapter puts
:data:`~generator.site.core.SEARCH_ATTRIBUTES` (body, weight, kind) on each page's article.

Page paths: ``index.md``, ``severity-levels.md``, ``workflows/index.md``,
``workflows/<playbook>.md``, ``checklists.md``, ``incidents/index.md``,
``incidents/<NNNN-slug>.md``, ``action-items.md``, ``metrics.md``, ``tags.md``; assets under
``assets/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import tzinfo
from functools import partial

from ..check.gate import refuse_errors
from ..errors import ProblemsFound
from ..load.project import Project
from . import (
    actions_page,
    checklists,
    home,
    incidents,
    metrics_page,
    reports,
    severities,
    tags,
    templating,
    workflows,
)
from .assets import assets
from .context import IncidentFacts, SiteContext
from .core import Asset, Body, Builder, Page, Site, TocEntry, link, run_builders
from .options import SiteOptions

#: Page families in nav order. Append a builder to add pages.
BUILDERS: list[Builder] = [
    home.pages,
    severities.pages,
    workflows.pages,
    checklists.pages,
    incidents.pages,
    actions_page.pages,
    metrics_page.pages,
    tags.pages,
]


def build_site(project: Project, options: SiteOptions | None = None) -> Site:
    """All pages and assets for ``project``.

    Raises :class:`~generator.errors.ProblemsFound` when the project has errors: a site
    built from records the validator rejects would publish wrong numbers.
    """
    refuse_errors(project.problems, "invalid records stop the build")
    if project.policy is None:
        raise ProblemsFound(project.problems, "invalid records stop the build")
    ctx = SiteContext(project, project.policy, options or SiteOptions())
    zone = project.policy.zone()
    token = templating.display_zone.set(zone)
    try:
        pages = [_zoned(page, zone) for page in run_builders(ctx, BUILDERS)]
        return Site(pages=pages, assets=assets() + reports.files(ctx))
    finally:
        templating.display_zone.reset(token)


def _zoned(page: Page, zone: tzinfo) -> Page:
    """``page`` rendering its body in the policy's display zone, whenever it is asked."""
    if page.render is None:
        return page
    return replace(page, render=partial(_render_in_zone, page.render, zone))


def _render_in_zone(render: Callable[[], Body], zone: tzinfo) -> Body:
    token = templating.display_zone.set(zone)
    try:
        return render()
    finally:
        templating.display_zone.reset(token)


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
