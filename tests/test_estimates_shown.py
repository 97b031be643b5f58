"""An estimated time keeps its ``~`` wherever the site shows it or a number resting on it:
the index's Began column, the home page, the Duration row's clock times, the phases chart."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from .conftest import edit
from .sitebuild import make_project, run_build

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"
PAGE = "incidents/0015-hotfix-auth-token/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("estimates")
    root = make_project(where / "project")
    # Users were hurt "from around 14:20", twelve minutes before the first alert.
    edit(
        root / RECORD,
        "  - {at: 2024-11-25T14:32:00Z, kind: detected",
        "  - {at: 2024-11-25T14:20:00Z, approximate: true, kind: started, text: Errors begin}\n"
        "  - {at: 2024-11-25T14:32:00Z, kind: detected",
    )
    # Backfilled from a write-up that never says when it ended.
    (root / "playbooks/incidents/0040-storage-outage.yaml").write_text(
        "number: 40\nslug: storage-outage\ntitle: Storage outage\nseverity: SEV3\n"
        "workflow: normal\nhistorical: true\nsources: [https://example.com/write-up]\n"
        "timeline:\n  - {at: 2021-05-01T10:00:00Z, kind: detected, text: First report}\n",
        encoding="utf-8",
    )
    result = run_build(root, "--site-dir", str(where / "site"))
    assert result.exit_code == 0, result.output
    return where / "site"


def text(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_began_column_and_home_page_mark_an_estimated_start(site: Path) -> None:
    index = (site / "incidents/index.html").read_text(encoding="utf-8")
    row = next(line for line in index.splitlines() if 'data-value="15"' in line)
    assert ">~2024-11-25 14:20 UTC</td>" in row, row
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "SEV1, ~2024-11-25 14:20 UTC, ~" in html.unescape(home)


def test_duration_row_marks_the_estimated_end_of_its_clock_times(site: Path) -> None:
    assert "(started → resolved; no mitigated time recorded), ~14:20 → 15:19" in text(site / PAGE)


def test_phases_chart_marks_a_bar_resting_on_an_estimate(site: Path) -> None:
    page = (site / PAGE).read_text(encoding="utf-8")
    assert "<title>started → detected: ~14:20 → 14:32 (~12m)</title>" in page, page


def test_an_open_incidents_impact_reads_as_ongoing_not_as_its_definition(site: Path) -> None:
    page = text(site / "incidents/0017-export-jobs-stuck/index.html")
    assert "Durationongoing: " in page.replace("\n", ""), page
    assert "so far, since 2026-11-26 08:10 UTC (no end recorded yet)" in page
    assert "first known of started" not in page.split("Duration", 1)[1].split("Time to", 1)[0]


def test_the_timeline_explains_the_tilde_only_where_it_shows_one(site: Path) -> None:
    estimated = text(site / PAGE)
    assert "Offsets count from detection; ~ marks an approximate time." in estimated
    exact = text(site / "incidents/0018-webhook-delivery-delays/index.html")
    assert "Offsets count from detection." in exact, exact
    assert "marks an approximate time" not in exact


def test_a_backfilled_record_without_an_end_is_unknown_not_years_ongoing(site: Path) -> None:
    page = text(site / "incidents/0040-storage-outage/index.html").replace("\n", "")
    assert "Durationunknown: no end time recorded" in page, page
    assert "ongoing" not in page
