"""The incident index sorts and filters in the browser, with the site's own script."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import PAGES, Visit

pytestmark = pytest.mark.browser


def _numbers(page: Page) -> list[str]:
    return page.locator(
        "article .pb-incidents tbody tr:not([hidden]) td:first-child"
    ).all_inner_texts()


def test_sorting_by_number_and_back(visit: Visit) -> None:
    page = visit.open(PAGES["incidents"])
    heading = page.locator("article .pb-incidents th", has_text="#")
    heading.click()
    ascending = _numbers(page)
    assert ascending == sorted(ascending, key=int) and len(ascending) == 9, ascending
    expect(heading).to_have_attribute("aria-sort", "ascending")
    heading.click()
    assert _numbers(page) == ascending[::-1]
    expect(heading).to_have_attribute("aria-sort", "descending")


def test_filter_by_severity_and_service(visit: Visit) -> None:
    page = visit.open(PAGES["incidents"])
    filters = page.locator("form.pb-filters")
    expect(filters).to_be_visible()
    filters.locator("select[data-filter=severity]").select_option("SEV1")
    assert sorted(_numbers(page)) == ["0015", "0016"]
    expect(filters.locator("output")).to_have_text("2 shown")
    filters.locator("select[data-filter=service]").select_option("auth-api")
    assert _numbers(page) == ["0015"]
    filters.locator("select[data-filter=severity]").select_option("")
    assert sorted(_numbers(page)) == ["0015", "0666"]
