"""``playbook serve`` in a real browser: the open page follows the author's saves by
itself, shows a broken record's problems, and comes back on the next good save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ..conftest import edit
from ..preview_server import serving
from .conftest import Visit, _visit_fixture

pytestmark = pytest.mark.browser

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"
PAGE = "incidents/0015-hotfix-auth-token/"


@pytest.fixture
def preview(browser: Browser, tmp_path: Path) -> Iterator[tuple[Path, Visit]]:
    with serving(tmp_path) as base:
        yield from ((tmp_path, v) for v in _visit_fixture(browser, base.rstrip("/")))


def test_the_open_page_follows_each_save(preview: tuple[Path, Visit], artifacts: Path) -> None:
    project, visit = preview
    page = visit.open(PAGE)
    expect(page).to_have_title("0015: hotfix: fix auth token validation - Incident Playbooks")
    record = project / RECORD
    edit(
        record, 'title: "hotfix: fix auth token validation"', 'title: "hotfix: token fix, take two"'
    )
    # No click, no reload by hand: the page reloads itself once the new one is served.
    expect(page).to_have_title("0015: hotfix: token fix, take two - Incident Playbooks")

    edit(record, "severity: SEV1", "severity: SEV9")
    problems = page.locator("#problems")
    expect(problems).to_have_text(
        f"{RECORD}:6:11: error: unknown severity 'SEV9' "
        "(policy defines SEV1, SEV2, SEV3, SEV4) (unknown-severity)"
    )
    expect(page.locator("h1")).to_have_text("1 problem(s) in 1 file(s)")
    page.screenshot(path=str(artifacts / "preview-problems.png"), full_page=True)

    edit(record, "severity: SEV9", "severity: SEV1")
    expect(page).to_have_title("0015: hotfix: token fix, take two - Incident Playbooks")
    expect(page.locator("article h1").first).to_contain_text("hotfix: token fix, take two")
    page.screenshot(path=str(artifacts / "preview-recovered.png"))
    assert visit.blocked == []
