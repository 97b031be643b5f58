"""Incident pages as the reader sees them: duration, checklist, phone layout, a screenshot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, expect

from .conftest import PAGES, Visit

pytestmark = pytest.mark.browser

# The open SEV2 webhook incident: its checklist is part done, part still to do.
OPEN_INCIDENT = "incidents/0018-webhook-delivery-delays/"


def _ticks(boxes: Locator) -> list[bool]:
    return [boxes.nth(i).is_checked() for i in range(boxes.count())]


def test_incident_shows_the_computed_duration(visit: Visit) -> None:
    page = visit.open(PAGES["incident"])
    duration = page.locator("article .pb-facts td.pb-duration")
    expect(duration).to_have_text(
        "47m (detected → resolved; no started, mitigated time recorded), 14:32 → 15:19"
    )
    expect(duration).to_be_visible()


def test_checklist_of_0015_is_ticked_and_says_how(visit: Visit) -> None:
    page = visit.open(PAGES["incident"])
    checklist = page.locator("article .pb-checklist")
    expect(checklist.locator(".pb-checklist-score")).to_have_text("Hotfix Checklist: 12 of 12 done")
    assert _ticks(checklist.locator("input[type=checkbox]")) == [True] * 12
    # The two items policy cannot check itself were ticked in the record, and say so.
    expect(checklist.locator("li", has_text="ticked by hand")).to_have_text(
        [
            "Status page updated ticked by hand",
            "Critical tests pass ticked by hand",
        ]
    )


def test_checklist_shows_ticked_and_unticked_boxes(visit: Visit) -> None:
    page = visit.open(OPEN_INCIDENT)
    boxes = page.locator("article .pb-checklist input[type=checkbox]")
    ticks = _ticks(boxes)
    assert ticks.count(True) == 7 and ticks.count(False) == 5, ticks
    expect(page.locator("article .pb-checklist-score")).to_have_text(
        "Hotfix Checklist: 7 of 12 done"
    )
    # The real input is hidden and a box drawn instead, as Material draws task lists; the
    # drawing must show the state.
    indicators = page.locator("article .pb-checklist li")
    looks = indicators.evaluate_all(
        "els => els.map(e => getComputedStyle(e, '::before').backgroundColor)"
    )
    ticked = {look for look, tick in zip(looks, ticks, strict=True) if tick}
    unticked = {look for look, tick in zip(looks, ticks, strict=True) if not tick}
    assert len(ticked) == 1 and len(unticked) == 1 and ticked != unticked, looks
    items = page.locator("article .pb-checklist li")
    for i in range(items.count()):
        expect(items.nth(i)).to_be_visible()


@pytest.mark.parametrize("name", ["incident", "hostile", "incidents"])
def test_phone_layout_has_no_horizontal_overflow(phone: Visit, name: str) -> None:
    # Wide tables and diagrams scroll inside their own box; the page itself never sideways.
    page = phone.open(PAGES[name])
    widths = page.evaluate(
        "() => ({body: document.body.scrollWidth, doc: document.documentElement.scrollWidth,"
        " view: window.innerWidth})"
    )
    assert widths["view"] == 390
    assert widths["body"] <= widths["view"] and widths["doc"] <= widths["view"], widths


def test_on_a_phone_an_incident_page_lists_its_sections_to_jump_to(
    phone: Visit, visit: Visit
) -> None:
    # Incident pages are not in the navigation, so Material's drawer has no contents for
    # them: the page carries its own, folded, under the title.
    page = phone.open(PAGES["incident"])
    sections = page.locator("article details.pb-onpage")
    expect(sections).to_be_visible()
    sections.locator("summary").click()
    sections.get_by_role("link", name="Checklist", exact=True).click()
    expect(page).to_have_url(re.compile(r"#checklist$"))
    expect(page.locator("#checklist")).to_be_in_viewport()
    # Beside the page, Material's table of contents does it; a page in the navigation has
    # its contents in the drawer.
    expect(visit.open(PAGES["incident"]).locator("details.pb-onpage")).to_be_hidden()
    expect(phone.open(PAGES["hotfix"]).locator("details.pb-onpage")).to_have_count(0)


def test_screenshot_of_the_incident_page(visit: Visit, artifacts: Path) -> None:
    page = visit.open(PAGES["incident"])
    target = artifacts / "incident-0015.png"
    target.unlink(missing_ok=True)
    page.screenshot(path=str(target), full_page=True)
    # A PNG of a real page, taller than one screen (the page is long), not a blank frame.
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height > 900 and target.stat().st_size > 50_000, (height, target.stat().st_size)


def test_a_printed_incident_shows_its_folded_messages(visit: Visit) -> None:
    page = visit.open(PAGES["incident"])
    folded = page.locator("article details.pb-message:not([open])")
    count = folded.count()
    assert count > 0
    # What a browser does around printing (Ctrl-P, "Save as PDF").
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator("article details.pb-message:not([open])")).to_have_count(0)
    copy = page.locator("article .md-code__button").first
    expect(copy).to_be_visible()
    page.emulate_media(media="print")
    expect(copy).to_be_hidden()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    expect(page.locator("article details.pb-message:not([open])")).to_have_count(count)
