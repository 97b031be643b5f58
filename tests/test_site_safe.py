"""Record text rendered for pages: Markdown works, markup and dangerous links do not."""

from __future__ import annotations

import pytest

from generator.site.outline import Outline
from generator.site.safe import href, prose
from tests.htmlscan import Elements, url_scheme


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[y](jav&#x09;ascript:alert(1))",
        "[z](JaVaScRiPt:alert(1))",
        "[e](%6Aavascript:alert(1))",
        "[d](data:text/html,<script>alert(1)</script>)",
        "[v](vbscript:msgbox(1))",
        "<a href='javascript:alert(1)'>a</a>",
    ],
)
def test_dangerous_links_lose_their_target(source: str) -> None:
    parser = Elements()
    parser.feed(str(prose(source)))
    hrefs = [attrs.get("href") for tag, attrs in parser.tags if tag == "a"]
    assert all(h is None or url_scheme(h) in (None, "http", "https", "mailto") for h in hrefs)
    assert all(h is None or "script" not in h.lower() for h in hrefs)


def test_allowed_links_and_markdown_survive() -> None:
    out = str(prose("**bold** [a](https://e.com/x) [b](mailto:o@e.com) [c](../incidents/x.md#t)"))
    assert "<strong>bold</strong>" in out
    assert 'href="https://e.com/x"' in out
    assert 'href="mailto:o@e.com"' in out
    assert 'href="../incidents/x.md#t"' in out


def test_raw_html_and_images_are_text_or_gone() -> None:
    out = str(
        prose("<script>alert(1)</script> <img src=x onerror=alert(1)> ![i](https://e.com/p.png)")
    )
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_prose_keeps_code_blocks_as_text() -> None:
    out = str(prose("para one\n\n```\ncode\n\n[x](javascript:1)\n```\n\npara two"))
    assert out.startswith('<div class="pb-prose"><p>para one</p>') and out.endswith("</div>")
    assert "<pre><code>code\n\n[x](javascript:1)\n</code></pre>" in out


def test_commands_are_highlighted_as_text_never_markup() -> None:
    out = str(Outline().code("echo '<script>alert(1)</script>' {{ 7*7 }}", "bash", "<b>Run</b>:"))
    assert "<script" not in out and "<b>" not in out
    assert out.startswith('<p>&lt;b&gt;Run&lt;/b&gt;:</p>\n<div class="highlight">')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_headings_get_the_ids_and_permalinks_of_markdown_pages() -> None:
    outline = Outline()
    first = str(outline.heading(2, "Step 5: Fast-Track <Deployment>"))
    again = str(outline.heading(2, "Step 5: Fast-Track <Deployment>"))
    assert first == (
        '<h2 id="step-5-fast-track-deployment">Step 5: Fast-Track &lt;Deployment&gt;'
        '<a class="headerlink" href="#step-5-fast-track-deployment" title="Permanent link">'
        "¶</a></h2>"
    )
    assert again.startswith('<h2 id="step-5-fast-track-deployment_1">')


def test_href_refuses_other_schemes_and_escapes_link_syntax() -> None:
    assert href("javascript:alert(1)") == "#"
    assert href("https://e.com/t?q=1|2 (x)") == "https://e.com/t?q=1%7C2%20%28x%29"


@pytest.mark.parametrize(
    "text",
    [
        "Revert the validation change.",
        "Users of auth-api see errors (synthetic 5); retry at 14:32 UTC",
        "it's 100% done, see /api/v1?x=1 + y = z @ $5",
        "Deploy v1.2.3 - then verify",
        "a  b",
        "1. not a list",
        "- not a list",
        "# not a heading",
        "*emphasis*",
        "trailing space ",
        "x <b>bold</b>",
        "HTTP 501 on `/api/web-login/v1` after deploy",
        "reads `maxConnections` instead of `max_connections`; fell back",
        "ends with code `x`",
        "`starts` with code",
        "a `` double `` tick",
        "a ` spaced ` span",
        "an `unclosed span",
        "`a`_b_`c`",
        "code `<b>` tag",
        "code `a\\b` slash",
    ],
)
def test_plain_text_reads_the_same_with_or_without_the_markdown_parser(text: str) -> None:
    from generator.site.safe import prose_html

    assert str(prose(text)) == f'<div class="pb-prose">{prose_html(text).strip()}</div>'


def test_a_deeply_nested_list_loses_no_level() -> None:
    # CommonMark's preset stopped at ten list levels and dropped the rest without a word.
    from generator.site.safe import prose_html

    text = "\n".join("  " * i + f"- level{i}" for i in range(12))
    html = prose_html(text)
    assert all(f"level{i}" in html for i in range(12))
