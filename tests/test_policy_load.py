"""The policy a project loads, put together from its files' sections."""

from __future__ import annotations

from pathlib import Path

from generator.load import project as loading

from .authoring import small_project


def test_policy_put_together_is_what_validating_it_whole_gives(tmp_path: Path) -> None:
    """Sections validated file by file make the same policy as validating it whole, with
    the defaults of the sections a policy leaves out."""
    from generator.model.policy import DEFAULT_INTERVALS, Policy

    root = small_project(tmp_path / "project")
    policy = loading.load_project(root).policy
    assert policy is not None and policy.milestones
    assert policy == Policy.model_validate(policy.model_dump())
    (root / "playbooks/policy/timing.yaml").unlink()
    policy = loading.load_project(root).policy
    assert policy is not None
    assert policy == Policy.model_validate(policy.model_dump())
    assert (policy.timezone, policy.milestones) == ("UTC", [])
    assert policy.intervals == list(DEFAULT_INTERVALS)


def test_an_empty_severity_or_interval_list_is_reported_at_it_and_nothing_crashes(
    tmp_path: Path,
) -> None:
    from .authoring import run

    root = small_project(tmp_path / "project")
    (root / "playbooks/policy/timing.yaml").write_text("timezone: UTC\nintervals: []\n")
    code, out = run(root, "validate")
    assert (code, out) == (
        1,
        "playbooks/policy/timing.yaml:2:12: error: intervals: List should have at least 1 "
        "item after validation, not 0 (invalid-value)\n1 error(s), 0 warning(s) in 1 file(s)\n",
    )
    for command in (
        ["show", "15"],
        ["list"],
        ["stats"],
        ["comms", "15"],
        ["export", "--format", "json"],
    ):
        code, out = run(root, *command)
        assert code == 1 and "Traceback" not in out, (command, out)


def test_a_policy_zone_that_depends_on_the_build_machine_is_refused(tmp_path: Path) -> None:
    from .authoring import run

    root = small_project(tmp_path / "project")
    (root / "playbooks/policy/timing.yaml").write_text("timezone: localtime\n")
    code, out = run(root, "validate")
    assert (code, out) == (
        1,
        "playbooks/policy/timing.yaml:1:11: error: timezone: 'localtime' is not a time zone "
        "name; write one like UTC, Europe/Berlin or America/Los_Angeles (invalid-value)\n"
        "1 error(s), 0 warning(s) in 1 file(s)\n",
    )


def test_a_checklist_rule_of_no_rules_is_refused_at_its_list(tmp_path: Path) -> None:
    # `all: []` ticked its item on every record and `any: []` on none.
    from .authoring import run

    root = small_project(tmp_path / "project")
    checklists = root / "playbooks/policy/checklists.yaml"
    text = checklists.read_text(encoding="utf-8")
    first_all = "rule: {all: [{field: assessment.impact}, {field: assessment.symptoms}]}"
    assert first_all in text
    checklists.write_text(text.replace(first_all, "rule: {all: []}", 1), encoding="utf-8")
    line = text[: text.index(first_all)].count("\n") + 1
    column = len(text[: text.index(first_all)].rsplit("\n", 1)[-1]) + len("rule: {all: ") + 1
    code, out = run(root, "validate")
    assert code == 1
    assert (
        f"playbooks/policy/checklists.yaml:{line}:{column}: error: "
        "checklists[0].sections[0].items[1].rule.all: List should have at least 1 item after "
        "validation, not 0 (invalid-value)\n"
    ) in out
