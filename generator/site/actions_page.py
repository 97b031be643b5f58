"""The action-item register page: every post-mortem action item, counts per owner, overdue
items flagged. Overdue is judged against the build date (UTC), as ``playbook actions`` does."""

from __future__ import annotations

from collections.abc import Iterator

from .. import templating
from ..actions import NO_OWNER, entries, per_owner
from .context import SiteContext
from .core import Page, link
from .frontmatter import front_matter
from .reports import today

PATH = "action-items.md"
TITLE = "Action Items"


def pages(ctx: SiteContext) -> Iterator[Page]:
    if not ctx.options.reports:
        return
    day = today(ctx)
    items = entries([f.incident for f in ctx.incidents], day)
    hrefs = {f.incident.number: link(PATH, f.path) for f in ctx.incidents}
    markdown = templating.render(
        "pages/actions.md.j2",
        front=front_matter(TITLE),
        today=day.isoformat(),
        total=len(items),
        open_items=[(e, hrefs[e.number]) for e in items if not e.done],
        done_items=[(e, hrefs[e.number]) for e in items if e.done],
        overdue=sum(e.overdue for e in items),
        owners=per_owner(items),
        no_owner=NO_OWNER,
        calendar=link(PATH, "action-items.ics"),
    )
    yield Page(PATH, TITLE, markdown)
