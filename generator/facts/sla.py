"""Service-level checks: the intervals policy names against the severity's targets.

The response target measures ``measures.response_target`` (time to acknowledge by default),
the resolve target ``measures.resolve_target`` (time to resolve). Verdicts:

- ``met`` / ``breached``: both ends known, compared with the target;
- while the end is not reached yet (nobody acknowledged; not resolved), the time elapsed *as
  of* the build is compared: past the target it is ``breached`` with ``still_open`` set
  ("breached (still open)"), otherwise ``pending``;
- ``unknown``: the incident is over but a time needed is missing. Never counted as met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ..model.incident import Incident
from ..model.policy import Measures, Severity
from .durations import format_duration
from .timeline import Interval, Milestone

Verdict = Literal["met", "breached", "pending", "unknown"]


@dataclass(frozen=True)
class SlaCheck:
    #: ``time to acknowledge`` / ``time to resolve``: the interval's label, lower case.
    name: str
    #: ``response`` or ``resolve``: which of the severity's targets.
    target_name: str
    interval: Interval
    target: timedelta
    verdict: Verdict
    #: Judged on time elapsed so far: the end is not reached yet.
    still_open: bool = False
    #: Time elapsed as of the build, for a check still open.
    elapsed: timedelta | None = None

    @property
    def verdict_text(self) -> str:
        breached_open = self.still_open and self.verdict == "breached"
        return f"{self.verdict} (still open)" if breached_open else self.verdict

    @property
    def measured(self) -> timedelta | None:
        """The duration judged: the interval, or the time elapsed for an open check."""
        return self.interval.duration if self.interval.duration is not None else self.elapsed

    def text(self) -> str:
        """``"3m (target 15m): met"``; ``"3d 2h so far (target 1d): breached (still open)"``."""
        shown = self.interval.text()
        if self.interval.duration is None and self.elapsed is not None:
            shown = f"{format_duration(self.elapsed)} so far"
        return f"{shown} (target {format_duration(self.target)}): {self.verdict_text}"


def _judge(
    name: str,
    target_name: str,
    span: Interval,
    target: timedelta,
    running: bool,
    start: Milestone | None,
    as_of: datetime,
) -> SlaCheck:
    label = span.label[:1].lower() + span.label[1:]
    if span.duration is not None:
        verdict: Verdict = "met" if span.duration <= target else "breached"
        return SlaCheck(label or name, target_name, span, target, verdict)
    if running and start is not None:
        elapsed = max(as_of - start.at, timedelta(0))
        verdict = "breached" if elapsed > target else "pending"
        return SlaCheck(label, target_name, span, target, verdict, True, elapsed)
    return SlaCheck(label, target_name, span, target, "pending" if running else "unknown")


def checks(
    incident: Incident,
    severity: Severity,
    intervals: dict[str, Interval],
    points: dict[str, Milestone],
    measures: Measures,
    as_of: datetime,
) -> list[SlaCheck]:
    """The response and resolution checks for one incident, judged as of ``as_of``."""
    finished = not incident.is_open
    out = []
    for target_name, interval_id, target in (
        ("response", measures.response_target, severity.response_target),
        ("resolve", measures.resolve_target, severity.resolve_target),
    ):
        span = intervals.get(interval_id)
        if span is None:
            continue
        start = points.get(span.start) if span.start else None
        # Still running: the incident is not over and the end has not been reached. A
        # backfilled record is being typed in from a past report, not run now: a time it
        # does not give yet is unknown, not years "so far".
        running = not finished and span.end is None and not incident.historical
        out.append(_judge(interval_id, target_name, span, target, running, start, as_of))
    return out
