"""Records and policy written with the previous release keep working: the project as it was
shipped then (tests/fixtures/earlier/, policy without the timing section) validates with no
error, and every milestone the old version read from a record is read the same now."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from generator.check import load_checked
from generator.facts.incident import incident_facts
from generator.problems import Level

from .conftest import ROOT

EARLIER = ROOT / "tests/fixtures/earlier"

#: What the previous release read as each record's milestones (name → ISO time), before it
#: implied "mitigated" from "resolved" (that implication is now an interval's fallback).
READ_BEFORE = {
    15: {"detected": "2024-11-25T14:32:00+00:00", "acknowledged": "2024-11-25T14:35:00+00:00",
         "root_cause": "2024-11-25T14:42:00+00:00", "deployed": "2024-11-25T14:58:00+00:00",
         "verified": "2024-11-25T15:05:00+00:00", "resolved": "2024-11-25T15:19:00+00:00"},
    16: {"started": "2025-02-10T14:50:00-08:00", "detected": "2025-02-10T23:52:00-08:00",
         "acknowledged": "2025-02-11T00:09:00-08:00", "root_cause": "2025-02-11T00:20:00-08:00",
         "deployed": "2025-02-11T00:34:00-08:00", "mitigated": "2025-02-11T00:41:00-08:00",
         "verified": "2025-02-11T00:50:00-08:00", "resolved": "2025-02-11T03:30:00-08:00"},
}  # fmt: skip


def earlier_project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "playbooks/workflows", tmp_path / "playbooks/workflows")
    shutil.copytree(EARLIER / "policy", tmp_path / "playbooks/policy")
    shutil.copytree(EARLIER / "incidents", tmp_path / "playbooks/incidents")
    return tmp_path


def test_earlier_project_validates_without_errors(tmp_path: Path) -> None:
    project = load_checked(earlier_project(tmp_path))
    assert [p for p in project.problems if p.level is Level.ERROR] == []
    assert len(project.records) == 8
    # Policy without a timing section gets the built-in intervals and UTC.
    assert project.policy is not None
    assert [i.id for i in project.policy.intervals] == [
        "impact",
        "time_to_detect",
        "time_to_acknowledge",
        "time_to_mitigate",
        "time_to_resolve",
    ]
    assert project.policy.timezone == "UTC"


def test_earlier_records_read_the_same_milestones(tmp_path: Path) -> None:
    project = load_checked(earlier_project(tmp_path))
    assert project.policy is not None
    as_of = datetime(2026, 12, 1, tzinfo=UTC)
    for number, expected in READ_BEFORE.items():
        record = project.record(number)
        assert record is not None
        facts = incident_facts(record.incident, project.policy, as_of)
        assert {k: p.at.isoformat() for k, p in facts.points.items()} == expected
    seed = project.record(15)
    assert seed is not None
    assert incident_facts(seed.incident, project.policy, as_of).duration.text() == "47m"


def test_shipped_defaults_match_the_built_in_ones() -> None:
    from generator.model.policy import DEFAULT_INTERVALS, Policy

    shipped = load_checked(ROOT).policy
    assert shipped is not None
    assert shipped.intervals == list(DEFAULT_INTERVALS)
    assert shipped.measures == Policy.model_fields["measures"].default_factory()  # type: ignore[misc]
