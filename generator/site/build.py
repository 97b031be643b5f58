"""Every page and asset of a site: the page builders in nav order, run on a loaded project.

Kept out of the package's ``__init__`` so that importing one part of :mod:`generator.site`
(the Jinja environment, for a terminal view or a scaffold) does not import every builder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import TextIO

from .. import exports
from ..check.gate import refuse_errors
from ..errors import ProblemsFound
from ..load.project import Project
from . import (
    actions_page,
    checklists,
    home,
    incidents,
    metrics_page,
    people,
    reports,
    severities,
    tags,
    templating,
    workflows,
)
from .assets import assets
from .context import SiteContext
from .core import Asset, Body, Builder, Page, Site, run_builders
from .options import SiteOptions

#: Page families in nav order. Append a builder to add pages.
BUILDERS: list[Builder] = [
    home.pages,
    severities.pages,
    workflows.pages,
    checklists.pages,
    people.pages,
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
    ctx, pages = build_pages(project, options)
    return Site(pages=pages, assets=site_assets(ctx))


def build_pages(
    project: Project, options: SiteOptions | None = None
) -> tuple[SiteContext, list[Page]]:
    """The pages alone (each renders when asked), and the context the assets are made
    from: the preview re-renders an edited record's page before it rewrites the exports."""
    refuse_errors(project.problems, "invalid records stop the build")
    if project.policy is None:
        raise ProblemsFound(project.problems, "invalid records stop the build")
    ctx = SiteContext(project, project.policy, options or SiteOptions())
    zone = project.policy.zone()
    token = templating.display_zone.set(zone)
    try:
        return ctx, [_zoned(page, zone) for page in run_builders(ctx, BUILDERS)]
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


def site_assets(ctx: SiteContext) -> list[Asset]:
    """The stylesheet, scripts and exports of a site (see :func:`build_pages`)."""
    return assets() + export_assets(ctx)


def export_assets(ctx: SiteContext) -> list[Asset]:
    """The exports (``api/``, ``incidents.csv``, ``feed.xml``, …) as texts in memory."""
    token = templating.display_zone.set(ctx.policy.zone())
    try:
        return reports.files(ctx)
    finally:
        templating.display_zone.reset(token)


def write_exports(ctx: SiteContext, folder: Path) -> int:
    """The exports written under ``folder`` one file at a time (none when reports are off):
    how the MkDocs plugin writes them, so that the exports of 10,000 incidents never sit in
    memory at once. Returns how many files were written."""
    if not ctx.options.reports:
        return 0

    def open_text(path: str) -> TextIO:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target.open("w", encoding="utf-8", newline="")

    token = templating.display_zone.set(ctx.policy.zone())
    try:
        written = exports.write_site_files(
            reports.site_metrics(ctx),
            reports.links(ctx),
            reports.today(ctx),
            ctx.options.feed_entries,
            open_text,
        )
    finally:
        templating.display_zone.reset(token)
    return len(written)
