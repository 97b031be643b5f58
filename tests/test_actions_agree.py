"""Every view of the action items agrees with ``playbook actions``: an item a backfilled
record marks ``done: unknown`` is shown as unknown and never counted open or overdue (nor put
on the calendar), and "overdue" is judged on one day everywhere, the date in the project's
time zone."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from generator.check import load_checked
from generator.cli import cli
from generator.site import SiteOptions, build_site

from .authoring import small_project
from .conftest import edit
from .test_metrics_site import html_tables

RECORD = "playbooks/incidents/0001-storage-outage.yaml"
ITEMS = """\
postmortem:
  action_items:
    - {text: Add safeguards to the removal tool, owner: '@ops', due: 2022-03-31, done: unknown}
    - {text: Audit other tools, done: unknown}
    - {text: Review runbooks, owner: '@ops', due: 2022-12-31, done: unknown}
    - {text: Rotate credentials, owner: '@ops', due: 2029-12-31}
    - {text: Write the restore runbook, owner: '@ann', due: 2021-02-01, done: true}
"""


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--project", str(root)])
    return result.exit_code, result.stdout + result.stderr


def project(where: Path, zone: str) -> Path:
    """A backfilled record (three of its five items of unknown state) in a project whose
    time zone is ``zone``."""
    root = small_project(where, with_seed=False)
    edit(root / "playbooks/policy/timing.yaml", "timezone: UTC\n", f"timezone: {zone}\n")
    code, out = run(root, "new-incident", "Storage outage", "--severity", "SEV3", "--backfill")
    assert code == 0, out
    record = root / RECORD
    record.write_text(record.read_text(encoding="utf-8") + ITEMS, encoding="utf-8")
    return root


def site_file(root: Path, path: str, now: datetime | None = None) -> str:
    site = build_site(load_checked(root), SiteOptions(now=now, site_url="https://ops.example/"))
    for page in site.pages:
        if page.path == path:
            return page.body().html
    return next(a.content for a in site.assets if a.path == path)


#: 2029-12-31 21:00 in Los Angeles, already 2030-01-01 in UTC.
EVENING = datetime(2030, 1, 1, 5, 0, tzinfo=UTC)


def test_unknown_items_are_counted_apart_in_the_cli_and_on_the_register_page(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, "America/Los_Angeles")
    code, out = run(root, "actions", "--today", "2029-12-31")
    assert code == 0
    assert out == (
        "5 action item(s): 1 open, 0 overdue (as of 2029-12-31); "
        "3 of unknown state (backfilled records)\n"
        "\n"
        "Due         Owner       Status   Incident    Action\n"
        "2021-02-01  @ann        done     #0001 SEV3  Write the restore runbook\n"
        "2022-03-31  @ops        unknown  #0001 SEV3  Add safeguards to the removal tool\n"
        "2022-12-31  @ops        unknown  #0001 SEV3  Review runbooks\n"
        "2029-12-31  @ops        open     #0001 SEV3  Rotate credentials\n"
        "no date     (no owner)  unknown  #0001 SEV3  Audit other tools\n"
        "\n"
        "Per owner\n"
        "Owner       Items  Open  Overdue  Done  Unknown\n"
        "@ops        3      1     0        0     2\n"
        "@ann        1      0     0        1     0\n"
        "(no owner)  1      0     0        0     1\n"
    )
    page = site_file(root, "action-items.md", EVENING)
    text = re.sub(r"<[^>]+>", "", page)
    assert (
        "5 action items from post-mortems: 1 open, 0 overdue as of 2029-12-31 (the build date, "
        "America/Los_Angeles); 3 of unknown state (backfilled records whose source does not "
        "say whether they were done)."
    ) in text
    owners, register = html_tables(page)
    assert owners == [
        ["Owner", "Items", "Open", "Overdue", "Done", "Unknown"],
        ["@ops", "3", "1", "0", "0", "2"],
        ["@ann", "1", "0", "0", "1", "0"],
        ["(no owner)", "1", "0", "0", "0", "1"],
    ]
    # Items still to do first, then those of unknown state, then done ones.
    assert [(row[3], row[2]) for row in register[1:]] == [
        ("Rotate credentials", "open"),
        ("Add safeguards to the removal tool", "unknown"),
        ("Review runbooks", "unknown"),
        ("Audit other tools", "unknown"),
        ("Write the restore runbook", "done"),
    ]
    assert re.findall(r'<tr data-status="([^"]*)"', page) == [
        "open",
        "unknown",
        "unknown",
        "unknown",
        "done",
    ]
    assert '<option value="unknown">unknown</option></select>' in page


def test_the_calendar_and_the_exports_leave_unknown_items_out_of_open(tmp_path: Path) -> None:
    root = project(tmp_path, "America/Los_Angeles")
    ics = icalendar.Calendar.from_ical(site_file(root, "action-items.ics", EVENING))
    assert [(str(e["UID"]), e["DTSTART"].dt.isoformat()) for e in ics.walk("VEVENT")] == [
        ("0001-storage-outage-action-4@ops.example", "2029-12-31")
    ]
    api = json.loads(site_file(root, "api/incidents.json", EVENING))
    counts = api["incidents"][0]["computed"]["action_items"]
    assert {k: v for k, v in counts.items() if k != "items"} == {
        "total": 5,
        "open": 1,
        "overdue": 0,
        "done": 1,
        "unknown": 3,
    }
    row = next(csv.DictReader(io.StringIO(site_file(root, "incidents.csv", EVENING))))
    assert (row["action_items_open"], row["action_items_overdue"]) == ("1", "0")


@pytest.mark.parametrize(
    ("zone", "now", "day", "state"),
    [
        # 05:00 UTC on 2030-01-01 is still 2029-12-31 in Los Angeles: due today, not overdue.
        ("America/Los_Angeles", EVENING, "2029-12-31", "open"),
        # 20:00 UTC on 2029-12-31 is already 2030-01-01 in Tokyo: the due day has passed.
        ("Asia/Tokyo", datetime(2029, 12, 31, 20, tzinfo=UTC), "2030-01-01", "overdue"),
    ],
)
def test_overdue_is_judged_on_the_date_in_the_project_time_zone_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str, now: datetime, day: str, state: str
) -> None:
    root = project(tmp_path, zone)
    # A build's "now" (SOURCE_DATE_EPOCH) is every command's "now" too.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(now.timestamp())))
    overdue = int(state == "overdue")
    code, out = run(root, "actions", "--open")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"1 action item(s): 1 open, {overdue} overdue (as of {day})"
    assert lines[3].split()[:3] == ["2029-12-31", "@ops", "OVERDUE" if overdue else "open"]
    code, out = run(root, "show", "1", "--format", "json")
    items = json.loads(out)["computed"]["action_items"]["items"]
    assert {i["text"]: i["state"] for i in items}["Rotate credentials"] == state
    page = re.sub(r"<[^>]+>", "", site_file(root, "action-items.md"))
    assert f"1 open, {overdue} overdue as of {day} (the build date, {zone})" in page
    code, out = run(root, "export", "--format", "json")
    assert json.loads(out)["today"] == day
    # An explicit day is still taken as given.
    code, out = run(root, "actions", "--open", "--today", "2029-12-31")
    assert out.splitlines()[0] == "1 action item(s): 1 open, 0 overdue (as of 2029-12-31)"
