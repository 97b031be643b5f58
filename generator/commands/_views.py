"""What ``playbook show`` and ``playbook list`` print, computed from one record.

Every number is computed by the shared modules (timeline, SLA, checklists), never typed;
the terminal templates only lay it out. Record text is cleaned of control characters on
the way to the terminal, so a record cannot move the cursor or recolour the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..authoring.timeparse import stamp
from ..check.rules.policy import POSTMORTEM_SECTIONS
from ..facts.checklists import FilledChecklist, fill
from ..facts.sla import SlaCheck, checks
from ..facts.timeline import Interval, headline, milestones, rows
from ..model.incident import ActionItem, Incident, Task
from ..model.policy import Policy


@dataclass(frozen=True)
class Row:
    offset: str
    when: str
    kind: str
    text: str


@dataclass(frozen=True)
class View:
    incident: Incident
    path: str
    severity_text: str
    duration: Interval
    sla: list[SlaCheck]
    timeline: list[Row]
    tasks: list[Task]
    checklist: FilledChecklist | None
    postmortem: str
    open_actions: list[ActionItem]
    problems: int

    @property
    def tasks_done(self) -> int:
        return sum(t.done for t in self.tasks)


def _postmortem_state(incident: Incident, policy: Policy) -> str:
    required = policy.postmortem_required(incident.severity)
    pm = incident.postmortem
    if pm is None:
        return f"not written (required for {incident.severity})" if required else "not written"
    lacking = [
        name
        for name in policy.postmortem.required_sections
        if name in POSTMORTEM_SECTIONS
        and not (incident.timeline if name == "timeline" else getattr(pm, name))
    ]
    return f"lacks {', '.join(lacking)}" if lacking else "complete"


def view(incident: Incident, path: str, policy: Policy, problems: int = 0) -> View:
    points = milestones(incident)
    severity = policy.severity(incident.severity)
    checklist = policy.checklist_for(incident.workflow)
    timeline = [
        Row(
            r.offset_text(),
            ("~" if r.event.approximate else "")
            + (stamp(r.event.at) if r.event.at else "time unknown"),
            r.event.kind.value,
            r.event.text,
        )
        for r in rows(incident, points)
    ]
    pm = incident.postmortem
    return View(
        incident=incident,
        path=path,
        severity_text=f"{severity.id} ({severity.description})" if severity else incident.severity,
        duration=headline(points),
        sla=checks(incident, severity, points) if severity else [],
        timeline=timeline,
        tasks=list(incident.increment.tasks),
        checklist=fill(checklist, incident) if checklist else None,
        postmortem=_postmortem_state(incident, policy),
        open_actions=[a for a in (pm.action_items if pm else []) if not a.done],
        problems=problems,
    )


def summary(incident: Incident, path: str) -> dict[str, Any]:
    """One row of ``playbook list``: the facts people filter and sort incidents by."""
    points = milestones(incident)
    span = headline(points)
    detected = points.get("detected")
    resolved = points.get("resolved")
    return {
        "number": incident.number,
        "id": incident.ident,
        "title": incident.title,
        "severity": incident.severity,
        "status": incident.status.value,
        "workflow": incident.workflow.value,
        "services": list(incident.services),
        "detected": _iso(detected.at if detected else None),
        "resolved": _iso(resolved.at if resolved else None),
        "duration": {
            "interval": span.label,
            # A zero-length span is a duration too: test for None, not for truth.
            "seconds": None if span.duration is None else int(span.duration.total_seconds()),
            "text": span.text(),
            "approximate": span.approximate,
        },
        "path": path,
    }


def _iso(at: datetime | None) -> str | None:
    return stamp(at) if at else None
