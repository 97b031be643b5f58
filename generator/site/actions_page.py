"""The action-item register page: every post-mortem action item, counts per owner, overdue
items flagged, items of unknown state shown as such. States, counts and the day overdue is
judged on (the build's date in the project's time zone) are those ``playbook actions`` prints.

The register is one HTML table, sortable and filterable by the site script.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from ..facts.actions import NO_OWNER, count, entries, owner_key, per_owner
from .context import SiteContext
from .core import Body, Page, link
from .outline import render_body
from .reports import today

PATH = "action-items.md"
TITLE = "Action Items"


def filter_key(owner: str | None) -> str:
    """The owner as one token for the filter script, which splits attributes at spaces."""
    return "-" if owner is None else re.sub(r"\s+", "_", owner_key(owner))


def _flat(text: str) -> str:
    # One table row per line of HTML (a browser shows line breaks in a cell as spaces anyway),
    # so the page stays readable as a diff.
    return " ".join(text.split())


def _body(ctx: SiteContext) -> Body:
    day = today(ctx)
    items = entries([f.incident for f in ctx.incidents], day)
    # Items still to do first (overdue ones lead, being the earliest due), then those of
    # unknown state, then done ones.
    items.sort(key=lambda e: (not e.open, e.done))
    hrefs = {f.incident.number: link(PATH, f.path) for f in ctx.incidents}
    owners = per_owner(items)
    return render_body(
        "pages/actions.html.j2",
        items=[(e, hrefs[e.number], filter_key(e.owner)) for e in items],
        flat=_flat,
        today=day.isoformat(),
        zone=ctx.policy.timezone,
        counts=count(items),
        owners=owners,
        owner_options=sorted(
            ((filter_key(c.owner), c.owner or NO_OWNER) for c in owners), key=lambda o: o[1]
        ),
        no_owner=NO_OWNER,
        calendar=link(PATH, "action-items.ics"),
    )


def pages(ctx: SiteContext) -> Iterator[Page]:
    if ctx.options.reports:
        yield Page(PATH, TITLE, partial(_body, ctx))
