"""Material's search box finds an incident by what the on-call engineer knows at 3 a.m."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import PAGES, Visit

pytestmark = pytest.mark.browser

INCIDENT_PATH = "/" + PAGES["incident"]


def search(page: Page, query: str) -> list[str]:
    """Type into the search box like a person; the result links' paths, best first."""
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    # Key by key: Material reacts to keyboard events, not to a value set at once.
    box.press_sequentially(query, delay=10)
    # "Initializing search" until the worker has the index, then a count or "No matching…".
    expect(page.locator(".md-search-result__meta")).to_have_text(
        re.compile(r"\d+ matching documents?|No matching documents")
    )
    hrefs: list[str] = page.locator("a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)"
    )
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize("query", ["auth", "500", "/api/auth/login"])
def test_search_finds_the_auth_outage(visit: Visit, query: str) -> None:
    hits = search(visit.open(PAGES["home"]), query)
    assert INCIDENT_PATH in hits, hits


def test_search_for_an_unrelated_word_finds_nothing(visit: Visit) -> None:
    page = visit.open(PAGES["home"])
    assert search(page, "xylophone") == []
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")


def test_a_search_result_opens_the_incident(visit: Visit) -> None:
    page = visit.open(PAGES["home"])
    search(page, "auth")
    # Material appends ?h=<query> to highlight the words on the page it opens.
    page.locator(f"a.md-search-result__link[href*='{INCIDENT_PATH}?']").first.click()
    expect(page).to_have_url(re.compile(re.escape(INCIDENT_PATH) + r"\?h=auth$"))
    expect(page.locator("article h1")).to_contain_text("hotfix: fix auth token validation")
