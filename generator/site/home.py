"""The home page: what is burning now, what we learned lately, where to start."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts.durations import format_duration
from . import templating
from .context import SiteContext, playbook_path
from .core import Page, link
from .frontmatter import front_matter

PATH = "index.md"


def pages(ctx: SiteContext) -> Iterator[Page]:
    open_incidents = [f for f in ctx.incidents if f.is_open]
    with_postmortem = [
        f for f in ctx.incidents if f.incident.postmortem and f.incident.postmortem.summary
    ]
    markdown = templating.render(
        "pages/home.md.j2",
        front=front_matter("Home", hide=["toc"]),
        open=[
            (f, link(PATH, f.path), format_duration(ctx.now - f.opened) if f.opened else "?")
            for f in open_incidents
        ],
        recent=[(f, link(PATH, f.path)) for f in with_postmortem[: ctx.options.recent]],
        playbooks=[(b, link(PATH, playbook_path(b.id))) for b in ctx.playbooks],
        count=len(ctx.incidents),
    )
    yield Page(PATH, "Home", markdown)
