"""What page builders read: the project plus facts computed once per incident.

Durations, SLA verdicts, checklist ticks and timeline offsets come from
:mod:`generator.facts.timeline`, :mod:`generator.facts.sla` and :mod:`generator.facts.checklists`; they are
computed here once, so the incident page, the index and the home page agree and a big site
does not compute them three times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from ..facts import checklists, sla, timeline
from ..load.project import Project, Record
from ..model.incident import STATUS_ORDER, Incident, Status
from ..model.playbook import Playbook
from ..model.policy import Policy, Severity
from .core import SiteOptions

INCIDENTS = "incidents"
WORKFLOWS = "workflows"


def incident_path(incident: Incident) -> str:
    return f"{INCIDENTS}/{incident.ident}.md"


def playbook_path(playbook_id: str) -> str:
    return f"{WORKFLOWS}/{playbook_id}.md"


@dataclass
class IncidentFacts:
    """One record with everything the site computes about it."""

    record: Record
    policy: Policy

    @property
    def incident(self) -> Incident:
        return self.record.incident

    @property
    def path(self) -> str:
        return incident_path(self.incident)

    @property
    def label(self) -> str:
        return f"{self.incident.number:04d}"

    @cached_property
    def severity(self) -> Severity | None:
        return self.policy.severity(self.incident.severity)

    @cached_property
    def points(self) -> dict[str, timeline.Milestone]:
        return timeline.milestones(self.incident)

    @cached_property
    def duration(self) -> timeline.Interval:
        return timeline.headline(self.points)

    @cached_property
    def impact_window(self) -> timeline.Interval | None:
        """started → mitigated, shown when impact began before anyone noticed."""
        if "started" not in self.points:
            return None
        return timeline.interval(self.points, "started", "mitigated")

    @cached_property
    def sla(self) -> list[sla.SlaCheck]:
        return (
            [] if self.severity is None else sla.checks(self.incident, self.severity, self.points)
        )

    @cached_property
    def checklist(self) -> checklists.FilledChecklist | None:
        listed = self.policy.checklist_for(self.incident.workflow)
        return None if listed is None else checklists.fill(listed, self.incident)

    @cached_property
    def rows(self) -> list[timeline.TimelineRow]:
        return timeline.rows(self.incident, self.points)

    @cached_property
    def opened(self) -> datetime | None:
        """When the incident entered the record: detected, else started, else first event."""
        for name in ("detected", "started"):
            if name in self.points:
                return self.points[name].at
        return next((e.at for e in self.incident.timeline if e.at is not None), None)

    @property
    def year(self) -> str:
        return str(self.opened.year) if self.opened else "unknown"

    @property
    def is_open(self) -> bool:
        return STATUS_ORDER[self.incident.status] < STATUS_ORDER[Status.RESOLVED]


@dataclass
class SiteContext:
    project: Project
    policy: Policy
    options: SiteOptions

    @cached_property
    def now(self) -> datetime:
        return self.options.now or datetime.now(UTC)

    @cached_property
    def incidents(self) -> list[IncidentFacts]:
        """Newest first (by detection); records without any time last, by number."""
        facts = [IncidentFacts(r, self.policy) for r in self.project.records]
        oldest = datetime.min.replace(tzinfo=UTC)
        facts.sort(key=lambda f: (f.opened or oldest, f.incident.number), reverse=True)
        return facts

    @cached_property
    def by_number(self) -> dict[int, IncidentFacts]:
        return {f.incident.number: f for f in self.incidents}

    @cached_property
    def playbooks(self) -> list[Playbook]:
        """Playbooks in a stable order: hotfix, normal, rollback first, then the team's own."""
        first = {"hotfix": 0, "normal": 1, "rollback": 2}
        books = [book for _, book, _ in self.project.playbooks.values()]
        return sorted(books, key=lambda b: (first.get(b.id, 3), b.title.lower()))

    @cached_property
    def playbook_by_workflow(self) -> dict[str, Playbook]:
        """The playbook each built-in workflow (hotfix, normal, rollback) links to."""
        return {b.workflow.value: b for b in self.playbooks if b.workflow is not None}

    def playbook_of(self, incident: Incident) -> Playbook | None:
        entry = self.project.playbooks.get(incident.playbook_id)
        return None if entry is None else entry[1]
