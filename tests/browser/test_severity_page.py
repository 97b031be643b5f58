"""The severity page carries the seed's table, row for row, from policy data."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import PAGES, Visit

pytestmark = pytest.mark.browser

SEED_TABLE = [
    ["SEV1", "System down", "Minutes", "Site unreachable"],
    ["SEV2", "Major feature broken", "Hours", "Checkout failing"],
    ["SEV3", "Minor feature broken", "Same day", "Profile image not loading"],
    ["SEV4", "Cosmetic issue", "Normal sprint", "Typo in footer"],
]


def test_severity_table_has_the_four_seed_rows(visit: Visit) -> None:
    page = visit.open(PAGES["severity"])
    table = page.locator("article table").filter(
        has=page.locator("thead", has_text="Response Time")
    )
    expect(table).to_have_count(1)
    expect(table.locator("thead th")).to_have_text(
        ["Level", "Description", "Response Time", "Example"]
    )
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(4)
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(4)]
    assert cells == SEED_TABLE
    expect(table).to_be_visible()
