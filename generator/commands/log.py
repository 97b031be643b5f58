"""``playbook log``: append a timeline event while the incident is happening."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..authoring.edit import Stamp, edit_record, insert_item, like_siblings, set_key
from ..authoring.timeparse import Typed, read_time, refuse_today_on_backfill
from ..errors import PlaybookError, UsageProblem
from ..facts.clock import reading, stamp
from ..facts.durations import format_duration
from ..facts.timeline import milestones
from ..load.project import Record
from ..model.incident import MILESTONES, PLAIN_KINDS, STATUS_ORDER, EventKind, Incident, Status
from ._common import project_option, typed_text
from ._record import target, warn

#: Event kinds that move the status forward, and the statuses they may move it from.
STATUS_RULES: dict[str, tuple[Status, frozenset[Status]]] = {
    EventKind.MITIGATED: (Status.MITIGATED, frozenset({Status.OPEN})),
    EventKind.RESOLVED: (Status.RESOLVED, frozenset({Status.OPEN, Status.MITIGATED})),
}


def new_status(incident: Incident, kind: str) -> Status | None:
    rule = STATUS_RULES.get(kind)
    if rule is None or incident.status not in rule[1]:
        return None
    return rule[0]


#: At the same minute, the order a lifecycle reads in: impact starts, then someone notices.
_LIFECYCLE_RANK = {name: rank for rank, name in enumerate(MILESTONES)}


def insertion_index(incident: Incident, when: datetime, kind: str | None = None) -> int:
    """Where the event goes: before the first timed event later than it, else last.
    At the same time, a milestone goes before those that come later in a lifecycle
    (``started`` logged after ``detected`` of the same minute goes first).

    Backfilling "the deploy went out at 14:58" after later events keeps the timeline in
    order instead of tripping the timeline-order rule. An approximate time still has its
    place: an exact alert at 06:45 logged after "detected around 07:00" goes before it, so
    that the first detection listed is the earliest (milestones are the first event of
    their kind).
    """
    rank = _LIFECYCLE_RANK.get(kind or "")
    for index, event in enumerate(incident.timeline):
        if event.at is None:
            continue
        if event.at > when:
            return index
        if event.at == when and rank is not None and rank < _LIFECYCLE_RANK.get(event.kind, -1):
            return index
    return len(incident.timeline)


def set_status(data: CommentedMap, status: Status) -> None:
    if "status" in data:
        data["status"] = status.value
    elif "severity" in data:
        data.insert(list(data).index("severity") + 1, "status", status.value)
    else:
        set_key(data, "status", status.value)


@click.command("log")
@click.argument("ident", metavar="ID")
@click.argument("text", callback=typed_text)
@click.option(
    "--kind",
    default=EventKind.NOTE.value,
    show_default=True,
    help="What happened: " + ", ".join(k.value for k in EventKind) + ", or a milestone "
    "policy declares. 'mitigated' and 'resolved' also move the status.",
)
@click.option(
    "--at",
    "at",
    help="When: HH:MM (today), a timestamp, '2017-02-28 09:37 America/Los_Angeles', "
    "'~14:30' for an estimate, or 'unknown'. Without an offset or zone name, the policy's "
    "timezone. Default: now.",
)
@click.option("--approximate", is_flag=True, help="The time is an estimate ('around 07:00').")
@project_option
def command(
    ident: str, text: str, kind: str, at: str | None, approximate: bool, project_dir: Path | None
) -> None:
    """Add an event to an incident's timeline.

    The event goes in time order. Kind 'mitigated' sets an open incident's status to
    mitigated; kind 'resolved' sets an open or mitigated incident's status to resolved.
    Other kinds never change the status.

    \b
    Example:
      playbook log 15 "On-call acknowledged" --kind acknowledged
      playbook log 15 "Root cause identified" --kind root_cause --at 14:42
      playbook log 0015 "All-clear declared" --kind resolved --at 2024-11-25T15:19:00Z
      playbook log 3 "Impact began" --kind started --at "~2017-02-28 09:37 America/Los_Angeles"
    """
    where = target(project_dir, ident)
    policy = where.ctx.policy
    kinds = (*MILESTONES, *PLAIN_KINDS, *(m.id for m in policy.milestones))
    if kind not in kinds:
        raise UsageProblem(f"--kind {kind!r} is not one of {', '.join(kinds)}")
    now = datetime.now(UTC)
    typed = (
        read_time(at, now, policy.zone(), allow_unknown=True)
        if at is not None
        else Typed(now.replace(microsecond=0), False)
    )
    when = typed.when
    approximate = approximate or typed.approximate
    text = text.strip()
    if not text:
        raise PlaybookError("the event needs some TEXT saying what happened")
    event_kind = kind
    moved: list[tuple[Status, Status]] = []

    def change(data: CommentedMap, record: Record) -> None:
        inc = record.incident
        if at is not None:
            refuse_today_on_backfill(inc, typed, at, policy.zone())
        event = CommentedMap()
        if when is not None:
            event["at"] = Stamp.of(when)
        if approximate and when is not None:
            event["approximate"] = True
        event["kind"] = event_kind
        event["text"] = text
        timeline = data.get("timeline")
        if not isinstance(timeline, CommentedSeq):
            timeline = CommentedSeq()
            set_key(data, "timeline", timeline)
        index = insertion_index(inc, when, event_kind) if when is not None else len(timeline)
        insert_item(timeline, index, like_siblings(timeline, event))
        status = new_status(inc, event_kind)
        if status is not None and STATUS_ORDER[status] > STATUS_ORDER[inc.status]:
            set_status(data, status)
            moved.append((inc.status, status))

    edit = edit_record(where.ctx, where.path, change)
    detected = milestones(edit.after.incident, policy.milestones).get("detected")
    if when is None:
        click.echo(f"{where.shown}: logged {event_kind} at an unknown time: {text}")
    else:
        # Beside the stamp as written: the project's clock reading, when the stamp does not
        # say it (a now in UTC for a Kolkata team), and the offset from detection.
        notes = [reading(when, policy.zone()) or ""]
        if detected:
            notes.append(format_duration(when - detected.at, signed=True))
        extra = ", ".join(n for n in notes if n)
        shown = ("~" if approximate else "") + stamp(when) + (f" ({extra})" if extra else "")
        click.echo(f"{where.shown}: logged {event_kind} at {shown}: {text}")
        if typed.assumed and at is not None:
            click.echo(typed.note("--at", at), err=True)
    for old, status in moved:
        click.echo(f"status: {old.value} → {status.value}")
    warn(edit)
