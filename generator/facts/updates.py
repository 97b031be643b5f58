"""When the next update to the people waiting on an open incident is due.

Policy says how often each severity's incident is given an update (``communications.
update_every``); the record's ``communication`` events say when one was last sent. A
responder at 3 a.m. should not have to work out from the timeline whether the status page
is overdue: the incident page and ``playbook show`` say by when the next one is due, or
since when it is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..model.incident import EventKind, Incident
from ..model.policy import Policy


@dataclass(frozen=True)
class NextUpdate:
    #: By when the next update is due.
    due: datetime
    #: The last update sent, or, when none was, the incident's first known time.
    after: datetime
    #: Whether ``after`` is an update sent (else the incident's start).
    sent: bool
    every: timedelta

    def overdue(self, as_of: datetime) -> bool:
        return as_of > self.due


def next_update(incident: Incident, policy: Policy, opened: datetime | None) -> NextUpdate | None:
    """The next update of a live incident still open, under its severity's ``update_every``;
    None for a finished or backfilled incident, or a severity without one."""
    if not incident.is_open or incident.historical or policy.communications is None:
        return None
    every = policy.communications.update_every.get(incident.severity)
    if every is None:
        return None
    sent = [e.at for e in incident.timeline if e.kind == EventKind.COMMUNICATION and e.at]
    if sent:
        last = max(sent)
        return NextUpdate(last + every, last, True, every)
    if opened is None:
        return None
    return NextUpdate(opened + every, opened, False, every)
