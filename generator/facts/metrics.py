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
from ..model.policy import Measures, Policy
from .durations import format_duration
from .incident import IncidentFacts, incident_facts
from .timeline import Interval

#: Written definitions of the aggregate numbers; each interval's own definition comes from
#: policy (see :func:`definitions`).
_AGGREGATES: dict[str, str] = {
    "target_share": "Met target: the share of checks within the severity's policy target "
    "among checks with a verdict. An open incident already past its target counts as "
    "breached (still open); pending checks (still open, within target) and unknown ones (a "
    "time is missing after resolution) are counted apart, never as met.",
    "breach": "SLA breach: a measured interval longer than the severity's policy target, "
    "listed by incident; for an open incident, the time elapsed as of the build.",
    "quarter": "Quarter: the calendar quarter of the incident's earliest known time, in the "
    "policy's time zone; incidents with no known time at all are counted as undated.",
    "excluded": "Excluded: incidents left out of a median or mean because one end of the "
    "interval has no time; they are counted, never treated as zero.",
    "approximate": "Approximate (~): values that rest on at least one time marked "
    "approximate; they are included and flagged.",
}

UNDATED = "undated"


def definitions(policy: Policy) -> dict[str, str]:
    """Every number the metrics page and ``playbook stats`` show, with how it is computed."""
    m = policy.measures
    out = {i.id: f"{i.label}: {i.definition}" for i in policy.intervals}
    mtta, mttr = policy.interval(m.mtta), policy.interval(m.mttr)
    if mtta is not None:
        out["mtta"] = (
            f"MTTA: median and mean of {mtta.label.lower()} ({mtta.id}) over the incidents "
            "where both ends are known."
        )
    if mttr is not None:
        out["mttr"] = (
            f"MTTR: median and mean of {mttr.label.lower()} ({mttr.id}) over the incidents "
            "where both ends are known; open incidents are excluded until they end."
        )
    return {**out, **_AGGREGATES}


IncidentMetrics = IncidentFacts


def incident_metrics(
    incident: Incident, policy: Policy, as_of: datetime | None = None
) -> IncidentFacts:
    """The facts of one incident (metrics read nothing else); ``as_of`` defaults to now."""
    return incident_facts(incident, policy, as_of or datetime.now(UTC))


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
    #: Judged on the time elapsed so far: the incident is still open.
    still_open: bool = False


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


def _verdicts(items: Sequence[IncidentMetrics], target: str) -> TargetShare:
    return _share(c.verdict for m in items for c in m.sla if c.target_name == target)


def _breaches(items: Sequence[IncidentMetrics]) -> list[Breach]:
    out = []
    for m in items:
        inc = m.incident
        for c in m.sla:
            measured = c.measured
            if c.verdict == "breached" and measured is not None:
                out.append(
                    Breach(
                        inc.number,
                        inc.ident,
                        inc.title,
                        inc.severity,
                        c.name,
                        measured,
                        c.target,
                        c.interval.approximate,
                        c.still_open,
                    )
                )
    return out


def _spans(items: Sequence[IncidentMetrics], interval_id: str) -> Iterable[Interval]:
    return (m.intervals[interval_id] for m in items if interval_id in m.intervals)


def group(
    key: str,
    items: Sequence[IncidentMetrics],
    measures: Measures,
    order: Sequence[str] = (),
) -> Group:
    """Aggregate ``items``; with ``order`` (severity ids) also one sub-group per severity.

    MTTA and MTTR are the intervals policy's ``measures`` name.
    """
    subs = []
    if order:
        by_sev = _by_severity(items, order)
        subs = [group(sev, members, measures) for sev, members in by_sev.items()]
    return Group(
        key,
        len(items),
        summarise(_spans(items, measures.mtta)),
        summarise(_spans(items, measures.mttr)),
        _verdicts(items, "response"),
        _verdicts(items, "resolve"),
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
    #: Incidents left out by ``since`` (earlier, or with no known time).
    left_out: int
    definitions: dict[str, str] = field(default_factory=dict)
    #: Which interval MTTA and MTTR measure (``{"mtta": "time_to_acknowledge", …}``).
    measures: dict[str, str] = field(default_factory=dict)
    #: The zone quarters and days are counted in.
    zone: str = "UTC"


def severity_order(policy: Policy | None, items: Iterable[IncidentMetrics]) -> list[str]:
    """Policy order first, then any severity only records name (invalid, but shown)."""
    known = [s.id for s in policy.severities] if policy is not None else []
    extra = sorted({m.incident.severity for m in items} - set(known))
    return known + extra


def report(
    computed: Sequence[IncidentFacts],
    policy: Policy,
    *,
    since: date | None = None,
) -> Report:
    """All metrics of a project from its incidents' facts. ``since`` keeps incidents whose
    earliest known time falls on or after that day (in the policy's zone)."""
    all_items = list(computed)
    items = all_items
    if since is not None:
        zone = policy.zone()
        items = [
            m
            for m in all_items
            if m.opened is not None and m.opened.astimezone(zone).date() >= since
        ]
    order = severity_order(policy, items)
    by_quarter: dict[str, list[IncidentMetrics]] = {}
    for m in items:
        by_quarter.setdefault(m.quarter or UNDATED, []).append(m)
    quarter_keys = sorted(k for k in by_quarter if k != UNDATED)
    if UNDATED in by_quarter:
        quarter_keys.append(UNDATED)
    by_sev = _by_severity(items, order)
    measures = policy.measures
    return Report(
        incidents=items,
        total=group("all", items, measures),
        severities=[group(sev, members, measures) for sev, members in by_sev.items()],
        quarters=[group(k, by_quarter[k], measures, order) for k in quarter_keys],
        since=since,
        left_out=len(all_items) - len(items),
        definitions=definitions(policy),
        measures={"mtta": measures.mtta, "mttr": measures.mttr},
        zone=policy.timezone,
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
        "still_open": b.still_open,
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
        "zone": r.zone,
        "measures": dict(r.measures),
        "definitions": dict(r.definitions),
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
