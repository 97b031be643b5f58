"""How the site and the terminal show a duration: exact to the minute, never truncated.

Under 72 hours a span reads in hours and minutes (``47m``, ``1h 12m``, ``24h 11m``) because
that is how post-mortems publish a customer-impact window; from 72 hours on, days come
first (``3d 3h 8m``). Units that are zero are left out (``2h``, ``3d 8m``). A span under a
minute that is not zero reads in seconds (``40s``): rounding it to ``0m`` would say nothing
happened. Seconds are otherwise dropped (floored), since records rarely hold them.
"""

from __future__ import annotations

from datetime import timedelta

from ..model.durations import duration_text, parse_duration

_DAYS_FROM = 72 * 3600


def format_duration(delta: timedelta, *, signed: bool = False) -> str:
    """``47m``, ``1h 12m``, ``24h 11m``, ``3d 3h 8m``; ``signed`` adds ``+`` to positives."""
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ("+" if signed else "")
    total = abs(total)
    if total < 60:
        return f"{sign}{total}s" if total else f"{'+' if signed else ''}0m"
    minutes = total // 60
    days, rest = divmod(minutes, 1440) if total >= _DAYS_FROM else (0, minutes)
    hours, mins = divmod(rest, 60)
    parts = [f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (mins, "m")) if n]
    return sign + " ".join(parts)


__all__ = ["duration_text", "format_duration", "parse_duration"]
