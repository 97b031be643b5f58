"""The incident record: one YAML file per incident, ``playbooks/incidents/NNNN-slug.yaml``.

It holds the seed's Incident Assessment, Hotfix Increment and Post-Mortem blocks plus the
lifecycle real outages need: impact that starts before detection, times in any UTC offset,
approximate or unknown times whose order is still known, and stated milestones.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Discriminator, Field, HttpUrl, StringConstraints, Tag

from .common import (
    KIND_PATTERN,
    TASK_ID_PATTERN,
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
    """The built-in kinds of timeline event; policy may declare more milestones."""

    STARTED = "started"
    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    ESCALATED = "escalated"
    ROOT_CAUSE = "root_cause"
    DEPLOYED = "deployed"
    MITIGATED = "mitigated"
    VERIFIED = "verified"
    RESOLVED = "resolved"
    COMMUNICATION = "communication"
    NOTE = "note"


#: Built-in milestones in lifecycle order: each may be stated or taken from the timeline.
#: Policy can declare more (a partial recovery, say); they count the same way.
MILESTONES = (
    "started",
    "detected",
    "acknowledged",
    "escalated",
    "root_cause",
    "deployed",
    "mitigated",
    "verified",
    "resolved",
)

#: Event kinds that are not milestones: they never mark a point of the lifecycle.
PLAIN_KINDS = ("communication", "note")

#: How a kind is written: a built-in kind or the id of a milestone declared in policy.
KindName = Annotated[str, StringConstraints(pattern=KIND_PATTERN)]


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
    id: str = Field(pattern=TASK_ID_PATTERN, description="Task id, T-001, T-002, …")
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
    kind: KindName = Field(
        "note",
        description="started, detected, acknowledged, escalated, root_cause, deployed, "
        "mitigated, verified, resolved, communication, note, or a milestone declared in policy.",
        json_schema_extra={"examples": [k.value for k in EventKind]},
    )
    text: Line
    message: Ident | None = Field(
        None, description="For a communication: the policy message template that was sent."
    )


class StatedTime(Strict):
    """A stated milestone with more to say than its time."""

    at: Timestamp
    approximate: bool = Field(False, description="True when the time is an estimate.")


def _stated_form(value: object) -> str:
    # Tags are bracketed like pydantic's own validator names, so the loader's position
    # mapping drops them from an error's path (see generator.load.modelcheck._real_loc).
    return "[full]" if isinstance(value, dict | StatedTime) else "[time]"


#: A stated milestone: a timestamp, or ``{at: …, approximate: true}``. The form is chosen by
#: shape, so a bad timestamp gets the timestamp's message only, not one per form.
Stated = Annotated[
    Annotated[Timestamp, Tag("[time]")] | Annotated[StatedTime, Tag("[full]")],
    Discriminator(_stated_form),
]


class ImpactFigure(Strict):
    label: Line = Field(description="What is counted: users affected, support tickets, revenue.")
    value: float
    unit: Line | None = Field(None, description="users, tickets, USD, …")
    approximate: bool = False


class ActionItem(Strict):
    text: Line
    owner: Identity | None = None
    due: Day | None = None
    done: bool | Literal["unknown"] = Field(
        False,
        description="true, false, or unknown (a backfilled record whose source does not say).",
    )
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
    public_title: Line | None = Field(
        None,
        description="What customers read in status-page messages and emails "
        "({public_title}); default: the title without a leading 'hotfix:' or "
        "'rollback:'.",
    )
    severity: Ident = Field(description="A severity id from policy, e.g. SEV1.")
    status: Status = Status.OPEN
    workflow: WorkflowKind = WorkflowKind.HOTFIX
    playbook: Ident | None = Field(None, description="Playbook followed; defaults to the workflow.")
    services: list[Ident] = Field(default_factory=list)
    roles: dict[Ident, Line] = Field(
        default_factory=dict,
        description="Policy role id → who held it: {commander: '@alice', scribe: '@bob'}.",
    )
    milestones: dict[KindName, Stated] = Field(
        default_factory=dict,
        description="Stated milestone times (started, detected, … or one declared in policy); "
        "each overrides the timeline events of that kind.",
    )
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
    historical: bool = Field(
        False,
        description="Backfilled from a past source: gates that need live evidence are warnings.",
    )
    sources: list[HttpUrl] = Field(
        default_factory=list, description="Where a backfilled record comes from."
    )

    @property
    def is_open(self) -> bool:
        """Not resolved yet (open or mitigated): judged as of now, due updates."""
        return STATUS_ORDER[self.status] < STATUS_ORDER[Status.RESOLVED]

    @property
    def ident(self) -> str:
        """``0015-hotfix-auth-token``: the file stem and page name."""
        return f"{self.number:04d}-{self.slug}"

    @property
    def playbook_id(self) -> str:
        return self.playbook or self.workflow.value
