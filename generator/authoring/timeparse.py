"""Times typed on the command line: ``14:35``, ``~14:35``, ``unknown``, a full timestamp,
or a date-time followed by a zone name.

Accepted forms (a leading ``~`` marks any of them approximate):

- ``2024-11-25T06:35-08:00`` or ``…Z``: ISO 8601 with its offset, kept as written;
- ``2017-02-28 09:37 America/Los_Angeles``: a date-time in that IANA zone (the record keeps
  the offset the zone had at that moment, ``-08:00``);
- ``2017-02-28 09:37`` or ``2017-02-28T09:37``: in the project's zone (policy ``timezone``,
  default UTC);
- ``14:35`` (or ``14:35:10``): today, in the project's zone — the scribe writing down what
  just happened;
- ``unknown``: the time is not known (the order of events still is), where allowed.

A time without an offset is never taken silently: commands print the time they resolved it
to, with its offset. A time more than a minute in the future is refused: it is almost always
yesterday's time typed after midnight, and the record would silently lie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import UsageProblem
from ..facts.clock import stamp

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_ZONED = re.compile(r"^(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2})?)\s+([A-Za-z][\w+\-/]*)$")
_SKEW = timedelta(minutes=1)


@dataclass(frozen=True)
class Typed:
    """A time as typed: ``when`` is None for ``unknown``."""

    when: datetime | None
    approximate: bool
    #: Which zone a time without an offset was read in (``"UTC, the project's time zone"``,
    #: ``"America/Los_Angeles"``); None when the text carried its own offset.
    assumed: str | None = None
    #: The clocks showed this local time twice (autumn): the other reading's offset.
    other_offset: str | None = None

    def note(self, option: str, text: str) -> str:
        """``note: --at '09:37' read as 2017-02-28T09:37:00-08:00 (America/Los_Angeles)``,
        or ``""`` when the text gave its own offset: nothing was assumed."""
        if self.when is None or self.assumed is None:
            return ""
        note = f"note: {option} {text!r} read as {stamp(self.when)} ({self.assumed})"
        if self.other_offset is not None:
            note += (
                f"; the clocks showed that time twice, the first reading is taken "
                f"(write {self.other_offset} for the second)"
            )
        return note


def _zone_named(name: str, option: str, text: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageProblem(
            f"{option} {text!r}: {name!r} is not a time zone name; "
            "use one like UTC, Europe/Berlin or America/Los_Angeles"
        ) from None


def read_time(
    text: str,
    now: datetime,
    zone: tzinfo = UTC,
    option: str = "--at",
    *,
    allow_unknown: bool = False,
) -> Typed:
    """Read ``text`` as a time; raise :class:`UsageProblem` (exit 2) with a usable hint."""
    value = text.strip()
    approximate = value.startswith("~")
    value = value.removeprefix("~").strip()
    hint = (
        f"{option} {text!r} is not a time; use HH:MM (today), a date and time like "
        "2024-11-25T14:35:00Z or '2024-11-25 06:35 America/Los_Angeles'"
        + (", or 'unknown'" if allow_unknown else "")
    )
    if value.lower() == "unknown":
        if not allow_unknown:
            raise UsageProblem(f"{option} cannot be 'unknown' here")
        return Typed(None, False)
    assumed: str | None = None
    clock = _CLOCK.match(value)
    zoned = _ZONED.match(value)
    if clock:
        hour, minute, second = (int(g or 0) for g in clock.groups())
        if hour > 23 or minute > 59 or second > 59:
            raise UsageProblem(hint)
        local = now.astimezone(zone)
        when = local.replace(hour=hour, minute=minute, second=second, microsecond=0)
        assumed = f"today, {zone}, the project's time zone"
    elif zoned:
        named = _zone_named(zoned.group(2), option, text)
        try:
            naive = datetime.fromisoformat(zoned.group(1))
        except ValueError:
            raise UsageProblem(hint) from None
        when = naive.replace(tzinfo=named)
        assumed = str(named)
    else:
        try:
            when = datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError:
            raise UsageProblem(hint) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=zone)
            assumed = f"{zone}, the project's time zone"
    other_offset = None
    if assumed is not None:
        other_offset = _wall_time_checked(when, option, text)
    # Keep the offset the zone had at that instant, as records write it.
    try:
        when = when.astimezone(when.tzinfo).replace(microsecond=0)
    except OverflowError:
        raise UsageProblem(f"{option} {text!r} is out of range") from None
    # Imported here: the range lives with the models, which short commands do not load.
    from ..model.common import check_timestamp_range

    wrong = check_timestamp_range(when)
    if wrong:
        raise UsageProblem(f"{option} {text!r} {wrong}")
    if when > now + _SKEW:
        raise UsageProblem(
            f"{option} {text!r} is {stamp(when)}, in the future; "
            "give the full date for an earlier day"
        )
    return Typed(when, approximate, assumed, other_offset)


def _wall_time_checked(when: datetime, option: str, text: str) -> str | None:
    """Refuse a local time the clocks skipped (spring forward); for one they showed twice
    (fall back), the offset of the second reading. ``when`` carries its zone, not an offset."""
    try:
        back = when.astimezone(UTC).astimezone(when.tzinfo)
    except OverflowError:
        return None
    if back.replace(tzinfo=None) != when.replace(tzinfo=None):
        raise UsageProblem(
            f"{option} {text!r}: {when.replace(tzinfo=None).isoformat(' ', 'minutes')} never "
            f"happened in {when.tzinfo} (the clocks went forward): type the time the clocks "
            f"showed ({back.replace(tzinfo=None).isoformat(' ', 'minutes')} at the same moment) "
            "or give an offset"
        )
    second = when.replace(fold=1)
    if second.utcoffset() != when.utcoffset():
        return stamp(second.astimezone(second.tzinfo))[-6:]
    return None


def parse_time(text: str, now: datetime, option: str = "--at", zone: tzinfo = UTC) -> datetime:
    """An exact time (no ``~``, no ``unknown``), for options that need one."""
    typed = read_time(text, now, zone, option)
    if typed.approximate:
        raise UsageProblem(f"{option} {text!r}: an approximate time is not allowed here")
    assert typed.when is not None
    return typed.when
