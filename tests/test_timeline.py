"""Milestones, named intervals and offsets computed from typed timestamps (shipped records)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from generator.check import load_checked
from generator.facts.durations import format_duration, parse_duration
from generator.facts.incident import IncidentFacts, incident_facts
from generator.facts.timeline import between

from .conftest import ROOT

SHIPPED = load_checked(ROOT)
POLICY = SHIPPED.policy
assert POLICY is not None
#: The shipped open incidents (0017, 0018) were detected in late November 2026.
AS_OF = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


def facts(number: int, as_of: datetime = AS_OF) -> IncidentFacts:
    rec = SHIPPED.record(number)
    assert rec is not None and POLICY is not None
    return incident_facts(rec.incident, POLICY, as_of, rec.path)


def test_seed_incident_is_47_minutes_first_alert_to_all_clear() -> None:
    span = facts(15).duration
    assert (span.ends, span.text(), span.label) == ("detected → resolved", "47m", "Duration")
    assert span.duration is not None and span.duration.total_seconds() == 2820


def test_offsets_from_detection() -> None:
    offsets = [r.offset_text() for r in facts(15).rows]
    assert offsets == ["+0m", "+2m", "+3m", "+10m", "+26m", "+33m", "+47m"]


def test_impact_before_detection_and_pacific_times() -> None:
    f = facts(3)
    assert between(f.points, "started", "detected").text() == "3m"
    assert f.points["started"].source == "stated"
    # The headline is the customer-impact window: started 13:42 → resolved 15:10 (-07:00),
    # no mitigation recorded.
    assert (f.duration.ends, f.duration.text()) == ("started → resolved", "1h 28m")
    assert f.rows[0].offset_text() == "-3m"


def test_cross_midnight_and_unknown_times() -> None:
    assert facts(11).duration.text() == "1h 15m"
    f = facts(16)
    unknown = [r for r in f.rows if r.event.at is None]
    assert [r.offset_text() for r in unknown] == ["?"]
    # The customer-impact window, as the post-mortem's summary states it (49 minutes); the
    # cause that began hours before is a note, offset before detection and approximate.
    assert (f.duration.ends, f.duration.text()) == ("detected → mitigated", "49m")
    assert f.points["mitigated"].source == "timeline"
    assert f.rows[0].offset_text() == "~-9h 2m"
    # An approximate end makes the interval approximate, and says so.
    assert facts(7).duration.text().startswith("~")


def test_resolution_stands_in_for_a_missing_mitigation_and_says_so() -> None:
    f = facts(15)
    assert "mitigated" not in f.points
    assert f.intervals["time_to_mitigate"].end == "resolved"
    assert f.intervals["time_to_mitigate"].end_fallback
    assert f.duration.note() == "detected → resolved; no started, mitigated time recorded"


def test_open_incident_is_judged_as_of_the_build() -> None:
    f = facts(17)  # SEV3, detected 2026-11-26 08:10, acknowledged 09:05; resolve target 5d
    assert f.duration.text() == "unknown"
    assert [(c.name, c.verdict_text) for c in f.sla] == [
        ("time to acknowledge", "met"),
        ("time to resolve", "pending"),
    ]
    later = facts(17, datetime(2026, 12, 4, 8, 11, tzinfo=UTC))
    resolve = later.sla[1]
    assert resolve.verdict_text == "breached (still open)"
    assert resolve.text() == "8d 1m so far (target 5d): breached (still open)"


def test_sla_breach_against_policy_target() -> None:
    f = facts(16)  # SEV1: acknowledged after 17m (target 15m), resolved in 3h 38m (4h)
    assert [c.text() for c in f.sla] == [
        "17m (target 15m): breached",
        "3h 38m (target 4h): met",
    ]
    # Policy is data: a tighter target changes the verdict, nothing else does.
    assert POLICY is not None
    severities = [
        s.model_copy(update={"resolve_target": timedelta(hours=3)}) if s.id == "SEV1" else s
        for s in POLICY.severities
    ]
    tighter = POLICY.model_copy(update={"severities": severities})
    rec = SHIPPED.record(16)
    assert rec is not None
    redone = incident_facts(rec.incident, tighter, AS_OF)
    assert redone.sla[1].text() == "3h 38m (target 3h): breached"


def test_duration_text_is_exact_to_the_minute() -> None:
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert format_duration(parse_duration("2d5h")) == "53h"
    assert format_duration(timedelta(hours=24, minutes=9)) == "24h 9m"
    assert format_duration(timedelta(hours=24, minutes=11)) == "24h 11m"
    assert format_duration(timedelta(hours=75, minutes=8)) == "3d 3h 8m"
    assert format_duration(timedelta(hours=72)) == "3d"
    assert format_duration(timedelta(minutes=47, seconds=59)) == "47m"
    assert format_duration(timedelta(seconds=40)) == "40s"
    assert format_duration(timedelta(minutes=-3), signed=True) == "-3m"
