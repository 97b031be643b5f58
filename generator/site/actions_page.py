"""The action-item register page: every post-mortem action item, counts per owner, overdue
items flagged. Overdue is judged against the build date (UTC), as ``playbook actions`` does.

The register is one HTML table (sortable and filterable by the site script) rather than a
Markdown table: with thousands of items, Python-Markdown's table parsing was the slowest
part of the whole build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markupsafe import Markup

from ..facts.actions import NO_OWNER, entries, owner_key, per_owner
from . import templating
from .context import SiteContext
from .core import Page, link
from .frontmatter import front_matter
from .reports import today

PATH = "action-items.md"
TITLE = "Action Items"


def filter_key(owner: str | None) -> str:
    """The owner as one token for the filter script, which splits attributes at spaces."""
    return "-" if owner is None else re.sub(r"\s+", "_", owner_key(owner))


def _flat(text: str) -> str:
    # A line break in record text would end the raw HTML block and spill the rest of the
    # table into Markdown.
    return " ".join(text.split())


def pages(ctx: SiteContext) -> Iterator[Page]:
    if not ctx.options.reports:
        return
    day = today(ctx)
    items = entries([f.incident for f in ctx.incidents], day)
    # Open items first (overdue ones lead, being the earliest due), then done ones.
    items.sort(key=lambda e: e.done)
    hrefs = {f.incident.number: link(PATH, f.path) for f in ctx.incidents}
    owners = per_owner(items)
    table = templating.render(
        "partials/actions_table.html.j2",
        items=[(e, hrefs[e.number], filter_key(e.owner)) for e in items],
        no_owner=NO_OWNER,
        flat=_flat,
    )
    markdown = templating.render(
        "pages/actions.md.j2",
        front=front_matter(TITLE),
        today=day.isoformat(),
        zone=ctx.policy.timezone,
        total=len(items),
        open_count=sum(not e.done for e in items),
        overdue=sum(e.overdue for e in items),
        owners=owners,
        owner_options=sorted(
            ((filter_key(c.owner), c.owner or NO_OWNER) for c in owners), key=lambda o: o[1]
        ),
        no_owner=NO_OWNER,
        table=Markup(table),
        calendar=link(PATH, "action-items.ics"),
    )
    yield Page(PATH, TITLE, markdown)
