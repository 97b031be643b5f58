"""What the metrics page, the action-item register and the export files share.

Every export reads the incidents' facts the site context already holds, so nothing is
computed twice; "today" for overdue items is the day of the context's ``now`` in the
project's time zone (:func:`generator.facts.actions.judged_day`), as everywhere else.
"""

from __future__ import annotations

from datetime import date

from .. import exports
from ..facts.actions import judged_day
from ..facts.incident import IncidentFacts
from .context import SiteContext
from .core import Asset

#: Export files the pages link to, site path → what it holds.
EXPORTS: dict[str, str] = {
    "api/incidents.json": "every record with its computed facts (JSON)",
    "incidents.csv": "one row per incident (CSV, for spreadsheets)",
    "feed.xml": "post-mortems as an Atom feed",
    "action-items.ics": "open action items' due dates (iCalendar)",
    "schemas/incident.schema.json": "JSON Schema of incident records",
    "schemas/policy.schema.json": "JSON Schema of policy files",
    "schemas/playbook.schema.json": "JSON Schema of playbook files",
}


def site_metrics(ctx: SiteContext) -> list[IncidentFacts]:
    return [f.facts for f in ctx.incidents]


def today(ctx: SiteContext) -> date:
    """The build's day in the project's time zone: what "overdue" is judged against."""
    return judged_day(ctx.now, ctx.policy.zone())


def links(ctx: SiteContext) -> exports.Links:
    page = "incidents/{ident}/" if ctx.options.directory_urls else "incidents/{ident}.html"
    return exports.Links(ctx.options.site_url, page, ctx.options.site_name)


def files(ctx: SiteContext) -> list[Asset]:
    """Every export as a static file of the site (none when reports are switched off)."""
    if not ctx.options.reports:
        return []
    written = exports.site_files(
        site_metrics(ctx), links(ctx), today(ctx), ctx.options.feed_entries
    )
    return [Asset(path, text) for path, text in written.items()]
