"""The checklists page: every policy checklist, with the rule that ticks each item."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts.checklists import describe
from ..model.policy import ChecklistItem
from . import templating
from .context import SiteContext
from .core import Page
from .frontmatter import front_matter

PATH = "checklists.md"


def how_ticked(item: ChecklistItem) -> str:
    return f"ticks when {describe(item.rule)}" if item.rule else "ticked by hand in the record"


def pages(ctx: SiteContext) -> Iterator[Page]:
    markdown = templating.render(
        "pages/checklists.md.j2",
        front=front_matter("Checklists"),
        checklists=ctx.policy.checklists,
        how_ticked=how_ticked,
    )
    yield Page(PATH, "Checklists", markdown)
