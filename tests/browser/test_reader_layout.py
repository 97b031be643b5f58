"""Desktop, phone and dark: every column visible at 1280 px, cards and legible pictures at
390 px, and a palette that follows the reader's system setting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PAGES, Visit, _open_context, _visit_fixture

pytestmark = pytest.mark.browser

WIDE_TABLES = [
    PAGES["severity"],
    "metrics/",
    "action-items/",
    PAGES["incidents"],
    PAGES["incident"],
]

#: Smallest on-screen font size of any text in the article's pictures, in CSS pixels.
_SMALLEST_PICTURE_TEXT = """() => {
  let smallest = Infinity;
  document.querySelectorAll("article svg text").forEach((text) => {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (text.getBoundingClientRect().width > 0) smallest = Math.min(smallest, size);
  });
  return smallest;
}"""

#: Tables whose content is wider than the box they sit in (columns hidden past an edge).
_CLIPPED_TABLES = """() => {
  const right = document.querySelector("article").getBoundingClientRect().right + 1;
  return Array.from(document.querySelectorAll("article table"))
    .filter((t) => {
      const wrap = t.closest(".md-typeset__scrollwrap");
      return t.getBoundingClientRect().right > right ||
        (wrap !== null && wrap.scrollWidth > wrap.clientWidth + 1);
    })
    .map((t) => (t.querySelector("th") ? t.querySelector("th").textContent : "?"));
}"""


@pytest.fixture
def dark(browser: Browser, base_url: str) -> Iterator[Visit]:
    yield from _visit_fixture(
        browser, base_url, viewport={"width": 1280, "height": 900}, color_scheme="dark"
    )


@pytest.mark.parametrize("path", WIDE_TABLES)
def test_no_table_hides_columns_at_desktop_width(visit: Visit, path: str) -> None:
    page = visit.open(path)
    assert page.evaluate(_CLIPPED_TABLES) == []


def test_severity_targets_show_the_post_mortem_column(visit: Visit) -> None:
    page = visit.open(PAGES["severity"])
    cell = page.locator("article td", has_text="required within 5d of resolution").first
    expect(cell).to_be_in_viewport()
    box = cell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280


@pytest.mark.parametrize(
    "path", [PAGES["incident"], "incidents/0016-orders-db-failover/", "metrics/"]
)
def test_pictures_keep_text_legible_on_a_phone(phone: Visit, path: str) -> None:
    page = phone.open(path)
    assert page.evaluate(_SMALLEST_PICTURE_TEXT) >= 11
    figure = page.locator("article .pb-diagram").first
    assert figure.get_attribute("tabindex") == "0" and figure.get_attribute("aria-label")


def test_tables_become_cards_with_named_cells_on_a_phone(phone: Visit) -> None:
    page = phone.open("incidents/0016-orders-db-failover/")
    cell = page.locator("article #timeline ~ * td[data-label='What happened']").first
    expect(cell).to_be_visible()
    box = cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    label = cell.evaluate("(td) => getComputedStyle(td, '::before').content")
    assert label == '"What happened: "'


def _scheme(page: Page) -> str | None:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_dark_system_setting_gives_the_dark_palette_and_a_toggle(dark: Visit) -> None:
    page = dark.open(PAGES["home"])
    assert _scheme(page) == "slate"
    page.locator("label[title='Switch to light mode']").first.click()
    assert _scheme(page) == "default"
    # The severity chips keep their own colours on either background.
    chip = page.locator("article .pb-sev-sev2").first
    assert chip.evaluate("(el) => getComputedStyle(el).backgroundColor") == "rgb(191, 54, 12)"


@pytest.mark.parametrize(
    ("kept", "system", "expected"),
    [
        # A reader who picked dark on a light system, and one who picked "follow the
        # system" (Material keeps that as the media query "(prefers-color-scheme)").
        (
            {
                "scheme": "slate",
                "primary": "indigo",
                "accent": "indigo",
                "media": "(prefers-color-scheme: dark)",
            },
            "light",
            "slate",
        ),
        ({"media": "(prefers-color-scheme)", "scheme": "default"}, "dark", "slate"),
    ],
)
def test_a_kept_colour_choice_is_applied_before_materials_script_runs(
    browser: Browser, base_url: str, kept: dict[str, str], system: str, expected: str
) -> None:
    """The inline script in the header (partials/javascripts/palette.html) gives the page
    the reader's colours before anything is drawn; Material's own script, which would set
    them later, is blocked here so only ours can have done it."""
    context, visit = _open_context(browser, base_url, color_scheme=system)  # type: ignore[arg-type]
    try:
        page = visit.page
        page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
        visit.open(PAGES["home"])
        # Material keeps the choice under the site's path; store it as its toggle does.
        page.evaluate("(color) => __md_set('__palette', {index: 1, color})", kept)
        visit.open(PAGES["incident"])
        assert _scheme(page) == expected
        assert page.locator("body").get_attribute("data-md-color-primary") == "indigo"
    finally:
        context.close()


def test_action_items_on_a_phone_lead_with_the_action(phone: Visit) -> None:
    page = phone.open("action-items/")
    # The per-owner counts fit a phone as a table: no card per owner before the register.
    owners = page.locator("article table[data-pb-compact]")
    expect(owners).to_be_visible()
    expect(owners).not_to_have_attribute("data-pb-cards", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Each item's card starts with what is to be done, above its due day and owner.
    card = page.locator("article .pb-actions tbody tr").first
    action = card.locator("td").nth(3)
    due = card.locator("td").first
    action_box, due_box = action.bounding_box(), due.bounding_box()
    assert action_box is not None and due_box is not None
    assert action_box["y"] < due_box["y"], (action_box, due_box)
    # The due day keeps its column's name (drawn before it: the first cell of a card
    # otherwise goes without).
    assert due.evaluate("td => getComputedStyle(td, '::before').content") == '"Due: "'


def test_on_a_phone_the_open_incidents_are_on_the_first_screen(
    phone: Visit, artifacts: Path
) -> None:
    """Paged into a running incident: every open one is a line on home's first screen,
    above the how-to-start box, without scrolling."""
    page = phone.open("")
    links = page.locator("article nav.pb-open-now a")
    assert links.count() >= 2
    last = links.last.bounding_box()
    assert last is not None and last["y"] + last["height"] <= 844, last
    start = page.get_by_text("During an incident: start here").bounding_box()
    assert start is not None and start["y"] > last["y"]
    # The start box still begins on that first screen.
    assert start["y"] + start["height"] <= 844, start
    page.screenshot(path=str(artifacts / "phone-home-open-incidents.png"))
