"""``playbook log``: append a timeline event while the incident is happening."""

from __future__ import annotations

from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap

from ..authoring.edit import edit_record, set_key
from ..errors import PlaybookError, UsageProblem
from ..load.project import Record
from ..model.incident import MILESTONES, PLAIN_KINDS, STATUS_ORDER, EventKind, Incident, Status
from ._common import project_option, typed_text
from ._event import AT_HELP, add_event, confirm, read_at
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
    help=AT_HELP,
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
    when = read_at(at, policy, approximate=approximate)
    text = text.strip()
    if not text:
        raise PlaybookError("the event needs some TEXT saying what happened")
    event_kind = kind
    moved: list[tuple[Status, Status]] = []

    def change(data: CommentedMap, record: Record) -> None:
        inc = record.incident
        add_event(data, inc, when, event_kind, text, policy)
        status = new_status(inc, event_kind)
        if status is not None and STATUS_ORDER[status] > STATUS_ORDER[inc.status]:
            set_status(data, status)
            moved.append((inc.status, status))

    edit = edit_record(where.ctx, where.path, change)
    confirm(where.shown, edit.after.incident, policy, when, event_kind, text)
    for old, status in moved:
        click.echo(f"status: {old.value} → {status.value}")
    warn(edit)
