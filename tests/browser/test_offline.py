"""The site works while the internet does not: nothing is fetched from any other host."""

from __future__ import annotations

import pytest

from .conftest import PAGES, Visit

pytestmark = pytest.mark.browser


def test_main_pages_fetch_nothing_from_other_hosts(visit: Visit) -> None:
    for path in PAGES.values():
        visit.open(path)
    # Search fetches its worker and index only once the reader starts typing.
    visit.page.keyboard.press("/")
    visit.page.locator("input.md-search__input").press_sequentially("auth")
    visit.page.locator(".md-search-result__item").first.wait_for()
    assert visit.blocked == []
    # Nothing failed to load either (a missing local asset shows up here, not in `blocked`).
    assert visit.console_errors == []


def test_the_gate_records_and_refuses_other_hosts(visit: Visit) -> None:
    # The check above is only as good as the gate: prove it sees and stops a foreign fetch.
    page = visit.open(PAGES["home"])
    outcome = page.evaluate(
        "() => fetch('https://cdn.example.net/lib.js').then(() => 'fetched', () => 'refused')"
    )
    assert outcome == "refused"
    assert visit.blocked == ["https://cdn.example.net/lib.js"]
    visit.console_errors.clear()
