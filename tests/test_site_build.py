"""A real MkDocs build of the shipped project: the seed's content on the built pages."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from tests.htmlscan import indexed_text, scan
from tests.sitebuild import build_site_dir


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site_dir(tmp_path_factory.mktemp("shipped"))


def text_of(site: Path, page: str) -> str:
    """Visible text of a built page, whitespace collapsed."""
    return " ".join(" ".join(scan(site / page / "index.html").text).split())


def test_hotfix_page_has_every_section_of_the_seed(site: Path) -> None:
    html = (site / "workflows/hotfix/index.html").read_text(encoding="utf-8")
    headings = [
        html_lib.unescape(re.sub(r"<[^>]+>|&para;|¶", "", h)).strip()
        for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, flags=re.S)
    ]
    for expected in [
        "Overview",
        "Severity Levels",
        "Step 1: Assess and Communicate",
        "Step 2: Create Hotfix Increment",
        "Step 3: Implement Fix",
        "Step 4: Test Critical Paths",
        "Step 5: Fast-Track Deployment",
        "Step 6: Verify Fix",
        "Step 7: Post-Mortem",
        "Hotfix vs Normal Flow",
        "Hotfix Checklist",
        "Before Fix",
        "During Fix",
        "After Fix",
        "Common Hotfix Mistakes",
        "Mistake 1: Scope Creep",
        "Mistake 4: Hero Culture",
        "Rollback vs Hotfix",
        "SpecWeave Integration",
    ]:
        assert expected in headings, expected
    # The overview flow is an inline SVG drawn at build time, not a Mermaid block.
    assert re.search(r'<figure class="pb-diagram pb-flow"[^>]*><svg', html)
    assert "mermaid" not in html
    text = text_of(site, "workflows/hotfix")
    assert "Minimal change Fix only the issue No refactoring" in text
    assert "npm run deploy:production --skip-staging" in text
    assert "Staging Required Optional (SEV1)" in text
    assert (
        "SEV1, SEV2 require the hotfix workflow. SEV3, SEV4 can wait for the normal process."
        in text
    )


def test_severity_page_lists_policy_rows(site: Path) -> None:
    text = text_of(site, "severity-levels")
    for row in [
        "SEV1 System down Minutes Site unreachable",
        "SEV2 Major feature broken Hours Checkout failing",
        "SEV3 Minor feature broken Same day Profile image not loading",
        "SEV4 Cosmetic issue Normal sprint Typo in footer",
    ]:
        assert row in text
    assert "SEV1 15m 4h hotfix rollback yes 1 required within 5d of resolution" in text


def test_incident_0015_reads_47_minutes_from_1432_to_1519(site: Path) -> None:
    text = text_of(site, "incidents/0015-hotfix-auth-token")
    assert (
        "Duration 47m (detected → resolved; no started, mitigated time recorded), 14:32 → 15:19"
        in text
    )
    assert "Time to acknowledge 3m against a target of 15m: met" in text
    assert "Time to resolve 47m against a target of 4h: met" in text
    assert "+0m 2024-11-25 14:32 UTC detected First alert triggered" in text
    assert "+10m 2024-11-25 14:42 UTC root cause Root cause identified" in text
    assert "~2,000 users affected" in text
    assert "Workflow hotfix — followed Hotfix Workflow" in text


def test_incident_page_links_the_playbook_it_followed(site: Path) -> None:
    html = (site / "incidents/0015-hotfix-auth-token/index.html").read_text(encoding="utf-8")
    assert '<a href="../../workflows/hotfix/">Hotfix Workflow</a>' in html
    assert (site / "workflows/hotfix/index.html").is_file()


def test_checklist_ticks_come_from_the_record(site: Path) -> None:
    page = scan(site / "incidents/0017-export-jobs-stuck/index.html")
    items = [a["class"] for tag, a in page.tags if tag == "li" and "pb-tick-" in a.get("class", "")]
    boxes = [a for tag, a in page.tags if tag == "input" and a.get("type") == "checkbox"]
    assert items, "the checklist is on the page"
    assert any("pb-done" in c for c in items)
    assert any("pb-done" not in c for c in items), "unticked items stay visible"
    assert any("checked" in b for b in boxes) and any("checked" not in b for b in boxes)
    text = text_of(site, "incidents/0015-hotfix-auth-token")
    assert "Status page updated ticked by hand" in text
    assert "Stakeholders notified ticked by rule: timeline has a 'communication' event" in text


def test_incident_pages_stay_out_of_the_sidebar(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "0015-hotfix-auth-token" not in nav
    index = (site / "incidents/index.html").read_text(encoding="utf-8")
    assert 'href="0015-hotfix-auth-token/"' in index


def test_nothing_is_loaded_from_other_hosts(site: Path) -> None:
    for page in site.rglob("*.html"):
        for tag, attrs in scan(page).tags:
            if tag in ("script", "img", "iframe") or (
                tag == "link"
                and attrs.get("rel")
                in (
                    "stylesheet",
                    "preconnect",
                )
            ):
                url = attrs.get("src") or attrs.get("href") or ""
                assert not re.match(r"^(https?:)?//", url), f"{page}: {tag} {url}"


def test_search_indexes_the_page_text_but_not_pictures_or_repeated_policy(site: Path) -> None:
    hotfix = site / "workflows/hotfix/index.html"
    assert re.search(r'<svg [^>]*aria-label="Hotfix Workflow: overview"', hotfix.read_text())
    overview = indexed_text(hotfix)
    assert "Production Issue → Assess Severity → Create Hotfix Increment" in overview
    assert "Hotfix Workflow: overview" not in overview, "SVG labels stay out of the index"
    # Playbook pages hold their own checklist: there it is what a reader searches for.
    assert "Stakeholders notified" in overview

    incident = site / "incidents/0015-hotfix-auth-token/index.html"
    page = incident.read_text(encoding="utf-8")
    assert 'aria-label="Timeline of incident 0015"' in page
    assert 'aria-label="Phases of incident 0015"' in page
    indexed = indexed_text(incident)
    assert "Phases of incident 0015" not in indexed
    # The record's own words are found; the timeline table too.
    assert "500 error on /api/auth/login" in indexed
    assert "+10m 2024-11-25 14:42 UTC root cause Root cause identified" in indexed
    # The facts table and the policy's checklist read alike on every incident page: in the
    # index they would bury the incident a reader looks for. The page still shows them.
    assert "against a target of 15m" not in indexed
    assert "ticked by rule" not in indexed
    shown = text_of(site, "incidents/0015-hotfix-auth-token")
    assert "against a target of 15m" in shown and "Status page updated" in shown
    # The incident index lists every incident, each its own search result: its rows stay out
    # (at 10,000 incidents they would make the index page's preview megabytes).
    assert "fix auth token validation" not in indexed_text(site / "incidents/index.html")
    assert "on record" in indexed_text(site / "incidents/index.html")
    # Filter forms are controls, not content.
    assert "any" not in indexed_text(site / "incidents/index.html").split()


def test_no_placeholder_is_left_in_any_page(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert "data-pb-slot" not in page.read_text(encoding="utf-8"), page


# A character reference the reader sees as typed (`&#44;`, `&amp;`): text escaped twice.
VISIBLE_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def test_no_page_shows_an_escaped_character_as_code(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        elements = scan(page)
        shown = [" ".join(elements.text)] + [
            value
            for _, attrs in elements.tags
            for name, value in attrs.items()
            if name in ("title", "alt", "aria-label", "placeholder")
        ]
        for text in shown:
            found = VISIBLE_ENTITY.search(text)
            assert found is None, f"{page}: {text[max(0, found.start() - 60) : found.end()]!r}"
        # Search previews show what pagefind indexed of the page, as text.
        found = VISIBLE_ENTITY.search(indexed_text(page))
        assert found is None, f"{page} (indexed): {found.group()!r}"


def nav_links(page: str) -> list[tuple[str, str]]:
    """(title, href) of every page link in the sidebar, in order."""
    start = page.index('<nav class="md-nav md-nav--primary"')
    nav = page[start : page.index("md-sidebar--secondary", start)]
    return re.findall(
        r'<a href="([^"#][^"]*)" class="md-nav__link[^"]*"[^>]*>\s*'
        r'<span class="md-ellipsis">\s*(.*?)\s*</span>',
        nav,
        flags=re.S,
    )


def test_sidebar_reaches_every_top_level_page(site: Path) -> None:
    for page in ("index.html", "incidents/0015-hotfix-auth-token/index.html"):
        links = nav_links((site / page).read_text(encoding="utf-8"))
        assert [title for _, title in links] == [
            "Home",
            "Severity Levels",
            "Workflows",
            "Hotfix Workflow",
            "Normal Flow",
            "Rollback",
            "Database Failover",
            "Checklists",
            "Roles",
            "Communications",
            "Incidents",
            "Action Items",
            "Metrics",
            "Tags",
        ], page
    home = dict((title, href) for href, title in nav_links((site / "index.html").read_text()))
    for title, href in home.items():
        assert (site / href / "index.html").is_file(), (title, href)


def test_overview_flow_may_grow_to_fill_a_wide_column(site: Path) -> None:
    page = (site / "workflows/hotfix/index.html").read_text(encoding="utf-8")
    figure = re.search(
        r'<figure class="pb-diagram pb-flow" style="([^"]*)"[^>]*><svg ([^>]*)>', page
    )
    assert figure is not None
    natural = re.search(r'viewBox="0 0 ([0-9.]+) ', figure.group(2))
    assert natural is not None
    # 25% past its drawn width at most: box labels at about body-text size, no bigger.
    assert figure.group(1) == f"--pb-max-width: {float(natural.group(1)) * 1.25:g}px"
    css = (site / "assets/playbook.css").read_text(encoding="utf-8")
    assert "max-width: min(100%, var(--pb-max-width)) !important" in css


def test_pages_are_written_without_indentation_but_code_keeps_its_lines(site: Path) -> None:
    page = (site / "workflows/hotfix/index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|script|textarea)\b.*?</\1>", "<kept/>", page, flags=re.S)
    assert not re.search(r"\n[ \t]|[ \t]\n|\n\n", outside), "whitespace runs are one line break"
    # Code blocks keep every line and its indentation: the JS sample's second line starts
    # with an operator and its indented body follows.
    blocks = re.findall(r"<pre><code>(.*?)</code></pre>", page, flags=re.S)
    assert max(block.count("\n") for block in blocks) >= 8
    # (Without the empty span Pygments opens each block with: <code> comes first.)
    assert "<span></span>" not in page
    # (Pygments' white-space tokens are written as the spaces alone.)
    assert re.search(r'href="#__codelineno-\d+-3"></a><span class="o">-</span>   \S', page)
    assert '<span class="w">' not in page
