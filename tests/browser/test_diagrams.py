"""Diagrams are drawn at build time as inline SVG: no Mermaid, no CDN, visible at once."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from playwright.sync_api import Locator

from .conftest import PAGES, ROOT, Visit

pytestmark = pytest.mark.browser

# Each <text> of a diagram as the reader sees it: wrapped lines (tspans) joined with a space,
# plus whether it has a size on screen (a label clipped to nothing is not a label).
LABELS_JS = """svg => [...svg.querySelectorAll('text')].map(t => {
  const lines = t.querySelectorAll('tspan');
  const own = [...t.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.data).join('');
  const text = lines.length ? [...lines].map(l => l.textContent).join(' ') : own;
  const box = t.getBoundingClientRect();
  return {text: text.trim(), shown: box.width > 0 && box.height > 0};
})"""


def _figure(visit: Visit, path: str, label: str) -> Locator:
    page = visit.open(path)
    svg = page.locator(f"article svg[aria-label='{label}']")
    assert svg.count() == 1, f"{path}: no single SVG labelled {label!r}"
    drawn, natural, column = svg.evaluate(
        "s => [s.getBoundingClientRect().width, s.viewBox.baseVal.width,"
        " s.closest('article').clientWidth]"
    )
    # Drawn at its own size, or as wide as the text column allows: squeezed any smaller,
    # the 12px labels of the viewBox shrink below reading size.
    assert drawn >= 0.95 * min(natural, column), (drawn, natural, column)
    return svg


def _shown_labels(svg: Locator) -> list[str]:
    labels: list[dict[str, Any]] = svg.evaluate(LABELS_JS)
    return [label["text"] for label in labels if label["shown"]]


def test_hotfix_flow_is_an_svg_with_every_step(visit: Visit) -> None:
    playbook = yaml.safe_load((ROOT / "playbooks/workflows/hotfix.yaml").read_text("utf-8"))
    svg = _figure(visit, PAGES["hotfix"], "Hotfix Workflow: overview")
    shown = _shown_labels(svg)
    assert playbook["flow"] == [
        "Production Issue",
        "Assess Severity",
        "Create Hotfix Increment",
        "Implement Fix",
        "Test Critical Paths",
        "Deploy",
        "Verify Fix",
        "Post-Mortem",
    ]
    for step in playbook["flow"]:
        assert step in shown, (step, shown)
    # Seven arrows join eight steps, in order.
    assert svg.locator(".pb-arrow").count() == len(playbook["flow"]) - 1


def test_incident_timeline_is_an_svg_with_its_events(visit: Visit) -> None:
    svg = _figure(visit, PAGES["incident"], "Timeline of incident 0015")
    shown = _shown_labels(svg)
    assert "First alert triggered" in shown and "All-clear declared" in shown, shown
    marks = svg.locator(".pb-mark")
    assert marks.count() == 7
    # Hovering a mark names its time and event (SVG <title>), even when the label is cut.
    titles = [marks.nth(i).locator(":scope > title").text_content() for i in range(7)]
    # The incident keeps to one day, written under the axis: the tooltip gives the time.
    assert titles[0] == "14:32 · detected · First alert triggered"
    assert titles[-1] == "15:19 · resolved · All-clear declared"


def test_picture_text_and_strokes_take_their_look_from_the_stylesheet(visit: Visit) -> None:
    # The pictures carry no font or colour of their own: the stylesheet gives them the page's
    # text colour (so they read in the dark scheme too), 12 px system-ui text, and the axis,
    # grid and marker strokes.
    svg = _figure(visit, PAGES["incident"], "Timeline of incident 0015")
    look = svg.evaluate(
        """s => {
      const css = (e, p) => getComputedStyle(e).getPropertyValue(p);
      const label = s.querySelector('.pb-mark-label');
      return {
        fill: css(label, 'fill'), page: css(s.closest('article'), 'color'),
        size: css(label, 'font-size'), font: css(label, 'font-family'),
        axis: css(s.querySelector('.pb-axis'), 'stroke-opacity'),
        grid: css(s.querySelector('.pb-grid'), 'stroke-opacity'),
        ring: css(s.querySelector('.pb-mark circle'), 'stroke-width'),
      };
    }"""
    )
    assert look["fill"] == look["page"], look
    assert look["size"] == "12px" and look["font"].startswith("system-ui"), look
    assert (look["axis"], look["grid"], look["ring"]) == ("0.6", "0.1", "1.5px"), look
