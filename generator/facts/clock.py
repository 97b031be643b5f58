"""Times as pages and the terminal show them: one display zone per project, labelled.

Records keep each time with the offset it was written in (a Pacific-time source stays
``-08:00``); pages convert every time to the policy's ``timezone`` so that one page never
mixes zones, and keep the written form at hand (tooltips, exports).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


def zone_label(moment: datetime) -> str:
    """``UTC``, ``PST``, or ``+05:30`` when the zone has no short name."""
    name = moment.tzname() or ""
    if name and not name.startswith(("UTC+", "UTC-", "+", "-")):
        return name
    return offset_text(moment.utcoffset() or timedelta(0))


def offset_text(offset: timedelta) -> str:
    """``+05:30``, ``-08:00``, ``+05:30:15`` (seconds only when there are any)."""
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def shown(moment: datetime, zone: tzinfo) -> str:
    """``2024-11-25 14:32 UTC``: a time in the display zone, with the zone named."""
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def written(moment: datetime) -> str:
    """``2024-08-14 13:42 -07:00``: the time as the record wrote it."""
    return f"{moment:%Y-%m-%d %H:%M} {offset_text(moment.utcoffset() or timedelta(0))}"


def stamp(moment: datetime) -> str:
    """How records write a time: seconds precision, ``Z`` for UTC, else the offset."""
    moment = moment.replace(microsecond=0)
    if moment.utcoffset() == timedelta(0):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


def reading(moment: datetime, zone: tzinfo) -> str | None:
    """How the project's clocks read ``moment`` (``2026-12-02 02:33 IST``) when its stamp,
    written in another offset, does not say so itself (a Kolkata team's ``…21:03:15Z``)."""
    if moment.utcoffset() == moment.astimezone(zone).utcoffset():
        return None
    return shown(moment, zone)


def stamp_in(moment: datetime, zone: tzinfo) -> str:
    """ISO 8601 in the display zone, seconds precision: ``2024-11-25T06:32:00-08:00``."""
    return moment.astimezone(zone).replace(microsecond=0).isoformat()


def quarter_of(moment: datetime, zone: tzinfo) -> str:
    """``2024-Q4``: the calendar quarter of ``moment`` in ``zone``."""
    local = moment.astimezone(zone)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"
