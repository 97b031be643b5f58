"""What ``playbook show`` and ``playbook list`` print: a layout of one incident's facts.

Every number comes from :func:`generator.facts.incident.incident_facts`, the function the
site and the exports read; the terminal templates only lay it out. Record text is cleaned
of control characters on the way to the terminal, so a record cannot move the cursor or
recolour the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts.actions import ActionEntry
from ..facts.checklists import FilledChecklist
from ..facts.clock import shown
from ..facts.durations import format_duration
from ..facts.incident import IncidentFacts
from ..facts.sla import SlaCheck
from ..facts.timeline import Interval
from ..model.incident import Incident, Task


@dataclass(frozen=True)
class Row:
    offset: str
    when: str
    kind: str
    text: str


@dataclass(frozen=True)
class View:
    incident: Incident
    path: str
    severity_text: str
    duration: Interval
    #: What the Duration line says beside the label, in the incident page's words.
    duration_text: str
    sla: list[SlaCheck]
    #: The other intervals: (label, what to say).
    others: list[tuple[str, str]]
    timeline: list[Row]
    tasks: list[Task]
    checklist: FilledChecklist | None
    postmortem: str
    open_actions: list[ActionEntry]
    unknown_actions: list[ActionEntry]
    problems: int
    zone: str
    as_of: str
    #: By when the next update is due (a live open incident), as the page says it.
    next_update: str | None = None

    @property
    def tasks_done(self) -> int:
        return sum(t.done for t in self.tasks)


def _duration_text(facts: IncidentFacts) -> str:
    """``47m (detected → resolved)``; for impact still going on, how long so far and since
    when, as the incident page says it; else which end is missing."""
    span = facts.duration
    if span.duration is not None:
        return f"{span.text()} ({span.note()})"
    running = _running(facts, span)
    if running is not None:
        return running
    missing = "end" if span.start else "start"
    return f"unknown: no {missing} time recorded ({span.definition})"


def _running(facts: IncidentFacts, span: Interval) -> str | None:
    """``ongoing: 5d 3h so far, since …`` for an interval a live open incident is still in."""
    start = facts.running_since(span)
    if start is None:
        return None
    since = ("~" if start.approximate else "") + shown(start.at, facts.zone)
    elapsed = format_duration(facts.as_of - start.at)
    return f"ongoing: {elapsed} so far, since {since} (no end recorded yet)"


def _other_text(facts: IncidentFacts, span: Interval) -> str:
    """An interval beside the headline: its length and how it was measured, how long so
    far while it still runs, else what it would measure."""
    return _running(facts, span) or f"{span.text()} ({span.note()})"


def _next_update(facts: IncidentFacts) -> str | None:
    update = facts.next_update
    if update is None:
        return None
    due = shown(update.due, facts.zone)
    when = f"overdue since {due}" if update.overdue(facts.as_of) else f"due by {due}"
    after = shown(update.after, facts.zone)
    last = f"last sent {after}" if update.sent else f"none sent since {after}"
    return f"{when} (every {format_duration(update.every)}; {last})"


def view(facts: IncidentFacts, problems: int = 0) -> View:
    inc = facts.incident
    severity = facts.severity
    timeline = [
        Row(
            r.offset_text(),
            ("~" if r.event.approximate else "")
            + (shown(r.event.at, facts.zone) if r.event.at else "time unknown"),
            r.event.kind,
            r.event.text,
        )
        for r in facts.rows
    ]
    return View(
        incident=inc,
        path=facts.path,
        severity_text=f"{severity.id} ({severity.description})" if severity else inc.severity,
        duration=facts.duration,
        duration_text=_duration_text(facts),
        sla=facts.sla,
        others=[(span.label, _other_text(facts, span)) for span in facts.other_intervals],
        timeline=timeline,
        tasks=list(inc.increment.tasks),
        checklist=facts.checklist,
        postmortem=facts.postmortem.text(inc.severity),
        open_actions=[a for a in facts.actions if a.open],
        unknown_actions=[a for a in facts.actions if a.unknown],
        problems=problems,
        zone=str(facts.zone),
        as_of=shown(facts.as_of, facts.zone),
        next_update=_next_update(facts),
    )
