"""Times typed on the command line during an incident: ``14:35`` or a full timestamp.

``14:35`` (or ``14:35:10``) means today in UTC: the scribe is writing down what just
happened. A full timestamp may carry any UTC offset (``2024-11-25T06:35-08:00``); one
written without an offset is taken as UTC, like the short form. A time more than a
minute in the future is refused: it is almost always yesterday's time typed after
midnight UTC, and the record would silently lie.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from ..errors import PlaybookError

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_SKEW = timedelta(minutes=1)


def parse_time(text: str, now: datetime, option: str = "--at") -> datetime:
    """An aware datetime for ``text``; raise :class:`PlaybookError` with a usable hint."""
    value = text.strip()
    hint = (
        f"{option} {text!r} is not a time; use HH:MM (today, UTC) or a timestamp "
        "like 2024-11-25T14:35:00Z"
    )
    clock = _CLOCK.match(value)
    if clock:
        hour, minute, second = (int(g or 0) for g in clock.groups())
        if hour > 23 or minute > 59 or second > 59:
            raise PlaybookError(hint)
        when = now.astimezone(UTC).replace(hour=hour, minute=minute, second=second, microsecond=0)
    else:
        try:
            when = datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError:
            raise PlaybookError(hint) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    if when > now + _SKEW:
        raise PlaybookError(
            f"{option} {text!r} is {stamp(when)}, in the future; "
            "give the full timestamp for an earlier day"
        )
    return when


def stamp(when: datetime) -> str:
    """How records write a time: seconds precision, ``Z`` for UTC, else the offset."""
    when = when.replace(microsecond=0)
    if when.utcoffset() == timedelta(0):
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat()
