"""What the reader audit (notes/audit-reader.md) found, as the reader meets it: large text on a
phone, message and command blocks, the search box by keyboard, contrast, tap targets, dates
in tables, print and pages without JavaScript. Each test fails on the site as the audit saw it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

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
def large_text(
    request: pytest.FixtureRequest, browser: Browser, base_url: str
) -> Iterator[LargeText]:
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
        scrolling = [
            block["text"] for block in _blocks(page) if block["plain"] and block["scrolls"]
        ]
        assert scrolling == [], f"messages cut off on {path}: {scrolling}"
    assert page.evaluate(_WIDTHS)[0] <= 390


def test_commands_keep_their_lines(phone: Visit) -> None:
    page = phone.open(PAGES["hotfix"])
    # Step 1's long `playbook new-incident …` line scrolls: a command is not broken in two.
    blocks = _blocks(page)
    command = next(b for b in blocks if "playbook comms" in str(b["text"]))
    assert command["scrolls"] and not command["plain"]


# --- the search box by keyboard (#13, #14) -------------------------------------------------

BOX = "[data-pb-search]"
RESULTS = f"{BOX} .md-search-result__link"


def _type_query(page: Page, query: str) -> None:
    field = page.locator(f"{BOX} .md-search__input")
    field.press_sequentially(query, delay=20)
    expect(page.locator(BOX)).to_have_attribute("data-pb-query", query)
    expect(page.locator(BOX)).to_have_attribute("data-pb-state", "done")


def _focused(page: Page) -> str:
    described: str = page.evaluate(
        """() => { const e = document.activeElement;
          return e.tagName + "." + e.className + " " + (e.getAttribute("href") || ""); }"""
    )
    return described


def test_tab_from_the_field_reaches_the_results(visit: Visit) -> None:
    page = visit.open(PAGES["severity"])
    field = page.locator(f"{BOX} .md-search__input")
    field.click()
    _type_query(page, "webhook")
    page.keyboard.press("Tab")
    first = page.locator(RESULTS).first
    expect(first).to_be_focused()
    expect(first).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator(RESULTS).nth(1)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(field).to_be_focused()
    expect(page.locator("#__search")).to_be_checked()


def test_escape_from_a_result_puts_focus_back_in_the_field(visit: Visit) -> None:
    page = visit.open(PAGES["incidents"])
    field = page.locator(f"{BOX} .md-search__input")
    field.click()
    _type_query(page, "webhook")
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULTS).first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(field).to_be_focused()
    # Enter opens nothing unseen, and typing opens the box again on the same query.
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url == visit.url(PAGES["incidents"]), page.url
    page.keyboard.type(" delays")
    expect(page.locator("#__search")).to_be_checked()


def test_escape_goes_back_to_what_had_focus_before_the_shortcut(visit: Visit) -> None:
    page = visit.open(PAGES["incidents"])
    link = page.locator("article a", has_text="tag").first
    link.focus()
    page.keyboard.press("/")
    _type_query(page, "webhook")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(link).to_be_focused()


def test_a_closed_box_leaves_no_result_to_focus(visit: Visit) -> None:
    page = visit.open(PAGES["incidents"])
    page.locator(f"{BOX} .md-search__input").click()
    _type_query(page, "webhook")
    page.keyboard.press("Escape")
    reachable = page.locator(RESULTS).evaluate_all(
        "(links) => links.filter((a) => { a.focus(); return document.activeElement === a; }).length"
    )
    assert reachable == 0, _focused(page)


def test_escape_on_a_phone_goes_back_to_the_search_button(phone: Visit) -> None:
    page = phone.open(PAGES["hotfix"])
    button = page.locator("label.md-header__button[for='__search']")
    button.tap()
    _type_query(page, "rollback")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(button).to_be_focused()
    # The button works from the keyboard too.
    page.keyboard.press("Enter")
    expect(page.locator("#__search")).to_be_checked()
    expect(page.locator(f"{BOX} .md-search__input")).to_be_focused()


# --- contrast (#17) ------------------------------------------------------------------------

#: The contrast ratio (WCAG 2) of each visible element's text against what is behind it: its
#: colour and every translucent background up the tree composited onto the first opaque one.
_CONTRAST = """(selector) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((k) => top[k] * top[3] + under[k] * (1 - top[3]));
  const behind = (node) => {
    const layers = [];
    for (let e = node; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255];
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  };
  const luminance = (c) => {
    const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return Array.from(document.querySelectorAll(selector))
    .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
    .map((e) => {
      const bg = behind(e);
      const fg = over(parse(getComputedStyle(e).color), bg);
      const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      return [e.className || e.tagName, e.textContent.trim().slice(0, 20), Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100];
    });
}"""

_SEARCH_TEXT = (
    f"{BOX} mark, {BOX} .pb-search-kind, {BOX} .md-search-result__meta, "
    f"{BOX} .md-search-result__article p, {BOX} .pb-search-more button"
)


def _low_contrast(page: Page, selector: str) -> list[list[object]]:
    found: list[list[object]] = page.evaluate(_CONTRAST, selector)
    assert found, f"nothing matches {selector}"
    return [item for item in found if float(str(item[2])) < 4.5]


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Visit]:
    yield from _visit_fixture(
        browser, base_url, viewport={"width": 1280, "height": 900}, color_scheme=request.param
    )


def test_search_results_read_at_4_5_to_1_in_both_schemes(scheme: Visit) -> None:
    page = scheme.open(PAGES["severity"])
    page.keyboard.press("/")
    _type_query(page, "SEV1")  # marks, kind labels, the count and "Show more"
    expect(page.locator(f"{BOX} .pb-search-more button")).to_be_visible()
    assert _low_contrast(page, _SEARCH_TEXT) == []
    # On the result the keyboard is on, too (tinted background).
    page.keyboard.press("ArrowDown")
    assert _low_contrast(page, _SEARCH_TEXT) == []


def test_a_headings_permalink_reads_at_4_5_to_1_when_shown(scheme: Visit) -> None:
    page = scheme.open(PAGES["severity"])
    page.locator("article h2").first.hover()
    assert _low_contrast(page, "article h2 .headerlink") == []


# --- tap targets on a phone (#18) ----------------------------------------------------------

_SIZES = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((e) => e.getClientRects().length)
  .map((e) => { const r = e.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; })"""


def _sizes(page: Page, selector: str) -> list[list[int]]:
    sizes: list[list[int]] = page.evaluate(_SIZES, selector)
    assert sizes, f"nothing matches {selector}"
    return sizes


def test_copy_buttons_and_filters_are_44px_tap_targets_on_a_phone(phone: Visit) -> None:
    page = phone.open("communications/")
    page.locator("article .md-code__button").first.wait_for()
    assert all(w >= 44 and h >= 44 for w, h in _sizes(page, "article .md-code__button"))
    page = phone.open(PAGES["incidents"])
    assert all(h >= 44 for _, h in _sizes(page, "form.pb-filters select"))


def test_search_back_and_clear_are_44px_tap_targets_on_a_phone(phone: Visit) -> None:
    page = phone.open(PAGES["hotfix"])
    page.locator("label.md-header__button[for='__search']").tap()
    _type_query(page, "rollback")
    for control in (f"{BOX} .md-search__icon[for='__search']", f"{BOX} button[type=reset]"):
        assert all(w >= 44 and h >= 44 for w, h in _sizes(page, control)), control
    # The back arrow still closes the box, the clear button still clears it.
    page.locator(f"{BOX} button[type=reset]").tap()
    expect(page.locator(f"{BOX} .md-search__input")).to_have_value("")
    page.locator(f"{BOX} .md-search__icon[for='__search']").tap()
    expect(page.locator("#__search")).not_to_be_checked()


def test_the_desktop_keeps_materials_small_controls(visit: Visit) -> None:
    page = visit.open("communications/")
    page.locator("article .md-code__button").first.wait_for()
    assert set(map(tuple, _sizes(page, "article .md-code__button"))) == {(24, 24)}
    page = visit.open(PAGES["incidents"])
    assert all(h < 44 for _, h in _sizes(page, "form.pb-filters select"))


# --- dates and durations in desktop tables (#24) -------------------------------------------

#: Every date ("2024-12-09"), quarter ("2024-Q3") and duration of two parts or more ("8d 23h
#: 15m") in a table cell that is laid out on more than one line.
_BROKEN_TOKENS = r"""() => {
  const token = /\d{4}-(?:\d\d-\d\d|Q\d)|[~+-]*\d+[dh](?: \d+[hms])+/g;
  const broken = [];
  for (const cell of document.querySelectorAll("article td")) {
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const text = walk.currentNode;
      for (const found of text.nodeValue.matchAll(token)) {
        const range = document.createRange();
        range.setStart(text, found.index);
        range.setEnd(text, found.index + found[0].length);
        const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(found[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("path", [PAGES["incidents"], "action-items/", "metrics/", PAGES["home"]])
def test_dates_and_durations_in_tables_stay_whole_at_desktop_width(visit: Visit, path: str) -> None:
    page = visit.open(path)
    cells = " ".join(page.locator("article td").all_inner_texts())
    assert re.search(r"\d{4}-\d\d-\d\d|\d+[dh] \d+[hm]", cells), "nothing to check"
    assert page.evaluate(_BROKEN_TOKENS) == [], path
    # Every column stays on the page.
    wide, screen = page.evaluate(_WIDTHS)
    assert wide <= screen


# --- print from the dark scheme (#25) ------------------------------------------------------


@pytest.fixture
def dark(browser: Browser, base_url: str) -> Iterator[Visit]:
    yield from _visit_fixture(
        browser, base_url, viewport={"width": 1280, "height": 900}, color_scheme="dark"
    )


def _ratio(a: str, b: str) -> float:
    """WCAG contrast of two opaque ``rgb(r, g, b)`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _grey_pixels(pdf: Path) -> tuple[int, int, bytes] | None:
    """The first page of ``pdf`` as 8-bit grey pixels (width, height, data), by poppler's
    pdftoppm; None where it is not installed."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    out = subprocess.run(
        [tool, "-r", "30", "-f", "1", "-l", "1", "-gray", str(pdf)],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out)
    assert header, out[:20]
    return int(header.group(1)), int(header.group(2)), out[header.end() :]


def test_printing_from_the_dark_scheme_uses_the_light_palette(dark: Visit, tmp_path: Path) -> None:
    page = dark.open("incidents/0018-webhook-delivery-delays/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    # What the page looks like while it prints (this listener runs after the site's).
    page.evaluate(
        """() => addEventListener("beforeprint", () => {
          const link = document.querySelector("article .pb-facts a:not([class])");
          window.printed = [getComputedStyle(link).color, getComputedStyle(document.body).backgroundColor];
        })"""
    )
    pdf = tmp_path / "0018.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    link, paper = page.evaluate("window.printed")
    assert paper == "rgb(255, 255, 255)", paper
    assert _ratio(link, paper) >= 4.5, link
    # The reader's screen is dark again afterwards.
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    pixels = _grey_pixels(pdf)
    if pixels is not None:
        width, height, data = pixels
        # No dark frame round the page, and the page is mostly paper-white.
        assert min(data[0], data[width - 1], data[(height - 1) * width]) > 240
        assert sum(data) / len(data) > 200


# --- without JavaScript (#26) --------------------------------------------------------------


@pytest.fixture
def phone_no_js(browser: Browser, base_url: str) -> Iterator[Visit]:
    yield from _visit_fixture(browser, base_url, java_script_enabled=False, **PHONE)


@pytest.fixture
def desktop_no_js(browser: Browser, base_url: str) -> Iterator[Visit]:
    yield from _visit_fixture(
        browser, base_url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )


def test_no_page_is_wider_than_the_phone_without_javascript(phone_no_js: Visit) -> None:
    wide = {}
    for path in READER_PAGES:
        width, screen = phone_no_js.open(path).evaluate(_WIDTHS)
        if width > screen:
            wide[path] = width
    assert wide == {}


@pytest.mark.parametrize("how", ["phone", "desktop"])
def test_without_javascript_the_header_points_to_the_incident_index(
    phone_no_js: Visit, desktop_no_js: Visit, how: str
) -> None:
    visit = phone_no_js if how == "phone" else desktop_no_js
    page = visit.open("incidents/0018-webhook-delivery-delays/")
    hint = page.locator("header a.pb-search-nojs")
    expect(hint).to_be_visible()
    expect(hint).to_have_accessible_name(re.compile("JavaScript"))
    box = hint.bounding_box()
    assert box is not None and box["x"] + box["width"] <= (390 if how == "phone" else 1280)
    # It says so in words on the screen, in full where the header has room.
    shown = hint.inner_text()
    assert shown.startswith("No search"), shown
    if how == "desktop":
        assert "without JavaScript" in shown
    hint.click()
    expect(page.locator("article h1")).to_contain_text("Incidents")


def test_with_javascript_the_search_box_stands_alone(visit: Visit) -> None:
    page = visit.open(PAGES["incident"])
    expect(page.locator("header a.pb-search-nojs")).to_be_hidden()
    expect(page.locator(f"{BOX} .md-search__input")).to_be_visible()


# --- severity in a phone's cards (#21) -----------------------------------------------------


@pytest.mark.parametrize("path", [PAGES["incidents"], "action-items/", PAGES["home"]])
def test_cards_show_the_coloured_severity_badge(phone: Visit, path: str) -> None:
    page = phone.open(path)
    cell = page.locator("article table[data-pb-cards] td[data-label='Severity']").first
    expect(cell).to_be_visible()
    chip = cell.locator(".pb-sev")
    expect(chip).to_have_count(1)
    colour = chip.evaluate("(e) => getComputedStyle(e).backgroundColor")
    assert colour in {
        "rgb(183, 28, 28)",
        "rgb(191, 54, 12)",
        "rgb(249, 168, 37)",
        "rgb(84, 110, 122)",
    }
    # The card still names the cell, and sorting and filtering read the same text.
    assert cell.evaluate("(td) => getComputedStyle(td, '::before').content") == '"Severity: "'
    assert re.fullmatch(r"SEV\d", cell.inner_text().strip())


def test_a_severity_the_style_sheet_does_not_colour_stays_plain_text(phone: Visit) -> None:
    page = phone.open("metrics/")
    total = page.locator("article td[data-label='Severity']", has_text="All")
    expect(total).to_have_count(1)
    expect(total.locator(".pb-sev")).to_have_count(0)
