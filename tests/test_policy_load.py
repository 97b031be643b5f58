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
