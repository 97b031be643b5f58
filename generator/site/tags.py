"""The tags page: Material's tags plugin lists incidents by service and severity here."""

from __future__ import annotations

from collections.abc import Iterator

from . import templating
from .context import SiteContext
from .core import Page
from .frontmatter import front_matter

PATH = "tags.md"


def pages(ctx: SiteContext) -> Iterator[Page]:
    markdown = templating.render("pages/tags.md.j2", front=front_matter("Tags"))
    yield Page(PATH, "Tags", markdown)
