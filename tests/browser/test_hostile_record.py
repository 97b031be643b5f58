"""A record written by an attacker shows its text literally and runs nothing.

The fixture record (tests/fixtures/hostile) carries ``<script>``, ``<img onerror>``,
``javascript:``/``data:`` links, template syntax and a title full of ``|`` and table
syntax; the page must read as text and behave as text.
"""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Page, expect

from .conftest import HOSTILE_RECORD, PAGES, Visit

pytestmark = pytest.mark.browser

RECORD = yaml.safe_load(HOSTILE_RECORD.read_text("utf-8"))

# Every URL-bearing attribute, resolved the way the browser would follow it (which also
# undoes tricks such as a tab inside "javascript:").
UNSAFE_URLS_JS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (!/^(href|src|srcset|action|formaction|xlink:href|poster|data|background)$/i.test(attr.name)) continue;
      let protocol;
      try { protocol = new URL(attr.value.trim(), document.baseURI).protocol; }
      catch { protocol = 'unparseable:'; }
      if (!['http:', 'https:', 'mailto:'].includes(protocol)) {
        found.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`);
      }
    }
  }
  return found;
}"""

HANDLERS_JS = """() => [...document.querySelectorAll('*')].flatMap(el =>
  [...el.attributes].filter(a => /^on/i.test(a.name))
    .map(a => `<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`))"""

# The page's scripts as (src or "inline"), in order: the theme's, never the record's.
SCRIPTS_JS = "() => [...document.scripts].map(s => s.src || 'inline')"


def _open_hostile(visit: Visit) -> Page:
    page = visit.open(PAGES["hostile"])
    # A planted onerror/onload fires after the image fails; give it the time to.
    page.wait_for_timeout(300)
    return page


def test_hostile_page_runs_nothing(visit: Visit) -> None:
    page = _open_hostile(visit)
    assert visit.dialogs == []
    assert page.evaluate(HANDLERS_JS) == []
    assert page.evaluate(UNSAFE_URLS_JS) == []
    assert page.locator("article :is(script, iframe, object, embed, img, style, form)").count() == 0
    assert page.locator("base, meta[http-equiv]").count() == 0


def test_hostile_page_has_only_the_themes_scripts(visit: Visit) -> None:
    # Incident 0015 is an ordinary record one level deep: the same theme, the same scripts.
    ordinary = visit.open(PAGES["incident"]).evaluate(SCRIPTS_JS)
    hostile = _open_hostile(visit).evaluate(SCRIPTS_JS)
    assert hostile == ordinary
    inline = visit.page.locator("script:not([src])").all_text_contents()
    assert not any("alert" in text for text in inline), inline


def test_hostile_text_is_shown_literally(visit: Visit) -> None:
    page = _open_hostile(visit)
    heading = page.locator("article h1")
    expect(heading).to_contain_text(f"0666: {RECORD['title']}")
    assert "<script>alert('title')</script> {{ 7*7 }}" in RECORD["title"]
    body = page.locator("article")
    expect(body).to_contain_text("<img src=x onerror=alert(1)>")
    expect(body).to_contain_text("[x](javascript:alert(1))")
    # Template syntax is text: never 49.
    expect(body.locator(".pb-tasks li").nth(1)).to_have_text("T-002 Unfinished task {{ 7*7 }}")
    # The real link in the same paragraph survives and points where it said.
    expect(body.locator("a", has_text="docs")).to_have_attribute(
        "href", "https://example.com/runbook"
    )


def test_pipe_in_title_keeps_the_index_table_intact(visit: Visit) -> None:
    page = visit.open(PAGES["incidents"])
    table = page.locator("article .pb-incidents table")
    columns = table.locator("thead th").count()
    expect(table.locator("thead th")).to_have_text(
        ["#", "Title", "Severity", "Status", "Services", "Began", "Year", "Duration"]
    )
    for i in range(table.locator("tbody tr").count()):
        expect(table.locator("tbody tr").nth(i).locator("td")).to_have_count(columns)
    row = table.locator("tbody tr", has=page.locator("a[href='0666-hostile-input/']"))
    expect(row.locator("td")).to_have_text(
        [
            "0666",
            RECORD["title"],
            "SEV2",
            "closed",
            "auth-api, hostile-svc",
            "2025-03-01 09:00 UTC",
            "2025",
            "3h 19m",
        ]
    )
