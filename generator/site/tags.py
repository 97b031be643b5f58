"""The tags page: Material's tags plugin lists incidents by service and severity here."""

from __future__ import annotations

from collections.abc import Iterator

from . import templating
from .context import SiteContext
from .core import Page

PATH = "tags.md"


def pages(ctx: SiteContext) -> Iterator[Page]:
    # Material's tags plugin writes the listing from a directive in the page's Markdown, so
    # this one page stays Markdown for the engine to render.
    yield Page(PATH, "Tags", markdown=templating.render("pages/tags.md.j2"))
