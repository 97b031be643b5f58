"""Time axes: one zone for every moment, ticks on round wall-clock times, HH:MM labels
with the date wherever it changes, and the zone spelled out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

from ..facts.clock import offset_text as iso_offset
from ._svg import esc, label, num

_S, _M, _H, _D = (timedelta(seconds=n) for n in (1, 60, 3600, 86400))
STEPS = (
    *(n * _S for n in (10, 30)),
    *(n * _M for n in (1, 2, 5, 10, 15, 30)),
    *(n * _H for n in (1, 2, 3, 6, 12)),
    *(n * _D for n in (1, 2, 7, 14, 30, 60, 90, 180, 365)),
)


def in_zone(at: datetime, tz: tzinfo) -> datetime:
    """``at`` in ``tz``; a naive time is taken as UTC, never as this machine's zone."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(tz)


def offset_text(offset: timedelta | None) -> str:
    """``UTC``, ``UTC+05:30``, ``UTC+05:30:15``: seconds shown when the offset has them."""
    if not offset:
        return "UTC"
    return "UTC" + iso_offset(offset)


def zone_text(tz: tzinfo, moments: Sequence[datetime]) -> str:
    """``UTC``, ``UTC+02:00`` or ``Europe/Berlin (UTC+01:00/UTC+02:00)``."""
    offsets = sorted({in_zone(m, tz).utcoffset() or timedelta() for m in moments})
    shown = "/".join(offset_text(o) for o in offsets) or offset_text(tz.utcoffset(None))
    name = getattr(tz, "key", None)
    return f"{name} ({shown})" if name and name != "UTC" else shown


def moment_text(at: datetime, tz: tzinfo, with_date: bool = True) -> str:
    """``2024-11-25 14:32`` in ``tz``; only ``14:32`` without ``with_date``."""
    local = in_zone(at, tz)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    return f"{_date(local)} {clock}" if with_date else clock


def dates_in_tooltips(times: Iterable[datetime], axis: TimeAxis, tz: tzinfo) -> bool:
    """Must tooltips name the day of each time? Not when every time and tick falls on one
    day in ``tz`` and the axis writes that day under a tick: the tooltips then give the
    time of day alone."""
    moments = [*times, *(tick.at for tick in axis.ticks)]
    one_day = len({in_zone(t, tz).date() for t in moments}) == 1
    return not (one_day and any(tick.date for tick in axis.ticks))


def _date(local: datetime) -> str:
    # What strftime("%Y-%m-%d") gives, several times faster: a picture writes dozens.
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d}"


@dataclass(frozen=True)
class Tick:
    at: datetime
    text: str
    date: str | None  # shown on a second line where the date changes


@dataclass(frozen=True)
class TimeAxis:
    lo: datetime
    hi: datetime
    start: float
    end: float
    ticks: tuple[Tick, ...]
    zone: str

    def x(self, at: datetime) -> float:
        span = (self.hi - self.lo).total_seconds()
        return self.start + (in_zone(at, UTC) - self.lo).total_seconds() / span * (
            self.end - self.start
        )


def _first_tick(lo: datetime, step: timedelta, tz: tzinfo) -> datetime:
    local = in_zone(lo, tz)
    if step >= _D:
        day = local.date() + (timedelta() if local.time() == time(0) else _D)
        return datetime.combine(day, time(0), tzinfo=tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    count = -((midnight - local) // step)  # ceiling division on wall-clock time
    return midnight + count * step


def _tick_moments(lo: datetime, hi: datetime, step: timedelta, tz: tzinfo) -> list[datetime]:
    first = _first_tick(lo, step, tz)
    out: list[datetime] = []
    for index in range(100):
        if step >= _D:
            # Whole days: step on the calendar so midnight stays midnight across DST.
            at = datetime.combine(first.date() + index * step, time(0), tzinfo=tz)
        else:
            at = first.astimezone(UTC) + index * step
        if at > hi:
            break
        out.append(at.astimezone(UTC))
    return out


def time_axis(
    moments: Sequence[datetime], tz: tzinfo, start: float, end: float, *, max_ticks: int = 8
) -> TimeAxis:
    """An axis over ``moments`` (at least one) with a little room at both ends."""
    instants = [in_zone(m, UTC) for m in moments]
    lo, hi = min(instants), max(instants)
    pad = (hi - lo) * 0.04 if hi > lo else 15 * _M
    lo, hi = lo - pad, hi + pad
    step = next((s for s in STEPS if (hi - lo) / s <= max_ticks), STEPS[-1])
    ticks: list[Tick] = []
    previous_date = None
    for at in _tick_moments(lo, hi, step, tz):
        local = in_zone(at, tz)
        date = _date(local)
        if step >= _D:
            ticks.append(Tick(at, date, None))
        else:
            text = f"{local.hour:02d}:{local.minute:02d}"
            if step < _M:
                text += f":{local.second:02d}"
            ticks.append(Tick(at, text, date if date != previous_date else None))
        previous_date = date
    return TimeAxis(lo, hi, start, end, tuple(ticks), zone_text(tz, moments))


def axis_markup(axis: TimeAxis, y: float, grid_top: float) -> tuple[str, float]:
    """Axis line, grid, tick labels and the zone note; returns markup and height below ``y``."""
    # Stroke, size and anchor of the axis, grid, tick labels and zone note come from the
    # stylesheet (.pb-time-axis rules). The grid is one path, and the tick labels of a row
    # one text element with a tspan per tick (each starts its own centred chunk): written
    # one element each they were a twentieth of a page.
    top, bottom, below, dated = num(grid_top), num(y), num(y + 16), num(y + 29)
    grid: list[str] = []
    times: list[str] = []
    dates: list[str] = []
    for tick in axis.ticks:
        x = num(axis.x(tick.at))
        grid.append(f"M{x} {top}V{bottom}")
        times.append(f'<tspan x="{x}">{esc(tick.text)}</tspan>')
        if tick.date:
            dates.append(f'<tspan x="{x}">{esc(tick.date)}</tspan>')
    zone_y = y + (44 if dates else 31)
    zone = label(
        axis.end, zone_y, f"Times in {axis.zone}", anchor="end", size=11, cls="pb-zone", styled=True
    )
    line = f'<path class="pb-axis" d="M{num(axis.start)} {bottom}H{num(axis.end)}"/>'
    path = f'<path class="pb-grid" d="{"".join(grid)}"/>' if grid else ""
    ticks = f'<text class="pb-tick" y="{below}">{"".join(times)}</text>' if times else ""
    if dates:
        ticks += f'<text class="pb-tick pb-date" y="{dated}">{"".join(dates)}</text>'
    markup = f'<g class="pb-time-axis">{line}{path}{ticks}{zone}</g>'
    return markup, zone_y - y + 6
