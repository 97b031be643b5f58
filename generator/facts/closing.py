"""May an incident be closed? What policy still asks for, in words a person can act on.

Closing needs every task done, the fix verified (a 'verified' timeline event and no failed
verification check) and, for the severities policy names, a complete post-mortem. The
post-mortem and resolution requirements are not re-implemented here: the record is checked
as if it were closed, by the validator's own rules, and their findings are listed.
"""

from __future__ import annotations

from ..model.incident import CheckResult, EventKind, Incident
from ..problems import Level, Problem

#: Validator rules whose findings on a closed record mean "not ready to close".
CLOSING_RULES = frozenset({"postmortem-missing", "postmortem-incomplete", "status-timeline"})


def verified(incident: Incident) -> bool:
    return any(e.kind == EventKind.VERIFIED for e in incident.timeline)


def missing(incident: Incident, closed_problems: list[Problem]) -> list[str]:
    """Everything that stops ``incident`` from being closed; empty when it may close.

    ``closed_problems`` are the validator's problems for the record with status closed.
    """
    number = incident.number
    # A backfilled record holds what its source published: few publish a verification, or
    # say which of the workflow's tasks were done (see :func:`unconfirmed`).
    out = (
        []
        if incident.historical
        else [
            f"task {t.id} {t.text!r} is not done (playbook task {number} {t.id})"
            for t in incident.increment.tasks
            if not t.done
        ]
    )
    if not incident.historical and not verified(incident):
        out.append(
            f"the fix is not verified: no 'verified' event "
            f'(playbook log {number} "Verified fix in production" --kind verified)'
        )
    out.extend(
        f"verification check {v.check!r} failed"
        for v in incident.verification
        if v.result is CheckResult.FAILED
    )
    out.extend(
        p.message
        for p in sorted(closed_problems)
        if p.rule in CLOSING_RULES and p.level is Level.ERROR
    )
    return out


def unconfirmed(incident: Incident) -> list[str]:
    """What a backfilled record was closed without, to say so: its source did not tell."""
    if not incident.historical:
        return []
    out = [f"task {t.id} {t.text!r} is not done" for t in incident.increment.tasks if not t.done]
    if not verified(incident):
        out.append("no 'verified' event")
    return out
