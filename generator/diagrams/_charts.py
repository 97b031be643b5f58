"""Category charts for the metrics page: bars (stacked or grouped) and lines with gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import _palette
from ._scale import Linear, finite, nice_ticks, value_text
from ._svg import document, el, empty, label, legend, num, tooltip, top

WIDTH = 720.0
LEFT, RIGHT = 60.0, WIDTH - 16.0
PLOT_HEIGHT = 220.0
FAINT = {"stroke": "currentColor", "stroke-opacity": 0.1}


@dataclass(frozen=True)
class _Frame:
    y: Linear
    top: float
    bottom: float
    band: float

    def x(self, index: int) -> float:
        """Centre of category ``index``."""
        return LEFT + (index + 0.5) * self.band


#: Height (px) a stacked segment needs to carry its series' name.
SEGMENT_LABEL_MIN = 14.0


def bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    stacked: bool = True,
    y_label: str = "",
    caption: bool = True,
) -> str:
    """One column per category; series stacked (default) or side by side.

    Missing or non-finite values count as 0; negative values stack below the zero line.
    """
    if not categories or not series:
        return empty("bar-chart", title, caption=caption)
    table = {name: _row(values, len(categories)) for name, values in series.items()}
    columns = [[row[i] for row in table.values()] for i in range(len(categories))]
    if stacked:
        lo = min(sum(v for v in col if v < 0) for col in columns)
        hi = max(sum(v for v in col if v > 0) for col in columns)
    else:
        lo = min(min(col) for col in columns)
        hi = max(max(col) for col in columns)
    parts, frame, height = _frame(categories, list(table), min(lo, 0), max(hi, 0), y_label, caption)
    width = frame.band * 0.7
    for i, col in enumerate(columns):
        left = frame.x(i) - width / 2
        up = down = 0.0
        for s, (name, value) in enumerate(zip(table, col, strict=True)):
            if value == 0:
                continue
            colour, cls = _palette.series(name, s)
            hint = f"{categories[i]} · {name}: {value_text(value)}"
            if stacked:
                base = up if value > 0 else down
                x, w = left, width
                up, down = (up + value, down) if value > 0 else (up, down + value)
            else:
                base, w = 0.0, width / len(table)
                x = left + s * w
            y0, y1 = sorted((frame.y(base), frame.y(base + value)))
            rect = {"x": x, "y": y0, "width": w, "height": y1 - y0, "fill": colour}
            parts.append(el("rect", {"class": f"pb-bar {cls}"} | rect, tooltip(hint)))
            # Stacked segments are told apart by name, not by colour alone, where they fit
            # (the chart's values table names the rest).
            if stacked and y1 - y0 >= SEGMENT_LABEL_MIN and w >= 28:
                parts.append(
                    label(x + w / 2, (y0 + y1) / 2 + 4, name, max_width=w - 4,
                          size=11, anchor="middle", cls="pb-segment-label")
                )  # fmt: skip
            if not stacked and w >= 18:
                parts.append(_value(x + w / 2, frame.y(base + value), value))
        if stacked and up and frame.band >= 24:
            parts.append(_value(frame.x(i), frame.y(up), up))
    return document("bar-chart", WIDTH, height, title, parts, caption=caption)


def line_chart(
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    y_label: str = "",
    caption: bool = True,
) -> str:
    """One line per series over evenly spaced points; a None (or NaN) leaves a gap."""
    table = {name: finite(list(values)[: len(x_labels)]) for name, values in series.items()}
    known = [v for row in table.values() for v in row if v is not None]
    if not x_labels or not known:
        return empty("line-chart", title, caption=caption)
    parts, frame, height = _frame(
        x_labels, list(table), min(*known, 0), max(*known, 0), y_label, caption
    )
    for s, (name, row) in enumerate(table.items()):
        colour, cls = _palette.series(name, s)
        dotted = sum(v is not None for v in row) <= 40
        path = ""
        dots = []
        for i, v in enumerate(row):
            if v is None:
                continue
            x, y = frame.x(i), frame.y(v)
            starts = i == 0 or row[i - 1] is None
            path += f"{'M' if starts else 'L'}{num(x)} {num(y)}"
            alone = starts and (i + 1 == len(row) or row[i + 1] is None)
            if alone or dotted:
                hint = f"{x_labels[i]} · {name}: {value_text(v)}"
                dot = {"cx": x, "cy": y, "r": 3}
                dots.append(el("circle", dot | {"fill": colour}, tooltip(hint)))
        line = {"d": path, "fill": "none", "stroke": colour, "stroke-width": 2}
        parts.append(
            el(
                "g",
                {"class": f"pb-series {cls}"},
                el("path", {"class": "pb-line"} | line | {"stroke-linejoin": "round"}),
                *dots,
            )
        )
    return document("line-chart", WIDTH, height, title, parts, caption=caption)


def _row(values: Sequence[float], length: int) -> list[float]:
    row = [v if v is not None else 0.0 for v in finite(list(values)[:length])]
    return row + [0.0] * (length - len(row))


def _value(x: float, y: float, value: float) -> str:
    return label(x, y - 4, value_text(value), size=11, anchor="middle", cls="pb-value")


def _frame(
    categories: Sequence[str],
    names: list[str],
    lo: float,
    hi: float,
    y_label: str,
    caption: bool,
) -> tuple[list[str], _Frame, float]:
    """Legend, y axis with grid, category labels; returns them, the frame and total height."""
    y = top(caption)
    key, key_height = legend(
        [(name, *_palette.series(name, i)) for i, name in enumerate(names)],
        LEFT,
        y,
        RIGHT - LEFT,
    )
    plot_top = y + key_height + 14
    bottom = plot_top + PLOT_HEIGHT
    ticks = nice_ticks(lo, hi)
    scale = Linear(ticks[0], ticks[-1], bottom, plot_top)
    frame = _Frame(scale, plot_top, bottom, (RIGHT - LEFT) / len(categories))
    parts = [key]
    for tick in ticks:
        ty = scale(tick)
        zero = {"stroke-opacity": 0.6} if tick == 0 else {}
        grid = {"class": "pb-grid", "x1": LEFT, "y1": ty, "x2": RIGHT, "y2": ty} | FAINT | zero
        parts.append(el("line", grid))
        parts.append(
            label(LEFT - 6, ty + 4, value_text(tick), size=11, anchor="end", cls="pb-tick")
        )
    if y_label:
        middle = (plot_top + bottom) / 2
        turn = f"rotate(-90 14 {num(middle)})"
        parts.append(
            label(14, middle, y_label, max_width=PLOT_HEIGHT, anchor="middle", transform=turn)
        )
    # Thin out category labels so each has at least ~44 units of room.
    every = max(1, round(44 / frame.band + 0.49))
    for i, name in enumerate(categories):
        if i % every == 0:
            room = frame.band * every - 4
            parts.append(
                label(
                    frame.x(i),
                    bottom + 16,
                    name,
                    max_width=room,
                    size=11,
                    anchor="middle",
                    cls="pb-category",
                )
            )
    return parts, frame, bottom + 28
