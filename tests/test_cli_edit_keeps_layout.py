"""Editing commands change only what they must: a hand-written record keeps its comments,
key order, quoting, block style and blank lines."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from .authoring import run, small_project

HAND = """\
# Hand-written record, block style throughout.
number: 21
slug: hand-written
title: 'Hand written'   # a comment on the title
severity: SEV2
status: open
workflow: hotfix

assessment:
  impact: Checkout fails     # first guess
  symptoms: "500 on /api/pay"

increment:
  problem: Payments time out.
  tasks:
  - id: T-001
    text: Identify breaking change   # the one from yesterday
  - id: T-002
    text: 'Implement fix'

# The timeline, kept by the scribe.
timeline:
- at: 2024-11-25T14:32:00Z
  kind: detected
  text: "Alert fired"     # pager
- at: 2024-11-25T14:35:00Z
  kind: acknowledged
  text: Ack

# Post-mortem comes later.
"""

PATH = "playbooks/incidents/0021-hand-written.yaml"


def added_and_removed(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return (
        [d[2:] for d in diff if d.startswith("+ ")],
        [d[2:] for d in diff if d.startswith("- ")],
    )


def test_log_task_check_keep_every_comment(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    record = root / PATH
    record.write_text(HAND)
    assert run(root, "log", "21", "Deploy: v1.2.4", "--kind", "deployed",
               "--at", "2024-11-25T14:58:00Z")[0] == 0  # fmt: skip
    assert run(root, "task", "21", "T-002") == (0, "T-002 Implement fix: done (1/2 tasks done)\n")
    assert run(root, "check", "21", "status-page-updated") == (
        0,
        "status-page-updated: ticked (checklist 5/12)\n",
    )
    after = record.read_text()
    added, removed = added_and_removed(HAND, after)
    assert removed == []
    assert added == [
        "    done: true",
        "- at: 2024-11-25T14:58:00Z",
        "  kind: deployed",
        "  text: 'Deploy: v1.2.4'",
        "",
        "checklist:",
        "  status-page-updated: true",
    ]
    assert after.endswith(
        "  text: Ack\n"
        "- at: 2024-11-25T14:58:00Z\n"
        "  kind: deployed\n"
        "  text: 'Deploy: v1.2.4'\n"
        "\n"
        "checklist:\n"
        "  status-page-updated: true\n"
        "\n"
        "# Post-mortem comes later.\n"
    )
    assert run(root, "validate")[0] == 0


def test_seed_record_round_trips_byte_for_byte(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    record = root / "playbooks/incidents/0015-hotfix-auth-token.yaml"
    before = record.read_text()
    assert run(root, "task", "15", "T-001", "--undo")[0] == 0
    assert run(root, "task", "15", "T-001")[0] == 0
    assert run(root, "check", "15", "critical-tests-pass", "--undo")[0] == 0
    assert "  status-page-updated: true\n\npostmortem:\n" in record.read_text()
    assert run(root, "check", "15", "critical-tests-pass")[0] == 0
    assert record.read_text() == before


def test_refused_edit_leaves_bytes_unchanged(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    record = root / PATH
    record.write_bytes(HAND.replace("\n", "\r\n").encode())
    before = record.read_bytes()
    code, out = run(
        root, "log", "21", "x", "--kind", "acknowledged", "--at", "2024-11-25T14:00:00Z"
    )
    assert code == 1
    assert "(milestone-order)" in out
    assert record.read_bytes() == before
    # Windows line endings survive an accepted edit too.
    assert run(root, "task", "21", "T-001")[0] == 0
    assert b"\r\n" in record.read_bytes() and b"\n" not in record.read_bytes().replace(b"\r\n", b"")


def test_record_with_broken_yaml_is_not_touched(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    record = root / PATH
    record.write_text(HAND.replace("kind: detected", "kind: [detected"))
    before = record.read_bytes()
    code, out = run(root, "task", "21", "T-001")
    assert code == 1
    assert out.endswith(
        f"Error: {PATH} has problems; fix them first: 1 error(s), 0 warning(s) in 1 file(s)\n"
    )
    assert record.read_bytes() == before


def test_a_file_without_a_final_newline_or_with_old_mac_line_ends_is_edited(
    tmp_path: Path,
) -> None:
    # Both validate; editors write them. The edit used to be refused with advice about
    # indentation that had nothing to do with it.
    root = small_project(tmp_path, with_seed=False)
    record = root / PATH
    record.write_text(HAND.rstrip("\n"))
    code, out = run(root, "task", "21", "T-001")
    assert code == 0, out
    assert record.read_text().endswith("\n")
    added, _ = added_and_removed(HAND, record.read_text())
    assert "    done: true" in added

    def comments(text: str) -> list[str]:
        return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]

    assert comments(record.read_text()) == comments(HAND)
    record.write_bytes(HAND.replace("\n", "\r").encode())
    code, out = run(root, "task", "21", "T-002")
    assert code == 0, out
    assert (
        b"\n" not in record.read_bytes()
        and record.read_bytes().count(b"\r") == HAND.count("\n") + 1
    )  # done: true


def test_an_edit_of_a_linked_record_goes_to_the_file_it_links_to(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    archive = root / "archive"
    archive.mkdir()
    (archive / "0021-hand-written.yaml").write_text(HAND)
    (root / PATH).symlink_to(Path("../../archive/0021-hand-written.yaml"))
    code, out = run(root, "task", "21", "T-001")
    assert code == 0, out
    assert (root / PATH).is_symlink()
    assert "    done: true" in (archive / "0021-hand-written.yaml").read_text()


@pytest.mark.parametrize(
    ("head", "tail"),
    [
        ("---\n", ""),
        ("# yaml-language-server: $schema=x.json\n--- # the record\n", ""),
        ("", "...\n"),
        ("---\n", "... # end\n\n"),
    ],
)
def test_document_markers_stay_where_they_are(tmp_path: Path, head: str, tail: str) -> None:
    # Many YAML files start with '---'; editing such a record was refused as if its
    # indentation were inconsistent.
    root = small_project(tmp_path, with_seed=False)
    record = root / PATH
    record.write_text(head + HAND + tail)
    assert run(root, "log", "21", "Deploy: v1.2.4", "--kind", "deployed",
               "--at", "2024-11-25T14:58:00Z")[0] == 0  # fmt: skip
    after = record.read_text()
    assert after.startswith(head + "# Hand-written record")
    assert after.endswith("# Post-mortem comes later.\n" + tail)
    added, removed = added_and_removed(head + HAND + tail, after)
    assert removed == []
    assert added == ["- at: 2024-11-25T14:58:00Z", "  kind: deployed", "  text: 'Deploy: v1.2.4'"]
    assert run(root, "validate")[0] == 0
