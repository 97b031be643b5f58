"""An incident's events on a horizontal time axis, labels staggered so they stay readable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from . import _palette
from ._svg import document, empty, fit, label, legend, num, text_width, tooltip, top
from ._time import TimeAxis, axis_markup, dates_in_tooltips, moment_text, time_axis

WIDTH = 720.0
LEFT, RIGHT = 16.0, WIDTH - 16.0
LANE = 16.0
MAX_LANES = 8
LABEL_ROOM = 200.0


@dataclass(frozen=True)
class Mark:
    """A timeline event; ``at`` is None when its time is unknown (placed by order)."""

    label: str
    at: datetime | None
    kind: str
    approximate: bool = False


def timeline(marks: Sequence[Mark], *, title: str, tz: tzinfo = UTC, caption: bool = True) -> str:
    """One marker per event on a time axis shown in ``tz`` (UTC by default).

    Events without a time sit between their neighbours in recorded order and are drawn
    hollow; approximate times are drawn dashed. Labels take the lowest free lane above the
    axis; a label with no room left is dropped and stays readable as the marker's tooltip.
    """
    if not marks:
        return empty("timeline", title, caption=caption)
    known = [m.at for m in marks if m.at is not None]
    axis = time_axis(known, tz, LEFT, RIGHT, max_ticks=8) if known else None
    xs = _positions(marks, axis)
    placed = _lanes(marks, xs)

    y = top(caption)
    kinds = list(dict.fromkeys(m.kind for m in marks))
    # Swatches and markers take their kind's colour from the stylesheet, by class.
    key, key_height = legend(
        [(k.replace("_", " "), None, _palette.kind(k)[1]) for k in kinds], LEFT, y, RIGHT - LEFT
    )
    lanes_used = max((lane for lane, _ in placed.values()), default=-1) + 1
    axis_y = y + key_height + 10 + lanes_used * LANE + 8
    body = [key]
    if axis is not None:
        ticks, below = axis_markup(axis, axis_y, axis_y - 6 - lanes_used * LANE)
    else:
        ticks = (
            f'<path class="pb-axis" d="M{num(LEFT)} {num(axis_y)}H{num(RIGHT)}"'
            ' stroke="currentColor" stroke-opacity="0.6"/>'
        )
        below = 6.0
    body.append(ticks)
    # Leaders first, labels over them: a label's halo interrupts any leader that passes behind
    # it, so a line never strikes through text.
    body.extend(
        _leader(mark, xs[i], axis_y, placed[i]) for i, mark in enumerate(marks) if i in placed
    )
    dated = axis is None or dates_in_tooltips(known, axis, tz)
    body.extend(
        _mark(mark, xs[i], axis_y, placed.get(i), tz, dated) for i, mark in enumerate(marks)
    )
    note = _note(marks, len(marks) - len(placed), axis is None)
    height = axis_y + below
    if note:
        body.append(label(LEFT, height + 12, note, size=11, cls="pb-note", opacity=0.8))
        height += 18
    return document("timeline", WIDTH, height + 4, title, body, caption=caption)


def _positions(marks: Sequence[Mark], axis: TimeAxis | None) -> list[float]:
    """x of every event; unknown times spread evenly between their known neighbours."""
    xs: list[float | None] = [
        axis.x(m.at) if axis is not None and m.at is not None else None for m in marks
    ]
    i = 0
    while i < len(xs):
        if xs[i] is not None:
            i += 1
            continue
        j = i
        while j < len(xs) and xs[j] is None:
            j += 1
        count = j - i
        before = xs[i - 1] if i > 0 else None
        after = xs[j] if j < len(xs) else None
        room = 24.0 * (count + 1)
        lo = before if before is not None else (LEFT if after is None else max(LEFT, after - room))
        hi = (
            after if after is not None else (RIGHT if before is None else min(RIGHT, before + room))
        )
        for k in range(count):
            xs[i + k] = lo + (k + 1) * (hi - lo) / (count + 1)
        i = j
    return [x if x is not None else LEFT for x in xs]


def _lanes(marks: Sequence[Mark], xs: Sequence[float]) -> dict[int, tuple[int, str]]:
    """Event index → (lane, anchor) for every label that fits; lane 0 is nearest the axis."""
    taken: list[list[tuple[float, float]]] = [[] for _ in range(MAX_LANES)]
    placed: dict[int, tuple[int, str]] = {}
    for i in sorted(range(len(marks)), key=lambda i: xs[i]):
        shown, _ = fit(marks[i].label, LABEL_ROOM)
        width = text_width(shown)
        x = xs[i]
        anchor = "start" if x + 3 + width <= RIGHT else "end"
        span = (x + 3, x + 3 + width) if anchor == "start" else (x - 3 - width, x - 3)
        for lane, spans in enumerate(taken):
            if all(span[1] + 10 <= a or span[0] >= b + 10 for a, b in spans):
                spans.append(span)
                placed[i] = (lane, anchor)
                break
    return placed


def _mark(
    mark: Mark, x: float, axis_y: float, place: tuple[int, str] | None, tz: tzinfo, dated: bool
) -> str:
    _, cls = _palette.kind(mark.kind)
    kind = mark.kind.replace("_", " ")
    # Colour, stroke width, and the hollow, dashed and faded marks of unknown and approximate
    # times come from the stylesheet (.pb-mark rules) by the group's classes.
    if mark.at is None:
        when, state = "time unknown", " pb-unknown"
    elif mark.approximate:
        when, state = "about " + moment_text(mark.at, tz, dated), " pb-approximate"
    else:
        when, state = moment_text(mark.at, tz, dated), ""
    hint = tooltip(f"{when} · {kind} · {mark.label}")
    dot = f'<circle cx="{num(x)}" cy="{num(axis_y)}" r="5"/>'
    text = ""
    if place is not None:
        lane, anchor = place
        text_y = axis_y - 14 - lane * LANE
        tx = x + 3 if anchor == "start" else x - 3
        text = label(
            tx, text_y, mark.label, max_width=LABEL_ROOM, anchor=anchor, cls="pb-mark-label"
        )
    return f'<g class="pb-mark {cls}{state}">{hint}{dot}{text}</g>'


def _leader(mark: Mark, x: float, axis_y: float, place: tuple[int, str]) -> str:
    """The line from an event's marker up to its label's lane."""
    colour, _ = _palette.kind(mark.kind)
    dashed = ' stroke-dasharray="2 1.5"' if mark.at is None or mark.approximate else ""
    text_y = axis_y - 14 - place[0] * LANE
    return (
        f'<path class="pb-leader" d="M{num(x)} {num(axis_y - 6)}V{num(text_y + 2)}"'
        f' stroke="{colour}"{dashed}/>'
    )


def _note(marks: Sequence[Mark], hidden: int, all_unknown: bool) -> str:
    notes = []
    if all_unknown:
        notes.append("No event has a known time; events are shown in recorded order.")
    elif any(m.at is None for m in marks):
        notes.append("Hollow: time unknown, placed in recorded order.")
    if any(m.approximate and m.at is not None for m in marks):
        notes.append("Faded: approximate time.")
    if hidden:
        notes.append(f"{hidden} label(s) left out for room; hover a marker for its event.")
    return " ".join(notes)
