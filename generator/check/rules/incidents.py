"""Rules on incident records beyond their schema: policy enforced, lifecycle consistent.

Each rule has an id (shown in every message) and reports at the field that breaks it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ...facts.durations import format_duration
from ...facts.timeline import Milestone, milestones
from ...load.project import Project, Record
from ...model.incident import MILESTONES, PLAIN_KINDS, STATUS_ORDER, Status
from ...model.policy import Policy
from ...problems import Problem, ProblemSink, shorten
from .people import check_people_record
from .policy import POSTMORTEM_SECTIONS

#: Milestones whose order is a law of the lifecycle: impact starts before anyone detects
#: it, and so on. Other milestones (escalated, deployed, …) may fall anywhere.
LIFECYCLE = ("started", "detected", "acknowledged", "mitigated", "resolved")


def _filled(value: object) -> bool:
    return value is not None and value != "" and value != []


def check_record(
    rec: Record, policy: Policy, playbooks: set[str], now: datetime, problems: list[Problem]
) -> None:
    inc, src = rec.incident, rec.source
    sink = ProblemSink(rec.path, problems)
    at = src.locate

    stem = rec.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem != inc.ident:
        sink.error(
            at(("number",)),
            f"file name must be {inc.ident}.yaml to match number and slug",
            "file-name",
        )

    severity = policy.severity(inc.severity)
    if severity is None:
        known = ", ".join(s.id for s in policy.severities)
        sink.error(
            at(("severity",)),
            f"unknown severity {inc.severity!r} (policy defines {known})",
            "unknown-severity",
        )
    else:
        if inc.workflow not in severity.allowed_workflows:
            allowed = ", ".join(w.value for w in severity.allowed_workflows)
            sink.error(
                at(("workflow",)),
                f"{severity.id} allows the {allowed} workflow(s), not {inc.workflow.value!r}",
                "workflow-not-allowed",
            )
        dep = inc.deployment
        if dep is not None:
            if dep.skipped_staging and not severity.staging_skippable:
                sink.error(
                    at(("deployment", "skipped_staging")),
                    f"{severity.id} may not skip staging (policy allows it for "
                    f"{', '.join(s.id for s in policy.severities if s.staging_skippable) or 'no severity'})",
                    "staging-skip",
                )
            if len(dep.approvers) < severity.approvals:
                sink.error(
                    at(("deployment", "approvers")),
                    f"{severity.id} needs {severity.approvals} deploy approval(s); {len(dep.approvers)} given",
                    "approvals",
                )

    if inc.playbook is not None and inc.playbook not in playbooks:
        sink.error(
            at(("playbook",)),
            f"unknown playbook {inc.playbook!r} (known: {', '.join(sorted(playbooks)) or 'none'})",
            "unknown-playbook",
        )

    # Timeline order: only exact times are compared; approximate ones may overlap.
    last = None
    for i, event in enumerate(inc.timeline):
        if event.at is None or event.approximate:
            continue
        if last is not None and event.at < last[1]:
            sink.error(
                at(("timeline", i, "at")),
                f"event is earlier than timeline[{last[0]}] "
                f"({format_duration(last[1] - event.at)} before it); keep the timeline in order",
                "timeline-order",
            )
        else:
            last = (i, event.at)

    declared = {d.id for d in policy.milestones}
    known_kinds = (*MILESTONES, *PLAIN_KINDS, *sorted(declared))
    for i, event in enumerate(inc.timeline):
        if event.kind not in known_kinds:
            sink.error(
                at(("timeline", i, "kind")),
                f"unknown event kind {shorten(event.kind)!r} (known: {', '.join(known_kinds)}; "
                "declare your own under 'milestones' in policy)",
                "unknown-event-kind",
            )
    for name in inc.milestones:
        if name not in MILESTONES and name not in declared:
            sink.error(
                at(("milestones", name), key=True),
                f"unknown milestone {shorten(name)!r} (known: "
                f"{', '.join((*MILESTONES, *sorted(declared)))})",
                "unknown-milestone",
            )

    points = milestones(inc, policy.milestones)
    previous = None
    for name in LIFECYCLE:
        point = points.get(name)
        if point is None:
            continue
        if (
            previous is not None
            and point.at < previous.at
            and not (point.approximate or previous.approximate)
        ):
            loc = (
                ("milestones", name)
                if point.source == "stated"
                else ("timeline", point.event or 0, "at")
            )
            sink.error(
                at(loc),
                f"{name} ({point.at.isoformat()}) is before {previous.name} ({previous.at.isoformat()})",
                "milestone-order",
            )
        previous = point

    status_rank = STATUS_ORDER[inc.status]
    # A backfilled record states what its source published; missing live evidence is worth
    # a warning there, not a refusal.
    gate = sink.warning if inc.historical else sink.error
    if status_rank >= STATUS_ORDER[Status.RESOLVED] and "resolved" not in points:
        gate(
            at(("status",)),
            f"status is {inc.status.value!r} but no resolution time is known; "
            "add a 'resolved' timeline event or milestones.resolved",
            "status-timeline",
        )
    elif status_rank == STATUS_ORDER[Status.MITIGATED] and "mitigated" not in points:
        gate(
            at(("status",)),
            "status is 'mitigated' but no mitigation time is known; "
            "add a 'mitigated' timeline event or milestones.mitigated",
            "status-timeline",
        )
    elif status_rank < STATUS_ORDER[Status.RESOLVED] and "resolved" in points:
        sink.warning(
            at(("status",)),
            f"status is {inc.status.value!r} but the timeline says it was resolved; update the status",
            "status-timeline",
        )

    seen_tasks: set[str] = set()
    for i, task in enumerate(inc.increment.tasks):
        if task.id in seen_tasks:
            sink.error(
                at(("increment", "tasks", i, "id")),
                f"task {task.id} appears twice",
                "duplicate-task",
            )
        seen_tasks.add(task.id)

    _check_postmortem(rec, policy, points, now, sink)
    check_people_record(rec, policy, problems)

    checklist = policy.checklist_for(inc.workflow)
    items = {} if checklist is None else {i.id: i for s in checklist.sections for i in s.items}
    for item_id in inc.checklist:
        item = items.get(item_id)
        if item is None:
            sink.error(
                at(("checklist", item_id), key=True),
                f"no checklist item {shorten(item_id)!r} for the {inc.workflow.value} workflow",
                "unknown-checklist-item",
            )
        elif item.rule is not None:
            sink.warning(
                at(("checklist", item_id), key=True),
                f"checklist item {item_id!r} is ticked by a rule; the manual tick is ignored",
                "checklist-manual-tick",
            )


def _check_postmortem(
    rec: Record, policy: Policy, points: dict[str, Milestone], now: datetime, sink: ProblemSink
) -> None:
    inc, at = rec.incident, rec.source.locate
    pm = inc.postmortem
    if pm is not None and not inc.historical:
        for i, item in enumerate(pm.action_items):
            if not item.owner:
                sink.error(
                    at(("postmortem", "action_items", i)),
                    f"action item {item.text[:60]!r} has no owner",
                    "action-owner",
                )
    if not policy.postmortem_required(inc.severity):
        return
    if STATUS_ORDER[inc.status] < STATUS_ORDER[Status.RESOLVED]:
        return
    resolved = points.get("resolved")
    due = resolved.at + policy.postmortem_due() if resolved else None
    # A resolved incident still has time to write its post-mortem; a closed one does not.
    overdue = inc.status is Status.CLOSED or (due is not None and now > due)
    report = sink.error if overdue and not inc.historical else sink.warning
    when = f" (due {due.date().isoformat()})" if due is not None else ""
    if pm is None:
        report(
            at(("status",)),
            f"{inc.severity} needs a post-mortem once {inc.status.value}{when}; add a 'postmortem' section",
            "postmortem-missing",
        )
        return
    missing = [
        name
        for name in policy.postmortem.required_sections
        if name in POSTMORTEM_SECTIONS
        and not _filled(inc.timeline if name == "timeline" else getattr(pm, name))
    ]
    if missing:
        report(
            at(("postmortem",)),
            f"post-mortem lacks required section(s): {', '.join(missing)}{when}",
            "postmortem-incomplete",
        )


def check_collection(project: Project) -> list[Problem]:
    """Rules across records: unique numbers and slugs, related incidents exist."""
    problems: list[Problem] = []
    by_number: dict[int, Record] = {}
    by_slug: dict[str, Record] = {}
    for rec in project.records:
        inc, sink = rec.incident, ProblemSink(rec.path, problems)
        first = by_number.setdefault(inc.number, rec)
        if first is not rec:
            sink.error(
                rec.source.locate(("number",)),
                f"number {inc.number} is also used by {first.path}",
                "duplicate-number",
            )
        first = by_slug.setdefault(inc.slug, rec)
        if first is not rec:
            sink.error(
                rec.source.locate(("slug",)),
                f"slug {inc.slug!r} is also used by {first.path}",
                "duplicate-slug",
            )
    for rec in project.records:
        sink = ProblemSink(rec.path, problems)
        for i, number in enumerate(rec.incident.related):
            if number in project.unloaded and number != rec.incident.number:
                continue
            if number == rec.incident.number or number not in by_number:
                why = (
                    "is this incident itself" if number == rec.incident.number else "does not exist"
                )
                sink.error(
                    rec.source.locate(("related", i)),
                    f"related incident {number} {why}",
                    "related-unknown",
                )
    return problems


def check_records(project: Project, now: datetime | None = None) -> list[Problem]:
    problems: list[Problem] = []
    if project.policy is None:
        return problems
    now = now or datetime.now(UTC)
    names = set(project.playbooks)
    for rec in project.records:
        check_record(rec, project.policy, names, now, problems)
    return problems
