"""An open incident says by when its next update is due, from policy's ``update_every``
and the last ``communication`` logged: a responder at 3 a.m. sees at once that the status
page is overdue."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator.check import load_checked
from generator.facts.incident import incident_facts

from .authoring import run, small_project
from .conftest import ROOT
from .sitebuild import run_build


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


def _shown(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def test_a_new_incident_is_due_its_first_update_one_interval_after_it_opened(
    root: Path,
) -> None:
    assert run(root, "new-incident", "Search down", "--severity", "SEV1")[0] == 0
    code, out = run(root, "show", "16")
    assert code == 0
    found = re.search(
        r"^Update     due by (\S+ \S+) UTC \(every 30m; none sent since (\S+ \S+) UTC\)$",
        out,
        re.M,
    )
    assert found, out
    due, since = (datetime.strptime(t, "%Y-%m-%d %H:%M") for t in found.groups())
    assert due - since == timedelta(minutes=30)


def test_an_update_sent_moves_the_next_one_and_the_page_says_so(root: Path, tmp_path: Path) -> None:
    assert run(root, "new-incident", "Search down", "--severity", "SEV2")[0] == 0
    sent = (datetime.now(UTC) - timedelta(hours=3)).replace(second=0, microsecond=0)
    at = sent.strftime("%Y-%m-%dT%H:%MZ")
    logged = run(root, "comms", "16", "--template", "status-investigating", "--sent", "--at", at)
    assert logged[0] == 0, logged
    due = sent + timedelta(hours=1)
    out = run(root, "show", "16")[1]
    line = f"Update     overdue since {_shown(due)} (every 1h; last sent {_shown(sent)})"
    assert line in out.splitlines(), out
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    site = tmp_path / "site"
    built = run_build(root, "--site-dir", str(site))
    assert built.exit_code == 0, built.output
    (page,) = site.glob("incidents/0016-*/index.html")
    assert (
        '<tr><th scope="row">Next update</th><td><strong>overdue</strong> since '
        f"{_shown(due)} (every 1h; last sent {_shown(sent)})</td></tr>"
    ) in page.read_text(encoding="utf-8")


def test_a_finished_or_backfilled_incident_is_due_nothing(root: Path) -> None:
    project = load_checked(root)
    assert project.policy is not None
    (record,) = project.records
    facts = incident_facts(record.incident, project.policy, datetime.now(UTC))
    assert record.incident.status.value == "closed" and facts.next_update is None
    assert "Update " not in run(root, "show", "15")[1]
    backfilled = record.incident.model_copy(update={"status": "open", "historical": True})
    assert incident_facts(backfilled, project.policy, datetime.now(UTC)).next_update is None
