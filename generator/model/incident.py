"""The incident record: one YAML file per incident, ``playbooks/incidents/NNNN-slug.yaml``.

It holds the seed's Incident Assessment, Hotfix Increment and Post-Mortem blocks plus the
lifecycle real outages need: impact that starts before detection, times in any UTC offset,
approximate or unknown times whose order is still known, and stated milestones.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, HttpUrl

from .common import (
    Day,
    Ident,
    Identity,
    IncidentNumber,
    Line,
    Markdown,
    Slug,
    Strict,
    Text,
    Timestamp,
)


class Status(StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"
    CLOSED = "closed"


#: Lifecycle order of statuses; "status reached" rules compare by this.
STATUS_ORDER = {s: i for i, s in enumerate(Status)}


class WorkflowKind(StrEnum):
    HOTFIX = "hotfix"
    NORMAL = "normal"
    ROLLBACK = "rollback"


class EventKind(StrEnum):
    STARTED = "started"
    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    ROOT_CAUSE = "root_cause"
    DEPLOYED = "deployed"
    MITIGATED = "mitigated"
    VERIFIED = "verified"
    RESOLVED = "resolved"
    COMMUNICATION = "communication"
    NOTE = "note"


#: Milestones in lifecycle order; each may be stated or taken from the timeline.
MILESTONES = ("started", "detected", "acknowledged", "mitigated", "resolved")


class Assessment(Strict):
    """Step 1 of the seed: what is broken, for whom, and who has been told."""

    impact: Markdown | None = Field(None, description="Who or what is affected.")
    symptoms: Markdown | None = Field(
        None, description="What is observed: errors, endpoints, alerts."
    )
    hypothesis: Markdown | None = Field(None, description="The first guess at the cause.")
    communication: list[Line] = Field(
        default_factory=list, description="Channels informed: #incidents, status page, on-call."
    )


class RootCause(Strict):
    text: Markdown = Field(description="The (suspected) root cause.")
    confirmed: bool = Field(False, description="False while it is still a hypothesis.")


class Task(Strict):
    id: str = Field(pattern=r"^T-\d{3}$", description="Task id, T-001, T-002, …")
    text: Line
    done: bool = False


class Increment(Strict):
    """Step 2 of the seed: the lightweight hotfix increment."""

    problem: Markdown | None = None
    root_cause: RootCause | None = None
    fix: Markdown | None = None
    tasks: list[Task] = Field(default_factory=list)


class Deployment(Strict):
    """Step 5 of the seed: how the fix reached production."""

    version: Line | None = Field(None, description="Version or commit deployed.")
    skipped_staging: bool = False
    approvers: list[Identity] = Field(default_factory=list)
    rollback_ready: bool = False
    command: Text | None = Field(None, description="The deploy command that was run.")


class CheckResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    PENDING = "pending"


class Verification(Strict):
    """Step 6 of the seed: a check run in production after the deploy."""

    check: Line
    command: Text | None = None
    expected: Line | None = None
    result: CheckResult = CheckResult.PENDING


class Event(Strict):
    """One timeline entry. ``at`` may be missing (time unknown, order known) or approximate."""

    at: Timestamp | None = Field(None, description="When, with a UTC offset. Omit if unknown.")
    approximate: bool = Field(False, description="True when the time is an estimate.")
    kind: EventKind = EventKind.NOTE
    text: Line


class Milestones(Strict):
    """Stated milestone times; each overrides the first timeline event of that kind."""

    started: Timestamp | None = Field(None, description="Impact began (may precede detection).")
    detected: Timestamp | None = None
    acknowledged: Timestamp | None = None
    mitigated: Timestamp | None = None
    resolved: Timestamp | None = None


class ImpactFigure(Strict):
    label: Line = Field(description="What is counted: users affected, support tickets, revenue.")
    value: float
    unit: Line | None = Field(None, description="users, tickets, USD, …")
    approximate: bool = False


class ActionItem(Strict):
    text: Line
    owner: Identity | None = None
    due: Day | None = None
    done: bool = False
    link: HttpUrl | None = None


class PostMortem(Strict):
    """Step 7 of the seed. The timeline is the record's own; it is not repeated here."""

    summary: Markdown | None = None
    root_cause: Markdown | None = None
    impact: list[ImpactFigure] = Field(default_factory=list)
    lessons: list[Line] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    scheduled: Day | None = Field(None, description="When the post-mortem meeting is held.")


class Incident(Strict):
    """An incident record as written in ``playbooks/incidents/NNNN-slug.yaml``."""

    number: IncidentNumber = Field(description="Incident number; the file name starts with it.")
    slug: Slug = Field(description="Short name; the file is NNNN-slug.yaml.")
    title: Line
    severity: Ident = Field(description="A severity id from policy, e.g. SEV1.")
    status: Status = Status.OPEN
    workflow: WorkflowKind = WorkflowKind.HOTFIX
    playbook: Ident | None = Field(None, description="Playbook followed; defaults to the workflow.")
    services: list[Ident] = Field(default_factory=list)
    milestones: Milestones = Field(default_factory=Milestones)
    assessment: Assessment = Field(default_factory=Assessment)
    increment: Increment = Field(default_factory=Increment)
    deployment: Deployment | None = None
    verification: list[Verification] = Field(default_factory=list)
    timeline: list[Event] = Field(default_factory=list)
    postmortem: PostMortem | None = None
    checklist: dict[str, bool] = Field(
        default_factory=dict, description="Manual ticks for checklist items no rule can prove."
    )
    related: list[IncidentNumber] = Field(
        default_factory=list, description="Numbers of related incidents."
    )
    notes: Text | None = None

    @property
    def ident(self) -> str:
        """``0015-hotfix-auth-token``: the file stem and page name."""
        return f"{self.number:04d}-{self.slug}"

    @property
    def playbook_id(self) -> str:
        return self.playbook or self.workflow.value
