"""Milestones, named intervals and offsets computed from typed timestamps."""

from __future__ import annotations

from datetime import timedelta

from generator.facts.durations import format_duration, parse_duration
from generator.facts.sla import checks
from generator.facts.timeline import headline, interval, milestones, rows
from generator.load.project import load_project
from generator.model.incident import Incident

from .conftest import ROOT

SHIPPED = load_project(ROOT)


def _incident(number: int) -> Incident:
    rec = SHIPPED.record(number)
    assert rec is not None
    return rec.incident


def test_seed_incident_is_47_minutes_detected_to_resolved() -> None:
    span = headline(milestones(_incident(15)))
    assert (span.label, span.text()) == ("detected → resolved", "47m")


def test_offsets_from_detection() -> None:
    offsets = [r.offset_text() for r in rows(_incident(15))]
    assert offsets == ["+0m", "+2m", "+3m", "+10m", "+26m", "+33m", "+47m"]


def test_impact_before_detection_and_pacific_times() -> None:
    points = milestones(_incident(3))
    assert interval(points, "started", "detected").text() == "3m"
    assert points["started"].source == "stated"
    assert headline(points).text() == "1h 25m"
    assert rows(_incident(3))[0].offset_text() == "-3m"


def test_cross_midnight_and_unknown_times() -> None:
    assert headline(milestones(_incident(11))).text() == "1h 15m"
    incident = _incident(16)
    timeline_rows = rows(incident)
    unknown = [r for r in timeline_rows if r.event.at is None]
    assert [r.offset_text() for r in unknown] == ["?"]
    points = milestones(incident)
    # The approximate start makes the impact interval approximate, and says so.
    assert interval(points, "started", "mitigated").text() == "~9h 51m"
    assert points["mitigated"].source == "timeline"


def test_resolved_implies_mitigated_when_none_is_recorded() -> None:
    points = milestones(_incident(15))
    assert points["mitigated"].at == points["resolved"].at


def test_open_incident_has_unknown_duration_and_pending_sla() -> None:
    incident = _incident(17)
    assert headline(milestones(incident)).text() == "unknown"
    sev = SHIPPED.policy.severity("SEV3") if SHIPPED.policy else None
    assert sev is not None
    verdicts = {c.name: c.verdict for c in checks(incident, sev)}
    assert verdicts == {"time to acknowledge": "met", "time to resolve": "pending"}


def test_sla_breach_against_policy_target() -> None:
    incident = _incident(16)  # SEV1: acknowledged after 17m (target 15m), resolved in 3h 38m (4h)
    sev = SHIPPED.policy.severity("SEV1") if SHIPPED.policy else None
    assert sev is not None
    assert [c.text() for c in checks(incident, sev)] == [
        "17m (target 15m): breached",
        "3h 38m (target 4h): met",
    ]
    # Policy is data: a tighter target changes the verdict, nothing else does.
    tighter = sev.model_copy(update={"resolve_target": timedelta(hours=3)})
    assert checks(incident, tighter)[1].text() == "3h 38m (target 3h): breached"


def test_duration_text_round_trip() -> None:
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert format_duration(parse_duration("2d5h")) == "2d 5h"
    assert format_duration(timedelta(minutes=-3), signed=True) == "-3m"
