from __future__ import annotations

from pathlib import Path

import pytest

from .authoring import run, small_project

RECORD = "playbooks/incidents/0001-checkout-failing.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Checkout failing", "--severity", "SEV1",
        "--detected-at", "2024-11-25T14:32:00Z")  # fmt: skip
    return root


def test_task_done_and_undo(root: Path) -> None:
    assert run(root, "task", "1", "T-002") == (0, "T-002 Implement fix: done (1/4 tasks done)\n")
    assert "    - {id: T-002, text: Implement fix, done: true}\n" in (root / RECORD).read_text()
    assert run(root, "task", "1", "2") == (
        0,
        "T-002 Implement fix: already done (1/4 tasks done)\n",
    )
    assert run(root, "task", "1", "t-2", "--undo") == (
        0,
        "T-002 Implement fix: not done (0/4 tasks done)\n",
    )


@pytest.mark.parametrize(
    ("task", "message"),
    [
        ("T-009", f"Error: {RECORD} has no task T-009 (tasks: T-001, T-002, T-003, T-004)\n"),
        ("deploy", "Error: 'deploy' is not a task id; tasks are T-001, T-002, …\n"),
    ],
)
def test_task_refusals(root: Path, task: str, message: str) -> None:
    before = (root / RECORD).read_bytes()
    assert run(root, "task", "1", task) == (1, message)
    assert (root / RECORD).read_bytes() == before


def test_check_ticks_manual_item(root: Path) -> None:
    assert run(root, "check", "1", "critical-tests-pass") == (
        0,
        "critical-tests-pass: ticked (checklist 1/12)\n",
    )
    assert (
        "Incident detected}\n\nchecklist:\n  critical-tests-pass: true\n\n# SEV1 needs a post-mortem"
    ) in (root / RECORD).read_text()
    assert run(root, "check", "1", "critical-tests-pass") == (
        0,
        "critical-tests-pass: already ticked (checklist 1/12)\n",
    )
    assert run(root, "check", "1", "critical-tests-pass", "--undo") == (
        0,
        "critical-tests-pass: unticked (checklist 0/12)\n",
    )
    assert "checklist:" not in (root / RECORD).read_text()


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("fix-verified", "Error: 'fix-verified' is ticked by a rule (timeline has a 'verified' "
         "event), not by hand; items ticked by hand: status-page-updated, critical-tests-pass\n"),
        ("staging-soak", "Error: the Hotfix Checklist has no item 'staging-soak'; items ticked "
         "by hand: status-page-updated, critical-tests-pass\n"),
    ],
)  # fmt: skip
def test_check_refusals(root: Path, item: str, message: str) -> None:
    before = (root / RECORD).read_bytes()
    assert run(root, "check", "1", item) == (1, message)
    assert (root / RECORD).read_bytes() == before
