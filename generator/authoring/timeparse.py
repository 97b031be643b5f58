"""Times typed on the command line: ``14:35``, ``~14:35``, ``unknown``, a full timestamp,
or a date-time followed by a zone name.

Accepted forms (a leading ``~`` marks any of them approximate):

- ``2024-11-25T06:35-08:00`` or ``…Z``: ISO 8601 with its offset, kept as written;
- ``2017-02-28 09:37 America/Los_Angeles``: a date-time in that IANA zone (the record keeps
  the offset the zone had at that moment, ``-08:00``);
- ``2017-02-28 09:37`` or ``2017-02-28T09:37``: in the project's zone (policy ``timezone``,
  default UTC);
- ``14:35`` (or ``14:35:10``): today, in the project's zone — the scribe writing down what
  just happened; ``22:52 UTC`` or ``09:37 America/Los_Angeles``: today in that zone;
- in any of these, the clock as write-ups print it: ``9:37`` for ``09:37``, and a 12-hour
  clock, ``9:37AM`` or ``1:18 p.m.`` (``12:05 AM`` is ``00:05``);
- the date as write-ups print it, with a month name: ``Oct 21 2018 22:52 UTC``,
  ``October 21, 2018 10:52 PM``, ``21 Oct 2018``, ``2018 October 21`` (see
  :mod:`.printeddate`; ``10/21/2018`` is refused: which number is the month?);
- ``unknown``: the time is not known (the order of events still is), where allowed.

A time without an offset, or read from a 12-hour clock or a month name, is never taken
silently: commands print the time they resolved it to, with its offset. A time more than a
minute in the future is refused: it is almost always yesterday's time typed after midnight,
and the record would silently lie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..errors import UsageProblem
from ..facts.clock import offset_text, stamp
from ..model.zones import usable_zone
from .printeddate import iso_date

if TYPE_CHECKING:
    from ..model.incident import Incident

#: A clock time alone, or followed by a zone name (``22:52 UTC``).
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+([A-Za-z][\w+\-/]*))?$", re.ASCII)
_ZONED = re.compile(
    r"^(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2})?)\s+([A-Za-z][\w+\-/]*)$", re.ASCII
)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
#: A clock time where a form above has one (at the start, or after the date's space or
#: ``T``; never an offset's ``-08:00``), with an optional AM/PM: ``9:37AM``, ``1:18 p.m.``;
#: what follows it is a zone, an offset or nothing (``14:35:00.5`` is left to ISO 8601).
_PRINTED_CLOCK = re.compile(
    r"(?<![^\sT])(\d{1,2}):(\d{2})(:\d{2})?(?:\s*([ap])\.?m\.?)?(?=[\s+\-Zz]|$)",
    re.ASCII | re.IGNORECASE,
)
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
    #: Typed as a clock time alone (``14:35``), read on today's date.
    today: bool = False
    #: Said after the note: a fixed-offset zone named like a region's (EST in summer).
    caution: str | None = None
    #: Written as ISO 8601 does not write it (``10:52 PM``, ``Oct 21 2018``): the note
    #: shows the reading even when the text gave its own offset.
    reread: bool = False

    def note(self, option: str, text: str) -> str:
        """``note: --at '09:37' read as 2017-02-28T09:37:00-08:00 (America/Los_Angeles)``,
        or ``""`` when the text gave its own offset in ISO 8601: nothing was assumed or
        reread."""
        if self.when is None or (self.assumed is None and not self.reread):
            return ""
        note = f"note: {option} {text!r} read as {stamp(self.when)}"
        if self.assumed is not None:
            note += f" ({self.assumed})"
        if self.other_offset is not None:
            note += (
                f"; the clocks showed that time twice, the first reading is taken "
                f"(write {self.other_offset} for the second)"
            )
        if self.caution is not None:
            note += f"; {self.caution}"
        return note


#: Abbreviations write-ups use (``10:40 PST``, ``11:39 a.m. ET``) → the region's zone.
#: Most are no IANA name and are refused with the region named; EST, MST and HST are
#: IANA names for fixed offsets, read as such but with a caution when the region's clocks
#: showed another offset that day (Eastern time in summer is EDT, -04:00).
REGIONS = {
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "MT": "America/Denver",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "CT": "America/Chicago",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "ET": "America/New_York",
    "HST": "Pacific/Honolulu",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "BST": "Europe/London",
    "CEST": "Europe/Berlin",
}


def _zone_named(name: str, option: str, text: str) -> tzinfo:
    zone = usable_zone(name)
    if zone is not None:
        return zone
    region = REGIONS.get(name.upper())
    if region is not None:
        raise UsageProblem(
            f"{option} {text!r}: {name!r} is an abbreviation, not a time zone name; "
            f"write the region's zone, {region!r}, and the clock time as published "
            "(the offset of that day is then taken, summer time included)"
        )
    raise UsageProblem(
        f"{option} {text!r}: {name!r} is not a time zone name; "
        "use one like UTC, Europe/Berlin or America/Los_Angeles"
    )


def _fixed_zone_caution(name: str, when: datetime) -> str | None:
    """For EST, MST or HST: what the region's clocks showed at ``when``, when that was
    another offset (a summer date): the fixed zone is an hour off the published time."""
    region = REGIONS.get(name.upper())
    if region is None or name.upper() not in ("EST", "MST", "HST"):
        return None
    there = when.astimezone(ZoneInfo(region))
    if there.utcoffset() == when.utcoffset():
        return None
    offset = offset_text(there.utcoffset() or timedelta(0))
    return (
        f"{name} is always {offset_text(when.utcoffset() or timedelta(0))}; on that date "
        f"{region} was {offset} ({there.tzname()}): write {region!r} if the source meant "
        "local time"
    )


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
    value, dated = iso_date(value, option, text)
    value, twelve_hour = _clock_24h(value, option, text)
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
    if _DATE_ONLY.match(value):
        # Python reads a date alone as its midnight: an exact time nobody wrote.
        raise UsageProblem(
            f"{option} {text!r} has no time of day; add one "
            f"(with ~ when the source gives only the day: '~{value} 12:00')"
        )
    clock = _CLOCK.match(value)
    zoned = _ZONED.match(value)
    caution: str | None = None
    if clock:
        hour, minute, second = (int(g or 0) for g in clock.groups()[:3])
        if hour > 23 or minute > 59 or second > 59:
            raise UsageProblem(hint)
        name = clock.group(4)
        here = zone if name is None else _zone_named(name, option, text)
        local = now.astimezone(here)
        when = local.replace(hour=hour, minute=minute, second=second, microsecond=0)
        assumed = f"today, {here}" + (", the project's time zone" if name is None else "")
        if name is not None:
            caution = _fixed_zone_caution(name, when)
    elif zoned:
        named = _zone_named(zoned.group(2), option, text)
        try:
            naive = datetime.fromisoformat(zoned.group(1))
        except ValueError:
            raise UsageProblem(hint) from None
        when = naive.replace(tzinfo=named)
        assumed = str(named)
        caution = _fixed_zone_caution(zoned.group(2), when)
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
    if when > now + _SKEW and clock:
        # Typed after midnight about the evening before (or a slip of the fingers): say what
        # the clock reads now and give the form that means yesterday, ready to retype.
        local_now = now.astimezone(zone)
        day_before = (when - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
        raise UsageProblem(
            f"{option} {text!r} is {stamp(when)}, in the future: it is "
            f"{local_now:%H:%M} now ({zone}); for yesterday write "
            f"{option} '{'~' if approximate else ''}{day_before}'"
        )
    if when > now + _SKEW:
        raise UsageProblem(
            f"{option} {text!r} is {stamp(when)}, in the future; "
            "give the full date for an earlier day"
        )
    return Typed(
        when,
        approximate,
        assumed,
        other_offset,
        today=bool(clock),
        caution=caution,
        reread=dated or twelve_hour,
    )


def _clock_24h(value: str, option: str, text: str) -> tuple[str, bool]:
    """``value`` with its clock written as ISO 8601 reads it: two-digit hour, 24-hour clock,
    and whether it had an AM/PM. Write-ups print ``9:37AM PST`` and ``1:18PM``; made to
    retype them, a scribe turns ``1:18PM`` into ``01:18`` as easily as into ``13:18``."""
    halves: list[str] = []

    def one(match: re.Match[str]) -> str:
        hour, minute, seconds, half = match.groups()
        number = int(hour)
        if half is not None:
            if not 1 <= number <= 12:
                raise UsageProblem(
                    f"{option} {text!r}: {match.group(0)!r} is not a 12-hour clock time "
                    "(1:00 to 12:59 AM or PM); drop the AM/PM for a 24-hour time"
                )
            number = number % 12 + (12 if half.lower() == "p" else 0)
            halves.append(half)
        return f"{number:02d}:{minute}{seconds or ''}"

    return _PRINTED_CLOCK.sub(one, value, count=1), bool(halves)


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
    offset = second.utcoffset()
    if offset is not None and offset != when.utcoffset():
        return offset_text(offset)
    return None


def parse_time(text: str, now: datetime, option: str = "--at", zone: tzinfo = UTC) -> datetime:
    """An exact time (no ``~``, no ``unknown``), for options that need one."""
    typed = read_time(text, now, zone, option)
    if typed.approximate:
        raise UsageProblem(f"{option} {text!r}: an approximate time is not allowed here")
    assert typed.when is not None
    return typed.when


def refuse_today_on_backfill(inc: Incident, typed: Typed, at: str, zone: tzinfo) -> None:
    """A clock time alone means today: on a backfilled record whose known times are all on
    other days, that is almost surely the incident's day meant, and the record would gain
    a duration of years. Nothing to say for a time typed with its date."""
    if not typed.today or typed.when is None:
        return
    today = typed.when.astimezone(zone).date()
    days = {e.at.astimezone(zone).date() for e in inc.timeline if e.at is not None}
    if not inc.historical or not days or today in days:
        return
    example = ("~" if typed.approximate else "") + f"{min(days)} {at.strip().lstrip('~')}"
    raise UsageProblem(
        f"--at {at!r} would be today ({today.isoformat()}), and this backfilled record's "
        f"times are on other days; give the date too, like --at '{example}'"
    )
