"""What the commands that add a timeline event share: ``--at`` as ``playbook log`` reads it,
the event's place in the timeline, and the confirmation line.

``severity`` and ``role`` record a change in the timeline the way ``log`` would, so a
backfilled handover follows the same rules (and prints the same line) as any logged event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import click
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..authoring.edit import Stamp, insert_item, like_siblings, set_key
from ..authoring.timeparse import Typed, read_time, refuse_today_on_backfill
from ..facts.clock import reading, stamp
from ..facts.durations import format_duration
from ..facts.timeline import milestones
from ..model.incident import MILESTONES, Incident
from ..model.policy import Policy

#: ``--at`` as every event-adding command documents it.
AT_HELP = (
    "When: HH:MM (today), a timestamp, '2017-02-28 09:37 America/Los_Angeles', "
    "'~14:30' for an estimate, or 'unknown'. Without an offset or zone name, the policy's "
    "timezone. Default: now."
)

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


@dataclass(frozen=True)
class When:
    """An event's time as ``--at`` gave it (or now), and the text typed."""

    typed: Typed
    at: str | None

    @property
    def moment(self) -> datetime | None:
        return self.typed.when

    @property
    def approximate(self) -> bool:
        return self.typed.approximate and self.typed.when is not None


def read_at(at: str | None, policy: Policy, *, approximate: bool = False) -> When:
    """``--at`` read as ``log`` reads it: any form, ``~`` or ``unknown``; now when absent."""
    now = datetime.now(UTC)
    typed = (
        read_time(at, now, policy.zone(), allow_unknown=True)
        if at is not None
        else Typed(now.replace(microsecond=0), False)
    )
    if approximate and not typed.approximate:
        typed = replace(typed, approximate=True)
    return When(typed, at)


def add_event(
    data: CommentedMap,
    incident: Incident,
    when: When,
    kind: str,
    text: str,
    policy: Policy,
    **extra: Any,
) -> None:
    """Insert the event into the record's tree, in time order, in the file's own style.

    A clock time alone on a backfilled record whose times are on other days is refused,
    as ``log`` refuses it."""
    if when.at is not None:
        refuse_today_on_backfill(incident, when.typed, when.at, policy.zone())
    event = CommentedMap()
    if when.moment is not None:
        event["at"] = Stamp.of(when.moment)
    if when.approximate:
        event["approximate"] = True
    event["kind"] = kind
    event["text"] = text
    for key, value in extra.items():
        event[key] = value
    timeline = data.get("timeline")
    if not isinstance(timeline, CommentedSeq):
        timeline = CommentedSeq()
        set_key(data, "timeline", timeline)
    index = (
        insertion_index(incident, when.moment, kind) if when.moment is not None else len(timeline)
    )
    insert_item(timeline, index, like_siblings(timeline, event))


def confirm(
    shown_path: str,
    after: Incident,
    policy: Policy,
    when: When,
    kind: str,
    text: str,
    *,
    err: bool = False,
) -> None:
    """``<file>: logged <kind> at <stamp> (<project clock>, <offset>): <text>``, and the
    note on how a time without an offset was read; on stderr with ``err`` (``comms`` keeps
    stdout for the message to paste)."""
    moment = when.moment
    if moment is None:
        click.echo(f"{shown_path}: logged {kind} at an unknown time: {text}", err=err)
        return
    detected = milestones(after, policy.milestones).get("detected")
    # Beside the stamp as written: the project's clock reading, when the stamp does not
    # say it (a now in UTC for a Kolkata team), and the offset from detection.
    notes = [reading(moment, policy.zone()) or ""]
    if detected:
        notes.append(format_duration(moment - detected.at, signed=True))
    extra = ", ".join(n for n in notes if n)
    shown = ("~" if when.approximate else "") + stamp(moment) + (f" ({extra})" if extra else "")
    click.echo(f"{shown_path}: logged {kind} at {shown}: {text}", err=err)
    note = when.typed.note("--at", when.at) if when.at is not None else ""
    if note:
        click.echo(note, err=True)
