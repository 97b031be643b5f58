"""Lifecycle facts computed from a record's timestamps: milestones, named intervals, offsets.

Nothing here is typed by a human: every duration is the difference of two typed
timestamps and carries the names of its two ends, so "47m" always says
"detected → resolved".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ..model.incident import MILESTONES, Event, Incident
from .durations import format_duration

Source = Literal["stated", "timeline"]


@dataclass(frozen=True)
class Milestone:
    name: str
    at: datetime
    approximate: bool
    source: Source
    #: Index of the timeline event it came from (None when stated).
    event: int | None = None


@dataclass(frozen=True)
class Interval:
    """A named span between two milestones; ``duration`` is None when an end is unknown."""

    start: str
    end: str
    duration: timedelta | None
    approximate: bool

    @property
    def label(self) -> str:
        return f"{self.start} → {self.end}"

    def text(self) -> str:
        if self.duration is None:
            return "unknown"
        return ("~" if self.approximate else "") + format_duration(self.duration)


#: Timeline event kinds whose first occurrence marks a lifecycle point.
_EVENT_POINTS = (
    "started",
    "detected",
    "acknowledged",
    "root_cause",
    "deployed",
    "mitigated",
    "verified",
    "resolved",
)


def milestones(incident: Incident) -> dict[str, Milestone]:
    """Each lifecycle point: stated in ``milestones`` or the first timeline event of its kind.

    A ``resolved`` point also implies ``mitigated`` when none is known: service came back
    no later than it was resolved.
    """
    found: dict[str, Milestone] = {}
    for index, event in enumerate(incident.timeline):
        kind = event.kind.value
        if kind in _EVENT_POINTS and kind not in found and event.at is not None:
            found[kind] = Milestone(kind, event.at, event.approximate, "timeline", index)
    for name in MILESTONES:
        stated = getattr(incident.milestones, name)
        if stated is not None:
            found[name] = Milestone(name, stated, False, "stated")
    if "mitigated" not in found and "resolved" in found:
        r = found["resolved"]
        found["mitigated"] = Milestone("mitigated", r.at, r.approximate, r.source, r.event)
    return found


def interval(points: dict[str, Milestone], start: str, end: str) -> Interval:
    a, b = points.get(start), points.get(end)
    if a is None or b is None:
        return Interval(start, end, None, False)
    return Interval(start, end, b.at - a.at, a.approximate or b.approximate)


def headline(points: dict[str, Milestone]) -> Interval:
    """The incident's duration: detected → resolved, as the seed counts its 47 minutes."""
    return interval(points, "detected", "resolved")


@dataclass(frozen=True)
class TimelineRow:
    event: Event
    offset: timedelta | None

    def offset_text(self) -> str:
        if self.offset is None:
            return "?"
        return ("~" if self.event.approximate else "") + format_duration(self.offset, signed=True)


def rows(incident: Incident, points: dict[str, Milestone] | None = None) -> list[TimelineRow]:
    """Timeline rows with offsets from detection (+3m, +10m; negative before detection)."""
    points = points if points is not None else milestones(incident)
    origin = points.get("detected") or points.get("started")
    out = []
    for event in incident.timeline:
        offset = event.at - origin.at if (origin and event.at is not None) else None
        out.append(TimelineRow(event, offset))
    return out
