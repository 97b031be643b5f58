"""``playbook actions``: the register in the terminal, filters and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout + result.stderr


def test_open_items_of_the_seed_incident_on_a_given_day(project: Path) -> None:
    code, out = run("actions", "--project", str(project), "--today", "2025-01-10", "--open")
    assert code == 0
    assert out == (
        "5 action item(s): 5 open, 1 overdue (as of 2025-01-10)\n"
        "\n"
        "Due         Owner   Status   Incident    Action\n"
        "2024-12-09  @bob    OVERDUE  #0015 SEV1  Add auth-specific test coverage requirements\n"
        "2025-01-15  @carol  open     #0015 SEV1  Implement canary deployment for auth changes\n"
        "2025-01-31  @grace  open     #0011 SEV2  Document reindex steps in the search runbook\n"
        "2025-03-31  @ivan   open     #0016 SEV1  Alert 14 days before any service credential expires\n"
        "2027-01-15  @hana   open     #0016 SEV1  Rehearse database failover every quarter\n"
        "\n"
        "Per owner\n"
        "Owner   Items  Open  Overdue  Done\n"
        "@bob    1      1     1        0\n"
        "@carol  1      1     0        0\n"
        "@grace  1      1     0        0\n"
        "@hana   1      1     0        0\n"
        "@ivan   1      1     0        0\n"
    )


def test_owner_and_overdue_filters_in_json(project: Path) -> None:
    code, out = run(
        "actions", "--project", str(project), "--today", "2025-02-01",
        "--owner", "GRACE", "--overdue", "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert (data["today"], data["total"], data["open"], data["overdue"]) == ("2025-02-01", 1, 1, 1)
    assert data["owners"] == [
        {"owner": "@grace", "total": 1, "open": 1, "overdue": 1, "done": 0, "unknown": 0}
    ]
    item = data["items"][0]
    assert (item["ident"], item["due"], item["overdue"]) == (
        "0011-search-index-rollback",
        "2025-01-31",
        True,
    )


def test_nothing_matches(project: Path) -> None:
    code, out = run("actions", "--project", str(project), "--owner", "@nobody")
    assert code == 0
    assert out.startswith("0 action item(s): 0 open, 0 overdue (as of ")
    assert out.count("\n") == 1


def test_bad_today_is_a_usage_error(project: Path) -> None:
    code, out = run("actions", "--project", str(project), "--today", "tomorrow")
    assert code == 2
    assert "'tomorrow' is not a date like 2024-10-01" in out
