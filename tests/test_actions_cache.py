"""``playbook actions`` keeps each record's verdict and action items between runs; every
answer must still be the one a fresh whole-project check gives."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.authoring.checkcache import incidents_if_valid
from generator.cli import cli

from .conftest import edit

SEED = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["actions", "--project", str(project), *args])
    return result.exit_code, result.stdout + result.stderr


def fresh(project: Path, *args: str) -> tuple[int, str]:
    """The same question with no cache at all."""
    shutil.rmtree(project / ".playbook-cache", ignore_errors=True)
    return run(project, *args)


def test_cached_answers_follow_every_edit(project: Path) -> None:
    first = run(project, "--today", "2025-01-10")
    assert first[0] == 0
    assert run(project, "--today", "2025-01-10") == first  # from the cache
    # An action item changes: the register shows it.
    edit(project / SEED, "Implement canary deployment", "Roll out canary deployment")
    second = run(project, "--today", "2025-01-10")
    assert "Roll out canary deployment for auth changes" in second[1]
    assert second == fresh(project, "--today", "2025-01-10")
    # An item loses its owner: an error, reported in full as before.
    edit(project / SEED, 'owner: "@carol"', "owner: null")
    broken = run(project)
    assert broken[0] == 1
    assert f"{SEED}:" in broken[1] and "(action-owner)" in broken[1]
    assert broken == fresh(project)
    edit(project / SEED, "owner: null", 'owner: "@carol"')
    assert run(project, "--today", "2025-01-10") == second


def test_a_new_record_that_clashes_is_reported(project: Path) -> None:
    assert run(project)[0] == 0
    twin = project / "playbooks/incidents/0099-auth-twin.yaml"
    shutil.copy(project / SEED, twin)
    edit(twin, "number: 15\n", "number: 99\n")  # its slug is still the seed's
    code, out = run(project)
    assert code == 1
    assert "(duplicate-slug)" in out
    assert (code, out) == fresh(project)


def test_a_removed_record_is_noticed(project: Path) -> None:
    before = run(project, "--format", "json")
    (project / SEED).unlink()
    after = run(project, "--format", "json")
    assert after != before
    assert after == fresh(project, "--format", "json")


def test_a_record_edited_to_closed_without_its_post_mortem_is_checked_again(
    project: Path,
) -> None:
    assert run(project)[0] == 0  # the cache holds every other record
    record = project / "playbooks/incidents/0042-late-postmortem.yaml"
    shutil.copy(project / SEED, record)
    edit(record, "number: 15\n", "number: 42\n")
    edit(record, "slug: hotfix-auth-token\n", "slug: late-postmortem\n")
    edit(record, "status: closed\n", "status: resolved\n")
    text = record.read_text(encoding="utf-8")
    record.write_text(text.split("\npostmortem:", 1)[0] + "\n", encoding="utf-8")
    # Resolved without a post-mortem: a warning, the day after or years later.
    resolved = datetime(2024, 11, 25, 15, 0, tzinfo=UTC)
    assert incidents_if_valid(project, resolved.replace(day=26)) is not None
    assert incidents_if_valid(project, resolved.replace(year=2030)) is not None
    # Closed without one: an error, and the cached verdict does not hide it.
    edit(record, "status: resolved\n", "status: closed\n")
    assert incidents_if_valid(project, resolved.replace(day=26)) is None


def test_a_first_run_checks_the_project_whole_and_fills_the_cache(project: Path) -> None:
    """With no verdict kept (or most of them stale), checking record by record would scan
    the folder once per record: the project is loaded whole instead, with the same answer."""
    assert incidents_if_valid(project) is None
    first = run(project, "--today", "2025-01-10")
    assert first[0] == 0
    assert incidents_if_valid(project) is not None
    # Most records changed since: checked whole again, still the same answer.
    records = sorted((project / "playbooks/incidents").glob("*.yaml"))
    for record in records[: len(records) // 2 + 1]:
        record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert incidents_if_valid(project) is None
    assert run(project, "--today", "2025-01-10") == first
    assert incidents_if_valid(project) is not None


@pytest.mark.parametrize("damage", ["nested", "facts", "items", "due", "stamp"])
def test_a_damaged_verdict_cache_is_no_cache(project: Path, damage: str) -> None:
    """A cache file that is not what the cache writes is one that is not there: the project
    is checked whole, with the same answer, never a traceback."""
    first = run(project, "--today", "2025-01-10")
    assert first[0] == 0
    cache = project / ".playbook-cache" / "checked.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    entry = data["files"]["0015-hotfix-auth-token.yaml"]
    if damage == "nested":
        cache.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    else:
        if damage == "facts":
            del entry["facts"]["items"]
        elif damage == "items":
            entry["facts"]["items"] = [{"text": 1}]
        elif damage == "due":
            entry["facts"]["items"][0]["due"] = "not a day"
        else:
            entry["stamp"] = None
        cache.write_text(json.dumps(data), encoding="utf-8")
    assert run(project, "--today", "2025-01-10") == first
    assert json.loads(cache.read_text(encoding="utf-8"))["files"]  # written afresh
