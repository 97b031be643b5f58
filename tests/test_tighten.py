"""Line breaks a browser never shows are left out of pages; every other character stays."""

from __future__ import annotations

from generator.check import load_checked
from generator.site import SiteOptions, build_site
from generator.site.tighten import tighten, tighten_nav
from tests.conftest import ROOT


def test_breaks_next_to_block_tags_go_with_their_indentation() -> None:
    html = "<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>\n<p>after</p>\n"
    assert tighten(html) == "<ul><li>one</li><li>two</li></ul><p>after</p>\n"


def test_breaks_between_inline_elements_and_in_text_stay() -> None:
    # Between two links, or a word and a link, the break is a space the reader sees.
    html = '<p><a href="#a">a</a>\n<a href="#b">b</a> word\n<code>x</code></p>'
    assert tighten(html) == html


def test_code_and_scripts_keep_every_line() -> None:
    code = '<pre><code><span class="k">if</span>\n  <div>x</div>\n</code></pre>'
    script = "<script>\nif (a) {\n  b()\n}\n</script>"
    html = f"<div>\n{code}\n</div>\n{script}\n<p>\nx</p>"
    assert tighten(html) == f"<div>{code}</div>{script}<p>\nx</p>"


def test_tables_and_the_tag_list_are_left_as_material_shows_them_inline() -> None:
    # Material shows a plain table and its tag list inline: a break beside them may be a
    # space the reader sees, so only the block tags around them lose theirs.
    html = (
        "<span>x</span>\n<table>\n<tbody>\n<tr><td>1</td></tr>\n</tbody>\n</table>\n<span>y</span>"
    )
    assert (
        tighten(html)
        == "<span>x</span>\n<table><tbody><tr><td>1</td></tr></tbody></table>\n<span>y</span>"
    )
    tags = '<nav class="md-tags">\n<a class="md-tag">a</a>\n<a class="md-tag">b</a>\n</nav>'
    assert tighten(tags) == tags


def test_navigation_links_and_titles_lose_the_space_inside_them() -> None:
    nav = (
        '<li class="md-nav__item">\n  <a href="#people" class="md-nav__link">\n'
        '    <span class="md-ellipsis">\n      People &amp; roles\n    </span>\n  </a>\n</li>'
    )
    assert tighten_nav(nav) == (
        '<li class="md-nav__item"><a href="#people" class="md-nav__link">'
        '<span class="md-ellipsis">People &amp; roles</span></a></li>'
    )
    topic = '<div class="md-header__topic">\n<span class="md-ellipsis">\nSite name\n</span>\n</div>'
    assert (
        tighten_nav(topic)
        == '<div class="md-header__topic"><span class="md-ellipsis">Site name</span></div>'
    )
    # A no-break space is drawn: only white space a browser collapses goes.
    odd = '<a href="/x/" class="md-nav__link">\n<span class="md-ellipsis">\n\u00a0Odd\u3000\n</span>\n</a>'
    assert (
        tighten_nav(odd)
        == '<a href="/x/" class="md-nav__link"><span class="md-ellipsis">\u00a0Odd\u3000</span></a>'
    )
    # Material's repository link shows its icon and name as inline blocks: the break
    # between them is a space the reader sees.
    source = (
        '<div class="md-header__source">\n<a href="https://example.org/r" class="md-source">\n'
        '<div class="md-source__icon md-icon">\n<svg></svg>\n</div>\n'
        '<div class="md-source__repository">\nexample/r\n</div>\n</a>\n</div>'
    )
    assert '</div>\n<div class="md-source__repository">' in tighten_nav(source)
    # Any other link keeps what is inside it.
    other = (
        '<li>\n<a href="/x" class="md-tag">\n<span class="md-ellipsis">\nx\n</span>\n</a>\n</li>'
    )
    assert (
        tighten_nav(other)
        == '<li><a href="/x" class="md-tag">\n<span class="md-ellipsis">\nx\n</span>\n</a></li>'
    )


def test_every_page_body_of_the_shipped_project_is_tight() -> None:
    # The golden files put line breaks back for reading, so they would not notice.
    pages = [p for p in build_site(load_checked(ROOT), SiteOptions()).pages if p.markdown is None]
    assert len(pages) > 10
    for page in pages:
        html = page.body().html
        assert tighten(html) == html, page.path
        assert "</li>\n<li" not in html and "</tr>\n<tr" not in html, page.path
