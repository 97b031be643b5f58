"""Index the site's pages with pagefind: a chunked index in ``pagefind/`` beside the pages.

Pagefind is given what it indexes of each page — the article, without the pictures and the
blocks it would skip anyway — by :class:`SearchSource`, as each page is written (by
whichever process writes the page), under the page's own URL.

Pagefind holds everything it indexes in memory until it writes the index (1.6 GB for a
10,000-incident site), so a site is indexed in parts: each process that writes pages feeds
its own pagefind process (:mod:`.service`) up to :data:`PART_BYTES` of articles, has it
write that part's bundle and starts another. Pagefind reads the pages while the build
writes the next ones, and nothing is written to disk for it. At the end the parts'
bundles are merged into one (:mod:`.bundle`); a site of one part has its bundle moved in.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from ..errors import PlaybookError
from ..forked import folder_beside
from ..site.tighten import spaced
from . import bundle
from .service import Pagefind

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
    ".md-source-file",  # "Last update: …"
)

#: Material's tag list, which pagefind would drop with every ``nav``: on an incident page its
#: chips are the severity and services, what someone types to find it (the facts table that
#: also names them is skipped whole). Given to pagefind as a block, not as navigation.
_TAGS_OPEN = '<nav class="md-tags"'


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

#: Articles per pagefind process. Pagefind's memory follows the words it indexes: about
#: 160 MB for the 7 MB of articles (skipped blocks cut) of 1,000 synthetic incidents. Parts
#: of this size keep each process under 200 MB.
PART_BYTES = 8 * 1024 * 1024

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
_IGNORE = "data-pagefind-ignore"
_TAG_NAME = re.compile(r"<([a-zA-Z][\w-]*)")
#: The value of the attribute just found, if any ("all": skip metadata too).
_VALUE = re.compile(r'="([^"]*)"')
#: Elements with no closing tag and no content.
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)  # no closing tag, no content
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_ARTICLE_OPEN = '<article class="md-content__inner'
_ARTICLE_CLOSE = "</article>"


def _url(dest: str) -> str:
    """The URL pagefind gives the page written at ``dest`` (``incidents/x/index.html`` →
    ``/incidents/x/``), as if it had found the file in the site."""
    if dest == "index.html" or dest.endswith("/index.html"):
        dest = dest[: -len("index.html")]
    return "/" + dest


class SearchSource:
    """Feeds each written page's article to pagefind, in parts per writing process."""

    def __init__(self, site_dir: Path, budget: int | None = None) -> None:
        self.root, self._remove = folder_beside(site_dir, ".playbook-search-", self)
        self.budget = budget or PART_BYTES
        #: The part this process is filling: (process id, part number, bytes, pagefind).
        self._part: tuple[int, int, int, Pagefind | None] = (0, 0, 0, None)
        #: The full part whose bundle pagefind builds while this process goes on.
        self._writing: tuple[Pagefind, int] | None = None

    def add(self, dest: str, page: str) -> None:
        """Index the article of ``page`` (written at ``dest`` in the site). A page without
        Material's article (a template of its own) is not indexed."""
        start = page.find(_ARTICLE_OPEN)
        end = page.rfind(_ARTICLE_CLOSE)
        if start < 0 or end < start:
            return
        article = page[start : end + len(_ARTICLE_CLOSE)]
        opening = article[: article.find(">") + 1]
        if f'{_IGNORE}="all"' in opening:
            return  # left out of the index (the tag page, `search: {exclude: true}`)
        tags = article.find(_TAGS_OPEN)
        if tags >= 0 and (close := article.find("</nav>", tags)) >= 0:
            # At the end of the article, so a result's excerpt starts with the page's words.
            chips = "<div" + article[tags + 4 : close] + "</div>"
            # Named as the page's tags: an excerpt ending in a related incident's title
            # read as if the chips were that incident's ("0003: Checkout failing… SEV2").
            head = chips.find(">") + 1
            chips = chips[:head] + "<p>Tags:</p>" + chips[head:]
            rest = article[:tags] + article[close + len("</nav>") :]
            article = rest[: -len(_ARTICLE_CLOSE)] + chips + _ARTICLE_CLOSE
        html_tag = _HTML_TAG.search(page)
        article = (
            "<!doctype html>"
            + (html_tag.group() if html_tag else "<html>")
            + '<head><meta charset="utf-8"></head><body>'
            # Pagefind reads text, not layout: a break after each block keeps words of
            # neighbouring cells and items apart where the page has none between them.
            # Skipped blocks first: they hold the pictures, so few are left to cut after.
            + spaced(_SVG.sub("", without_ignored(article, start=article.find(">") + 1)))
            + "</body></html>"
        )
        self._pagefind(len(article)).add(_url(dest), article)

    def _pagefind(self, size: int) -> Pagefind:
        """The pagefind process of this process's current part, with room for ``size``
        more bytes: a new one when the part is full (the full one writes its bundle).
        Each writing process has its own: a forked copy never uses its parent's."""
        pid, number, used, pagefind = self._part
        if pid != os.getpid():
            pid, number, used, pagefind = os.getpid(), 0, 0, None
            self._writing = None  # the parent's, in a forked copy
        elif pagefind is not None and used + size > self.budget:
            self.close_part()
            pid, number, used, pagefind = self._part
        if pagefind is None:
            pagefind = _start_pagefind()
        self._part = (pid, number, used + size, pagefind)
        return pagefind

    def _written(self) -> None:
        """Write the bundle of the part pagefind was building, once it has it."""
        writing, self._writing = self._writing, None
        if writing is not None:
            self._write(*writing)

    def _write(self, pagefind: Pagefind, number: int) -> None:
        folder = self.root / "bundles" / f"{os.getpid()}-{number}"
        made: set[Path] = set()  # a part has a thousand fragments in one folder
        for path, data in pagefind.files():
            if path not in UNUSED:
                target = folder / path
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                target.write_bytes(data)

    def close_part(self) -> None:
        """Have pagefind start building the bundle of this process's current part while
        this process goes on (writing the next part, or waiting for the other writer);
        the bundle is collected when the next part closes, or by :meth:`finish`. At most
        one part per process is being built and one filled."""
        pid, number, _, pagefind = self._part
        if pid != os.getpid() or pagefind is None:
            return
        self._written()
        pagefind.ask_files()
        self._writing = (pagefind, number)
        self._part = (pid, number + 1, 0, None)

    def finish(self) -> None:
        """Write the bundles of this process's parts (each writing process calls this
        once it has written its pages)."""
        if self._part[0] == os.getpid():
            self.close_part()
            self._written()

    def empty(self) -> None:
        """Write the bundle of an index of no page."""
        pagefind = _start_pagefind()
        pagefind.ask_files()
        self._write(pagefind, 0)

    def bundles(self) -> list[Path]:
        """The parts' bundles written so far."""
        folder = self.root / "bundles"
        return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def remove(self) -> None:
        """Stop this process's pagefind and remove the folder (a failed build, or done)."""
        pid, _, _, pagefind = self._part
        if pid == os.getpid():
            for running in (pagefind, self._writing[0] if self._writing else None):
                if running is not None:
                    running.stop()
        self._part, self._writing = (0, 0, 0, None), None
        self._remove()


def _element_end(html: str, name: str, after: int) -> int:
    """Where the element named ``name`` whose opening tag ends at ``after`` ends (past its
    closing tag), counting the same-named elements inside it; -1 if it never closes."""
    if name.lower() in VOID_ELEMENTS:
        return after
    tags = re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.I)
    depth = 1
    at = after
    while depth:
        found = tags.search(html, at)
        if found is None:
            return -1
        depth += -1 if found.group(1) else 1
        at = found.end()
    return at


def _tag_at(html: str, attribute: int) -> tuple[int, str, int] | None:
    """The opening tag that holds the attribute found at ``attribute``: where it starts,
    its name and where it ends; None if the text there is not inside a tag."""
    start = html.rfind("<", 0, attribute)
    close = html.find(">", attribute)
    if start < 0 or close < 0 or html.find(">", start, attribute) >= 0:
        return None
    name = _TAG_NAME.match(html, start)
    return (start, name.group(1), close + 1) if name else None


def without_ignored(html: str, start: int = 0) -> str:
    """``html`` without the text of the elements pagefind is told to skip, from ``start``
    on (after the article's own tag).

    On an incident page three quarters of the article are such blocks (facts, checklist,
    messages to paste); pagefind would read and drop them, at about a third of its time.
    What pagefind still takes from a skipped block, its page's metadata (severity,
    status) and filter values, is kept, inside a block that is still skipped. An element
    that does not close (not HTML this site writes) is left for pagefind to judge.
    """
    out: list[str] = [html[:start]]
    at = start
    while (found := html.find(_IGNORE, at)) >= 0:
        tag = _tag_at(html, found)
        if tag is None:  # the words in text, not an attribute
            out.append(html[at : found + len(_IGNORE)])
            at = found + len(_IGNORE)
            continue
        begin, name, inner = tag
        end = _element_end(html, name, inner)
        if end < 0:
            break
        out.append(html[at:begin])
        value = _VALUE.match(html, found + len(_IGNORE))
        if not (value and value.group(1) == "all"):
            kept = _metadata(html, inner, end)
            if kept:
                out.append("<div data-pagefind-ignore>" + "".join(kept) + "</div>")
        at = end
    out.append(html[at:])
    return "".join(out)


def _metadata(html: str, start: int, end: int) -> list[str]:
    """The elements between ``start`` and ``end`` that give the page metadata or a filter
    value, whole."""
    kept: list[str] = []
    at = start
    while True:
        found = min(
            (
                f
                for f in (
                    html.find("data-pagefind-meta", at, end),
                    html.find("data-pagefind-filter", at, end),
                )
                if f >= 0
            ),
            default=-1,
        )
        if found < 0:
            return kept
        tag = _tag_at(html, found)
        if tag is None:
            at = found + 1
            continue
        begin, name, inner = tag
        element_end = _element_end(html, name, inner)
        if element_end < 0 or element_end > end:
            return kept
        kept.append(html[begin:element_end])
        at = element_end


#: How pagefind reads an article: the same for every part.
_CONFIG = {"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDE_SELECTORS)}


def _start_pagefind() -> Pagefind:
    """A pagefind process for one part, reading articles as every part's does."""
    return Pagefind(_binary(), _CONFIG, TIMEOUT_S)


def build_index(site_dir: Path, source: SearchSource) -> None:
    """Put the index of the pages ``source`` was given into ``site_dir/pagefind``; raise
    :class:`PlaybookError` with pagefind's words if it fails. The site is complete when this
    runs (and every writing process has called :meth:`SearchSource.finish`), so a failure
    leaves no half-written page."""
    target = site_dir / BUNDLE_DIR
    source.finish()
    bundles = source.bundles()
    if not bundles:  # no page to index: an empty index, so the box still loads
        source.empty()
        bundles = source.bundles()
    if len(bundles) == 1:
        shutil.rmtree(target, ignore_errors=True)
        bundles[0].replace(target)
    else:
        try:
            bundle.merge(bundles, target)
        except (OSError, ValueError, LookupError, bundle.BundleError) as exc:
            shutil.rmtree(target, ignore_errors=True)
            if isinstance(exc, PlaybookError):
                raise
            raise PlaybookError(f"search index: merging the parts failed: {exc}") from exc
