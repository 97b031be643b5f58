"""Metrics on hand-computed cases: zones, midnight, several days, missing and estimated times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from generator.check import load_checked
from generator.facts.clock import quarter_of
from generator.facts.incident import IncidentFacts, incident_facts
from generator.facts.metrics import Report, definitions, report_data
from generator.facts.metrics import report as report_of
from generator.model.incident import Incident
from generator.model.policy import Policy

from .conftest import ROOT


@cache
def policy() -> Policy:
    loaded = load_checked(ROOT).policy
    assert loaded is not None
    return loaded


#: "Now" for every case: five minutes after the open cases were detected, so their targets
#: are still pending (judging open incidents as of a time is tested on its own).
AS_OF = datetime(2024, 5, 1, 10, 5, tzinfo=UTC)


def incident_metrics(inc: Incident, pol: Policy, as_of: datetime = AS_OF) -> IncidentFacts:
    return incident_facts(inc, pol, as_of)


def report(incidents: Sequence[Incident], pol: Policy, **kw: Any) -> Report:
    return report_of([incident_metrics(i, pol) for i in incidents], pol, **kw)


def incident(number: int, severity: str = "SEV1", status: str = "closed", **extra: Any) -> Incident:
    data: dict[str, Any] = {
        "number": number,
        "slug": f"case-{number}",
        "title": f"Case {number}",
        "severity": severity,
        "status": status,
    }
    data.update(extra)
    return Incident.model_validate(data)


def ev(at: str | None, kind: str, approximate: bool = False) -> dict[str, Any]:
    return {"at": at, "kind": kind, "text": kind, "approximate": approximate}


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_cross_midnight_in_pacific_time_lands_in_the_utc_quarter() -> None:
    # 23:50 PST on 31 Dec is 07:50 UTC on 1 Jan: the quarter is 2025-Q1, not 2024-Q4.
    inc = incident(
        1,
        timeline=[
            ev("2024-12-31T23:50:00-08:00", "detected"),
            ev("2025-01-01T00:05:00-08:00", "acknowledged"),
            ev("2025-01-01T08:10:00Z", "resolved"),
        ],
    )
    m = incident_metrics(inc, policy())
    assert m.quarter == "2025-Q1"
    assert m.intervals["time_to_acknowledge"].duration == minutes(15)
    assert m.intervals["time_to_resolve"].duration == minutes(20)
    # A resolution with no stated mitigation is also the mitigation.
    assert m.intervals["time_to_mitigate"].duration == minutes(20)
    assert [c.verdict for c in m.sla] == ["met", "met"]


def test_multi_day_incident_with_mixed_offsets() -> None:
    inc = incident(
        2,
        severity="SEV3",
        timeline=[
            ev("2024-03-29T18:00:00+00:00", "started"),
            ev("2024-03-29T22:00:00+02:00", "detected"),  # 20:00 UTC
            ev("2024-03-30T05:30:00+05:30", "acknowledged"),  # 00:00 UTC
            ev("2024-04-01T12:00:00Z", "mitigated"),
            ev("2024-04-02T10:30:00+02:00", "resolved"),  # 08:30 UTC
        ],
    )
    m = incident_metrics(inc, policy())
    assert m.quarter == "2024-Q1"
    assert m.intervals["time_to_detect"].duration == timedelta(hours=2)
    assert m.intervals["time_to_acknowledge"].duration == timedelta(hours=4)
    assert m.intervals["time_to_mitigate"].duration == timedelta(days=2, hours=16)
    assert m.intervals["time_to_resolve"].duration == timedelta(days=3, hours=12, minutes=30)
    assert m.intervals["impact"].duration == timedelta(days=2, hours=18)
    assert m.intervals["impact"].ends == "started → mitigated"
    assert m.duration is m.intervals["impact"]
    # SEV3 targets: acknowledge 8h (met), resolve 5d (met).
    assert [c.verdict for c in m.sla] == ["met", "met"]


def test_missing_milestones_are_unknown_not_zero() -> None:
    inc = incident(3, status="open", timeline=[ev("2024-05-01T10:00:00Z", "detected")])
    m = incident_metrics(inc, policy())
    for key in ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve"):
        assert m.intervals[key].duration is None, key
        assert m.intervals[key].text() == "unknown"
    # With no start of impact, impact is measured from detection and says so.
    assert m.intervals["impact"].ends == "detected → ?"
    assert m.intervals["impact"].note().startswith("Customer impact: ")
    assert [c.verdict for c in m.sla] == ["pending", "pending"]


def test_event_without_a_time_is_not_a_milestone() -> None:
    inc = incident(
        4,
        timeline=[
            ev("2024-05-01T10:00:00Z", "detected"),
            ev(None, "acknowledged"),
            ev("2024-05-01T11:00:00Z", "resolved"),
        ],
    )
    m = incident_metrics(inc, policy())
    assert m.intervals["time_to_acknowledge"].duration is None
    assert [c.verdict for c in m.sla] == ["unknown", "met"]


def test_approximate_start_flags_time_to_detect() -> None:
    inc = incident(
        5,
        timeline=[
            ev("2024-05-01T07:00:00Z", "started", approximate=True),
            ev("2024-05-01T07:40:00Z", "detected"),
        ],
    )
    span = incident_metrics(inc, policy()).intervals["time_to_detect"]
    assert span.duration == minutes(40)
    assert span.approximate
    assert span.text() == "~40m"


def sev1(
    number: int, ack: float | None, resolve: float | None, day: str = "2024-05-01"
) -> Incident:
    timeline = [ev(f"{day}T10:00:00Z", "detected")]
    if ack is not None:
        timeline.append(ev(_plus(day, ack), "acknowledged"))
    if resolve is not None:
        timeline.append(ev(_plus(day, resolve), "resolved"))
    return incident(number, status="closed" if resolve is not None else "open", timeline=timeline)


def _plus(day: str, mins: float) -> str:
    hours, rest = divmod(int(mins), 60)
    return f"{day}T{10 + hours:02d}:{rest:02d}:00Z"


def group_of(r: Report, key: str) -> Any:
    return next(g for g in r.severities if g.key == key)


def test_median_mean_and_exclusions_per_severity() -> None:
    incidents = [sev1(1, 3, 60), sev1(2, 9, 300), sev1(3, None, 120), sev1(4, 12, None)]
    r = report(incidents, policy())
    g = group_of(r, "SEV1")
    assert g.count == 4
    # Acknowledge: 3, 9, 12 measured; #3 excluded.
    assert (g.acknowledge.measured, g.acknowledge.excluded) == (3, 1)
    assert g.acknowledge.median == minutes(9)
    assert g.acknowledge.mean == minutes(8)
    # Resolve: 60, 300, 120 measured; #4 (open) excluded.
    assert (g.resolve.measured, g.resolve.excluded) == (3, 1)
    assert g.resolve.median == minutes(120)
    assert g.resolve.mean == minutes(160)
    # Targets (SEV1: 15m, 4h): ack met 3, unknown 1 (closed with no ack time); resolve
    # met 2, breached 1 (#2: 5h), pending 1 (#4 open).
    assert (g.acknowledge_target.met, g.acknowledge_target.unknown) == (3, 1)
    t = g.resolve_target
    assert (t.met, t.breached, t.pending, t.unknown) == (2, 1, 1, 0)
    assert t.share == 2 / 3
    assert [(b.number, b.check, b.duration) for b in g.breaches] == [
        (2, "time to resolve", minutes(300))
    ]
    # Severities with no incidents are still listed, empty, so the table has every level.
    assert [s.key for s in r.severities] == ["SEV1", "SEV2", "SEV3", "SEV4"]
    assert group_of(r, "SEV2").count == 0
    assert group_of(r, "SEV2").acknowledge.median is None


def test_even_count_median_is_the_midpoint() -> None:
    r = report([sev1(1, 4, 60), sev1(2, 7, 60)], policy())
    assert group_of(r, "SEV1").acknowledge.median == timedelta(minutes=5, seconds=30)


def test_quarters_follow_detection_in_utc_and_list_undated_last() -> None:
    undated = incident(9, status="open", timeline=[ev(None, "detected")])
    r = report(
        [sev1(1, 3, 60, "2024-11-02"), sev1(2, 5, 60, "2024-02-10"), undated],
        policy(),
    )
    assert [q.key for q in r.quarters] == ["2024-Q1", "2024-Q4", "undated"]
    q4 = r.quarters[1]
    assert [(s.key, s.count) for s in q4.severities if s.count] == [("SEV1", 1)]
    assert report_data(r)["undated"] == 1


def test_quarter_with_only_approximate_times_is_flagged() -> None:
    inc = incident(
        1,
        timeline=[
            ev("2024-07-01T07:00:00Z", "detected", approximate=True),
            ev("2024-07-01T07:10:00Z", "acknowledged", approximate=True),
            ev("2024-07-01T08:00:00Z", "resolved", approximate=True),
        ],
    )
    data = report_data(report([inc], policy()))
    q = data["quarters"][0]
    assert q["key"] == "2024-Q3"
    assert q["time_to_acknowledge"]["approximate"] == 1
    assert q["time_to_acknowledge"]["median"] == "~10m"
    assert q["time_to_resolve"]["median"] == "~1h"


def test_since_keeps_incidents_detected_on_or_after_the_utc_day() -> None:
    # 2024-06-30T20:00-07:00 is 1 July in UTC, so it is kept by --since 2024-07-01.
    late = incident(1, timeline=[ev("2024-06-30T20:00:00-07:00", "detected")])
    early = incident(2, timeline=[ev("2024-06-30T20:00:00Z", "detected")])
    undated = incident(3, timeline=[])
    r = report([late, early, undated], policy(), since=date(2024, 7, 1))
    assert [m.incident.number for m in r.incidents] == [1]
    assert r.left_out == 2


def test_empty_project_reports_nothing_measured() -> None:
    data = report_data(report([], policy()))
    assert data["incidents"] == 0
    assert data["quarters"] == []
    total = data["total"]
    assert total["time_to_resolve"] == {
        "measured": 0,
        "approximate": 0,
        "excluded": 0,
        "median_seconds": None,
        "mean_seconds": None,
        "median": None,
        "mean": None,
    }
    assert total["resolve_target"]["share_met"] is None


def test_unknown_severity_has_no_sla_but_is_counted() -> None:
    inc = incident(1, severity="SEV9", timeline=[ev("2024-05-01T10:00:00Z", "detected")])
    r = report([inc], policy())
    assert r.severities[-1].key == "SEV9"
    assert r.severities[-1].count == 1
    assert incident_metrics(inc, policy()).sla == []


def test_quarter_boundaries() -> None:
    assert quarter_of(datetime.fromisoformat("2024-03-31T23:59:59+00:00"), UTC) == "2024-Q1"
    assert quarter_of(datetime.fromisoformat("2024-04-01T00:30:00+02:00"), UTC) == "2024-Q1"
    assert quarter_of(datetime.fromisoformat("2024-04-01T00:00:00+00:00"), UTC) == "2024-Q2"


def test_every_interval_and_aggregate_has_a_definition() -> None:
    texts = definitions(policy())
    for spec in policy().intervals:
        assert texts[spec.id] == f"{spec.label}: {spec.definition}"
    for key in ("mtta", "mttr", "target_share", "breach", "quarter", "excluded", "approximate"):
        assert texts[key]


def test_readme_prints_every_definition_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in definitions(policy()).values():
        assert f"\n- {text}\n" in readme, text
