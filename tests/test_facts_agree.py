"""One facts core: for every shipped incident the site, ``show --format json``, ``stats
--format json`` and the exports print the same numbers, because they read the same facts."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .sitebuild import make_project, run_build

#: Every command in this module judges open incidents as of this one minute.
EPOCH = "1764547200"  # 2025-12-01T00:00:00Z


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        root = make_project(tmp_path_factory.mktemp("agree") / "project")
        result = run_build(root, "--site-dir", str(root / "site"))
        assert result.exit_code == 0, result.output
        yield root


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def api_entries(root: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    data = json.loads((root / "site/api/incidents.json").read_text(encoding="utf-8"))
    return {e["ident"]: e for e in data["incidents"]}


def test_show_json_is_the_api_entry_for_every_incident(built: Path) -> None:
    entries = api_entries(built)
    assert len(entries) == 8
    for ident, entry in entries.items():
        shown = json.loads(invoke("show", ident, "--project", str(built), "--format", "json"))
        assert shown["record"] == entry["record"], ident
        assert shown["computed"] == entry["computed"], ident
        assert entry["url"].endswith(shown["url"])
    seed = entries["0015-hotfix-auth-token"]["computed"]
    assert (seed["duration"]["seconds"], seed["duration"]["text"]) == (2820, "47m")
    assert [c["verdict"] for c in seed["sla"]] == ["met", "met"]
    assert seed["checklist"]["done"] == seed["checklist"]["total"] == 12


def test_incident_pages_print_the_same_numbers(built: Path) -> None:
    for ident, entry in api_entries(built).items():
        page = (built / f"site/incidents/{ident}/index.html").read_text(encoding="utf-8")
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        computed = entry["computed"]
        assert computed["duration"]["text"] in text, ident
        for check in computed["sla"]:
            verdict = check["verdict"] + (
                " (still open)" if check["still_open"] and check["verdict"] == "breached" else ""
            )
            assert f": {verdict}" in text, (ident, verdict)
        if computed["checklist"]:
            assert (
                f"{computed['checklist']['done']} of {computed['checklist']['total']} done" in text
            )


def test_exports_and_stats_agree_with_the_facts(built: Path) -> None:
    entries = api_entries(built)
    exported = json.loads(invoke("export", "--format", "json", "--project", str(built)))
    assert {e["ident"]: e["computed"] for e in exported["incidents"]} == {
        k: e["computed"] for k, e in entries.items()
    }
    rows = list(
        csv.DictReader(io.StringIO(invoke("export", "--format", "csv", "--project", str(built))))
    )
    for row in rows:
        duration = entries[row["ident"]]["computed"]["duration"]
        assert row["duration_seconds"] == (
            "" if duration["seconds"] is None else str(duration["seconds"])
        )
    stats = json.loads(invoke("stats", "--format", "json", "--project", str(built)))
    breached = sum(
        c["verdict"] == "breached" for e in entries.values() for c in e["computed"]["sla"]
    )
    total = stats["total"]
    assert total["acknowledge_target"]["breached"] + total["resolve_target"]["breached"] == breached
    assert total["count"] == len(entries)
