"""The home page: what is burning now, what we learned lately, where to start."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..facts.durations import format_duration
from .context import SiteContext, playbook_path
from .core import Body, Page, link
from .outline import render_body
from .start import start_here

PATH = "index.md"


def _body(ctx: SiteContext) -> Body:
    # Most severe first (policy's order), newest first within a level: the SEV1 on top.
    rank = {s.id: i for i, s in enumerate(ctx.policy.severities)}
    open_incidents = sorted(
        (f for f in ctx.incidents if f.is_open),
        key=lambda f: rank.get(f.incident.severity, len(rank)),
    )
    with_postmortem = [
        f for f in ctx.incidents if f.incident.postmortem and f.incident.postmortem.summary
    ]
    return render_body(
        "pages/home.html.j2",
        open=[
            (f, link(PATH, f.path), format_duration(ctx.now - f.opened) if f.opened else "?")
            for f in open_incidents
        ],
        recent=[(f, link(PATH, f.path)) for f in with_postmortem[: ctx.options.recent]],
        playbooks=[(b, link(PATH, playbook_path(b.id))) for b in ctx.playbooks],
        count=len(ctx.incidents),
        start=start_here(ctx, PATH),
        # "Open for" is counted to the build's one "now": the page says which moment that is.
        as_of=ctx.now,
    )


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield Page(PATH, "Home", partial(_body, ctx), hide=("toc",))
