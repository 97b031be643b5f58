"""The hostile record builds, and its page shows every attack as text and runs nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.htmlscan import scan, url_scheme
from tests.sitebuild import HOSTILE_PAGE, build_site_dir

SAFE_SCHEMES = {None, "http", "https", "mailto"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site_dir(tmp_path_factory.mktemp("hostile"), hostile=True)


@pytest.fixture(scope="module")
def page(site: Path) -> str:
    return (site / HOSTILE_PAGE).read_text(encoding="utf-8")


def visible(site: Path) -> str:
    return " ".join(" ".join(scan(site / HOSTILE_PAGE).text).split())


def test_no_live_script_handler_or_dangerous_link(site: Path) -> None:
    for tag, attrs in scan(site / HOSTILE_PAGE).tags:
        assert tag not in ("iframe", "img", "object", "embed", "style"), tag
        if tag == "script":
            # Only Material's own scripts and ours, from this site.
            assert "src" not in attrs or not re.match(r"^(https?:)?//", attrs["src"])
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert url_scheme(value) in SAFE_SCHEMES, f"<{tag} {name}={value!r}>"


def test_markup_is_shown_literally(site: Path) -> None:
    text = visible(site)
    assert "<script>alert('impact')</script> and <img src=x onerror=alert(1)> users 🔥" in text
    assert "[x](javascript:alert(1))" in text
    assert "<script>alert('timeline')</script> | broken | row |" in text
    assert "<b onmouseover=alert('task')>hover</b> | pipe" in text


def test_template_syntax_is_never_evaluated(site: Path, page: str) -> None:
    text = visible(site)
    # Prose is Markdown (the `*` pair is emphasis), yet nothing is computed.
    assert "{% raw %}" in text and "<%= 7*7 %>" in text
    assert "{{ 7*7 }} is not 49" in text
    assert " 49 " not in text.replace("is not 49", "")


def test_title_with_table_syntax_stays_one_heading_and_one_cell(site: Path, page: str) -> None:
    title = "# heading | col | --- | <script>alert('title')</script> {{ 7*7 }} 🔥 שלום مرحبا"
    h1 = re.findall(r"<h1[^>]*>(.*?)</h1>", page, flags=re.S)
    assert len(h1) == 1
    assert title in visible(site)
    assert f"<title>0666: {title.replace('<', '&lt;').replace('>', '&gt;')} -" in page
    index = " ".join(" ".join(scan(site / "incidents/index.html").text).split())
    assert f"0666 {title} SEV2 closed" in index
    # The injected "# injected heading" inside a prose field is not a heading of the page.
    assert not re.search(r"<h[1-6][^>]*>\s*injected heading", page)


def test_safe_links_survive_and_long_timeline_is_all_there(site: Path, page: str) -> None:
    assert 'href="https://example.com/runbook"' in page
    # Each event text in its own cell, its markup escaped: the "|" splits no cell.
    rows = re.findall(
        r"<td>Event \d+: status \| still &lt;b&gt;degraded&lt;/b&gt; ## not a heading</td></tr>",
        page,
    )
    assert len(rows) == 198
    assert "+3h 19m" in visible(site)
    assert "Arabic: تم إبلاغ الفريق — Hebrew: הצוות עודכן" in visible(site)
