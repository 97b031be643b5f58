"""Golden pages: the HTML the core renders for every page of the shipped project, byte for
byte, without MkDocs — but for a line break before each block tag, so that a change reads
as a diff of lines (the pages themselves have none there: generator/site/tighten.py; a
body that still had them would differ here too).

A template or builder change shows up here as a diff of ``tests/golden/`` to review. After
checking the change is intended, refresh the files with::

    .venv/bin/python -m pytest tests/test_site_golden.py --update-goldens

"Now" is fixed, so open-incident ages and overdue action items do not move with the clock.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.check import load_checked
from generator.site import Page, SiteOptions, TocEntry, build_site
from generator.site.tighten import BLOCK_NAMES, outside_text_blocks
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
OPTIONS = SiteOptions(now=NOW, site_url="https://playbooks.example.org/")


def _toc_lines(entries: tuple[TocEntry, ...], depth: int = 0) -> list[str]:
    lines: list[str] = []
    for entry in entries:
        lines.append(f"{'  ' * depth}h{entry.level} #{entry.id} {entry.title}")
        lines.extend(_toc_lines(entry.children, depth + 1))
    return lines


#: Where a line starts in a golden file: at a block's start tag (a table row and its cells
#: on one line), and at the end tag of a block that holds blocks.
_OPENING = "|".join(sorted(BLOCK_NAMES - {"td", "th"} | {"table", "nav"}))
_CLOSING = "blockquote|details|div|dl|figure|form|ol|section|table|tbody|tfoot|thead|ul"
_LINE_START = re.compile(rf"(?<=>)(?=<(?:{_OPENING})[\s>/]|</(?:{_CLOSING})>)")


def _lines(html: str) -> str:
    """``html`` with a line break put where a line starts (:data:`_LINE_START`)."""
    return outside_text_blocks(html, lambda text: _LINE_START.sub("\n", text))


def golden_text(page: Page) -> str:
    """Front matter, the table of contents, then the HTML body (or the page's Markdown)."""
    if page.markdown is not None:
        return page.front_matter() + page.markdown
    body = page.body()
    toc = "\n".join(_toc_lines(body.toc))
    return f"{page.front_matter()}<!-- toc\n{toc}\n-->\n{_lines(body.html)}"


def golden_path(page: Page) -> Path:
    return GOLDEN / (page.path.removesuffix(".md") + (".md" if page.markdown else ".html"))


def _pages() -> list[Page]:
    return build_site(load_checked(ROOT), OPTIONS).pages


def test_every_page_matches_its_golden_file(request: pytest.FixtureRequest) -> None:
    pages = _pages()
    if request.config.getoption("--update-goldens"):
        for stale in GOLDEN.rglob("*.*"):
            stale.unlink()
        for page in pages:
            target = golden_path(page)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(golden_text(page), encoding="utf-8")
    changed = [
        page.path
        for page in pages
        if not golden_path(page).is_file()
        or golden_path(page).read_text(encoding="utf-8") != golden_text(page)
    ]
    written = {golden_path(page) for page in pages}
    orphans = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.*") if p not in written)
    assert not changed, (
        f"pages differ from tests/golden/: {changed}; review with --update-goldens and git diff"
    )
    assert not orphans, f"golden files for pages the site no longer has: {orphans}"


def test_the_golden_incident_page_shows_the_seed_incident() -> None:
    # A spot check that the goldens hold what a reader sees, not an empty or error page.
    text = (GOLDEN / "incidents" / "0015-hotfix-auth-token.html").read_text(encoding="utf-8")
    assert '<h1 id="0015-hotfix-fix-auth-token-validation">0015: hotfix: fix auth token' in text
    assert (
        "<strong>47m</strong> (detected → resolved; no started, mitigated time recorded),"
        " 14:32 → 15:19" in text
    )
    assert "h2 #post-mortem Post-mortem\n    h3 #summary Summary" in text


def test_an_incident_without_a_post_mortem_has_its_timeline_as_a_section() -> None:
    # An open incident's events are not a post-mortem yet: no heading says they are.
    text = (GOLDEN / "incidents" / "0017-export-jobs-stuck.html").read_text(encoding="utf-8")
    assert "\n  h2 #timeline Timeline\n" in text
    assert "Post-mortem" not in text.split("<article", 1)[-1].split("Messages to paste")[0]
    assert "#post-mortem" not in text
