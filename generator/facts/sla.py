"""Service-level checks: each measured interval against the severity's policy target.

Response is detected → acknowledged (the seed's "Response Time" column); resolution is
detected → resolved. A check with an unknown end is "pending" while the incident is open and
"unknown" once it is closed; it is never counted as met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from ..model.incident import STATUS_ORDER, Incident, Status
from ..model.policy import Severity
from .durations import format_duration
from .timeline import Interval, Milestone, interval, milestones

Verdict = Literal["met", "breached", "pending", "unknown"]


@dataclass(frozen=True)
class SlaCheck:
    name: str
    interval: Interval
    target: timedelta
    verdict: Verdict

    def text(self) -> str:
        """``"3m (target 15m): met"``."""
        return f"{self.interval.text()} (target {format_duration(self.target)}): {self.verdict}"


def _verdict(span: Interval, target: timedelta, finished: bool) -> Verdict:
    if span.duration is None:
        return "unknown" if finished else "pending"
    return "met" if span.duration <= target else "breached"


def checks(
    incident: Incident, severity: Severity, points: dict[str, Milestone] | None = None
) -> list[SlaCheck]:
    """The response and resolution checks for one incident."""
    points = points if points is not None else milestones(incident)
    finished = STATUS_ORDER[incident.status] >= STATUS_ORDER[Status.RESOLVED]
    acknowledged = interval(points, "detected", "acknowledged")
    resolved = interval(points, "detected", "resolved")
    return [
        SlaCheck(
            "time to acknowledge",
            acknowledged,
            severity.response_target,
            _verdict(acknowledged, severity.response_target, finished or "acknowledged" in points),
        ),
        SlaCheck(
            "time to resolve",
            resolved,
            severity.resolve_target,
            _verdict(resolved, severity.resolve_target, finished),
        ),
    ]
