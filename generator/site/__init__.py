"""The site core: a loaded, validated project in, Markdown pages and assets out.

It knows nothing of MkDocs or click. Adapters turn its output into a site:
:mod:`generator.mkdocs_plugin` hands the pages to MkDocs as generated files, and
``playbook generate`` writes them as plain Markdown files any site engine can build.

Use::

    from generator.site import SiteOptions, build_site

    site = build_site(project, SiteOptions(recent=5))
    for page in site.pages:      # Page(path="incidents/0015-hotfix-auth-token.md",
        ...                      #      title=..., markdown=..., in_nav=False, section=None)
    site.assets                  # [Asset("assets/playbook.css", ...), ...]
    site.nav()                   # [("Home", "index.md"), ("Workflows", [(...), ...]), ...]

Adding a page family is adding one builder: a module with
``def pages(ctx: SiteContext) -> Iterable[Page]`` appended to :data:`BUILDERS`. A builder
reads ``ctx.project``, ``ctx.policy`` and ``ctx.incidents`` (each an
:class:`~generator.site.context.IncidentFacts` with durations, SLA checks, checklist ticks and
timeline rows already computed), renders a template from ``site_templates/pages/`` through
:func:`generator.site.templating.render`, and links pages with :func:`~generator.site.core.link`
(relative ``.md`` links, which MkDocs and other engines resolve). Record text goes to templates
as data and through the filters of :mod:`generator.site.templating`; see
:mod:`generator.site.safe` for why that is enough.

Big finished HTML blocks (an incident's facts table, checklist and tables — see
:mod:`~generator.site.tables` —, the incident index table, SVG pictures) go into a page as slot
markers from a :class:`~generator.site.core.Slots` instead of inline: Markdown engines then
skip parsing them (most of an incident page's build time), and pictures and the policy
checklist stay out of the search index. Adapters either fill them into the rendered HTML (the
MkDocs plugin) or write :meth:`Page.standalone() <generator.site.core.Page.standalone>`
(``playbook generate``). Record text in a slot is escaped by the HTML template's autoescape.

Page paths: ``index.md``, ``severity-levels.md``, ``workflows/index.md``,
``workflows/<playbook>.md``, ``checklists.md``, ``incidents/index.md``,
``incidents/<NNNN-slug>.md``, ``action-items.md``, ``metrics.md``, ``tags.md``; assets under
``assets/``.
"""

from __future__ import annotations

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
from .core import Asset, Builder, Page, Site, Slot, Slots, link, run_builders
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
    token = templating.display_zone.set(project.policy.zone())
    try:
        return Site(pages=run_builders(ctx, BUILDERS), assets=assets() + reports.files(ctx))
    finally:
        templating.display_zone.reset(token)


__all__ = [
    "BUILDERS",
    "Asset",
    "Builder",
    "IncidentFacts",
    "Page",
    "Site",
    "SiteContext",
    "SiteOptions",
    "Slot",
    "Slots",
    "build_site",
    "link",
]
