"""``playbook severity``: raise or lower an incident's severity during the incident."""

from __future__ import annotations

from pathlib import Path

import pytest

from .authoring import run, small_project

RECORD = "playbooks/incidents/0001-profile-images.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Profile images", "--severity", "SEV3", "--no-input",
        "--detected-at", "2024-11-25T14:32:00Z")  # fmt: skip
    run(root, "log", "1", "On-call acknowledged", "--kind", "acknowledged",
        "--at", "2024-11-25T14:35:00Z")  # fmt: skip
    return root


def text(root: Path) -> str:
    return (root / RECORD).read_text()


def test_raise_moves_to_the_levels_workflow_and_logs_escalated(root: Path) -> None:
    before = text(root)
    code, out = run(root, "severity", "1", "SEV2", "--reason", "iOS users too",
                    "--at", "2024-11-25T14:40:00Z")  # fmt: skip
    assert code == 0, out
    event = "Severity SEV3 → SEV2, workflow normal → hotfix (iOS users too)"
    lines = out.splitlines()
    assert lines[:6] == [
        f"{RECORD}: logged escalated at 2024-11-25T14:40:00Z (+8m): {event}",
        "severity: SEV3 → SEV2",
        "workflow: normal → hotfix (policy's workflow for SEV2; "
        "for rollback: playbook severity 1 SEV2 --workflow rollback)",
        "checklist: Hotfix Checklist, 0/12 ticked; ticked by hand: status-page-updated, "
        "critical-tests-pass (playbook check 1 ITEM)",
        "tasks: 5 kept, 5 open (done needs each one done); the hotfix workflow's list also "
        "has: Identify breaking change; Add regression test",
        # The targets are SEV2's (2h to acknowledge, 24h to resolve), no longer SEV3's.
        "SLA time to acknowledge: 3m (target 2h): met",
    ]
    assert lines[6].startswith("SLA time to resolve: ")
    assert lines[6].endswith(" so far (target 24h): breached (still open)")
    assert text(root) == (
        before.replace("severity: SEV3\n", "severity: SEV2\n")
        .replace("workflow: normal\n", "workflow: hotfix\n")
        .replace(
            "On-call acknowledged}\n",
            "On-call acknowledged}\n"
            f"  - {{at: 2024-11-25T14:40:00Z, kind: escalated, text: '{event}'}}\n",
        )
    )
    # The comments new-incident wrote are still there, and the record validates.
    assert "# Step 2: the lightweight increment." in text(root)
    assert run(root, "validate")[0] == 0


def test_page_facts_follow_the_new_level(root: Path) -> None:
    run(root, "severity", "1", "SEV1", "--at", "2024-11-25T14:40:00Z")
    code, out = run(root, "show", "1")
    assert code == 0, out
    assert "SEV1 (System down) · open · hotfix workflow" in out
    assert "time to acknowledge: 3m (target 15m): met" in out
    assert "escalated      Severity SEV3 → SEV1, workflow normal → hotfix" in out


def test_lowering_keeps_an_allowed_workflow_and_logs_a_note(root: Path) -> None:
    run(root, "severity", "1", "SEV2", "--at", "2024-11-25T14:40:00Z")
    code, out = run(root, "severity", "1", "sev3", "--reason", "only Android after all",
                    "--at", "2024-11-25T14:50:00Z")  # fmt: skip
    assert code == 0, out
    assert out.splitlines()[:2] == [
        f"{RECORD}: logged note at 2024-11-25T14:50:00Z (+18m): "
        "Severity SEV2 → SEV3 (only Android after all)",
        "severity: SEV2 → SEV3",
    ]
    assert "workflow:" not in out
    assert "severity: SEV3\n" in text(root) and "workflow: hotfix\n" in text(root)


def test_workflow_alone_may_change(root: Path) -> None:
    code, out = run(root, "severity", "1", "SEV3", "--workflow", "rollback",
                    "--at", "2024-11-25T14:40:00Z")  # fmt: skip
    assert code == 0, out
    assert out.splitlines()[:2] == [
        f"{RECORD}: logged note at 2024-11-25T14:40:00Z (+8m): Workflow normal → rollback",
        "workflow: normal → rollback",
    ]


def test_same_level_changes_nothing(root: Path) -> None:
    before = text(root)
    assert run(root, "severity", "1", "SEV3") == (0, "severity: already SEV3 (normal workflow)\n")
    assert text(root) == before


def test_hand_ticks_the_new_checklist_lacks_are_removed(root: Path) -> None:
    run(root, "check", "1", "full-suite-pass")
    code, out = run(root, "severity", "1", "SEV2", "--at", "2024-11-25T14:40:00Z")
    assert code == 0, out
    assert "checklist: hand tick(s) removed, not in it: full-suite-pass\n" in out
    assert "checklist:" not in text(root).split("timeline:")[1]
    assert run(root, "validate")[0] == 0


def test_refusals_leave_the_file_alone(root: Path) -> None:
    before = text(root)
    assert run(root, "severity", "1", "SEV9") == (
        1,
        "Error: unknown severity 'SEV9'; policy defines SEV1, SEV2, SEV3, SEV4\n",
    )
    assert run(root, "severity", "1", "SEV2", "--workflow", "normal") == (
        1,
        "Error: SEV2 allows the hotfix, rollback workflow(s), not 'normal'\n",
    )
    code, out = run(root, "severity", "1", "SEV2", "--at", "99:99")
    assert code == 2 and "--at '99:99' is not a time" in out
    code, out = run(root, "severity", "1")
    assert code == 2 and "Missing argument 'SEVERITY'" in out
    code, out = run(root, "severity", "1", "SEV2", "--reason", "a\nb")
    assert (code, out) == (1, "Error: give the --reason as one line\n")
    assert text(root) == before


def test_what_the_new_level_asks_for_is_said(root: Path) -> None:
    # Resolved with no post-mortem: fine for a SEV3; a SEV2 needs one.
    run(root, "log", "1", "Fixed", "--kind", "resolved", "--at", "2024-11-25T15:00:00Z")
    code, out = run(root, "severity", "1", "SEV2", "--at", "2024-11-25T15:10:00Z")
    assert code == 0, out
    assert "SLA time to resolve: 28m (target 24h): met\n" in out
    assert out.endswith(
        f"{RECORD}:10:9: warning: SEV2 needs a post-mortem once resolved (overdue since "
        "2024-11-30); add a 'postmortem' section (postmortem-missing)\n"
    )


def test_backfilled_record_needs_the_date(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Old outage", "--severity", "SEV3", "--backfill",
        "--detected-at", "2017-02-28T17:37:00Z")  # fmt: skip
    code, out = run(root, "severity", "1", "SEV2", "--at", "00:01")
    assert code == 2
    assert "give the date too, like --at '2017-02-28 00:01'" in out


def test_a_hand_written_record_keeps_its_comments_and_quotes(root: Path) -> None:
    path = root / RECORD
    path.write_text(
        text(root)
        .replace("severity: SEV3\n", 'severity: "SEV3"  # SEV2 if iOS breaks too\n')
        .replace("workflow: normal\n", "")
    )
    before = text(root)
    code, out = run(root, "severity", "1", "SEV4", "--at", "2024-11-25T14:40:00Z")
    assert code == 0, out
    assert "workflow: hotfix → normal (policy's workflow for SEV4)\n" in out
    assert text(root) == (
        before.replace('"SEV3"  # SEV2', '"SEV4"  # SEV2')
        .replace("status: open\n", "status: open\nworkflow: normal\n")
        .replace(
            "On-call acknowledged}\n",
            "On-call acknowledged}\n  - {at: 2024-11-25T14:40:00Z, kind: note, "
            "text: 'Severity SEV3 → SEV4, workflow hotfix → normal'}\n",
        )
    )
