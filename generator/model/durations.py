"""Durations as people write them in policy: ``15m``, ``4h``, ``1h30m``, ``5d``, ``2w``.

Parsing lives with the models (policy fields are durations); showing a duration on a page
is a fact's job (:mod:`generator.facts.durations`).
"""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(
    r"^\s*(?:(\d+)\s*w)?\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$",
    re.ASCII,  # 0-9 only: "١٥m" is no duration a reader of the YAML can check
)


def parse_duration(text: str) -> timedelta:
    """Parse ``"1h30m"``-style text; raise ``ValueError`` with a readable reason."""
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        raise ValueError(f"{text!r} is not a duration; write it like 15m, 4h, 1h30m or 5d")
    seconds = sum(int(g) * s for g, s in zip(match.groups(), _UNITS.values(), strict=True) if g)
    return timedelta(seconds=seconds)


def duration_text(delta: timedelta) -> str:
    """Canonical policy form of a duration (``1h30m``), the inverse of parse_duration."""
    total = int(delta.total_seconds())
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, total = divmod(total, size)
        if amount:
            out += f"{amount}{unit}"
    return out or "0m"
