from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .authoring import run, small_project

TITLE = "hotfix: fix auth token validation"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return small_project(tmp_path)


def test_creates_next_number_with_seed_tasks_and_detection(root: Path) -> None:
    code, out = run(
        root, "new-incident", TITLE, "--severity", "SEV1", "--service", "auth-api",
        "--detected-at", "2024-11-25T14:32:00Z",
    )  # fmt: skip
    assert (code, out) == (0, "playbooks/incidents/0016-hotfix-auth-token-2.yaml\n")
    text = (root / "playbooks/incidents/0016-hotfix-auth-token-2.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/incident.schema.json\n")
    assert 'title: "hotfix: fix auth token validation"\n' in text
    assert "workflow: hotfix\nservices: [auth-api]\n" in text
    assert (
        "    - {id: T-001, text: Identify breaking change, done: false}\n"
        "    - {id: T-002, text: Implement fix, done: false}\n"
        "    - {id: T-003, text: Add regression test, done: false}\n"
        "    - {id: T-004, text: Deploy to production, done: false}\n"
    ) in text
    assert "  - {at: 2024-11-25T14:32:00Z, kind: detected, text: Incident detected}\n" in text
    code, out = run(root, "validate")
    assert code == 0 and out.startswith("ok: 2 incident(s), "), out


def test_slug_from_title_when_free(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    code, out = run(root, "new-incident", TITLE, "--severity", "SEV1")
    assert (code, out) == (0, "playbooks/incidents/0001-hotfix-auth-token.yaml\n")


@pytest.mark.parametrize(
    ("severity", "workflow"),
    [(s, w) for s in ("SEV1", "SEV2") for w in ("hotfix", "rollback")]
    + [("SEV3", w) for w in ("normal", "hotfix", "rollback")]
    + [("SEV4", "normal")],
)
def test_every_scaffold_validates(root: Path, severity: str, workflow: str) -> None:
    code, out = run(
        root, "new-incident", f"{severity} {workflow} case", "--severity", severity,
        "--workflow", workflow, "--service", "web",
    )  # fmt: skip
    assert code == 0, out
    assert run(root, "validate")[0] == 0


@pytest.mark.parametrize(
    "title",
    ['x: {y} "q" # not a comment', "[a, b] - c", "null", "yes", "1e5", "'single'", "Ошибка входа"],
)
def test_awkward_titles_survive_as_text(root: Path, title: str) -> None:
    code, out = run(root, "new-incident", title, "--severity", "SEV3")
    assert code == 0, out
    code, out = run(root, "list", "--format", "json")
    assert json.loads(out)[-1]["title"] == title
    assert run(root, "validate")[0] == 0


def test_unicode_title_gets_transliterated_slug(root: Path) -> None:
    assert run(root, "new-incident", "Ошибка входа", "--severity", "SEV3") == (
        0,
        "playbooks/incidents/0016-oshibka-vkhoda.yaml\n",
    )
    assert run(root, "new-incident", "数据库宕机", "--severity", "SEV3") == (
        0,
        "playbooks/incidents/0017-incident.yaml\n",
    )


def test_workflow_defaults_from_severity(root: Path) -> None:
    run(root, "new-incident", "Typo in footer", "--severity", "SEV4")
    text = (root / "playbooks/incidents/0016-typo-footer.yaml").read_text()
    assert "workflow: normal\n" in text
    assert "    - {id: T-005, text: Deploy to production, done: false}\n" in text


def test_warns_when_workflow_differs_from_policy_default(root: Path) -> None:
    assert run(root, "new-incident", "Avatars", "--severity", "SEV3", "--workflow", "hotfix") == (
        0,
        "warning: policy gives SEV3 the normal workflow; using hotfix as asked\n"
        "playbooks/incidents/0016-avatars.yaml\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--severity", "SEV1", "--workflow", "normal"],
         "Error: SEV1 allows the hotfix, rollback workflow(s), not 'normal'\n"),
        (["--severity", "SEV9"],
         "Error: unknown severity 'SEV9'; policy defines SEV1, SEV2, SEV3, SEV4\n"),
        ([], "Error: give --severity, one of SEV1, SEV2, SEV3, SEV4\n"),
        (["--severity", "SEV1", "--detected-at", "25:00"],
         "Error: --detected-at '25:00' is not a time; use HH:MM (today), a date and time like "
         "2024-11-25T14:35:00Z or '2024-11-25 06:35 America/Los_Angeles'\n"),
        (["--severity", "SEV1", "--slug", "../etc"],
         "Error: --slug '../etc' must be lowercase words joined by '-', like auth-down\n"),
        (["--severity", "SEV1", "--service", "bad service"],
         "playbooks/incidents/0016-db-down.yaml:12:12: error: services[0]: 'bad service' is not "
         "allowed here: use letters, digits, '-' and '_' (up to 64, starting with a letter or "
         "digit), like auth-api or SEV1 (invalid-value)\n"
         "Error: the new record would not validate; nothing created: 1 error(s), 0 warning(s) "
         "in 1 file(s)\n"),
    ],
)  # fmt: skip
def test_refusals_create_nothing(root: Path, args: list[str], message: str) -> None:
    usage = "--detected-at" in args  # a bad option value is a usage error: exit 2
    assert run(root, "new-incident", "DB down", *args) == (2 if usage else 1, message)
    assert sorted(p.name for p in (root / "playbooks/incidents").iterdir()) == [
        "0015-hotfix-auth-token.yaml"
    ]


def test_no_title_without_terminal(root: Path) -> None:
    assert run(root, "new-incident", "--severity", "SEV1") == (
        1,
        'Error: give the incident a TITLE, e.g. playbook new-incident "Login fails"\n',
    )


def test_prompts_on_a_terminal(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.commands.new_incident.is_terminal", lambda: True)
    code, out = run(root, "new-incident", input="Checkout failing\nSEV2\ncheckout-api, payments\n")
    assert code == 0, out
    assert out.endswith("playbooks/incidents/0016-checkout-failing.yaml\n")
    assert "Severity (SEV1, SEV2, SEV3, SEV4): SEV2" in out
    text = (root / "playbooks/incidents/0016-checkout-failing.yaml").read_text()
    assert "severity: SEV2\n" in text and "services: [checkout-api, payments]\n" in text


def test_no_input_never_prompts_even_on_a_terminal(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.commands.new_incident.is_terminal", lambda: True)
    assert run(root, "new-incident", "Down", "--no-input") == (
        1,
        "Error: give --severity, one of SEV1, SEV2, SEV3, SEV4\n",
    )


def test_eight_parallel_runs_get_eight_numbers(root: Path) -> None:
    command = [
        sys.executable, "-m", "generator", "new-incident", "Checkout failing",
        "--severity", "SEV2", "--no-input", "--project", str(root),
    ]  # fmt: skip
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, outputs
    created = sorted(out.strip() for out, _ in outputs)
    assert len(set(created)) == 8
    numbers = sorted(int(Path(c).name[:4]) for c in created)
    assert numbers == list(range(16, 24))
    assert run(root, "validate")[0] == 0
    assert not list((root / "playbooks/incidents").glob(".*"))


def test_an_incidents_folder_linked_outside_the_project_is_not_written(
    root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "incidents"
    (root / "playbooks/incidents").rename(elsewhere)
    (root / "playbooks/incidents").symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in elsewhere.iterdir())
    code, out = run(root, "new-incident", "Checkout down", "--severity", "SEV2", "--no-input")
    assert code == 1
    assert out.startswith("Error: playbooks/incidents/ leads outside the project (to ")
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_a_full_disk_leaves_no_half_record(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert run(root, "new-incident", "DB down", "--severity", "SEV1") == (
        1,
        "Error: cannot write playbooks/incidents/0016-db-down.yaml: No space left on device; "
        "nothing was created\n",
    )
    # Neither the record nor its temporary file: the next number is still free.
    assert sorted(p.name for p in (root / "playbooks/incidents").iterdir()) == [
        "0015-hotfix-auth-token.yaml"
    ]


def test_where_hard_links_are_refused_the_record_is_still_created_once(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def no_links(src: str, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    assert run(root, "new-incident", "DB down", "--severity", "SEV1")[0] == 0
    assert sorted(p.name for p in (root / "playbooks/incidents").iterdir()) == [
        "0015-hotfix-auth-token.yaml",
        "0016-db-down.yaml",
    ]
