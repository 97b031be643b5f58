"""Incident phases (detected → acknowledged, …) as bars on a shared time axis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from ..facts.durations import format_duration
from . import _palette
from ._svg import document, empty, label, num, text_width, tooltip, top
from ._time import TimeAxis, axis_markup, dates_in_tooltips, in_zone, moment_text, time_axis

WIDTH = 720.0
LABEL_COLUMN = 200.0
RIGHT = WIDTH - 16.0
ROW, BAR = 24.0, 14.0


@dataclass(frozen=True)
class Bar:
    """A span of time; ``kind`` picks the colour (an event kind, or ``phase``)."""

    label: str
    start: datetime
    end: datetime
    kind: str = "phase"
    #: Is the start, the end an estimate? Marked ``~`` as everywhere else on the site.
    approximate: tuple[bool, bool] = (False, False)


def gantt(bars: Sequence[Bar], *, title: str, tz: tzinfo = UTC, caption: bool = True) -> str:
    """One row per bar, each labelled with its duration, on an axis shown in ``tz``."""
    if not bars:
        return empty("gantt", title, caption=caption)
    spans = [sorted((in_zone(b.start, UTC), in_zone(b.end, UTC))) for b in bars]
    axis = time_axis([t for span in spans for t in span], tz, LABEL_COLUMN, RIGHT)
    y0 = top(caption) + 6
    axis_y = y0 + len(bars) * ROW + 4
    ticks, below = axis_markup(axis, axis_y, y0)
    dated = dates_in_tooltips([t for span in spans for t in span], axis, tz)
    rows = [_row(i, bar, spans[i], axis, y0 + i * ROW, tz, dated) for i, bar in enumerate(bars)]
    return document("gantt", WIDTH, axis_y + below + 4, title, [ticks, *rows], caption=caption)


def _row(
    index: int, bar: Bar, span: list[datetime], axis: TimeAxis, y: float, tz: tzinfo, dated: bool
) -> str:
    start, end = span
    # An event kind's bar takes its colour from the stylesheet, by class; a series' is written.
    if bar.kind in _palette.KIND:
        fill, cls = "", _palette.kind(bar.kind)[1]
    else:
        colour, cls = _palette.series(bar.kind, index)
        fill = f' fill="{colour}"'
    x0, x1 = axis.x(start), axis.x(end)
    width = max(x1 - x0, 2.0)  # an instant still shows as a sliver
    # (``span`` is sorted: a bar given backwards keeps its ends' marks with its times.)
    marks = bar.approximate if start == in_zone(bar.start, UTC) else bar.approximate[::-1]
    duration = ("~" if any(marks) else "") + format_duration(end - start)
    ty = y + 17
    name = label(8, ty, bar.label, max_width=LABEL_COLUMN - 16, cls="pb-row-label")
    rect = (
        f'<rect x="{num(x0)}" y="{num(y + (ROW - BAR) / 2 + 1)}" width="{num(width)}"'
        f' height="{num(BAR)}" rx="3"{fill}/>'
    )
    # The duration goes after the bar; a bar reaching the right edge carries it inside. Its
    # size (11) comes from the stylesheet (.pb-gantt .pb-value).
    room = text_width(duration, 11) + 8
    if x0 + width + room <= RIGHT or width < room:
        value = label(x0 + width + 4, ty, duration, size=11, cls="pb-value", styled=True)
    else:
        value = label(
            x0 + width - 4,
            ty,
            duration,
            size=11,
            cls="pb-value",
            styled=True,
            text_anchor="end",
            fill="#fff",
            font_weight="600",
        )
    first = ("~" if marks[0] else "") + moment_text(start, tz, dated)
    last = ("~" if marks[1] else "") + moment_text(end, tz, dated)
    hint = tooltip(f"{bar.label}: {first} → {last} ({duration})")
    return f'<g class="pb-bar {cls}">{hint}{name}{rect}{value}</g>'
