"""The checklists page: every policy checklist, with the rule that ticks each item."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..facts.checklists import describe
from ..model.policy import ChecklistItem
from .context import SiteContext
from .core import POLICY, Body, Page
from .outline import render_body

PATH = "checklists.md"


def how_ticked(item: ChecklistItem) -> str:
    return f"ticks when {describe(item.rule)}" if item.rule else "ticked by hand in the record"


def _body(ctx: SiteContext) -> Body:
    return render_body(
        "pages/checklists.html.j2", checklists=ctx.policy.checklists, how_ticked=how_ticked
    )


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield Page(PATH, "Checklists", partial(_body, ctx), kind=POLICY)
