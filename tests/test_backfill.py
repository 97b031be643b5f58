"""Backfilling history: a past incident recorded with commands, nothing stamped "now", and
the gates that need live evidence turned into warnings for historical records."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import load_checked

from .authoring import run, small_project

RECORD = "playbooks/incidents/0001-storage-outage.yaml"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # A person at a terminal: --backfill still never asks anything.
    monkeypatch.setattr("generator.commands.new_incident.is_terminal", lambda: True)
    return small_project(tmp_path, with_seed=False)


def test_backfill_writes_no_event_stamped_now(root: Path) -> None:
    code, out = run(
        root, "new-incident", "Storage outage", "--severity", "SEV1", "--backfill",
        "--source", "https://status.example.com/incidents/1",
    )  # fmt: skip
    assert (code, out) == (0, f"{RECORD}\n")
    text = (root / RECORD).read_text()
    assert "historical: true\n" in text
    assert 'sources: ["https://status.example.com/incidents/1"]\n' in text
    assert "timeline: []\n" in text
    assert run(root, "validate")[0] == 0


def test_backfilled_record_driven_by_commands_with_zone_names(root: Path) -> None:
    run(root, "new-incident", "Storage outage", "--severity", "SEV1", "--backfill",
        "--detected-at", "~2017-02-28 09:40 America/Los_Angeles")  # fmt: skip
    steps = [
        ("Removal command typed", "started", "2017-02-28 09:37 America/Los_Angeles"),
        ("Index back: GETs served", "partial_recovery", "2017-02-28 12:26 America/Los_Angeles"),
        ("Status page updated, with a comma: and [brackets] #hash", "communication", "unknown"),
        ("All subsystems recovered", "resolved", "~2017-02-28 13:54 America/Los_Angeles"),
    ]
    for text, kind, at in steps:
        code, out = run(root, "log", "1", text, "--kind", kind, "--at", at)
        assert code == 0, out
    # Resolved without a post-mortem: a warning for a historical record, never a refusal.
    assert "warning: SEV1 needs a post-mortem once resolved" in out
    project = load_checked(root)
    record = project.record(1)
    assert record is not None
    kinds = {e.kind: e for e in record.incident.timeline}
    assert kinds["communication"].text == "Status page updated, with a comma: and [brackets] #hash"
    assert kinds["communication"].at is None
    assert kinds["resolved"].approximate
    assert kinds["started"].at is not None
    assert kinds["started"].at.isoformat() == "2017-02-28T09:37:00-08:00"
    code, out = run(root, "show", "1")
    assert "Duration   ~4h 17m (started → resolved; no mitigated time recorded)\n" in out
    # Closing needs no 'verified' event and no ticked tasks for a historical record (its
    # source seldom says either); it says so.
    for n in range(1, 3):
        run(root, "task", "1", f"T-00{n}")
    code, out = run(root, "done", "1")
    assert code == 0, out
    assert out.splitlines()[:4] == [
        "0001-storage-outage closed: resolved → closed; duration ~4h 17m (started → resolved)",
        "warning: 0001-storage-outage: task T-003 'Add regression test' is not done; "
        "closed anyway (a backfilled record)",
        "warning: 0001-storage-outage: task T-004 'Deploy to production' is not done; "
        "closed anyway (a backfilled record)",
        "warning: 0001-storage-outage: no 'verified' event; closed anyway (a backfilled record)",
    ]
    # The source's own post-mortem is linked; ours is still asked for, as a warning.
    assert "warning: SEV1 needs a post-mortem once closed" in out


def test_action_items_of_unknown_state_and_no_owner(root: Path) -> None:
    run(root, "new-incident", "Storage outage", "--severity", "SEV3", "--backfill")
    record = root / RECORD
    record.write_text(
        record.read_text() + "postmortem:\n  action_items:\n"
        "    - {text: Add safeguards to the removal tool, done: unknown}\n"
        "    - {text: Audit other tools, owner: '@ops', due: 2017-04-01}\n"
    )
    assert run(root, "validate")[0] == 0  # no owner: fine for a backfilled record
    code, out = run(root, "actions", "--today", "2017-05-01")
    assert code == 0
    assert out.splitlines()[0] == (
        "2 action item(s): 1 open, 1 overdue (as of 2017-05-01); "
        "1 of unknown state (backfilled records)"
    )
    assert "no date     (no owner)  unknown  #0001 SEV3  Add safeguards to the removal tool" in out


def test_bad_times_are_usage_errors(root: Path) -> None:
    run(root, "new-incident", "Storage outage", "--severity", "SEV1", "--backfill")
    before = (root / RECORD).read_bytes()
    code, out = run(root, "log", "1", "x", "--at", "2017-02-28 09:37 Mars/Olympus")
    assert (code, out) == (
        2,
        "Error: --at '2017-02-28 09:37 Mars/Olympus': 'Mars/Olympus' is not a time zone "
        "name; use one like UTC, Europe/Berlin or America/Los_Angeles\n",
    )
    code, out = run(
        root,
        "new-incident",
        "Other",
        "--severity",
        "SEV1",
        "--detected-at",
        "~2020-01-01T10:00:00Z",
    )
    assert code == 2 and "goes with --backfill" in out
    assert (root / RECORD).read_bytes() == before


def test_a_backfilled_record_without_an_end_is_unknown_not_years_so_far(root: Path) -> None:
    run(root, "new-incident", "Storage outage", "--severity", "SEV1", "--backfill",
        "--detected-at", "2021-05-01T10:00Z")  # fmt: skip
    code, out = run(root, "show", "1")
    assert code == 0, out
    # No acknowledgment or resolution typed in yet: nothing to judge, nothing breached.
    assert "time to acknowledge: unknown (target 15m): unknown\n" in out
    assert "so far" not in out and "breached" not in out


def test_an_alert_before_the_impact_is_recorded_and_time_to_detect_says_so(root: Path) -> None:
    run(root, "new-incident", "Disk filling", "--severity", "SEV2", "--backfill",
        "--detected-at", "2021-05-01T10:00Z")  # fmt: skip
    code, out = run(root, "log", "1", "Writes start failing", "--kind", "started",
                    "--at", "2021-05-01T10:05Z")  # fmt: skip
    assert code == 0, out  # a predictive alert fires before users are hurt
    code, out = run(root, "log", "1", "Disk grown", "--kind", "mitigated",
                    "--at", "2021-05-01T10:20Z")  # fmt: skip
    assert code == 0, out
    code, out = run(root, "show", "1")
    assert "Duration   15m (started → mitigated)\n" in out
    assert "time to detect: -5m (started → detected; detected came 5m before started)" in out
    # Impact still cannot end before it starts.
    code, out = run(root, "log", "1", "Back", "--kind", "resolved", "--at", "2021-05-01T10:03Z")
    assert code == 1
    assert "resolved (2021-05-01T10:03:00+00:00) is before mitigated" in out
