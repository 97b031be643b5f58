"""Policy that would publish one thing and use another: two checklists or playbooks for one
workflow, or an id (checklist, section, flow, aspect) given twice."""

from __future__ import annotations

from pathlib import Path

from generator.check.rules.policy import CSV_SECONDS_COLUMNS
from generator.exports import table

from .authoring import run, small_project
from .conftest import edit

CHECKLISTS = "playbooks/policy/checklists.yaml"


def test_a_second_checklist_for_a_workflow_is_an_error_at_its_claim(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    edit(root / CHECKLISTS, "workflows: [hotfix]", "workflows: [hotfix, rollback]")
    code, out = run(root, "validate")
    assert (code, out) == (
        1,
        f"{CHECKLISTS}:55:17: error: workflow 'rollback' already has checklist 'hotfix'; a "
        "workflow has one checklist (duplicate-id)\n1 error(s), 0 warning(s) in 1 file(s)\n",
    )


def test_a_second_playbook_for_a_workflow_is_an_error(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    books = root / "playbooks/workflows"
    (books / "normal2.yaml").write_text(
        (books / "normal.yaml").read_text().replace("id: normal\n", "id: normal2\n", 1)
    )
    code, out = run(root, "validate")
    assert code == 1
    assert out.startswith(
        "playbooks/workflows/normal2.yaml:6:11: error: workflow 'normal' already has playbook "
        "'normal'; a workflow has one playbook (leave 'workflow' out of a playbook that is not "
        "one) (duplicate-id)\n"
    ), out


def test_ids_given_twice_are_named(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    edit(root / CHECKLISTS, "  - id: rollback\n", "  - id: hotfix\n")
    edit(root / "playbooks/policy/flows.yaml", "    - id: hotfix\n", "    - id: normal\n")
    code, out = run(root, "validate")
    assert code == 1
    assert f"{CHECKLISTS}:53:9: error: checklist 'hotfix' is defined twice (duplicate-id)" in out
    assert (
        "playbooks/policy/flows.yaml:7:11: error: flow 'normal' is defined twice (duplicate-id)"
    ) in out


def test_an_interval_that_runs_backwards_is_named(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    timing = root / "playbooks/policy/timing.yaml"
    text = timing.read_text()
    assert "    start: [detected]\n    end: [resolved]\n" in text
    timing.write_text(
        text.replace(
            "    start: [detected]\n    end: [resolved]\n",
            "    start: [resolved]\n    end: [detected]\n",
            1,
        )
    )
    code, out = run(root, "validate")
    assert code == 0
    assert (
        "warning: interval 'time_to_resolve' runs backwards: resolved comes after detected in "
        "every incident, so it is negative (interval-backwards)"
    ) in out, out


def test_ids_that_differ_only_in_case_are_one_id(tmp_path: Path) -> None:
    # SEV1 and sev1 were both accepted; both become the anchor #sev1, so an incident of
    # sev1 linked to SEV1's row of the severity table, and their tag pages merged.
    root = small_project(tmp_path)
    severities = root / "playbooks/policy/severities.yaml"
    edit(severities, "  - id: SEV4\n", "  - id: sev1\n")
    for name in ("communications.yaml", "postmortem.yaml"):
        path = root / "playbooks/policy" / name
        path.write_text(path.read_text().replace("SEV4", "sev1"))
    code, out = run(root, "validate")
    assert code == 1
    line = severities.read_text().splitlines().index("  - id: sev1") + 1
    assert out == (
        f"playbooks/policy/severities.yaml:{line}:9: error: severity 'sev1' differs from 'SEV1' "
        "only in case; ids name pages and anchors, where case does not count (duplicate-id)\n"
        "1 error(s), 0 warning(s) in 1 file(s)\n"
    )


def test_an_interval_id_that_repeats_a_csv_column_is_named(tmp_path: Path) -> None:
    # An interval 'duration' gave incidents.csv two duration_seconds columns (the headline
    # and this one); a spreadsheet or pandas reading by name took one of them silently.
    root = small_project(tmp_path)
    timing = root / "playbooks/policy/timing.yaml"
    edit(timing, "  - id: time_to_detect\n", "  - id: duration\n")
    code, out = run(root, "validate")
    line = timing.read_text().splitlines().index("  - id: duration") + 1
    assert (code, out) == (
        1,
        f"playbooks/policy/timing.yaml:{line}:9: error: interval id 'duration' would give "
        "incidents.csv a second 'duration_seconds' column (the headline's); choose another "
        "id (duplicate-id)\n1 error(s), 0 warning(s) in 1 file(s)\n",
    )
    fixed = {c for c in (*table.HEAD, *table.TAIL) if c.endswith("_seconds")}
    assert fixed == CSV_SECONDS_COLUMNS
