"""Run pagefind over a written site: a chunked index in ``pagefind/`` beside the pages."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import PlaybookError

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


#: Material's "404 - Not found" page is a template, not a page of the site: no plugin hook
#: sees it before it is written, so it is marked here.
NOT_FOUND = "404.html"
_ROOT_TAG = '<article class="md-content__inner md-typeset"'


def _leave_out_not_found(site_dir: Path) -> None:
    page = site_dir / NOT_FOUND
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        marked = html.replace(_ROOT_TAG, _ROOT_TAG + ' data-pagefind-ignore="all"', 1)
        if marked != html:
            page.write_text(marked, encoding="utf-8")


def build_index(site_dir: Path) -> None:
    """Index ``site_dir`` in place; raise :class:`PlaybookError` with pagefind's words if it
    fails. The site is complete when this runs, so a failure leaves no half-written page."""
    _leave_out_not_found(site_dir)
    cmd = [
        str(_binary()),
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE_DIR,
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
