"""Pages as the reader gets them, rendered by the site core with a fixed "now": overdue
action items say so, the phases chart draws only phases the record has, and the new
policy pages exist only when policy has their sections."""

from __future__ import annotations

import html
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from generator.load.project import load_project
from generator.site import SiteOptions, build_site

from .conftest import ROOT

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SEED = "incidents/0015-hotfix-auth-token.md"
FAILOVER = "incidents/0016-orders-db-failover.md"
OPEN = "incidents/0018-webhook-delivery-delays.md"


def _pages(*paths: str, root: Path = ROOT) -> dict[str, str]:
    """The HTML bodies of ``paths`` (rendering only those), and every page's path as a key."""
    site = build_site(load_project(root), SiteOptions(now=NOW))
    return {p.path: p.body().html if p.path in paths else "" for p in site.pages}


def test_overdue_action_items_are_shown_as_overdue() -> None:
    page = _pages(FAILOVER)[FAILOVER]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>.*?</td><td>(.*?)</td>", page)
    states = {text: (state, due) for state, text, due in rows}
    overdue = states["Alert 14 days before any service credential expires"]
    assert overdue == ('<span class="pb-action-overdue">⚠ overdue</span>', "2025-03-31")
    assert states["Rehearse database failover every quarter"][0] == (
        '<span class="pb-action-open">☐ open</span>'
    )


def test_phases_chart_draws_no_mitigation_the_record_lacks() -> None:
    pages = _pages(SEED, FAILOVER)
    seed = pages[SEED]
    phases = re.search(r'<figure class="pb-diagram pb-gantt".*?</figure>', seed, re.S)
    assert phases is not None
    assert "→ mitigated" not in phases.group(0)
    # Each bar is named by its two ends: one stretch, not the time since detection.
    assert re.findall(r'class="pb-row-label"[^>]*>([^<]*)<', phases.group(0)) == [
        "detected → acknowledged",
        "acknowledged → resolved",
    ]
    failover = pages[FAILOVER]
    assert "acknowledged → mitigated" in failover, "a record with a mitigation still shows it"


def test_pictures_are_labelled_keyboard_reachable_regions() -> None:
    page = _pages(SEED)[SEED]
    figures = re.findall(r"<figure ([^>]*)>", page)
    assert figures and all('tabindex="0" role="group" aria-label="' in f for f in figures)
    assert 'aria-label="Timeline of incident 0015"' in figures[0]


def test_no_roles_or_communications_pages_without_those_sections(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    (tmp_path / "playbooks/policy/roles.yaml").unlink()
    (tmp_path / "playbooks/policy/communications.yaml").unlink()
    checklists = tmp_path / "playbooks/policy/checklists.yaml"
    checklists.write_text(
        checklists.read_text(encoding="utf-8").replace("            rule: {role: commander}\n", "")
    )
    for record in (tmp_path / "playbooks/incidents").glob("*.yaml"):
        text = record.read_text(encoding="utf-8")
        text = re.sub(r"^roles: .*\n", "", text, flags=re.M)
        record.write_text(re.sub(r", message: [a-z-]+\}", "}", text), encoding="utf-8")
    pages = _pages("index.md", SEED, OPEN, root=tmp_path)
    assert "roles.md" not in pages and "communications.md" not in pages
    home = pages["index.md"]
    assert "playbook comms N" not in home and 'href="roles.md"' not in home
    assert "<h2" in pages[SEED] and "People" not in pages[SEED]
    assert "<h2" in pages[OPEN] and "Messages to paste" not in pages[OPEN]


def test_open_incidents_lead_the_home_page_most_severe_first(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    # An older SEV1 still open beside the shipped open SEV2 (0018) and SEV3 (0017).
    (tmp_path / "playbooks/incidents/0030-login-down.yaml").write_text(
        "number: 30\nslug: login-down\ntitle: Login down\nseverity: SEV1\n"
        "timeline:\n  - {at: 2026-11-20T09:00:00Z, kind: detected, text: Alert}\n",
        encoding="utf-8",
    )
    home = _pages("index.md", root=tmp_path)["index.md"]
    # Someone paged into a running incident sees it, one line each, before the start box.
    lines = re.search(r'<nav class="pb-open-now".*?</nav>', home, re.S)
    assert lines is not None and home.index("pb-open-now") < home.index("start here")
    assert re.findall(r'">(\d{4}): ', lines.group(0)) == ["0030", "0018", "0017"]
    assert 'SEV1</span> <a href="incidents/0030-login-down.md">0030: Login down</a>' in (
        lines.group(0)
    )
    # The full table, further down, in the same order.
    assert re.findall(r"<tr><td>(\d{4})</td>", home) == ["0030", "0018", "0017"]


def test_home_with_nothing_open_has_no_open_now_lines(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    for number in ("0017-export-jobs-stuck", "0018-webhook-delivery-delays"):
        (tmp_path / f"playbooks/incidents/{number}.yaml").unlink()
    home = _pages("index.md", root=tmp_path)["index.md"]
    assert "pb-open-now" not in home and "No open incidents." in home


def test_the_hotfix_playbook_says_how_to_record_every_step_of_its_checklist() -> None:
    """Followed step by step, the page names the command for every task, every item ticked
    by hand and every event a checklist rule waits for, mitigation and the all-clear too."""
    project = load_project(ROOT)
    policy = project.policy
    hotfix = next(c for c in policy.checklists if c.id == "hotfix")
    page = _pages("workflows/hotfix.md")["workflows/hotfix.md"]
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    wanted = [f"playbook task N T-00{i}" for i in range(1, 5)]
    for section in hotfix.sections:
        for item in section.items:
            if item.rule is None:
                wanted.append(f"playbook check N {item.id}")
            elif item.rule.event == "communication":
                wanted.append("playbook comms N --sent")
            elif item.rule.event is not None:
                wanted.append(f"--kind {item.rule.event}")
    wanted += ["--kind mitigated", "--kind root_cause"]
    assert [w for w in wanted if w not in text] == []
    # The seed's wording of what to skip.
    assert "Do NOT run:" in text


def test_chart_values_are_text_beside_the_charts() -> None:
    page = _pages("metrics.md")["metrics.md"]
    tables = re.findall(r'<details class="pb-chart-values">(.*?)</details>', page, re.S)
    assert len(tables) == 2
    assert "<summary>Incidents, as a table</summary>" in tables[0]
    assert (
        "<tr><th>Quarter</th><th>SEV1</th><th>SEV2</th><th>SEV3</th><th>SEV4</th></tr>"
        in (tables[0])
    )
    assert re.search(r"<tr><td>2024-Q4</td>(<td>\d+</td>){4}</tr>", tables[0])
    assert re.search(r'<p class="pb-chart-values">Met: \d+ · Breached: \d+\.</p>', page)
    charts = re.findall(r'<div class="pb-diagram pb-metrics" ([^>]*)>', page)
    assert len(charts) == 3 and all('tabindex="0" role="group" aria-label=' in c for c in charts)


def test_home_sends_the_reader_to_the_checklist_to_work_through() -> None:
    # Not the page of rule ids: the checklist on the most severe level's playbook.
    home = _pages("index.md")["index.md"]
    assert (
        'and work through its <a href="workflows/hotfix.md#hotfix-checklist">checklist</a>' in home
    )


def test_playbook_examples_never_name_another_real_incident() -> None:
    # A tired reader copies commands literally: 'playbook comms 16' would post another
    # incident's message. The examples say N, the number new-incident printed.
    hotfix = _pages("workflows/hotfix.md")["workflows/hotfix.md"]
    code = " ".join(re.findall(r"<pre>(.*?)</pre>", hotfix, flags=re.S))
    commands = re.findall(
        r"playbook (?:comms|log|task|show|done)\s+(\S+)", re.sub(r"<[^>]+>", "", code)
    )
    assert commands and set(commands) == {"N"}, commands


def test_every_workflow_a_level_allows_links_to_its_playbook() -> None:
    overview = _pages("workflows/index.md")["workflows/index.md"]
    assert (
        '<li>SEV3 (Minor feature broken): <a href="normal.md">normal</a>, or '
        '<a href="hotfix.md">hotfix</a> or <a href="rollback.md">rollback</a>.</li>'
    ) in overview


def test_who_to_page_is_on_the_roles_page_and_in_the_start_box() -> None:
    pages = _pages("roles.md", "index.md")
    roles, home = pages["roles.md"], pages["index.md"]
    assert (
        '<ol class="pb-reach"><li>PagerDuty schedule &#34;ic-primary&#34; '
        "(pages the on-call commander)</li>"
    ) in roles
    assert ">Who to page: incident commander<" in roles
    assert "<li><strong>No commander yet? Page one:</strong> PagerDuty schedule" in home
    # Before opening the record: the commander opens it.
    assert home.index("No commander yet?") < home.index("Open the record")


def test_an_open_incident_puts_the_message_to_paste_right_under_its_facts() -> None:
    pages = _pages(OPEN, SEED)
    opened, closed = pages[OPEN], pages[SEED]
    assert opened.index(">Messages to paste<") < opened.index(">People<")
    assert closed.index(">People<") < closed.index(">Messages to paste<")
