"""The exports written by a second process, beside the pages, are the exports of one process;
a failure there fails the build; a docs file at an export's path is refused, not replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import mkdocs_exports, mkdocs_split
from generator.site import build as site_build
from tests.sitebuild import assert_same_site, make_project, run_build, site_files


def test_exports_from_a_second_process_equal_the_exports_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    root = make_project(tmp_path / "project")
    monkeypatch.setattr(mkdocs_exports, "MIN_INCIDENTS", 1)
    monkeypatch.setattr(mkdocs_split, "MIN_PAGES", 1)
    forked = run_build(root, "--strict", "--site-dir", str(tmp_path / "forked"))
    assert forked.exit_code == 0, forked.output
    monkeypatch.setattr(mkdocs_exports, "MIN_INCIDENTS", 10**9)
    monkeypatch.setattr(mkdocs_split, "MIN_PAGES", 10**9)
    single = run_build(root, "--strict", "--site-dir", str(tmp_path / "single"))
    assert single.exit_code == 0, single.output
    assert_same_site(tmp_path / "forked", tmp_path / "single")

    site = tmp_path / "forked"
    records = len(list((root / "playbooks" / "incidents").glob("*.yaml")))
    assert json.loads((site / "api" / "incidents.json").read_text())["count"] == records
    assert len(list((site / "api" / "incidents").glob("*.json"))) == records
    # The pages link to the exports by their place in the built site.
    metrics = (site / "metrics" / "index.html").read_text()
    assert 'href="../incidents.csv"' in metrics and 'href="../api/incidents.json"' in metrics
    # Nothing is left beside the site.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forked", "project", "single"]


def test_a_failure_writing_the_exports_fails_the_build_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    before = site_files(site)

    def broken(ctx: object, folder: Path) -> int:
        raise OSError("No space left on device")

    monkeypatch.setattr(mkdocs_exports, "MIN_INCIDENTS", 1)
    import generator.mkdocs_plugin as plugin

    monkeypatch.setattr(plugin, "write_exports", broken)
    result = run_build(root, "--site-dir", str(site))
    assert result.exit_code == 1, result.output
    assert "writing the exports failed: OSError: No space left on device" in result.output
    assert "Traceback" not in result.output
    assert site_files(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
    assert site_build.write_exports is not broken


@pytest.mark.parametrize("rel", ["incidents.csv", "api/incidents/0001-login-outage.json"])
def test_a_docs_file_at_the_path_of_an_export_is_refused(tmp_path: Path, rel: str) -> None:
    root = make_project(tmp_path / "project")
    first = sorted((root / "playbooks" / "incidents").glob("*.yaml"))[0].stem
    rel = rel.replace("0001-login-outage", first)
    (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / "docs" / rel).write_text("mine\n")
    (root / "docs" / "api" / "guide.md").parent.mkdir(parents=True, exist_ok=True)
    (root / "docs" / "api" / "guide.md").write_text("# Our API\n")  # beside them: fine
    result = run_build(root, "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 1, result.output
    assert f"docs/{rel} has the same path as an export file" in result.output
    assert not (tmp_path / "site").exists()
