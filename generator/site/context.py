"""What page builders read: the project plus the facts of each incident, computed once.

Every number comes from :func:`generator.facts.incident.incident_facts`, the same function
``playbook show``, ``stats`` and the exports read, judged as of the build's one "now".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from ..facts import incident as core
from ..facts.checklists import FilledChecklist
from ..facts.incident import as_of_now
from ..facts.sla import SlaCheck
from ..facts.timeline import Interval, Milestone, TimelineRow
from ..facts.updates import NextUpdate
from ..load.project import Project, Record
from ..model.incident import Incident
from ..model.playbook import Playbook
from ..model.policy import Policy, Severity
from .options import SiteOptions

INCIDENTS = "incidents"
WORKFLOWS = "workflows"


def incident_path(incident: Incident) -> str:
    return f"{INCIDENTS}/{incident.ident}.md"


def playbook_path(playbook_id: str) -> str:
    return f"{WORKFLOWS}/{playbook_id}.md"


@dataclass
class IncidentFacts:
    """One record and its computed facts (:mod:`generator.facts.incident`), seen from the
    site: ``path`` is the incident's page, not its record file."""

    record: Record
    facts: core.IncidentFacts

    @property
    def incident(self) -> Incident:
        return self.record.incident

    @property
    def path(self) -> str:
        return incident_path(self.incident)

    @property
    def label(self) -> str:
        return self.facts.label

    @property
    def severity(self) -> Severity | None:
        return self.facts.severity

    @property
    def points(self) -> dict[str, Milestone]:
        return self.facts.points

    @property
    def duration(self) -> Interval:
        return self.facts.duration

    @property
    def intervals(self) -> dict[str, Interval]:
        return self.facts.intervals

    @property
    def sla(self) -> list[SlaCheck]:
        return self.facts.sla

    @property
    def other_intervals(self) -> list[Interval]:
        return self.facts.other_intervals

    @property
    def checklist(self) -> FilledChecklist | None:
        return self.facts.checklist

    @property
    def rows(self) -> list[TimelineRow]:
        return self.facts.rows

    @property
    def opened(self) -> datetime | None:
        return self.facts.opened

    @property
    def opened_approximate(self) -> bool:
        return self.facts.opened_approximate

    @property
    def year(self) -> str:
        return self.facts.year

    @property
    def is_open(self) -> bool:
        return self.facts.is_open

    @property
    def ongoing_since(self) -> Milestone | None:
        return self.facts.ongoing_since

    @property
    def next_update(self) -> NextUpdate | None:
        return self.facts.next_update


@dataclass
class SiteContext:
    project: Project
    policy: Policy
    options: SiteOptions

    @cached_property
    def now(self) -> datetime:
        return self.options.now or as_of_now()

    @cached_property
    def incidents(self) -> list[IncidentFacts]:
        """Newest first (by detection); records without any time last, by number."""
        facts = [
            IncidentFacts(r, core.incident_facts(r.incident, self.policy, self.now, r.path))
            for r in self.project.records
        ]
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
