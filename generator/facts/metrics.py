"""Incident metrics computed from typed timestamps: per incident, per severity, per quarter.

Every interval comes from :mod:`generator.facts.timeline` milestones and every target verdict from
:mod:`generator.facts.sla`. An interval with an unknown end is left out of medians and means and
counted as *excluded*, never read as zero; one with an approximate end is kept and counted as
*approximate*, so a reader sees how much of a number rests on estimates.

:func:`report` computes everything once; :func:`report_data` turns it into the JSON-ready
dict that both ``playbook stats --format json`` and the metrics page show, so the terminal
and the site cannot disagree.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..model.incident import Incident
from ..model.policy import Policy
from .durations import format_duration
from .sla import SlaCheck, checks
from .timeline import Interval, Milestone, interval, milestones


@dataclass(frozen=True)
class Measure:
    """A per-incident interval between two named milestones, with its written definition."""

    key: str
    name: str
    start: str
    end: str
    definition: str


MEASURES: tuple[Measure, ...] = (
    Measure(
        "time_to_detect",
        "Time to detect",
        "started",
        "detected",
        "started → detected: from the moment impact began to the first alert or report.",
    ),
    Measure(
        "time_to_acknowledge",
        "Time to acknowledge",
        "detected",
        "acknowledged",
        "detected → acknowledged: from detection until a responder took the incident "
        "(the policy's response target).",
    ),
    Measure(
        "time_to_mitigate",
        "Time to mitigate",
        "detected",
        "mitigated",
        "detected → mitigated: from detection until users stopped being hurt "
        "(a resolution also counts as mitigation when no mitigation is recorded).",
    ),
    Measure(
        "time_to_resolve",
        "Time to resolve",
        "detected",
        "resolved",
        "detected → resolved: from detection to the all-clear (the policy's resolve target).",
    ),
    Measure(
        "impact_duration",
        "Impact duration",
        "started",
        "mitigated",
        "started → mitigated: how long users were affected. When the start of impact is "
        "unknown it is measured from detection and labelled detected → mitigated, "
        "a lower bound.",
    ),
)

#: Written definitions of every number the metrics page and ``playbook stats`` show.
DEFINITIONS: dict[str, str] = {
    **{m.key: f"{m.name}: {m.definition}" for m in MEASURES},
    "mtta": "MTTA: median and mean time to acknowledge over the incidents where both "
    "detection and acknowledgement times are known.",
    "mttr": "MTTR: median and mean time to resolve over the incidents where both detection "
    "and resolution times are known; unresolved incidents are excluded until they resolve.",
    "target_share": "Met target: the share of checks within the severity's policy target "
    "(response target for acknowledge, resolve target for resolve) among checks with a "
    "verdict. Pending checks (incident still open) and unknown ones (a time is missing "
    "after resolution) are counted apart, never as met.",
    "breach": "SLA breach: an acknowledge or resolve interval longer than the severity's "
    "policy target, listed by incident.",
    "quarter": "Quarter: the calendar quarter of the detection time in UTC; incidents with "
    "no detection time are counted as undated.",
    "excluded": "Excluded: incidents left out of a median or mean because one end of the "
    "interval has no time; they are counted, never treated as zero.",
    "approximate": "Approximate (~): values that rest on at least one time marked "
    "approximate; they are included and flagged.",
}

UNDATED = "undated"


@dataclass(frozen=True)
class IncidentMetrics:
    """The computed facts of one incident that metrics, exports and the register share."""

    incident: Incident
    points: dict[str, Milestone]
    intervals: dict[str, Interval]
    #: Response and resolution checks; empty when the severity is not in policy.
    sla: list[SlaCheck]
    quarter: str | None

    @property
    def detected(self) -> datetime | None:
        point = self.points.get("detected")
        return point.at if point else None


def quarter_of(moment: datetime) -> str:
    """``2024-Q4``: the calendar quarter of ``moment`` in UTC."""
    utc = moment.astimezone(UTC)
    return f"{utc.year}-Q{(utc.month - 1) // 3 + 1}"


def _impact(points: dict[str, Milestone]) -> Interval:
    start = "started" if "started" in points else "detected"
    return interval(points, start, "mitigated")


def incident_metrics(
    incident: Incident,
    policy: Policy | None,
    points: dict[str, Milestone] | None = None,
    sla: list[SlaCheck] | None = None,
) -> IncidentMetrics:
    """Intervals, SLA checks and quarter of one incident.

    ``points`` and ``sla`` pass milestones and checks already computed (the site holds them
    per incident), so they are not computed twice.
    """
    points = points if points is not None else milestones(incident)
    spans = {
        m.key: (_impact(points) if m.key == "impact_duration" else interval(points, m.start, m.end))
        for m in MEASURES
    }
    if sla is None:
        severity = policy.severity(incident.severity) if policy is not None else None
        sla = checks(incident, severity, points) if severity is not None else []
    detected = points.get("detected")
    quarter = quarter_of(detected.at) if detected is not None else None
    return IncidentMetrics(incident, points, spans, sla, quarter)


@dataclass(frozen=True)
class Summary:
    """One measure over a group: how many values, how many estimated or missing, centre."""

    measured: int
    approximate: int
    excluded: int
    median: timedelta | None
    mean: timedelta | None


def summarise(spans: Iterable[Interval]) -> Summary:
    values: list[float] = []
    approximate = excluded = 0
    for span in spans:
        if span.duration is None:
            excluded += 1
            continue
        values.append(span.duration.total_seconds())
        approximate += span.approximate
    if not values:
        return Summary(0, 0, excluded, None, None)
    median = timedelta(seconds=round(statistics.median(values)))
    mean = timedelta(seconds=round(statistics.fmean(values)))
    return Summary(len(values), approximate, excluded, median, mean)


@dataclass(frozen=True)
class TargetShare:
    """Verdicts of one SLA check over a group."""

    met: int = 0
    breached: int = 0
    pending: int = 0
    unknown: int = 0

    @property
    def judged(self) -> int:
        return self.met + self.breached

    @property
    def share(self) -> float | None:
        """Met ÷ (met + breached), or None when nothing could be judged."""
        return self.met / self.judged if self.judged else None


def _share(verdicts: Iterable[str]) -> TargetShare:
    counts = {"met": 0, "breached": 0, "pending": 0, "unknown": 0}
    for verdict in verdicts:
        counts[verdict] += 1
    return TargetShare(**counts)


@dataclass(frozen=True)
class Breach:
    number: int
    ident: str
    title: str
    severity: str
    check: str
    duration: timedelta
    target: timedelta
    approximate: bool


@dataclass(frozen=True)
class Group:
    """Aggregates over a set of incidents (one severity, one quarter, or all)."""

    key: str
    count: int
    acknowledge: Summary
    resolve: Summary
    acknowledge_target: TargetShare
    resolve_target: TargetShare
    breaches: list[Breach]
    #: Per-severity sub-groups (for quarters).
    severities: list[Group] = field(default_factory=list)


_ACK, _RESOLVE = "time to acknowledge", "time to resolve"


def _verdicts(items: Sequence[IncidentMetrics], name: str) -> TargetShare:
    return _share(c.verdict for m in items for c in m.sla if c.name == name)


def _breaches(items: Sequence[IncidentMetrics]) -> list[Breach]:
    out = []
    for m in items:
        inc = m.incident
        for c in m.sla:
            if c.verdict == "breached" and c.interval.duration is not None:
                out.append(
                    Breach(
                        inc.number,
                        inc.ident,
                        inc.title,
                        inc.severity,
                        c.name,
                        c.interval.duration,
                        c.target,
                        c.interval.approximate,
                    )
                )
    return out


def group(key: str, items: Sequence[IncidentMetrics], order: Sequence[str] = ()) -> Group:
    """Aggregate ``items``; with ``order`` (severity ids) also one sub-group per severity."""
    subs = []
    if order:
        by_sev = _by_severity(items, order)
        subs = [group(sev, members) for sev, members in by_sev.items()]
    return Group(
        key,
        len(items),
        summarise(m.intervals["time_to_acknowledge"] for m in items),
        summarise(m.intervals["time_to_resolve"] for m in items),
        _verdicts(items, _ACK),
        _verdicts(items, _RESOLVE),
        _breaches(items),
        subs,
    )


def _by_severity(
    items: Sequence[IncidentMetrics], order: Sequence[str]
) -> dict[str, list[IncidentMetrics]]:
    out: dict[str, list[IncidentMetrics]] = {sev: [] for sev in order}
    for m in items:
        out.setdefault(m.incident.severity, []).append(m)
    return out


@dataclass(frozen=True)
class Report:
    incidents: list[IncidentMetrics]
    total: Group
    severities: list[Group]
    #: Quarters in time order, then ``undated`` when some incident has no detection time.
    quarters: list[Group]
    since: date | None
    #: Incidents left out by ``since`` (detected earlier, or with no detection time).
    left_out: int


def severity_order(policy: Policy | None, items: Iterable[IncidentMetrics]) -> list[str]:
    """Policy order first, then any severity only records name (invalid, but shown)."""
    known = [s.id for s in policy.severities] if policy is not None else []
    extra = sorted({m.incident.severity for m in items} - set(known))
    return known + extra


def report(
    incidents: Iterable[Incident],
    policy: Policy | None,
    *,
    since: date | None = None,
    computed: Sequence[IncidentMetrics] | None = None,
) -> Report:
    """All metrics of a project. ``since`` keeps incidents detected on or after that UTC day.

    ``computed`` passes per-incident metrics already computed (the site computes them once
    for metrics, exports and the register).
    """
    all_items = (
        list(computed)
        if computed is not None
        else [incident_metrics(inc, policy) for inc in incidents]
    )
    items = all_items
    if since is not None:
        items = [
            m
            for m in all_items
            if m.detected is not None and m.detected.astimezone(UTC).date() >= since
        ]
    order = severity_order(policy, items)
    by_quarter: dict[str, list[IncidentMetrics]] = {}
    for m in items:
        by_quarter.setdefault(m.quarter or UNDATED, []).append(m)
    quarter_keys = sorted(k for k in by_quarter if k != UNDATED)
    if UNDATED in by_quarter:
        quarter_keys.append(UNDATED)
    by_sev = _by_severity(items, order)
    return Report(
        incidents=items,
        total=group("all", items),
        severities=[group(sev, members) for sev, members in by_sev.items()],
        quarters=[group(k, by_quarter[k], order) for k in quarter_keys],
        since=since,
        left_out=len(all_items) - len(items),
    )


# --- JSON-ready form: the one shape the CLI and the site both display -------------------


def _seconds(delta: timedelta | None) -> int | None:
    return None if delta is None else int(delta.total_seconds())


def _text(delta: timedelta | None, approximate: bool = False) -> str | None:
    if delta is None:
        return None
    return ("~" if approximate else "") + format_duration(delta)


def summary_data(s: Summary) -> dict[str, Any]:
    approx = s.approximate > 0
    return {
        "measured": s.measured,
        "approximate": s.approximate,
        "excluded": s.excluded,
        "median_seconds": _seconds(s.median),
        "mean_seconds": _seconds(s.mean),
        "median": _text(s.median, approx),
        "mean": _text(s.mean, approx),
    }


def share_data(t: TargetShare) -> dict[str, Any]:
    return {
        "met": t.met,
        "breached": t.breached,
        "pending": t.pending,
        "unknown": t.unknown,
        "share_met": None if t.share is None else round(t.share, 4),
        "share_met_text": None if t.share is None else f"{t.share:.0%}",
    }


def breach_data(b: Breach) -> dict[str, Any]:
    return {
        "number": b.number,
        "ident": b.ident,
        "title": b.title,
        "severity": b.severity,
        "check": b.check,
        "seconds": _seconds(b.duration),
        "target_seconds": _seconds(b.target),
        "duration": _text(b.duration, b.approximate),
        "target": format_duration(b.target),
        "approximate": b.approximate,
    }


def group_data(g: Group) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": g.key,
        "count": g.count,
        "time_to_acknowledge": summary_data(g.acknowledge),
        "time_to_resolve": summary_data(g.resolve),
        "acknowledge_target": share_data(g.acknowledge_target),
        "resolve_target": share_data(g.resolve_target),
        "breaches": [breach_data(b) for b in g.breaches],
    }
    if g.severities:
        data["severities"] = [group_data(s) for s in g.severities]
    return data


def interval_data(span: Interval) -> dict[str, Any]:
    return {
        "start": span.start,
        "end": span.end,
        "seconds": _seconds(span.duration),
        "text": span.text(),
        "approximate": span.approximate,
    }


def report_data(r: Report) -> dict[str, Any]:
    """The report as plain JSON types, with stable keys (documented in the README)."""
    return {
        "since": r.since.isoformat() if r.since else None,
        "incidents": len(r.incidents),
        "left_out": r.left_out,
        "undated": sum(1 for m in r.incidents if m.quarter is None),
        "total": group_data(r.total),
        "severities": [group_data(g) for g in r.severities],
        "quarters": [group_data(g) for g in r.quarters],
        "definitions": dict(DEFINITIONS),
    }


# --- Cell texts: the CLI table and the metrics page print these same strings ----------


def value_cell(summary: dict[str, Any], which: str) -> str:
    """``"4m"``, ``"~2h 31m"`` or ``"—"`` when nothing could be measured."""
    text = summary[which]
    return "—" if text is None else str(text)


def count_cell(summary: dict[str, Any]) -> str:
    """``"3"``, or ``"3 (1 excluded, 1 ~)"`` when some are missing or estimated."""
    notes = []
    if summary["excluded"]:
        notes.append(f"{summary['excluded']} excluded")
    if summary["approximate"]:
        notes.append(f"{summary['approximate']} ~")
    return f"{summary['measured']}" + (f" ({', '.join(notes)})" if notes else "")


def share_cell(share: dict[str, Any]) -> str:
    """``"2/3 (67%)"``, with pending and unknown checks named, or ``"—"``."""
    judged = share["met"] + share["breached"]
    notes = [f"{share[k]} {k}" for k in ("pending", "unknown") if share[k]]
    if not judged:
        return "—" + (f" ({', '.join(notes)})" if notes else "")
    return f"{share['met']}/{judged} ({share['share_met_text']})" + "".join(f", {n}" for n in notes)


#: Column headings of the severity and quarter tables, in order.
TABLE_HEADINGS = (
    "Incidents",
    "MTTA median",
    "MTTA mean",
    "MTTA measured",
    "Ack within target",
    "MTTR median",
    "MTTR mean",
    "MTTR measured",
    "Resolve within target",
)


def table_cells(g: dict[str, Any]) -> list[str]:
    """One table row (after the key column) for a group's data."""
    ack, res = g["time_to_acknowledge"], g["time_to_resolve"]
    return [
        str(g["count"]),
        value_cell(ack, "median"),
        value_cell(ack, "mean"),
        count_cell(ack),
        share_cell(g["acknowledge_target"]),
        value_cell(res, "median"),
        value_cell(res, "mean"),
        count_cell(res),
        share_cell(g["resolve_target"]),
    ]
