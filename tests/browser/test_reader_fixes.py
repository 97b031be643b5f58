"""What the reader audit (notes/audit-reader.md) found, as the reader meets it: large text on a
phone, message and command blocks, the search box by keyboard, contrast, tap targets, dates
in tables, print and pages without JavaScript. Each test fails on the site as the audit saw it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PAGES, Visit, _visit_fixture

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

#: Every kind of page a reader opens, with the incidents whose header facts are the longest.
READER_PAGES = [
    PAGES["home"],
    PAGES["severity"],
    PAGES["workflows"],
    PAGES["hotfix"],
    "workflows/rollback/",
    "communications/",
    "roles/",
    "checklists/",
    PAGES["incidents"],
    PAGES["incident"],
    "incidents/0016-orders-db-failover/",
    "incidents/0017-export-jobs-stuck/",
    "incidents/0018-webhook-delivery-delays/",
    PAGES["hostile"],
    "action-items/",
    "metrics/",
]

#: How wide the page is, against the screen it is on.
_WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _text_lines(page: Page, selector: str) -> int:
    """How many lines the text of the first ``selector`` is laid out on."""
    lines: int = page.locator(selector).first.evaluate(
        """(node) => {
          const range = document.createRange();
          range.selectNodeContents(node);
          return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
        }"""
    )
    return lines


# --- large text on a phone (#2) ------------------------------------------------------------


class LargeText:
    """A phone with its text at 200%: as Android's font scale sets it (the browser's default
    font size, before the page loads), or as a reader's style sheet does after it loaded."""

    def __init__(self, visit: Visit, how: str) -> None:
        self.visit, self.how = visit, how
        if how == "default font":
            cdp = visit.page.context.new_cdp_session(visit.page)
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})

    def open(self, path: str) -> Page:
        page = self.visit.open(path)
        if self.how == "root font":
            page.add_style_tag(content="html { font-size: 200% !important; }")
        # (A compact table measures itself again when its size changes: a frame later.)
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
        return page


@pytest.fixture(params=["default font", "root font"])
def large_text(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[LargeText]:
    for visit in _visit_fixture(browser, base_url, **PHONE):
        yield LargeText(visit, request.param)


@pytest.mark.parametrize("path", READER_PAGES)
def test_no_page_is_wider_than_the_phone_at_large_text(large_text: LargeText, path: str) -> None:
    page = large_text.open(path)
    wide, screen = page.evaluate(_WIDTHS)
    assert screen == 390 and wide <= screen, f"{path} is {wide}px wide on a {screen}px screen"


def test_incident_facts_stack_label_above_value_at_large_text(large_text: LargeText) -> None:
    page = large_text.open("incidents/0018-webhook-delivery-delays/")
    row = page.locator("article table.pb-facts tr", has_text="Time to resolve")
    label, value = row.locator("th").bounding_box(), row.locator("td").bounding_box()
    assert label is not None and value is not None
    assert value["y"] >= label["y"] + label["height"] - 1, (label, value)
    assert value["x"] >= 0 and value["x"] + value["width"] <= 390, value
    # Labels keep their words whole.
    assert _text_lines(page, "article table.pb-facts th:text-is('Workflow')") == 1
    # The verdict is on the screen, not past its right edge.
    verdict = row.locator(".pb-sla").bounding_box()
    assert verdict is not None and verdict["x"] + verdict["width"] <= 390, verdict


def test_incident_facts_stay_side_by_side_at_normal_text(phone: Visit) -> None:
    page = phone.open("incidents/0018-webhook-delivery-delays/")
    row = page.locator("article table.pb-facts tr", has_text="Time to resolve")
    label, value = row.locator("th").bounding_box(), row.locator("td").bounding_box()
    assert label is not None and value is not None
    assert value["x"] >= label["x"] + label["width"] and abs(value["y"] - label["y"]) < 2


def test_the_per_owner_table_becomes_cards_at_large_text(large_text: LargeText) -> None:
    page = large_text.open("action-items/")
    owners = page.locator("article table[data-pb-compact]")
    expect(owners).to_have_attribute("data-pb-cards", "")
    # Each owner is a card, the owner's name whole on one line, each count named.
    carol = owners.locator("td", has_text="@carol")
    assert _text_lines(page, "article table[data-pb-compact] td:text-is('@carol')") == 1
    box = carol.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    overdue = owners.locator("tbody tr").first.locator("td").nth(3)
    assert overdue.evaluate("td => getComputedStyle(td, '::before').content") == '"Overdue: "'


# --- messages and commands on a phone (#4) -------------------------------------------------

#: Each code block with a copy button: does it scroll sideways, is it plain text (a message
#: to paste), and how much of its visible text lies under its button (px², at the block's
#: start and scrolled to its end).
_CODE_BLOCKS = """() => Array.from(document.querySelectorAll("article pre > code")).flatMap((code) => {
  const button = code.parentElement.querySelector(".md-code__button");
  if (!button || !code.getClientRects().length) return [];
  const covered = () => {
    const b = button.getBoundingClientRect(), clip = code.getBoundingClientRect();
    const text = document.createRange();
    text.selectNodeContents(code);
    let area = 0;
    for (const r of text.getClientRects()) {
      const w = Math.min(r.right, b.right, clip.right) - Math.max(r.left, b.left, clip.left);
      const h = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top);
      if (w > 0 && h > 0) area += w * h;
    }
    return Math.round(area);
  };
  const atStart = covered();
  code.scrollLeft = code.scrollWidth;
  const atEnd = covered();
  code.scrollLeft = 0;
  return [{
    text: code.textContent.slice(0, 200),
    plain: code.children.length === 0,
    scrolls: code.scrollWidth > code.clientWidth + 1,
    covered: Math.max(atStart, atEnd),
  }];
})"""


def _blocks(page: Page) -> list[dict[str, object]]:
    page.locator("article .md-code__button").first.wait_for()
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    blocks: list[dict[str, object]] = page.evaluate(_CODE_BLOCKS)
    assert blocks, "no code block with a copy button"
    return blocks


@pytest.mark.parametrize(
    "path",
    [
        "communications/",
        PAGES["hotfix"],
        PAGES["incident"],
        "incidents/0016-orders-db-failover/",
        "incidents/0018-webhook-delivery-delays/",
        PAGES["home"],
    ],
)
def test_the_copy_button_never_covers_text_on_a_phone(phone: Visit, path: str) -> None:
    page = phone.open(path)
    covered = [block for block in _blocks(page) if block["covered"]]
    assert covered == [], f"text under the copy button on {path}: {covered}"


def test_the_copy_button_never_covers_text_at_large_text(large_text: LargeText) -> None:
    for path in ("communications/", PAGES["hotfix"]):
        covered = [block for block in _blocks(large_text.open(path)) if block["covered"]]
        assert covered == [], f"text under the copy button on {path}: {covered}"


def test_message_templates_wrap_like_the_filled_messages(phone: Visit) -> None:
    for path in ("communications/", "incidents/0018-webhook-delivery-delays/"):
        page = phone.open(path)
        scrolling = [block["text"] for block in _blocks(page) if block["plain"] and block["scrolls"]]
        assert scrolling == [], f"messages cut off on {path}: {scrolling}"
    assert page.evaluate(_WIDTHS)[0] <= 390


def test_commands_keep_their_lines(phone: Visit) -> None:
    page = phone.open(PAGES["hotfix"])
    # Step 1's long `playbook new-incident …` line scrolls: a command is not broken in two.
    blocks = _blocks(page)
    command = next(b for b in blocks if "playbook comms" in str(b["text"]))
    assert command["scrolls"] and not command["plain"]
