"""Numeric scales and "nice" axis ticks (1, 2, 5 × 10ⁿ)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Linear:
    """Maps the domain ``lo..hi`` onto the pixel range ``start..end``."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return (self.start + self.end) / 2
        return self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start)


def finite(values: Iterable[float | None]) -> list[float | None]:
    """Values with NaN and infinities turned into gaps: they cannot be drawn."""
    return [v if v is not None and math.isfinite(v) else None for v in values]


def nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Ticks covering ``lo..hi`` (always including 0 when it is in range); the first and
    last tick become the axis ends."""
    if hi <= lo:
        hi = lo + 1
    step = nice_step(hi - lo, count)
    first = math.floor(lo / step + 1e-9) * step
    last = math.ceil(hi / step - 1e-9) * step
    ticks = []
    value = first
    while value <= last + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def value_text(value: float) -> str:
    """Compact number for labels: ``3``, ``2.5``, ``12,000``."""
    if not math.isfinite(value):
        return "?"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
