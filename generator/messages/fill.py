"""Fill a message template's ``{placeholder}`` fields from an incident record.

The placeholder names are a fixed list (plus ``role.<id>`` for each policy role and the
time of every milestone, built-in or declared in policy), so policy can be checked for a
misspelt ``{sevrity}`` before anyone pastes a message with a hole in it. A value the
record does not have yet is shown as ``[impact not recorded]``:
the person pasting sees what to fill in by hand, and ``missing`` lists it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from ..facts.clock import shown
from ..facts.timeline import Milestone, measure, milestones
from ..model.comms import MessageTemplate, Stage
from ..model.incident import (
    MILESTONES,
    EventKind,
    Incident,
    Status,
    WorkflowKind,
)
from ..model.policy import Policy

#: A line break inside a paragraph: not before a blank line or a list item.
_SOFT_BREAK = re.compile(r"[ \t]*(?<!\n)\n(?![ \t]*(?:\n|$|[-*+] |\d+[.)] ))[ \t]*")

#: ``{name}`` or ``{role.commander}``; ``{{`` and ``}}`` stand for literal braces.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")

#: Every placeholder a template may use besides ``role.<id>`` and the milestones policy
#: declares, with what it stands for. A built-in milestone's name is its time, except
#: ``root_cause``: that is the text.
PLACEHOLDERS: dict[str, str] = {
    "title": "the record's title",
    "public_title": "public_title, else the title without a leading 'hotfix:' or 'rollback:' "
    "(what customers read)",
    "number": "the incident number, 0015",
    "severity": "the severity id, SEV1",
    "severity_description": "the severity's description, 'System down'",
    "services": "the affected services, comma-separated",
    "status": "open, mitigated, resolved or closed",
    "impact": "assessment.impact",
    "symptoms": "assessment.symptoms",
    "root_cause": "the root cause: the post-mortem's, else the increment's, else the text of "
    "the last root_cause event logged",
    "fix": "the fix as recorded in the increment",
    "impact_start": "when customer impact began: the start of the interval shown as "
    "Duration (timing.yaml), in policy's display zone",
    "impact_end": "when customer impact ended: the end of that interval",
    "duration": "that interval's length, 47m",
    "next_update": "now plus the severity's update interval",
    "commander": "who holds the commander role",
    **{
        name: f"the time of the {name} milestone, in policy's display zone"
        for name in MILESTONES
        if name != "root_cause"
    },
}


#: A workflow named in front of a title, as in a commit message ("hotfix: fix auth token
#: validation"): words for the team, not for customers.
_WORKFLOW_PREFIX = re.compile(
    "^(?:" + "|".join(k.value for k in WorkflowKind) + r")\s*[:\-–—]\s*(?=\S)", re.I
)


def public_title(title: str) -> str:
    """The title as customers read it: without a leading workflow name, capitalised."""
    rest = _WORKFLOW_PREFIX.sub("", title, count=1)
    return rest[:1].upper() + rest[1:] if rest != title else title


@dataclass(frozen=True)
class Found:
    """One placeholder in a template text: its name and where it starts (0-based)."""

    name: str
    offset: int


def placeholders(text: str) -> Iterator[Found]:
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) is not None:
            yield Found(match.group(1).strip(), match.start())


def known(name: str, role_ids: set[str], milestone_ids: Collection[str] = ()) -> bool:
    """Is ``{name}`` filled? ``milestone_ids`` are the milestones policy declares."""
    if name.startswith("role."):
        return name.removeprefix("role.") in role_ids
    return name in PLACEHOLDERS or name in milestone_ids


def filled_as_of(incident: Incident, points: Mapping[str, Milestone], now: datetime) -> datetime:
    """When messages are filled from ``incident`` (whose milestones are ``points``): now
    while it is live; once resolved or closed, the time it was resolved, else (a write-up
    that never says when the all-clear came) its latest known milestone. A finished
    incident's messages then read as they stood at its end ("Next update by" half an hour
    after it, not after today's build), and its page does not change from build to build."""
    if incident.is_open:
        return now
    resolved = points.get("resolved")
    if resolved is not None:
        return min(resolved.at, now)
    return min(max((p.at for p in points.values()), default=now), now)


def values(incident: Incident, policy: Policy, now: datetime) -> dict[str, str | None]:
    """Placeholder name → text, or None where the record has nothing yet."""
    severity = policy.severity(incident.severity)
    increment = incident.increment
    # Times as the site shows them: in policy's display zone, the zone named.
    zone = policy.zone()
    points = milestones(incident, policy.milestones)
    # The customer-impact window is the headline interval ("Duration"), whichever of its
    # listed milestones the record has: what a team tells its customers.
    impact = measure(points, policy.headline())
    start = points.get(impact.start) if impact.start else None
    end = points.get(impact.end) if impact.end else None
    postmortem = incident.postmortem
    # What the responders know so far: the status page already says "identified" once a
    # root_cause event is logged, so its text stands in until the increment states one.
    logged = [e.text for e in incident.timeline if e.kind == EventKind.ROOT_CAUSE]
    root_cause = (
        (postmortem.root_cause if postmortem else None)
        or (increment.root_cause.text if increment.root_cause else None)
        or (logged[-1] if logged else None)
    )
    every = policy.communications.update_every if policy.communications else {}
    interval = every.get(incident.severity)
    out: dict[str, str | None] = {
        name: _time(points.get(name), zone)
        for name in (*MILESTONES, *(m.id for m in policy.milestones))
    }
    out |= {
        "title": incident.title,
        "public_title": incident.public_title or public_title(incident.title),
        "number": f"{incident.number:04d}",
        "severity": incident.severity,
        "severity_description": severity.description if severity else None,
        "services": ", ".join(incident.services) or None,
        "status": incident.status.value,
        "impact": incident.assessment.impact,
        "symptoms": incident.assessment.symptoms,
        "root_cause": root_cause,
        "fix": increment.fix,
        "impact_start": _time(start, zone),
        "impact_end": _time(end, zone),
        "duration": _about(impact.text()) if impact.duration is not None else None,
        "next_update": shown(now + interval, zone) if interval is not None else None,
        "commander": incident.roles.get("commander"),
    }
    for role in policy.roles:
        out[f"role.{role.id}"] = incident.roles.get(role.id)
    return out


def _time(point: Milestone | None, zone: tzinfo) -> str | None:
    """A milestone's time as the site shows it, in words when approximate: messages go to
    readers who do not know the site's ``~``."""
    if point is None:
        return None
    return ("around " if point.approximate else "") + shown(point.at, zone)


def _about(duration: str) -> str:
    """``~4h 40m`` as a message says it: ``about 4h 40m``."""
    return "about " + duration[1:] if duration.startswith("~") else duration


@dataclass(frozen=True)
class Message:
    template: MessageTemplate
    subject: str | None
    body: str
    #: Placeholders the record could not fill, in order of first use.
    missing: list[str]


def label(name: str) -> str:
    """How a missing field is named to the reader: ``root cause``, ``liaison``."""
    return name.removeprefix("role.").replace("_", " ")


def _unwrapped(text: str) -> str:
    """Text wrapped in the YAML for the editor as one line, as the site shows it
    (Markdown); blank lines, list items and fenced code keep their breaks. (A subject is
    made one line by the caller.)"""
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        marker = line.lstrip()[:3]
        if fence is None and marker in ("```", "~~~"):
            if prose:
                out.append(_SOFT_BREAK.sub(" ", "\n".join(prose)))
            prose = []
            fence = marker
            out.append(line)
        elif fence is not None:
            out.append(line)
            if marker == fence:
                fence = None
        else:
            prose.append(line)
    if prose:
        out.append(_SOFT_BREAK.sub(" ", "\n".join(prose)))
    return "\n".join(out)


def _substitute(text: str, found: dict[str, str | None], missing: list[str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)[0]
        name = match.group(1).strip()
        value = found.get(name)
        if value is None:
            if name not in missing:
                missing.append(name)
            return f"[{label(name)} not recorded]"
        return _unwrapped(value.strip())

    return PLACEHOLDER.sub(one, text)


def fill(
    template: MessageTemplate,
    incident: Incident,
    policy: Policy,
    now: datetime,
    found: dict[str, str | None] | None = None,
) -> Message:
    """``template`` filled from ``incident``; ``found`` is :func:`values` when the caller
    fills several templates from one record (it is the same for each of them)."""
    if found is None:
        found = values(incident, policy, now)
    missing: list[str] = []
    subject = _substitute(template.subject, found, missing) if template.subject else None
    if subject is not None:
        subject = " ".join(subject.split())
    body = _substitute(template.body, found, missing).rstrip() + "\n"
    return Message(template, subject, body, missing)


def stage(incident: Incident) -> Stage:
    """Where a status page stands for this record: the stage its next post announces."""
    if incident.status in (Status.RESOLVED, Status.CLOSED):
        return Stage.RESOLVED
    if incident.status is Status.MITIGATED:
        return Stage.MONITORING
    root_cause = incident.increment.root_cause
    if any(e.kind == EventKind.ROOT_CAUSE for e in incident.timeline) or (
        root_cause is not None and root_cause.confirmed
    ):
        return Stage.IDENTIFIED
    return Stage.INVESTIGATING


def applicable(policy: Policy, incident: Incident) -> list[MessageTemplate]:
    """Templates meant for this record's severity, in policy order."""
    if policy.communications is None:
        return []
    return [
        t
        for t in policy.communications.templates
        if not t.severities or incident.severity in t.severities
    ]


def suggested(policy: Policy, incident: Incident) -> MessageTemplate | None:
    """The status-page message for the record's stage, else the first applicable one."""
    usable = applicable(policy, incident)
    now = stage(incident)
    return next((t for t in usable if t.stage is now), usable[0] if usable else None)


def sent(incident: Incident) -> set[str]:
    """Ids of the message templates the timeline records as sent."""
    return {
        e.message
        for e in incident.timeline
        if e.kind == EventKind.COMMUNICATION and e.message is not None
    }
