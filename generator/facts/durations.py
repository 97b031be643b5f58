"""Durations as people write them in policy ("15m", "4h", "1h30m", "5d") and as the site
shows them ("47m", "1h 12m", "3d 4h")."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(
    r"^\s*(?:(\d+)\s*w)?\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$"
)


def parse_duration(text: str) -> timedelta:
    """Parse ``"1h30m"``-style text; raise ``ValueError`` with a readable reason."""
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        raise ValueError(f"{text!r} is not a duration; write it like 15m, 4h, 1h30m or 5d")
    seconds = sum(int(g) * s for g, s in zip(match.groups(), _UNITS.values(), strict=True) if g)
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta, *, signed: bool = False) -> str:
    """Compact human form, two most significant units: ``47m``, ``1h 12m``, ``3d 4h``."""
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ("+" if signed else "")
    total = abs(total)
    if total == 0:
        return f"{'+' if signed else ''}0m"
    parts: list[str] = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, total = divmod(total, size)
        if amount:
            parts.append(f"{amount}{unit}")
    # Seconds only matter for very short spans.
    if len(parts) > 1 and parts[-1].endswith("s"):
        parts.pop()
    return sign + " ".join(parts[:2])


def duration_text(delta: timedelta) -> str:
    """Canonical policy form of a duration (``1h30m``), the inverse of parse_duration."""
    total = int(delta.total_seconds())
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, total = divmod(total, size)
        if amount:
            out += f"{amount}{unit}"
    return out or "0m"
