"""The built site: the metrics page agrees with ``playbook stats``, the register flags overdue
items, and every export is in the site — from a real MkDocs build."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

import generator.site  # noqa: F401  (the site package first: it imports the templating env)
from generator.cli import cli
from generator.facts.metrics import TABLE_HEADINGS, table_cells
from generator.model.incident import Incident

from .conftest import ROOT, write

SITE_URL = "https://ops.example.com/runbooks/"


def build(project: Path, *, site_url: str | None = SITE_URL, reports: bool = True) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_url:.*\n", "", config)
    if site_url:
        config += f"site_url: {site_url}\n"
    if not reports:
        config = config.replace("  - playbook\n", "  - playbook:\n      reports: false\n")
    write(project, {"mkdocs.yml": config})
    (project / "docs").mkdir(exist_ok=True)
    site = project / "site"
    cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return site


def html_tables(page: str) -> list[list[list[str]]]:
    """Every <table> of a page as rows of unescaped cell texts."""
    tables = []
    for table in re.findall(r"<table\b[^>]*>(.*?)</table>", page, re.S):
        rows = []
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
        tables.append(rows)
    return tables


def stats_rows(project: Path, block: str) -> list[list[str]]:
    out = CliRunner().invoke(cli, ["stats", "--project", str(project)]).stdout
    text = next(b for b in out.split("\n\n") if b.startswith(block + "\n"))
    return [re.split(r"  +", line) for line in text.splitlines()[1:]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("shipped")
    shutil.copytree(ROOT / "playbooks", project / "playbooks")
    build(project)
    return project


def test_metrics_page_shows_exactly_what_stats_prints(built: Path) -> None:
    page = (built / "site/metrics/index.html").read_text(encoding="utf-8")
    # The charts' values-as-text tables come first; the report's tables follow.
    tables = html_tables(
        re.sub(r'<details class="pb-chart-values">.*?</details>', "", page, flags=re.S)
    )
    # The terminal table and the page table, cell for cell.
    assert tables[0] == stats_rows(built, "By severity")
    assert tables[1] == stats_rows(built, "By quarter of the earliest known time (UTC)")
    # And both are the JSON numbers: the SEV1 median MTTR in JSON is the page's cell.
    data = json.loads(
        CliRunner().invoke(cli, ["stats", "--project", str(built), "--format", "json"]).stdout
    )
    sev1 = next(g for g in data["severities"] if g["key"] == "SEV1")
    assert tables[0][1] == ["SEV1", *table_cells(sev1)]
    assert tables[0][0] == ["Severity", *TABLE_HEADINGS]
    assert (
        len(
            re.findall(r"<div class=\"pb-diagram pb-metrics\" [^>]*data-pagefind-ignore><svg", page)
        )
        == 3
    )
    hints = [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", page)]
    # Incident 0015 (SEV1, 2024-Q4) resolved in 47m of a 4h target: 19.6% of it.
    assert "2024-Q4 · SEV1: 19.6" in hints
    assert "2024-Q4 · SEV4: 1" in hints
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for definition in data["definitions"].values():
        assert definition in text


def test_register_flags_overdue_items_and_counts_per_owner(built: Path) -> None:
    page = (built / "site/action-items/index.html").read_text(encoding="utf-8")
    owners, register = html_tables(page)
    assert owners[0] == ["Owner", "Items", "Open", "Overdue", "Done"]
    assert ["@hana", "2", "1", "0", "1"] in owners
    assert register[0] == ["Due", "Owner", "Status", "Action", "Incident", "Severity"]
    # Built long after every shipped due date but one: those open items are overdue.
    statuses = {row[3]: row[2] for row in register[1:]}
    assert statuses["Add auth-specific test coverage requirements"] == "overdue"
    assert statuses["Rehearse database failover every quarter"] == "open"
    assert statuses["Add regression test for dash-containing tokens"] == "done"
    # Open items come first.
    assert [row[2] for row in register[1:]] == sorted(
        (row[2] for row in register[1:]), key=lambda s: s == "done"
    )
    assert '<strong class="pb-overdue">overdue</strong>' in page
    assert 'href="../incidents/0015-hotfix-auth-token/"' in page
    assert '<option value="hana">@hana</option>' in page


def test_every_export_is_in_the_built_site(built: Path) -> None:
    site = built / "site"
    data = json.loads((site / "api/incidents.json").read_text(encoding="utf-8"))
    assert data["count"] == 8
    for entry in data["incidents"]:
        assert entry["url"] == f"{SITE_URL}incidents/{entry['ident']}/"
        one = json.loads((site / f"api/incidents/{entry['ident']}.json").read_text())
        assert Incident.model_validate(one["record"]) == Incident.model_validate(entry["record"])
    assert (site / "incidents.csv").read_text(encoding="utf-8").startswith("number,ident,title,")
    feed = ET.parse(site / "feed.xml").getroot()
    links = [e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert all(str(href).startswith(SITE_URL) for href in links)
    calendar = icalendar.Calendar.from_ical((site / "action-items.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 5
    for name in ("incident", "policy", "playbook"):
        assert (site / f"schemas/{name}.schema.json").read_text() == (
            ROOT / f"schemas/{name}.schema.json"
        ).read_text()


def test_empty_project_builds_and_says_what_it_could_not_compute(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    shutil.rmtree(tmp_path / "playbooks/incidents")
    (tmp_path / "playbooks/incidents").mkdir()
    site = build(tmp_path, site_url=None)
    page = (site / "metrics/index.html").read_text(encoding="utf-8")
    assert "numbers. 0 incidents." in page
    assert "No incidents yet." in page
    assert "is not published: an Atom feed needs absolute links" in page
    assert html_tables(page)[0][-1] == ["All", "0", "—", "—", "0", "—", "—", "—", "0", "—"]
    assert not (site / "feed.xml").exists()
    assert json.loads((site / "api/incidents.json").read_text())["incidents"] == []
    assert "No action items yet." in (site / "action-items/index.html").read_text()


def test_reports_can_be_switched_off(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    site = build(tmp_path, reports=False)
    assert (site / "incidents/0015-hotfix-auth-token/index.html").is_file()
    for path in ("metrics", "action-items", "api", "incidents.csv", "feed.xml", "schemas"):
        assert not (site / path).exists(), path


def test_register_shows_hostile_text_literally(project: Path) -> None:
    from generator.check import load_checked
    from generator.site import build_site

    record = project / "playbooks/incidents/0015-hotfix-auth-token.yaml"
    text = record.read_text(encoding="utf-8").replace(
        "    - text: Add regression test for dash-containing tokens",
        '    - text: "<script>alert(1)</script> | x | y |"',
    )
    record.write_text(text, encoding="utf-8")
    loaded = load_checked(project)
    assert not loaded.problems
    page = next(p for p in build_site(loaded).pages if p.path == "action-items.md").html
    table = page.split(
        '<div class="pb-table-wrap pb-actions pb-sortable" data-pagefind-ignore>', 1
    )[1]
    table = table.split("</div>", 1)[0]
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; | x | y |</td>" in table
    assert "<script>" not in page
