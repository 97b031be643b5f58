"""Run pagefind over the site's pages: a chunked index in ``pagefind/`` beside the pages.

Pagefind reads every page it is given at once: over a whole 10,000-incident site it peaked
at 1.36 GB. It is given instead what it indexes of each page — the article, without the
pictures it would skip anyway — written by :class:`SearchSource` to a folder beside the site
as each page is written (by whichever process writes the page), under the page's own path,
so the index points at the pages of the site.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ..errors import PlaybookError
from ..forked import folder_beside

#: The folder of the site the index and its loader go to; the search box fetches from here.
BUNDLE_DIR = "pagefind"

#: Only the article is read: Material's header, nav, table of contents and footer repeat on
#: every page and would make every page match every section title.
ROOT_SELECTOR = "article.md-content__inner"

#: Parts of an article that are for the eye, not for finding a page. The page templates mark
#: their own blocks with ``data-pagefind-ignore`` (facts tables, incident lists, checklists);
#: these are what the theme, Markdown and the site's own pages write.
EXCLUDE_SELECTORS = (
    "svg",  # picture labels ("14:32", "SEV1") are not what anyone searches for
    "form",  # filter forms and the like: option lists, not content
    ".headerlink",  # the ¶ after each heading
    ".md-tags",  # Material's tag chips repeat the facts
    ".md-source-file",  # "Last update: …"
)

#: The loader, the wasm and the index are all the box needs; pagefind's prebuilt UIs
#: (~400 KB) would only be published and never fetched.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)

#: Generous: pagefind indexes 10,000 pages in seconds; a hang must not hold a CI job forever.
TIMEOUT_S = 600


def _binary() -> Path:
    from pagefind.service import get_executable  # imported late: only builds need it

    binary = get_executable()
    if binary is None or not binary.is_file():
        raise PlaybookError(
            "search index: the pagefind program is missing; "
            "reinstall playbook (it depends on pagefind[extended]) "
            "or list 'search' under plugins: in mkdocs.yml to use Material's search"
        )
    return binary


_HTML_TAG = re.compile(r"<html\b[^>]*>")
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_ARTICLE_OPEN = '<article class="md-content__inner'
_ARTICLE_CLOSE = "</article>"


class SearchSource:
    """A folder beside the site holding, for each page, the part of it pagefind reads."""

    def __init__(self, site_dir: Path) -> None:
        self.folder, self._remove = folder_beside(site_dir, ".playbook-search-", self)

    def add(self, dest: str, page: str) -> None:
        """Keep the article of ``page`` (written at ``dest`` in the site) for the index. A
        page without Material's article (a template of its own) is not indexed."""
        start = page.find(_ARTICLE_OPEN)
        end = page.rfind(_ARTICLE_CLOSE)
        if start < 0 or end < start:
            return
        html_tag = _HTML_TAG.search(page)
        article = _SVG.sub("", page[start : end + len(_ARTICLE_CLOSE)])
        target = self.folder / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            "<!doctype html>"
            + (html_tag.group() if html_tag else "<html>")
            + '<head><meta charset="utf-8"></head><body>'
            + article
            + "</body></html>",
            encoding="utf-8",
        )

    def remove(self) -> None:
        self._remove()


def build_index(site_dir: Path, source: SearchSource) -> None:
    """Index the pages ``source`` holds into ``site_dir/pagefind``; raise
    :class:`PlaybookError` with pagefind's words if it fails. The site is complete when this
    runs, so a failure leaves no half-written page."""
    cmd = [
        str(_binary()),
        "--site",
        str(source.folder),
        "--output-path",
        str(site_dir / BUNDLE_DIR),
        "--root-selector",
        ROOT_SELECTOR,
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--silent",
    ]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PlaybookError(f"search index: pagefind could not run: {exc}") from exc
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise PlaybookError(f"search index: pagefind failed: {said}")
    for name in UNUSED:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)
