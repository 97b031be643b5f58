"""The Roles and Communications pages, from policy's ``roles`` and ``communications``.

Both sections are optional: a policy without them gets no page (and no nav entry).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..messages.fill import PLACEHOLDERS
from ..model.comms import Audience
from .context import SiteContext
from .core import POLICY, Body, Page
from .outline import render_body, slugify

ROLES = "roles.md"
COMMUNICATIONS = "communications.md"

#: Headings of the Communications page, one per audience, in this order.
AUDIENCES = {
    Audience.STATUS_PAGE: "Status page",
    Audience.INTERNAL: "Internal updates",
    Audience.CUSTOMER_EMAIL: "Customer email",
}


def _roles_body(ctx: SiteContext) -> Body:
    return render_body("pages/roles.html.j2", roles=ctx.policy.roles, slug=slugify)


def _comms_body(ctx: SiteContext) -> Body:
    comms = ctx.policy.communications
    assert comms is not None
    groups = [
        (title, [t for t in comms.templates if t.audience is audience])
        for audience, title in AUDIENCES.items()
    ]
    return render_body(
        "pages/communications.html.j2",
        groups=[(title, items) for title, items in groups if items],
        update_every=[
            (s.id, comms.update_every[s.id])
            for s in ctx.policy.severities
            if s.id in comms.update_every
        ],
        placeholders=[
            *PLACEHOLDERS.items(),
            *(
                (m.id, f"the time of the {m.id} milestone ({m.label}), in policy's display zone")
                for m in ctx.policy.milestones
            ),
            *((f"role.{r.id}", f"who holds the {r.name.lower()} role") for r in ctx.policy.roles),
        ],
    )


def pages(ctx: SiteContext) -> Iterator[Page]:
    if ctx.policy.roles:
        yield Page(ROLES, "Roles", partial(_roles_body, ctx), kind=POLICY)
    if ctx.policy.communications is not None:
        yield Page(COMMUNICATIONS, "Communications", partial(_comms_body, ctx), kind=POLICY)
