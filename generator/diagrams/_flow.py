"""The playbook overview: steps in boxes, left to right, wrapping onto rows so eight steps
stay readable on a phone."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from ._svg import clean, document, el, empty, esc, fit, num, text_width, tooltip, top

BOX, GAP_X, GAP_Y, PAD = 136.0, 30.0, 34.0, 12.0
SIZE, LINE, MAX_LINES = 13.0, 16.0, 3
COLOUR = "#3b82f6"
HEAD = 6.0


def flow(
    nodes: Sequence[str], *, title: str, columns: int | None = None, caption: bool = True
) -> str:
    """Boxes joined by arrows in order. Rows hold ``columns`` boxes (by default up to
    three, balanced so the last row is not a lone box); a row's last box points down to
    the next row's first."""
    if not nodes:
        return empty("flow", title, caption=caption)
    count = len(nodes)
    cols = columns or math.ceil(count / math.ceil(count / 3))
    cols = max(1, min(cols, count))
    wrapped = [_wrap(node) for node in nodes]
    box_h = 14 + LINE * max(2, *(len(lines) for lines, _ in wrapped))
    y0 = top(caption) + 4
    width = 2 * PAD + cols * BOX + (cols - 1) * GAP_X
    spots = [
        (PAD + (i % cols) * (BOX + GAP_X), y0 + (i // cols) * (box_h + GAP_Y)) for i in range(count)
    ]
    body = [
        _node(node, lines, cut, *spots[i], box_h)
        for i, (node, (lines, cut)) in enumerate(zip(nodes, wrapped, strict=True))
    ]
    for (x0, y0_), (x1, y1) in itertools.pairwise(spots):
        body.append(_arrow(x0, y0_, x1, y1, box_h))
    height = spots[-1][1] + box_h + PAD
    return document("flow", width, height, title, body, caption=caption)


def _wrap(text: str) -> tuple[list[str], bool]:
    """Greedy word wrap into at most three lines; the flag says whether text was cut."""
    room = BOX - 16
    lines: list[str] = []
    for word in clean(text).split(" "):
        if lines and text_width(f"{lines[-1]} {word}", SIZE) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    cut = len(lines) > MAX_LINES
    if cut:
        lines = [*lines[: MAX_LINES - 1], " ".join(lines[MAX_LINES - 1 :])]
    fitted = [fit(line, room, SIZE) for line in lines]
    return [line for line, _ in fitted] or [""], cut or any(c for _, c in fitted)


def _node(text: str, lines: list[str], cut: bool, x: float, y: float, h: float) -> str:
    rect = {"x": x, "y": y, "width": BOX, "height": h, "rx": 6, "fill": COLOUR}
    box = el("rect", rect | {"fill-opacity": 0.1, "stroke": COLOUR, "stroke-width": 1.5})
    first = y + h / 2 - (len(lines) - 1) * LINE / 2 + SIZE * 0.35
    spans = [
        el("tspan", {"x": x + BOX / 2, "y": first + i * LINE}, esc(line))
        for i, line in enumerate(lines)
    ]
    words = el("text", {"text-anchor": "middle", "font-size": SIZE}, *spans)
    return el("g", {"class": "pb-node"}, tooltip(text) if cut else "", box, words)


def _arrow(x0: float, y0: float, x1: float, y1: float, h: float) -> str:
    """Right to the next box on the same row, or down-left-down to the next row."""
    if y1 == y0:
        cy = y0 + h / 2
        shaft = f"M{num(x0 + BOX)} {num(cy)}H{num(x1 - HEAD)}"
        head = [(x1, cy), (x1 - HEAD, cy - 4), (x1 - HEAD, cy + 4)]
    else:
        sx, ex, mid = x0 + BOX / 2, x1 + BOX / 2, y0 + h + GAP_Y / 2
        shaft = f"M{num(sx)} {num(y0 + h)}V{num(mid)}H{num(ex)}V{num(y1 - HEAD)}"
        head = [(ex, y1), (ex - 4, y1 - HEAD), (ex + 4, y1 - HEAD)]
    points = " ".join(f"{num(px)},{num(py)}" for px, py in head)
    line = el("path", {"d": shaft, "fill": "none", "stroke": "currentColor", "stroke-width": 1.5})
    return el("g", {"class": "pb-arrow", "opacity": 0.7}, line, el("polygon", {"points": points}))
