"""The pages' pictures: build-time SVG from :mod:`generator.diagrams`, embedded inline.

Drawn at build time so a reader offline (the CDN is down, that is why they are here) still
sees them; Material's Mermaid would load a script from a CDN. This module is the only caller
of the diagrams package: the pages ask for a picture and get an inline ``<figure>`` or None.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from .context import IncidentFacts

# Phases drawn on the Gantt picture: (from the first known of these milestones, to this
# one, kind). A phase is drawn only when its end was recorded: no mitigated bar is
# invented from the all-clear.
_PHASES = (
    (("started",), "detected", "started"),
    (("detected", "started"), "acknowledged", "acknowledged"),
    (("acknowledged", "detected", "started"), "mitigated", "mitigated"),
    (("mitigated", "acknowledged", "detected", "started"), "resolved", "resolved"),
)


def _diagrams() -> Any | None:
    try:
        return importlib.import_module("generator.diagrams")
    except ImportError:
        return None


#: How far a picture may grow past its drawn size to fill a wide column: the flow's 13-unit
#: box labels then read at about the size of body text.
GROW = 1.25
_WIDTH = re.compile(r'viewBox="0 0 ([0-9.]+) ')
_XMLNS = ' xmlns="http://www.w3.org/2000/svg"'
#: The SVG's accessible name (already XML-escaped by the diagram code).
_TITLE = re.compile(r'aria-label="([^"]*)"')


def _figure(svg: str, css: str, *, grow: bool = False) -> Markup:
    # The SVG is produced by our own code with its text XML-escaped; it is one line. Inside
    # HTML an <svg> is in the SVG namespace without saying so: the xmlns goes.
    svg = svg.replace(_XMLNS, "", 1)
    # The stylesheet caps a growing picture at --pb-max-width instead of the SVG's own width.
    width = _WIDTH.search(svg) if grow else None
    style = f' style="--pb-max-width: {float(width.group(1)) * GROW:g}px"' if width else ""
    # Labels of a picture repeat what the page's tables say: kept out of the search index.
    # On a phone a picture keeps its drawn size (text stays at least 11 px) and scrolls
    # sideways: the figure is then a scroll region a keyboard can reach, named by its title.
    title = _TITLE.search(svg)
    label = f' aria-label="{title.group(1)}"' if title else ""
    return Markup(
        f'<figure class="pb-diagram {css}"{style} tabindex="0" role="group"{label} '
        f"data-pagefind-ignore>{svg}</figure>"
    )


def flow_picture(nodes: Sequence[str], title: str) -> Markup | None:
    """The playbook's overview: one box per step, arrows between them."""
    lib = _diagrams()
    if lib is None or not nodes:
        return None
    return _figure(lib.flow(list(nodes), title=title), "pb-flow", grow=True)


def timeline_picture(facts: IncidentFacts) -> Markup | None:
    """Every timed event of the incident on one time axis."""
    lib = _diagrams()
    events = [e for e in facts.incident.timeline if e.at is not None]
    if lib is None or not events:
        return None
    marks = [lib.Mark(e.text, e.at, e.kind, approximate=e.approximate) for e in events]
    title = f"Timeline of incident {facts.label}"
    return _figure(lib.timeline(marks, title=title, tz=facts.facts.zone), "pb-timeline")


def phases_picture(facts: IncidentFacts) -> Markup | None:
    """Gantt bars for the lifecycle phases whose two ends are known."""
    lib = _diagrams()
    if lib is None:
        return None
    bars = []
    for starts, end, kind in _PHASES:
        a = next((facts.points[s] for s in starts if s in facts.points), None)
        b = facts.points.get(end)
        if a is not None and b is not None and b.at >= a.at:
            # Named by its two ends: each bar is one stretch, not the time since detection
            # ("until resolved" beside a 44m bar read as time to resolve, which is 47m).
            label = f"{a.name} → {b.name}".replace("_", " ")
            bars.append(lib.Bar(label, a.at, b.at, kind, (a.approximate, b.approximate)))
    if not bars:
        return None
    title = f"Phases of incident {facts.label}"
    return _figure(lib.gantt(bars, title=title, tz=facts.facts.zone), "pb-gantt")
