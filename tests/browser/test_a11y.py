"""axe-core over every page family, at desktop and phone width, in light and dark.

axe.min.js comes from the ``axe-playwright-python`` package (a dev dependency that vendors
it), injected from disk: nothing is fetched. A serious or critical finding on a node inside
the page's article (what this project renders) fails the test; findings on Material's own
header, navigation and footer are written to a report beside the screenshots and listed
in :data:`MATERIAL_KNOWN`, so a new one shows up as a change to review. Every combination
also writes a full-page screenshot, ``test-artifacts/reader/<family>-<width>-<scheme>.png``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from .conftest import Visit, _visit_fixture

pytestmark = pytest.mark.browser

#: One page of each kind the site generates (URL as the site promises it).
FAMILIES = {
    "home": "",
    "severity": "severity-levels/",
    "workflows": "workflows/",
    "hotfix": "workflows/hotfix/",
    "rollback": "workflows/rollback/",
    "checklists": "checklists/",
    "incidents": "incidents/",
    "incident-closed": "incidents/0015-hotfix-auth-token/",
    "incident-open": "incidents/0018-webhook-delivery-delays/",
    "metrics": "metrics/",
    "actions": "action-items/",
    "tags": "tags/",
}

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = ("light", "dark")

#: Rule ids axe reports on Material's own chrome (header, search, navigation, footer), not on
#: anything this project renders. Kept as a list so a new one is noticed and reviewed.
MATERIAL_KNOWN = {
    # The search dialog (.md-search) has role=dialog and no accessible name.
    "aria-dialog-name",
    # The footer's "Made with Material for MkDocs" line: #7f7f7f on #171717, 4.47:1.
    "color-contrast",
}

#: Where a node counts as ours: the article Material wraps our page body in.
_OURS = "article.md-content__inner"

_AXE = resources.files("axe_playwright_python").joinpath("axe.min.js")

_RUN_AXE = """async ([ours, contrast]) => {
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    rules: {"color-contrast": {enabled: contrast}},
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => {
        const el = document.querySelector(n.target[0]);
        return {
          target: n.target.join(" "),
          html: n.html.slice(0, 200),
          ours: !!(el && el.closest(ours)),
          summary: (n.failureSummary || "").slice(0, 300),
        };
      }),
    }));
}"""


@pytest.fixture(params=SCHEMES)
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=list(SIZES))
def reader(
    request: pytest.FixtureRequest, browser: Browser, base_url: str, scheme: str
) -> Iterator[tuple[str, Visit]]:
    """A browser context at one width whose system asks for one colour scheme."""
    width, height = SIZES[str(request.param)]
    phone = request.param == "phone"
    yield from (
        (str(request.param), v)
        for v in _visit_fixture(
            browser,
            base_url,
            viewport={"width": width, "height": height},
            color_scheme=scheme,  # type: ignore[arg-type]
            is_mobile=phone,
            has_touch=phone,
        )
    )


def _report(artifacts: Path, name: str, findings: list[dict[str, Any]]) -> None:
    folder = artifacts / "reader"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.axe.json").write_text(json.dumps(findings, indent=2), encoding="utf-8")


@pytest.mark.parametrize("family", list(FAMILIES))
def test_axe_finds_nothing_serious_in_our_markup(
    family: str, reader: tuple[str, Visit], scheme: str, artifacts: Path
) -> None:
    size, visit = reader
    page = visit.open(FAMILIES[family])
    # The palette follows the system setting: the page must be in the scheme asked for.
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    name = f"{family}-{size}-{scheme}"
    page.screenshot(path=str(artifacts / "reader" / f"{name}.png"), full_page=True)
    page.add_script_tag(content=_AXE.read_text(encoding="utf-8"))
    # Colours do not depend on the width: contrast (axe's slowest rule) is judged once per
    # scheme, at desktop width; every other rule runs at both widths.
    findings: list[dict[str, Any]] = page.evaluate(_RUN_AXE, [_OURS, size == "desktop"])
    _report(artifacts, name, findings)
    ours = [
        f"{f['id']} ({f['impact']}): {n['target']}: {n['summary']}"
        for f in findings
        for n in f["nodes"]
        if n["ours"]
    ]
    assert ours == [], "\n".join(ours)
    theirs = {f["id"] for f in findings if any(not n["ours"] for n in f["nodes"])}
    assert theirs <= MATERIAL_KNOWN, f"new finding on Material's chrome: {theirs - MATERIAL_KNOWN}"
    assert visit.blocked == []
