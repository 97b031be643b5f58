"""Policy as data: severity levels, flow rules, checklists, post-mortem rules and guidance.

Policy lives in ``playbooks/policy/*.yaml``. Each file holds one or more of the top-level
sections of :class:`PolicyFile`; together they must hold each section exactly once. The
validator enforces these rules on every record and the site renders its tables from them,
so one edit changes both.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, Field, PrivateAttr, model_validator

from .common import KIND_PATTERN, TASK_ID_PATTERN, Duration, Ident, Line, Strict
from .comms import Communications, Role
from .incident import KindName, Status, WorkflowKind
from .zones import usable_zone


class Severity(Strict):
    """One row of the seed's severity table, with machine-readable targets."""

    id: Ident = Field(description="SEV1, SEV2, …")
    description: Line = Field(description="Seed's Description column: 'System down'.")
    response_time: Line = Field(description="Response time as people say it: 'Minutes'.")
    response_target: Duration = Field(description="Time to acknowledge, e.g. 15m.")
    resolve_target: Duration = Field(description="Time from detection to resolution, e.g. 4h.")
    example: Line
    workflow: WorkflowKind = Field(description="The workflow this severity requires by default.")
    allowed_workflows: list[WorkflowKind] = Field(
        description="Workflows a record of this severity may follow."
    )
    staging_skippable: bool = Field(False, description="May a deploy skip staging?")
    approvals: int = Field(1, ge=0, le=20, description="Deploy approvals needed.")

    @model_validator(mode="after")
    def _default_is_allowed(self) -> Severity:
        if self.workflow not in self.allowed_workflows:
            raise ValueError(f"workflow {self.workflow.value!r} must be one of allowed_workflows")
        return self


class Flow(Strict):
    id: Ident
    name: Line


class FlowAspect(Strict):
    id: Ident
    name: Line
    values: dict[str, Line] = Field(description="Text per flow id.")


class FlowTable(Strict):
    """The seed's Hotfix vs Normal Flow table."""

    flows: list[Flow] = Field(min_length=1)
    aspects: list[FlowAspect] = Field(min_length=1)


class Rule(Strict):
    """A declarative condition that ticks a checklist item from a record.

    Exactly one key is set: ``field`` (a dotted record path that is present and non-empty,
    or equal to ``equals``), ``event`` (the timeline has an event of that kind), ``status``
    (the record has reached that status), ``task`` (that task is done), ``all_tasks``
    (every task is done), ``role`` (someone holds that policy role in the record's
    ``roles``), ``sent`` (the timeline has a communication event for that message
    template), or ``any`` / ``all`` of nested rules.
    """

    field: str | None = None
    equals: bool | int | str | None = None
    event: KindName | None = None
    status: Status | None = None
    task: str | None = Field(None, pattern=TASK_ID_PATTERN)
    all_tasks: bool | None = None
    role: Ident | None = Field(None, description="A role id from policy `roles`.")
    sent: Ident | None = Field(None, description="A message template id from `communications`.")
    # At least one: an empty ``all`` would tick its item on every record, an empty ``any``
    # on none.
    any: list[Rule] | None = Field(None, min_length=1)
    all: list[Rule] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _exactly_one(self) -> Rule:
        keys = ("field", "event", "status", "task", "all_tasks", "role", "sent", "any", "all")
        given = [k for k in keys if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a rule sets exactly one of {', '.join(keys)}; found {len(given)}")
        if self.equals is not None and self.field is None:
            raise ValueError("'equals' only goes with 'field'")
        return self


class ChecklistItem(Strict):
    id: Ident
    text: Line
    rule: Rule | None = Field(None, description="Omit for items ticked by hand in the record.")


class ChecklistSection(Strict):
    id: Ident
    title: Line
    items: list[ChecklistItem] = Field(min_length=1)


class Checklist(Strict):
    id: Ident
    title: Line
    workflows: list[WorkflowKind] = Field(
        description="Records of these workflows get this checklist."
    )
    sections: list[ChecklistSection] = Field(min_length=1)

    def by_hand(self) -> list[str]:
        """The ids of the items a record ticks by hand (those without a rule), in order."""
        return [i.id for s in self.sections for i in s.items if i.rule is None]


class PostMortemPolicy(Strict):
    required_for: list[Ident] = Field(description="Severity ids that need a post-mortem.")
    due_within: Duration = Field(description="Time from resolution to a complete post-mortem.")
    required_sections: list[str] = Field(description="Post-mortem fields that must be filled.")


class RollbackGuidance(Strict):
    """The seed's Rollback vs Hotfix section."""

    rollback_when: list[Line] = Field(min_length=1)
    hotfix_when: list[Line] = Field(min_length=1)
    rollback_command: Line | None = None
    hotfix_command: Line | None = None
    hotfix_equivalent: Line | None = Field(
        None, description="The same step in another tool, e.g. SpecWeave's /sw:increment."
    )


class Mistake(Strict):
    """One of the seed's Common Hotfix Mistakes: the wrong and the right way."""

    title: Line
    bad: Line
    good: Line


class MilestoneDef(Strict):
    """A milestone a team declares beside the built-in ones (a partial recovery, say)."""

    id: Annotated[str, Field(pattern=KIND_PATTERN)]
    label: Line
    description: Line | None = None
    pick: Literal["first", "last"] = Field(
        "first",
        description="Which of several timeline events of this kind counts: the first or the "
        "last with a known time. A stated milestone always wins.",
    )


class IntervalDef(Strict):
    """A named span: first known of ``start`` → first known of ``end``."""

    id: Ident
    label: Line = Field(description="How pages name it: 'Duration', 'Time to acknowledge'.")
    definition: Line = Field(description="What it measures, in words a reader checks.")
    start: list[KindName] = Field(min_length=1, description="Milestones, first known wins.")
    end: list[KindName] = Field(min_length=1, description="Milestones, first known wins.")
    headline: bool = Field(False, description="The one shown as 'Duration' everywhere.")


class Measures(Strict):
    """Which interval each target and each mean measures."""

    response_target: Ident = Field("time_to_acknowledge", description="Severity response target.")
    resolve_target: Ident = Field("time_to_resolve", description="Severity resolve target.")
    mtta: Ident = "time_to_acknowledge"
    mttr: Ident = "time_to_resolve"


def _zone(name: str) -> str:
    if usable_zone(name) is None:
        raise ValueError(
            f"{name!r} is not a time zone name; write one like UTC, Europe/Berlin or "
            "America/Los_Angeles"
        )
    return name


ZoneName = Annotated[str, AfterValidator(_zone)]

#: Built-in intervals, used when policy declares none (``playbook init`` writes them out).
DEFAULT_INTERVALS: tuple[IntervalDef, ...] = (
    IntervalDef(
        id="impact",
        label="Duration",
        definition="Customer impact: first known of started, detected → first known of "
        "mitigated, resolved.",
        start=["started", "detected"],
        end=["mitigated", "resolved"],
        headline=True,
    ),
    IntervalDef(
        id="time_to_detect",
        label="Time to detect",
        definition="started → detected: from the moment impact began to the first alert or report.",
        start=["started"],
        end=["detected"],
    ),
    IntervalDef(
        id="time_to_acknowledge",
        label="Time to acknowledge",
        definition="detected → acknowledged: until a responder took the incident.",
        start=["detected"],
        end=["acknowledged"],
    ),
    IntervalDef(
        id="time_to_mitigate",
        label="Time to mitigate",
        definition="detected → first known of mitigated, resolved: until users stopped being hurt.",
        start=["detected"],
        end=["mitigated", "resolved"],
    ),
    IntervalDef(
        id="time_to_resolve",
        label="Time to resolve",
        definition="detected → resolved: from detection to the all-clear.",
        start=["detected"],
        end=["resolved"],
    ),
)


class PolicyFile(Strict):
    """One policy file; every section optional here, required across the policy folder."""

    # An empty list would leave every record's severity unknown ("policy defines ") and
    # every duration without a definition: say so at the section.
    severities: list[Severity] | None = Field(None, min_length=1)
    flows: FlowTable | None = None
    checklists: list[Checklist] | None = None
    postmortem: PostMortemPolicy | None = None
    rollback_vs_hotfix: RollbackGuidance | None = None
    mistakes: list[Mistake] | None = None
    roles: list[Role] | None = None
    communications: Communications | None = None
    timezone: ZoneName | None = Field(
        None, description="Zone for times typed without an offset, and for pages. Default UTC."
    )
    milestones: list[MilestoneDef] | None = None
    intervals: list[IntervalDef] | None = Field(None, min_length=1)
    measures: Measures | None = None


class Policy(Strict):
    """All policy sections, merged from the policy folder."""

    severities: list[Severity]
    flows: FlowTable
    checklists: list[Checklist]
    postmortem: PostMortemPolicy
    rollback_vs_hotfix: RollbackGuidance
    mistakes: list[Mistake] = Field(default_factory=list)
    #: Optional sections: policy written before they existed has none.
    roles: list[Role] = Field(default_factory=list)
    communications: Communications | None = None
    timezone: ZoneName = "UTC"
    milestones: list[MilestoneDef] = Field(default_factory=list)
    intervals: list[IntervalDef] = Field(default_factory=lambda: list(DEFAULT_INTERVALS))
    measures: Measures = Field(default_factory=Measures)
    #: A policy file did not load (unreadable, broken YAML, invalid): a section it held
    #: reads as absent, and checks that would say "policy defines none" hold their tongue.
    _unread: bool = PrivateAttr(default=False)

    @property
    def unread(self) -> bool:
        return self._unread

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def severity(self, sev_id: str) -> Severity | None:
        return next((s for s in self.severities if s.id == sev_id), None)

    def checklist_for(self, workflow: WorkflowKind) -> Checklist | None:
        return next((c for c in self.checklists if workflow in c.workflows), None)

    def postmortem_required(self, sev_id: str) -> bool:
        return sev_id in self.postmortem.required_for

    def postmortem_due(self) -> timedelta:
        return self.postmortem.due_within

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def headline(self) -> IntervalDef:
        """The interval shown as 'Duration' (the first marked headline, else the first)."""
        return next((i for i in self.intervals if i.headline), self.intervals[0])

    def interval(self, interval_id: str) -> IntervalDef | None:
        return next((i for i in self.intervals if i.id == interval_id), None)


REQUIRED_SECTIONS = ("severities", "flows", "checklists", "postmortem", "rollback_vs_hotfix")
