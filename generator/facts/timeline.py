"""Milestones and named intervals, computed from a record's timestamps.

A milestone (started, detected, …, or one policy declares) is stated in the record's
``milestones`` or taken from its timeline. Which event counts when a kind occurs several
times is defined, not accidental: the *first* event of that kind with a known time, or the
*last* for a milestone policy declares with ``pick: last``; a stated milestone always wins.

An interval (see :class:`~generator.model.policy.IntervalDef`) runs from the first known of
its start milestones to the first known of its end milestones. Each is computed on its own:
one unknown milestone makes only the intervals that need it unknown. When the end point is
not the first one the definition names (mitigated missing, resolved used), the interval
says so (``end_fallback``), and pages show it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ..model.incident import PLAIN_KINDS, Event, Incident, StatedTime
from ..model.policy import IntervalDef, MilestoneDef
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
    """A named span; ``duration`` is None when either end is unknown."""

    id: str
    label: str
    definition: str
    #: The milestones actually used (None when none of the listed ones is known).
    start: str | None
    end: str | None
    duration: timedelta | None
    approximate: bool
    start_fallback: bool = False
    end_fallback: bool = False
    #: Milestones listed before the one used, which the record does not have.
    passed_over: tuple[str, ...] = ()

    @property
    def ends(self) -> str:
        """``detected → resolved``: the two milestones this value was measured between."""
        return f"{self.start or '?'} → {self.end or '?'}"

    @property
    def fallback(self) -> bool:
        return self.start_fallback or self.end_fallback

    def text(self) -> str:
        if self.duration is None:
            return "unknown"
        return ("~" if self.approximate else "") + format_duration(self.duration)

    def note(self) -> str:
        """What a reader needs beside the number: its ends, and any fallback named."""
        if self.duration is None:
            return self.definition
        notes = [self.ends]
        if self.passed_over:
            notes.append(f"no {', '.join(self.passed_over)} time recorded")
        if self.duration < timedelta(0):  # an alert before the impact it warned of
            notes.append(f"{self.end} came {format_duration(-self.duration)} before {self.start}")
        return "; ".join(notes)


def milestones(incident: Incident, declared: Sequence[MilestoneDef] = ()) -> dict[str, Milestone]:
    """Each milestone the record knows: stated, or picked from the timeline."""
    last = {d.id for d in declared if d.pick == "last"}
    found: dict[str, Milestone] = {}
    for index, event in enumerate(incident.timeline):
        kind = event.kind
        if kind in PLAIN_KINDS or event.at is None:
            continue
        if kind in found and kind not in last:
            continue
        found[kind] = Milestone(kind, event.at, event.approximate, "timeline", index)
    for name, stated in incident.milestones.items():
        if isinstance(stated, StatedTime):
            found[name] = Milestone(name, stated.at, stated.approximate, "stated")
        else:
            found[name] = Milestone(name, stated, False, "stated")
    return found


def _first(
    points: Mapping[str, Milestone], names: Sequence[str]
) -> tuple[Milestone | None, tuple[str, ...]]:
    """The first known of ``names``, and the names passed over to reach it."""
    for i, name in enumerate(names):
        if name in points:
            return points[name], tuple(names[:i])
    return None, ()


def measure(points: Mapping[str, Milestone], spec: IntervalDef) -> Interval:
    """The interval ``spec`` measured on one record's milestones."""
    a, a_fell = _first(points, spec.start)
    b, b_fell = _first(points, spec.end)
    duration = b.at - a.at if a is not None and b is not None else None
    return Interval(
        spec.id,
        spec.label,
        spec.definition,
        a.name if a else None,
        b.name if b else None,
        duration,
        bool(a and b and (a.approximate or b.approximate)),
        bool(a_fell) and a is not None,
        bool(b_fell) and b is not None,
        (a_fell if a else ()) + (b_fell if b else ()),
    )


def between(points: Mapping[str, Milestone], start: str, end: str) -> Interval:
    """An ad-hoc span between two named milestones (diagrams, phases)."""
    spec = IntervalDef(
        id=f"{start}_{end}",
        label=f"{start} → {end}",
        definition=f"{start} → {end}",
        start=[start],
        end=[end],
    )
    return measure(points, spec)


@dataclass(frozen=True)
class TimelineRow:
    event: Event
    offset: timedelta | None

    def offset_text(self) -> str:
        if self.offset is None:
            return "?"
        return ("~" if self.event.approximate else "") + format_duration(self.offset, signed=True)


def origin(points: Mapping[str, Milestone]) -> Milestone | None:
    """Where timeline offsets count from: detection, else the start of impact."""
    return points.get("detected") or points.get("started")


def rows(incident: Incident, points: Mapping[str, Milestone]) -> list[TimelineRow]:
    """Timeline rows with offsets from detection (+3m, +10m; negative before detection)."""
    zero = origin(points)
    return [
        TimelineRow(e, e.at - zero.at if (zero is not None and e.at is not None) else None)
        for e in incident.timeline
    ]


def earliest(incident: Incident, points: Mapping[str, Milestone]) -> tuple[datetime | None, bool]:
    """The earliest known time of the record (milestones first, else any timeline event),
    and whether it is an estimate."""
    times = [(p.at, p.approximate) for p in points.values()] or [
        (e.at, e.approximate) for e in incident.timeline if e.at
    ]
    if not times:
        return None, False
    at = min(t for t, _ in times)
    return at, all(approximate for t, approximate in times if t == at)
