"""Controls a keyboard and a screen reader can use: sort headers are buttons."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import PAGES, Visit

pytestmark = pytest.mark.browser


def test_sort_headers_are_buttons_a_keyboard_can_use(visit: Visit) -> None:
    page = visit.open(PAGES["incidents"])
    header = page.locator("article .pb-incidents th", has_text="#")
    button = header.get_by_role("button", name="#", exact=True)
    expect(button).to_have_count(1)
    button.focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    numbers = page.locator("article .pb-incidents tbody tr td:first-child").all_inner_texts()
    assert numbers == sorted(numbers, key=int)
    page.keyboard.press("Space")
    expect(header).to_have_attribute("aria-sort", "descending")
    # Every sortable column has exactly one button and no other header is focusable.
    sortable = page.locator("article .pb-incidents th[data-sort]")
    assert sortable.count() == page.locator("article .pb-incidents th button.pb-sort").count() > 3
    assert page.locator("article .pb-incidents th[tabindex]").count() == 0
