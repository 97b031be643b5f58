"""Record text rendered for pages: Markdown works, markup and dangerous links do not."""

from __future__ import annotations

import pytest

from generator.site.safe import code_block, href, md_text, prose
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


def test_prose_is_one_raw_html_block_even_with_blank_lines() -> None:
    out = str(prose("para one\n\n```\ncode\n\n[x](javascript:1)\n```\n\npara two"))
    assert "\n" not in out
    assert out.startswith('<div class="pb-prose"') and out.endswith("</div>")
    assert "code&#10;&#10;[x](javascript:1)" in out


def test_md_text_neutralises_markdown_syntax() -> None:
    out = str(md_text("# title | cell [x](javascript:1) <b> {{ 7*7 }} שלום 😀"))
    assert "|" not in out and "#" not in out.replace("&#", "") and "<" not in out
    assert "שלום 😀" in out
    assert out.startswith("&#35; title &#124; cell &#91;x&#93;")


def test_code_block_fence_outlasts_backticks_in_code() -> None:
    assert str(code_block("a ```` b", "bash")) == "`````bash\na ```` b\n`````"
    assert str(code_block("x", "not a lang!")).startswith("```text\n")


def test_href_refuses_other_schemes_and_escapes_link_syntax() -> None:
    assert href("javascript:alert(1)") == "#"
    assert href("https://e.com/t?q=1|2 (x)") == "https://e.com/t?q=1%7C2%20%28x%29"
