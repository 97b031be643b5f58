"""Checklist ticks come from the record's state; manual items only from manual ticks."""

from __future__ import annotations

import pytest

from generator.check import load_checked
from generator.facts.checklists import describe, field_exists, fill
from generator.model.incident import Incident
from generator.model.policy import Rule

from .conftest import ROOT


@pytest.fixture(scope="module")
def shipped():
    return load_checked(ROOT)


def _ticks(shipped, number: int) -> dict[str, tuple[bool, str]]:
    rec = shipped.record(number)
    checklist = shipped.policy.checklist_for(rec.incident.workflow)
    filled = fill(checklist, rec.incident)
    return {t.id: (t.done, t.how) for s in filled.sections for t in s.items}


def test_seed_incident_is_fully_ticked_two_by_hand(shipped) -> None:
    ticks = _ticks(shipped, 15)
    assert len(ticks) == 12
    assert all(done for done, _ in ticks.values())
    assert {k for k, (_, how) in ticks.items() if how == "manual"} == {
        "status-page-updated",
        "critical-tests-pass",
    }


def test_mitigated_incident_leaves_after_fix_items_open(shipped) -> None:
    ticks = _ticks(shipped, 18)
    assert ticks["deployed-to-production"] == (False, "rule")
    assert ticks["fix-verified"] == (False, "rule")
    assert ticks["critical-tests-pass"] == (False, "open")
    assert ticks["root-cause-identified"] == (True, "rule")
    assert ticks["status-page-updated"] == (True, "manual")


def test_rules_read_in_plain_words() -> None:
    rule = Rule.model_validate(
        {
            "any": [
                {"event": "root_cause"},
                {"field": "increment.root_cause.confirmed", "equals": True},
            ]
        }
    )
    assert describe(rule) == (
        "timeline has a 'root_cause' event or increment.root_cause.confirmed is true"
    )
    assert describe(Rule.model_validate({"status": "resolved"})) == "status reached 'resolved'"
    assert describe(Rule.model_validate({"task": "T-002"})) == "task T-002 is done"


def test_field_paths_are_checked_against_the_record_model() -> None:
    assert field_exists(Incident, "increment.root_cause.confirmed")
    assert field_exists(Incident, "postmortem.action_items")
    assert not field_exists(Incident, "increment.rootcause")
    assert not field_exists(Incident, "assessment.impact.text")
