"""Everything computed about one incident, once: the facts the site, the CLI, metrics and
exports all read.

:func:`incident_facts` is a pure function of (record, policy, "as of" time): no files, no
clock, no click, no MkDocs. ``playbook show N --format json`` prints :func:`facts_data`, which
is also the ``computed`` part of the incident's entry in ``api/incidents.json``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from ..model.incident import Incident, PostMortem
from ..model.policy import Policy, Severity
from . import checklists
from .actions import ActionEntry, count, entries, judged_day
from .clock import quarter_of, stamp, stamp_in
from .sla import SlaCheck, checks
from .timeline import Interval, Milestone, TimelineRow, earliest, measure, milestones, rows
from .updates import NextUpdate, next_update

#: Post-mortem sections policy may require: the model's fields plus the record's timeline.
POSTMORTEM_SECTIONS = (*PostMortem.model_fields, "timeline")


@dataclass(frozen=True)
class PostmortemState:
    required: bool
    written: bool
    #: Required sections that are empty.
    missing: list[str]
    #: Resolution + policy's due_within, when the resolution time is known.
    due: datetime | None

    def text(self, severity: str) -> str:
        if not self.written:
            return f"not written (required for {severity})" if self.required else "not written"
        return f"lacks {', '.join(self.missing)}" if self.missing else "complete"


@dataclass(frozen=True)
class IncidentFacts:
    """One incident with every number and verdict computed."""

    incident: Incident
    #: Where the record lives (``playbooks/incidents/0015-….yaml``), as shown to users.
    path: str
    as_of: datetime
    zone: tzinfo
    severity: Severity | None
    points: dict[str, Milestone]
    #: Every interval policy defines, in policy order.
    intervals: dict[str, Interval]
    #: The headline interval: "Duration" everywhere.
    duration: Interval
    sla: list[SlaCheck]
    checklist: checklists.FilledChecklist | None
    rows: list[TimelineRow]
    postmortem: PostmortemState
    actions: list[ActionEntry]
    #: Earliest known time of the record (its quarter and year come from it).
    opened: datetime | None
    #: Is that time an estimate?
    opened_approximate: bool = False
    #: The milestones policy declares (``partial_recovery``), in policy order: exports give
    #: each a column beside the built-in ones.
    declared: tuple[str, ...] = ()
    #: By when the next update is due, for a live incident still open (policy's
    #: ``update_every``).
    next_update: NextUpdate | None = None

    @property
    def ident(self) -> str:
        return self.incident.ident

    @property
    def other_intervals(self) -> list[Interval]:
        """The intervals policy defines besides Duration and those the SLA checks judge
        (time to detect, to mitigate, one a team declares), in policy order."""
        judged = {self.duration.id, *(check.interval.id for check in self.sla)}
        return [span for span in self.intervals.values() if span.id not in judged]

    @property
    def label(self) -> str:
        return f"{self.incident.number:04d}"

    @property
    def is_open(self) -> bool:
        return self.incident.is_open

    @property
    def ongoing_since(self) -> Milestone | None:
        """Where the headline interval began, while the impact is still going on: a live
        incident that is open with no end recorded yet. A backfilled record's missing end is
        unknown, never years "so far"."""
        return self.running_since(self.duration)

    def running_since(self, span: Interval) -> Milestone | None:
        """Where ``span`` began, while it still runs: begun, no end recorded yet, on a live
        incident that is still open."""
        if span.duration is not None or span.start is None:
            return None
        if not self.is_open or self.incident.historical:
            return None
        return self.points.get(span.start)

    @property
    def quarter(self) -> str | None:
        """``2024-Q4``, in the policy's zone; None when no time is known at all."""
        return None if self.opened is None else quarter_of(self.opened, self.zone)

    @property
    def year(self) -> str:
        return str(self.opened.astimezone(self.zone).year) if self.opened else "unknown"

    @property
    def detected(self) -> datetime | None:
        point = self.points.get("detected")
        return point.at if point else None

    @property
    def breached(self) -> list[SlaCheck]:
        return [c for c in self.sla if c.verdict == "breached"]


def _postmortem(
    incident: Incident, policy: Policy, points: dict[str, Milestone]
) -> PostmortemState:
    pm = incident.postmortem
    required = policy.postmortem_required(incident.severity)
    resolved = points.get("resolved")
    due = resolved.at + policy.postmortem_due() if resolved is not None else None
    if pm is None:
        return PostmortemState(required, False, [], due)
    return PostmortemState(required, True, missing_sections(incident, policy), due)


def missing_sections(incident: Incident, policy: Policy) -> list[str]:
    """The post-mortem sections policy requires that the record leaves empty."""
    pm = incident.postmortem
    if pm is None:
        return []
    return [
        name
        for name in policy.postmortem.required_sections
        if name in POSTMORTEM_SECTIONS
        and not (incident.timeline if name == "timeline" else getattr(pm, name))
    ]


#: The facts last computed for each record object. ``playbook serve`` computes the site's
#: facts again after every save, when only the saved record is a new object: the others'
#: facts are taken from here (same record object, same policy object, same "as of").
#: Record objects are never changed once loaded; an edit makes a new one.
_LAST: dict[int, tuple[Incident, Policy, datetime, str, IncidentFacts]] = {}
_LAST_MAX = 20_000


def incident_facts(
    incident: Incident, policy: Policy, as_of: datetime, path: str = ""
) -> IncidentFacts:
    """Compute the facts of ``incident`` under ``policy``, judged as of ``as_of``."""
    held = _LAST.get(id(incident))
    if held is not None:
        was, under, when, where, facts = held
        if was is incident and under is policy and when == as_of and where == path:
            return facts
    facts = _incident_facts(incident, policy, as_of, path)
    if len(_LAST) >= _LAST_MAX:
        _LAST.clear()
    _LAST[id(incident)] = (incident, policy, as_of, path, facts)
    return facts


def _incident_facts(
    incident: Incident, policy: Policy, as_of: datetime, path: str
) -> IncidentFacts:
    points = milestones(incident, policy.milestones)
    intervals = {spec.id: measure(points, spec) for spec in policy.intervals}
    severity = policy.severity(incident.severity)
    listed = policy.checklist_for(incident.workflow)
    opened, opened_approximate = earliest(incident, points)
    return IncidentFacts(
        incident=incident,
        path=path,
        as_of=as_of,
        zone=policy.zone(),
        severity=severity,
        points=points,
        intervals=intervals,
        duration=intervals[policy.headline().id],
        sla=(
            []
            if severity is None
            else checks(incident, severity, intervals, points, policy.measures, as_of)
        ),
        checklist=None if listed is None else checklists.fill(listed, incident),
        rows=rows(incident, points),
        postmortem=_postmortem(incident, policy, points),
        actions=entries([incident], judged_day(as_of, policy.zone())),
        opened=opened,
        opened_approximate=opened_approximate,
        declared=tuple(m.id for m in policy.milestones),
        next_update=next_update(incident, policy, opened),
    )


# --- JSON: the one shape show --format json, api/incidents.json and exports print -------


def _seconds(span: Interval) -> int | None:
    return None if span.duration is None else int(span.duration.total_seconds())


def _iso_duration(seconds: int | None) -> str | None:
    """ISO 8601 duration: ``PT47M``, ``P1DT0H11M``."""
    if seconds is None:
        return None
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    out = f"{sign}P{days}D" if days else f"{sign}P"
    time = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    return out + ("T" + time if time else ("" if days else "T0S"))


def interval_data(span: Interval) -> dict[str, Any]:
    seconds = _seconds(span)
    return {
        "label": span.label,
        "definition": span.definition,
        "start": span.start,
        "end": span.end,
        "seconds": seconds,
        "iso": _iso_duration(seconds),
        "text": span.text(),
        "approximate": span.approximate,
        "start_fallback": span.start_fallback,
        "end_fallback": span.end_fallback,
    }


def check_data(c: SlaCheck) -> dict[str, Any]:
    measured = None if c.measured is None else int(c.measured.total_seconds())
    return {
        "check": c.name,
        "target": c.target_name,
        "interval": c.interval.id,
        "verdict": c.verdict,
        "still_open": c.still_open,
        "seconds": measured,
        "target_seconds": int(c.target.total_seconds()),
        "text": c.text(),
    }


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def facts_data(f: IncidentFacts) -> dict[str, Any]:
    """The computed facts as plain JSON types; keys documented in the README."""
    zone = f.zone
    pm = f.postmortem
    ticks = f.checklist
    return {
        "as_of": stamp_in(f.as_of, zone),
        "zone": str(zone),
        "quarter": f.quarter,
        "opened": f.opened.isoformat() if f.opened else None,
        "milestones": {
            name: {
                "at": p.at.isoformat(),
                "shown": stamp_in(p.at, zone),
                "approximate": p.approximate,
                "source": p.source,
            }
            for name, p in f.points.items()
        },
        "duration": interval_data(f.duration),
        "intervals": {key: interval_data(span) for key, span in f.intervals.items()},
        "sla": [check_data(c) for c in f.sla],
        "checklist": None
        if ticks is None
        else {
            "id": ticks.id,
            "done": ticks.done,
            "total": ticks.total,
            # Item texts and rule wording are policy's (the same for every incident); each
            # item says whether it is done and how: by a rule, by hand, or still open.
            "items": [
                {"id": t.id, "done": t.done, "how": t.how} for s in ticks.sections for t in s.items
            ],
        },
        "postmortem": {
            "required": pm.required,
            "written": pm.written,
            "missing": pm.missing,
            "due": pm.due.isoformat() if pm.due else None,
            "state": pm.text(f.incident.severity),
        },
        "action_items": {
            **count(f.actions).data(),
            "items": [
                {
                    "index": e.index,
                    "text": e.text,
                    "owner": e.owner,
                    "due": _day(e.due),
                    "state": e.state,
                }
                for e in f.actions
            ],
        },
    }


def list_row(facts: IncidentFacts) -> dict[str, Any]:
    """One row of ``playbook list``: the facts people filter and sort incidents by."""
    inc = facts.incident
    detected = facts.points.get("detected")
    resolved = facts.points.get("resolved")
    return {
        "number": inc.number,
        "id": inc.ident,
        "title": inc.title,
        "severity": inc.severity,
        "status": inc.status.value,
        "workflow": inc.workflow.value,
        "services": list(inc.services),
        "opened": stamp(facts.opened) if facts.opened else None,
        "detected": stamp(detected.at) if detected else None,
        "resolved": stamp(resolved.at) if resolved else None,
        "duration": {"interval": facts.duration.ends, **interval_data(facts.duration)},
        "path": facts.path,
    }


class _Recorded(Protocol):
    path: str
    incident: Incident


def all_facts(records: Iterable[_Recorded], policy: Policy, as_of: datetime) -> list[IncidentFacts]:
    """The facts of every record, in the order given."""
    return [incident_facts(r.incident, policy, as_of, r.path) for r in records]


def as_of_now() -> datetime:
    """The run's "as of" time, to the minute: ``SOURCE_DATE_EPOCH`` when set (the
    reproducible-builds convention, so a CI rebuild of an unchanged project gives the same
    bytes), else now. Adapters call it once per run; open incidents are judged against it."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.now(UTC) if not fixed else _epoch(fixed)
    return moment.replace(second=0, microsecond=0)


def _epoch(text: str) -> datetime:
    """``SOURCE_DATE_EPOCH`` as a time: whole seconds since 1970 in ASCII digits, within the
    years records may hold. Anything else is an error rather than silently "now" (a build
    that was meant to be reproducible would not be) or a crash (a year past 9999)."""
    from ..errors import PlaybookError
    from ..model.common import FIRST_INSTANT, LAST_INSTANT
    from ..terminal import visible

    if not (text.isascii() and text.isdigit()):
        raise PlaybookError(
            f"SOURCE_DATE_EPOCH={visible(repr(text[:40]))} is not a whole number of seconds "
            "since 1970-01-01 UTC (like 1732545120); set it to one, or unset it to use now"
        )
    last = int(LAST_INSTANT.timestamp())
    if len(text) > 12 or int(text) > last:
        raise PlaybookError(
            f"SOURCE_DATE_EPOCH={text[:40]} is out of range; it must lie between 0 "
            f"({FIRST_INSTANT:%Y-%m-%d}) and {last} ({LAST_INSTANT:%Y-%m-%d}), as record times do"
        )
    return datetime.fromtimestamp(int(text), UTC)


__all__ = [
    "POSTMORTEM_SECTIONS",
    "IncidentFacts",
    "PostmortemState",
    "ZoneInfo",
    "all_facts",
    "as_of_now",
    "facts_data",
    "incident_facts",
    "interval_data",
]
