"""The preview computes the site's facts after every save: records the save did not touch
keep the facts already computed, the saved one (a new record object) gets new ones, and a
new policy or a later "as of" time recomputes them all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from generator.check import load_checked
from generator.facts.incident import incident_facts
from tests.conftest import ROOT

AS_OF = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_facts_are_reused_only_for_the_same_record_policy_and_time() -> None:
    project = load_checked(ROOT)
    assert project.policy is not None
    record = project.records[0]
    first = incident_facts(record.incident, project.policy, AS_OF, record.path)
    assert incident_facts(record.incident, project.policy, AS_OF, record.path) is first

    # A save makes a new record object, even when the text is the same: new facts.
    edited = record.incident.model_copy(update={"title": record.incident.title + " (edited)"})
    again = incident_facts(edited, project.policy, AS_OF, record.path)
    assert again is not first and again.incident.title.endswith("(edited)")

    later = incident_facts(
        record.incident, project.policy, AS_OF + timedelta(minutes=1), record.path
    )
    assert later is not first and later.as_of == AS_OF + timedelta(minutes=1)

    reloaded = load_checked(ROOT)
    assert reloaded.policy is not None
    other_policy = incident_facts(record.incident, reloaded.policy, AS_OF, record.path)
    assert other_policy is not first
    # Recomputed facts are equal to the first ones: the same record under equal policy.
    assert other_policy.duration == first.duration and other_policy.sla == first.sla
