"""Rules on incident records beyond their schema: policy enforced, lifecycle consistent.

One small function per rule (its docstring names the rule ids it reports), run in order by
:func:`check_record`; each reports at the field that breaks it. The ids are catalogued in
:mod:`generator.check.catalogue`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from ...facts.durations import format_duration
from ...facts.incident import missing_sections
from ...facts.timeline import Milestone, milestones
from ...load.project import Project, Record
from ...load.yamlsource import Key
from ...model.incident import MILESTONES, PLAIN_KINDS, STATUS_ORDER, Incident, StatedTime, Status
from ...model.policy import Policy
from ...problems import Problem, ProblemSink, shorten
from .people import check_people_record

#: Milestones whose order is a law of the lifecycle: a response (detected, then
#: acknowledged…) and the impact it answers, which ends after it starts but may start after
#: the alert. Other milestones (escalated, deployed, …) may fall anywhere.
RESPONSE = ("detected", "acknowledged", "mitigated", "resolved")
IMPACT = ("started", "mitigated", "resolved")
#: How far past the clock a recorded time may be: the clocks of laptops and CI runners drift.
FUTURE_SLACK = timedelta(minutes=5)
#: How far an event may lie before or after all the record's other times before it is
#: named. A mistyped year, or an event logged on the wrong record, is most of a year off;
#: but a write-up may well date the change that caused it weeks before the outage, or log
#: a follow-up weeks after, and a warning fails a `--strict` build: those must pass.
OUTLYING = timedelta(days=90)
#: How far an approximate time may fall on the wrong side of its neighbour before it is
#: reported: "around 07:00" may be 06:40, but not the day before (a mistyped date).
APPROXIMATE_SLACK = timedelta(minutes=30)


@dataclass
class Subject:
    """What every record rule looks at: the record, where its values are, and policy."""

    rec: Record
    policy: Policy
    playbooks: set[str]
    now: datetime
    sink: ProblemSink

    @property
    def inc(self) -> Incident:
        return self.rec.incident

    def at(self, loc: Key, *, key: bool = False) -> tuple[int, int]:
        return self.rec.source.locate(loc, key=key)

    @cached_property
    def points(self) -> dict[str, Milestone]:
        """The record's milestones, read once for every rule that needs them."""
        return milestones(self.rec.incident, self.policy.milestones)


def file_name(s: Subject) -> None:
    """file-name: NNNN-slug.yaml matches number and slug."""
    stem = s.rec.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem != s.inc.ident:
        s.sink.error(
            s.at(("number",)),
            f"file name must be {s.inc.ident}.yaml to match number and slug",
            "file-name",
        )


def severity_known(s: Subject) -> None:
    """unknown-severity: the record's severity is one policy defines."""
    if s.policy.severity(s.inc.severity) is None:
        known = ", ".join(x.id for x in s.policy.severities)
        s.sink.error(
            s.at(("severity",)),
            f"unknown severity {s.inc.severity!r} (policy defines {known})",
            "unknown-severity",
        )


def workflow_allowed(s: Subject) -> None:
    """workflow-not-allowed: the severity allows the record's workflow."""
    severity = s.policy.severity(s.inc.severity)
    if severity is not None and s.inc.workflow not in severity.allowed_workflows:
        allowed = ", ".join(w.value for w in severity.allowed_workflows)
        s.sink.error(
            s.at(("workflow",)),
            f"{severity.id} allows the {allowed} workflow(s), not {s.inc.workflow.value!r}",
            "workflow-not-allowed",
        )


def staging_skip(s: Subject) -> None:
    """staging-skip: staging is skipped only where the severity allows it."""
    severity, dep = s.policy.severity(s.inc.severity), s.inc.deployment
    if severity is None or dep is None or not dep.skipped_staging or severity.staging_skippable:
        return
    allowed = ", ".join(x.id for x in s.policy.severities if x.staging_skippable)
    s.sink.error(
        s.at(("deployment", "skipped_staging")),
        f"{severity.id} may not skip staging (policy allows it for {allowed or 'no severity'})",
        "staging-skip",
    )


def approvals(s: Subject) -> None:
    """approvals: as many deploy approvals as the severity needs."""
    severity, dep = s.policy.severity(s.inc.severity), s.inc.deployment
    if severity is None or dep is None or len(dep.approvers) >= severity.approvals:
        return
    s.sink.error(
        s.at(("deployment", "approvers")),
        f"{severity.id} needs {severity.approvals} deploy approval(s); {len(dep.approvers)} given",
        "approvals",
    )


def playbook_known(s: Subject) -> None:
    """unknown-playbook: a named playbook exists."""
    if s.inc.playbook is not None and s.inc.playbook not in s.playbooks:
        known = ", ".join(sorted(s.playbooks)) or "none"
        s.sink.error(
            s.at(("playbook",)),
            f"unknown playbook {s.inc.playbook!r} (known: {known})",
            "unknown-playbook",
        )


def timeline_order(s: Subject) -> None:
    """timeline-order: exactly timed events are in order (approximate ones may overlap).

    The events blamed are the fewest whose removal leaves the rest in order: one event
    typed an hour late is reported at its own line, not at each event listed after it.
    """
    timed = [
        (i, event.at)
        for i, event in enumerate(s.inc.timeline)
        if event.at is not None and not event.approximate
    ]
    kept = _longest_in_order([at for _, at in timed])
    order = sorted(kept)
    for n, (i, at) in enumerate(timed):
        if n in kept:
            continue
        k = bisect_right(order, n)
        before = order[k - 1] if k else None
        after = order[k] if k < len(order) else None
        if before is not None and at < timed[before][1]:
            j, other = timed[before]
            where = f"earlier than timeline[{j}] ({format_duration(other - at)} before it)"
        elif after is not None:
            j, other = timed[after]
            where = f"later than timeline[{j}] ({format_duration(at - other)} after it)"
        else:  # pragma: no cover - an event off the order has a kept neighbour
            continue
        s.sink.error(
            s.at(("timeline", i, "at")),
            f"event is {where}; keep the timeline in order",
            "timeline-order",
        )
    _estimates_in_place(s)


def _estimates_in_place(s: Subject) -> None:
    """A milestone event far before the event listed above it, either of them approximate:
    the first event of a kind listed is the milestone, so the order must say which came
    first. (A note may sit loosely among estimates: no number rests on its place.)"""
    kinds = {*MILESTONES, *(d.id for d in s.policy.milestones)}
    previous: tuple[int, datetime, bool] | None = None
    for i, event in enumerate(s.inc.timeline):
        if event.at is None:
            continue
        if previous is not None and (event.approximate or previous[2]) and event.kind in kinds:
            j, before, _ = previous
            if before - event.at > APPROXIMATE_SLACK:
                s.sink.warning(
                    s.at(("timeline", i, "at")),
                    f"event is earlier than timeline[{j}] ({format_duration(before - event.at)} "
                    "before it), more than an estimate's leeway; keep the timeline in order",
                    "timeline-order",
                )
        previous = (i, event.at, event.approximate)


def _longest_in_order(times: list[datetime]) -> set[int]:
    """Positions of a longest non-decreasing run of ``times`` (not necessarily adjacent);
    of several, the one ending first. O(n log n): a record may hold thousands of events."""
    tails: list[datetime] = []  # the smallest last time of a run of each length
    ends: list[int] = []  # where that run ends
    previous: list[int | None] = []
    length: list[int] = []
    for i, at in enumerate(times):
        k = bisect_right(tails, at)
        previous.append(ends[k - 1] if k else None)
        length.append(k + 1)
        if k == len(tails):
            tails.append(at)
            ends.append(i)
        else:
            tails[k], ends[k] = at, i
    if not times:
        return set()
    end: int | None = length.index(max(length))
    kept = set()
    while end is not None:
        kept.add(end)
        end = previous[end]
    return kept


def _known_kinds(policy: Policy) -> tuple[str, ...]:
    return (*MILESTONES, *PLAIN_KINDS, *sorted(d.id for d in policy.milestones))


def event_kinds(s: Subject) -> None:
    """unknown-event-kind: every timeline kind is built in or declared in policy."""
    kinds = _known_kinds(s.policy)
    for i, event in enumerate(s.inc.timeline):
        if event.kind not in kinds:
            s.sink.error(
                s.at(("timeline", i, "kind")),
                f"unknown event kind {shorten(event.kind)!r} (known: {', '.join(kinds)}; "
                "declare your own under 'milestones' in policy)",
                "unknown-event-kind",
            )


def stated_milestones(s: Subject) -> None:
    """unknown-milestone: every stated milestone is built in or declared in policy."""
    known = (*MILESTONES, *sorted(d.id for d in s.policy.milestones))
    for name in s.inc.milestones:
        if name not in known:
            s.sink.error(
                s.at(("milestones", name), key=True),
                f"unknown milestone {shorten(name)!r} (known: {', '.join(known)})",
                "unknown-milestone",
            )


def milestone_order(s: Subject) -> None:
    """milestone-order: detected ≤ acknowledged ≤ mitigated ≤ resolved, and impact starts
    before it ends (started ≤ mitigated ≤ resolved).

    Detection may come before impact: an alert on a disk filling up, or an error budget
    burning, fires before users are hurt (time to detect is then negative, and says so).
    """
    points = s.points
    reported: set[str] = set()
    for chain in (RESPONSE, IMPACT):
        previous = None
        for name in chain:
            point = points.get(name)
            if point is None:
                continue
            if previous is not None and point.at < previous.at and name not in reported:
                approximate = point.approximate or previous.approximate
                # An estimate may be a little off its neighbour; far off, the numbers
                # resting on it (a negative duration) are wrong, but a record that built
                # before stays buildable: a warning.
                if not approximate or previous.at - point.at > APPROXIMATE_SLACK:
                    reported.add(name)
                    _misordered(s, point, previous, approximate)
            previous = point


def _misordered(s: Subject, point: Milestone, previous: Milestone, approximate: bool) -> None:
    loc = (
        ("milestones", point.name)
        if point.source == "stated"
        else ("timeline", point.event or 0, "at")
    )
    text = (
        f"{point.name} ({point.at.isoformat()}) is before {previous.name} "
        f"({previous.at.isoformat()}); check the date and the offset of both"
    )
    if approximate:
        gap = format_duration(previous.at - point.at)
        s.sink.warning(
            s.at(loc),
            f"{text} (approximate, but {gap} off: its durations would be negative)",
            "milestone-order",
        )
    else:
        s.sink.error(s.at(loc), text, "milestone-order")


def _recorded_times(s: Subject) -> list[tuple[Key, datetime]]:
    """Every time the record gives, events and stated milestones, with where it is."""
    found: list[tuple[Key, datetime]] = [
        (("timeline", i, "at"), event.at)
        for i, event in enumerate(s.inc.timeline)
        if event.at is not None
    ]
    for name, stated in s.inc.milestones.items():
        at = stated.at if isinstance(stated, StatedTime) else stated
        loc: Key = (
            ("milestones", name, "at") if isinstance(stated, StatedTime) else ("milestones", name)
        )
        found.append((loc, at))
    return found


def not_in_future(s: Subject) -> None:
    """future-time: no event or stated milestone is later than now (a mistyped year, or a
    local time written with another zone's offset)."""
    limit = s.now + FUTURE_SLACK
    for loc, at in _recorded_times(s):
        if at > limit:
            now = s.now.astimezone(at.tzinfo).isoformat(timespec="minutes")
            s.sink.error(
                s.at(loc),
                f"{at.isoformat()} is in the future (now {now}); check the year and the offset",
                "future-time",
            )


def outlying_times(s: Subject) -> None:
    """outlying-time: no event or stated milestone lies more than :data:`OUTLYING` before
    the record's first other time or after its last (a mistyped year or date, or an event
    of another incident). A warning: a long incident may really have such a gap."""
    found = sorted(_recorded_times(s), key=lambda pair: pair[1])
    if len(found) < 2:
        return
    edges = [
        (found[0], found[1], "before the record's first other time", "its date"),
        (found[-1], found[-2], "after the record's last other time", "its date"),
    ]
    if len(found) == 2:
        # Two times far apart: nothing tells which one is off. Said once, of both.
        edges = [(found[1], found[0], "after the record's only other time", "both dates")]
    for (loc, at), (other_loc, other), side, dates in edges:
        gap = abs(at - other)
        if gap > OUTLYING:
            s.sink.warning(
                s.at(loc),
                f"{_label(loc)} ({at.isoformat()}) is {format_duration(gap)} {side}, "
                f"{_label(other_loc)} ({other.isoformat()}); check {dates}, and that the "
                "times belong to this incident",
                "outlying-time",
            )


def _label(loc: Key) -> str:
    """``timeline[3]`` or ``milestones.detected``: how messages name a recorded time."""
    if loc[0] == "timeline":
        return f"timeline[{loc[1]}]"
    return f"milestones.{loc[1]}"


def _how_to_time(s: Subject, kind: str) -> str:
    """What gives the record a ``kind`` time. When it has such an event with an unknown
    time (a write-up that never says when), "add a 'resolved' event" would send the user
    looking for one they already wrote."""
    untimed = next(
        (i for i, e in enumerate(s.inc.timeline) if e.kind == kind and e.at is None), None
    )
    if untimed is None:
        return f"add a '{kind}' timeline event or milestones.{kind}"
    return (
        f"its '{kind}' event (timeline[{untimed}]) has no time: give it an 'at' "
        f"('approximate: true' when the source gives it roughly) or state milestones.{kind}"
    )


def status_timeline(s: Subject) -> None:
    """status-timeline: the status agrees with the timeline."""
    points = s.points
    rank = STATUS_ORDER[s.inc.status]
    # A backfilled record states what its source published; missing live evidence is worth
    # a warning there, not a refusal.
    gate = s.sink.warning if s.inc.historical else s.sink.error
    if rank >= STATUS_ORDER[Status.RESOLVED] and "resolved" not in points:
        gate(
            s.at(("status",)),
            f"status is {s.inc.status.value!r} but no resolution time is known; "
            + _how_to_time(s, "resolved"),
            "status-timeline",
        )
    elif rank == STATUS_ORDER[Status.MITIGATED] and "mitigated" not in points:
        gate(
            s.at(("status",)),
            "status is 'mitigated' but no mitigation time is known; "
            + _how_to_time(s, "mitigated"),
            "status-timeline",
        )
    elif rank < STATUS_ORDER[Status.RESOLVED] and "resolved" in points:
        s.sink.warning(
            s.at(("status",)),
            f"status is {s.inc.status.value!r} but the timeline says it was resolved; "
            "update the status",
            "status-timeline",
        )


def unique_tasks(s: Subject) -> None:
    """duplicate-task: task ids are unique."""
    seen: set[str] = set()
    for i, task in enumerate(s.inc.increment.tasks):
        if task.id in seen:
            s.sink.error(
                s.at(("increment", "tasks", i, "id")),
                f"task {task.id} appears twice",
                "duplicate-task",
            )
        seen.add(task.id)


def manual_ticks(s: Subject) -> None:
    """unknown-checklist-item, checklist-manual-tick: manual ticks name hand-ticked items."""
    checklist = s.policy.checklist_for(s.inc.workflow)
    items = {} if checklist is None else {i.id: i for x in checklist.sections for i in x.items}
    for item_id in s.inc.checklist:
        item = items.get(item_id)
        if item is None:
            s.sink.error(
                s.at(("checklist", item_id), key=True),
                f"no checklist item {shorten(item_id)!r} for the {s.inc.workflow.value} workflow",
                "unknown-checklist-item",
            )
        elif item.rule is not None:
            s.sink.warning(
                s.at(("checklist", item_id), key=True),
                f"checklist item {item_id!r} is ticked by a rule; the manual tick is ignored",
                "checklist-manual-tick",
            )


def action_owners(s: Subject) -> None:
    """action-owner: every action item has an owner (a backfilled record may not know)."""
    pm = s.inc.postmortem
    if pm is None or s.inc.historical:
        return
    for i, item in enumerate(pm.action_items):
        if not item.owner:
            s.sink.error(
                s.at(("postmortem", "action_items", i)),
                f"action item {item.text[:60]!r} has no owner",
                "action-owner",
            )


def postmortem(s: Subject) -> None:
    """postmortem-missing, postmortem-incomplete: policy's post-mortem rules."""
    _check_postmortem(s.rec, s.policy, milestones(s.inc, s.policy.milestones), s.now, s.sink)


def people(s: Subject) -> None:
    """unknown-role, unknown-message, message-kind: roles and sent messages name policy's."""
    check_people_record(s.rec, s.policy, s.sink.problems)


#: Every record rule, in the order their problems read best.
RECORD_RULES: tuple[Callable[[Subject], None], ...] = (
    file_name,
    severity_known,
    workflow_allowed,
    staging_skip,
    approvals,
    playbook_known,
    timeline_order,
    event_kinds,
    stated_milestones,
    milestone_order,
    not_in_future,
    outlying_times,
    status_timeline,
    unique_tasks,
    postmortem,
    action_owners,
    manual_ticks,
    people,
)


def check_record(
    rec: Record, policy: Policy, playbooks: set[str], now: datetime, problems: list[Problem]
) -> None:
    """Run every record rule on ``rec``; problems are appended to ``problems``."""
    subject = Subject(rec, policy, playbooks, now, ProblemSink(rec.path, problems))
    for rule in RECORD_RULES:
        rule(subject)


def _check_postmortem(
    rec: Record, policy: Policy, points: dict[str, Milestone], now: datetime, sink: ProblemSink
) -> None:
    inc, at = rec.incident, rec.source.locate
    pm = inc.postmortem
    if not policy.postmortem_required(inc.severity):
        return
    if inc.is_open:
        return
    resolved = points.get("resolved")
    due = resolved.at + policy.postmortem_due() if resolved else None
    # A resolved incident still has time to write its post-mortem; a closed one does not.
    # Closing needs the post-mortem: an error. A resolved incident is reported with a
    # warning, overdue or not, so recording when the fire went out is never refused.
    report = sink.error if inc.status is Status.CLOSED and not inc.historical else sink.warning
    overdue = due is not None and now > due and inc.status is not Status.CLOSED
    when = (
        f" ({'overdue since' if overdue else 'due'} {due.date().isoformat()})"
        if due is not None
        else ""
    )
    if pm is None:
        report(
            at(("status",)),
            f"{inc.severity} needs a post-mortem once {inc.status.value}{when}; add a 'postmortem' section",
            "postmortem-missing",
        )
        return
    missing = missing_sections(inc, policy)
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
