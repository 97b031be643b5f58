"""``playbook role``: hand over an incident role; the timeline keeps who held it before."""

from __future__ import annotations

from pathlib import Path

import pytest

from .authoring import run, small_project

RECORD = "playbooks/incidents/0001-checkout-502.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Checkout 502", "--severity", "SEV1", "--no-input",
        "--detected-at", "2024-11-25T14:32:00Z", "--commander", "@alice")  # fmt: skip
    return root


def text(root: Path) -> str:
    return (root / RECORD).read_text()


def test_handover_sets_the_holder_and_logs_who_held_it(root: Path) -> None:
    before = text(root)
    assert run(root, "role", "1", "commander", "@bob", "--at", "2024-11-25T15:02:00Z") == (
        0,
        f"{RECORD}: logged note at 2024-11-25T15:02:00Z (+30m): "
        "Incident commander: @alice → @bob\n"
        "commander: @alice → @bob\n",
    )
    assert text(root) == before.replace(
        'roles: {commander: "@alice"}\n', 'roles: {commander: "@bob"}\n'
    ).replace(
        "text: Incident detected}\n",
        "text: Incident detected}\n"
        "  - {at: 2024-11-25T15:02:00Z, kind: note, text: 'Incident commander: @alice → @bob'}\n",
    )
    assert run(root, "validate")[0] == 0


def test_a_first_holder_and_clearing_are_logged_too(root: Path) -> None:
    code, out = run(root, "role", "1", "scribe", "@carol", "--at", "2024-11-25T14:40:00Z")
    assert (code, out.splitlines()[1]) == (0, "scribe: nobody → @carol")
    assert 'roles: {commander: "@alice", scribe: "@carol"}\n' in text(root)
    code, out = run(root, "role", "1", "scribe", "--clear", "--at", "2024-11-25T14:50:00Z")
    assert (code, out.splitlines()[1]) == (0, "scribe: @carol → nobody")
    assert 'roles: {commander: "@alice"}\n' in text(root)
    assert text(root).endswith(
        "  - {at: 2024-11-25T14:40:00Z, kind: note, text: 'Scribe: @carol'}\n"
        "  - {at: 2024-11-25T14:50:00Z, kind: note, text: 'Scribe: @carol → nobody'}\n"
        "\n# SEV1 needs a post-mortem after the fire is out, with these sections:\n"
        "# summary, timeline, root_cause, impact, lessons, action_items.\n"
    )


def test_roles_go_under_services_when_the_record_has_none(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Checkout 502", "--severity", "SEV1", "--no-input",
        "--detected-at", "2024-11-25T14:32:00Z")  # fmt: skip
    before = text(root)
    code, out = run(root, "role", "1", "deputy", "Ana Li", "--at", "2024-11-25T14:40:00Z")
    assert code == 0, out
    assert text(root).startswith(
        before.split("services: []\n")[0]
        + "services: []\nroles: {deputy: Ana Li}\n\n# Step 1, before writing any code:"
    )
    assert run(root, "validate")[0] == 0


def test_the_same_holder_changes_nothing(root: Path) -> None:
    before = text(root)
    assert run(root, "role", "1", "commander", "@alice") == (0, "commander: already @alice\n")
    assert text(root) == before


def test_refusals_leave_the_file_alone(root: Path) -> None:
    before = text(root)
    assert run(root, "role", "1", "boss", "@x") == (
        1,
        "Error: unknown role 'boss'; policy defines commander, deputy, scribe, liaison, sme\n",
    )
    assert run(root, "role", "1", "scribe") == (
        2,
        "Error: give the PERSON who takes the role, like @bob (or --clear)\n",
    )
    assert run(root, "role", "1", "scribe", "@x", "--clear") == (
        2,
        "Error: give a PERSON or --clear, not both\n",
    )
    assert run(root, "role", "1", "scribe", " ") == (
        1,
        "Error: give the scribe as one line, like @bob\n",
    )
    code, out = run(root, "role", "1", "scribe", "@x", "--at", "2:70")
    assert code == 2 and "--at '2:70'" in out
    assert text(root) == before
