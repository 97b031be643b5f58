"""Which time zone names a project may use: IANA regions and UTC, never a name whose
meaning depends on the machine that builds the site.

``localtime`` is whatever zone the build machine is set to, ``Factory`` a placeholder with
no offset of its own, and ``posix/…`` and ``right/…`` copies of the database (the latter
counting leap seconds): pages built from the same records would differ from machine to
machine. This module imports nothing heavy: the command line checks typed zones with it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MACHINE = frozenset({"localtime", "factory", "posixrules"})


def usable_zone(name: str) -> ZoneInfo | None:
    """The zone ``name`` names, or None when it is no zone a project may use."""
    if name.lower() in _MACHINE or name.startswith(("posix/", "right/")):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
