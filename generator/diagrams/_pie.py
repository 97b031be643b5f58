"""Shares of a whole (incidents by severity, by cause) as a pie with a value legend."""

from __future__ import annotations

import math
from collections.abc import Mapping

from . import _palette
from ._scale import finite, value_text
from ._svg import document, el, empty, label, num, tooltip, top

WIDTH = 480.0
RADIUS = 80.0
ROW = 20.0


def pie(parts: Mapping[str, float], *, title: str, caption: bool = True) -> str:
    """Slices clockwise from twelve o'clock in the given order; the legend lists every part
    with its value and share, including zeros. Negative values cannot be a slice: they are
    listed, not drawn."""
    items = [
        (name, v if v is not None else 0.0)
        for name, v in zip(parts, finite(parts.values()), strict=True)
    ]
    total = sum(v for _, v in items if v > 0)
    if total <= 0:
        return empty("pie", title, caption=caption)
    y0 = top(caption) + 6
    cx, cy = 16 + RADIUS, y0 + RADIUS
    slices: list[str] = []
    rows: list[str] = []
    angle = 0.0
    for index, (name, value) in enumerate(items):
        colour, cls = _palette.series(name, index)
        share = value / total if value > 0 else 0.0
        share_text = _percent(share) if value >= 0 else "not drawn"
        hint = f"{name}: {value_text(value)} ({share_text})"
        if share > 0:
            slices.append(_slice(cx, cy, angle, angle + share * 2 * math.pi, colour, cls, hint))
            angle += share * 2 * math.pi
        ry = y0 + 4 + index * ROW
        swatch = el(
            "rect",
            {"x": 2 * RADIUS + 48, "y": ry, "width": 10, "height": 10, "rx": 2, "fill": colour},
        )
        name_text = label(2 * RADIUS + 64, ry + 9.5, name, max_width=WIDTH - 2 * RADIUS - 170)
        amount = label(
            WIDTH - 16,
            ry + 9.5,
            f"{value_text(value)} ({share_text})",
            anchor="end",
            cls="pb-value",
        )
        rows.append(el("g", {"class": f"pb-legend-item {cls}"}, swatch, name_text, amount))
    height = max(y0 + 2 * RADIUS, y0 + len(items) * ROW) + 12
    body = [el("g", {"class": "pb-slices"}, *slices), el("g", {"class": "pb-legend"}, *rows)]
    return document("pie", WIDTH, height, title, body, caption=caption)


def _percent(share: float) -> str:
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


def _slice(cx: float, cy: float, a0: float, a1: float, colour: str, cls: str, hint: str) -> str:
    attrs = {"class": f"pb-slice {cls}", "fill": colour}
    if a1 - a0 >= 2 * math.pi - 1e-9:
        # One part is the whole: an arc cannot start and end at the same point.
        return el("circle", attrs | {"cx": cx, "cy": cy, "r": RADIUS}, tooltip(hint))
    x0, y0 = cx + RADIUS * math.sin(a0), cy - RADIUS * math.cos(a0)
    x1, y1 = cx + RADIUS * math.sin(a1), cy - RADIUS * math.cos(a1)
    large = 1 if a1 - a0 > math.pi else 0
    r = num(RADIUS)
    d = f"M{num(cx)} {num(cy)}L{num(x0)} {num(y0)}A{r} {r} 0 {large} 1 {num(x1)} {num(y1)}Z"
    return el("path", attrs | {"d": d}, tooltip(hint))
