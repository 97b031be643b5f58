"""The metrics page: counts, MTTA and MTTR per severity and quarter, target shares, breaches,
charts and every metric's definition.

The numbers are :func:`generator.facts.metrics.report_data` — the dict ``playbook stats --format
json`` prints — and the table cells are the same cell texts the terminal table shows, so the
site and the CLI cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from typing import Any

from markupsafe import Markup

from .. import diagrams
from ..facts.metrics import TABLE_HEADINGS, UNDATED, report, report_data, table_cells
from ..model.policy import Policy
from .context import SiteContext, incident_path
from .core import Body, Page, link
from .outline import render_body
from .reports import EXPORTS, links, site_metrics

PATH = "metrics.md"
TITLE = "Metrics"


def _percent(seconds: int | None, target: timedelta | None) -> float | None:
    if seconds is None or not target:
        return None
    return round(100 * seconds / target.total_seconds(), 1)


def _figure(svg: str) -> Markup:
    # A div, not a figure: Material shrinks figures to their content, and these SVGs size
    # themselves to the column. The SVG is ours, its text XML-escaped by generator.diagrams.
    # Chart labels are not worth finding in search.
    # It scrolls sideways on a phone (text kept at reading size): reachable and named.
    title = re.search(r'aria-label="([^"]*)"', svg)
    label = f' aria-label="{title.group(1)}"' if title else ""
    return Markup(
        f'<div class="pb-diagram pb-metrics" tabindex="0" role="group"{label} '
        f"data-pagefind-ignore>{svg}</div>"
    )


def charts(data: dict[str, Any], policy: Policy) -> dict[str, Markup]:
    """Incidents per quarter by severity, median time to resolve per quarter, SLA verdicts.

    Time to resolve is drawn as a share of each severity's resolve target: a SEV4 takes days
    and a SEV1 minutes, so in hours the SEV1 line would lie flat on the axis; as a share,
    every line reads the same way (100 is the target).

    The page titles each chart with a heading, so the charts draw no caption of their own.
    """
    dated = [q for q in data["quarters"] if q["key"] != UNDATED]
    keys = [q["key"] for q in dated]
    severities = [g["key"] for g in data["severities"]]

    def per_severity(q: dict[str, Any], sev: str) -> dict[str, Any] | None:
        return next((s for s in q["severities"] if s["key"] == sev), None)

    counts = {
        sev: [float((per_severity(q, sev) or {"count": 0})["count"]) for q in dated]
        for sev in severities
    }
    mttr: dict[str, list[float | None]] = {}
    for sev in severities:
        level = policy.severity(sev)
        target = level.resolve_target if level is not None else None
        row = []
        for q in dated:
            group = per_severity(q, sev)
            median = group["time_to_resolve"]["median_seconds"] if group else None
            row.append(_percent(median, target))
        if any(v is not None for v in row):
            mttr[sev] = row
    total = data["total"]
    verdicts = {
        verdict: float(total["acknowledge_target"][verdict] + total["resolve_target"][verdict])
        for verdict in ("met", "breached")
    }
    return {
        "per_quarter": _figure(
            diagrams.bar_chart(
                keys,
                {k: v for k, v in counts.items() if any(v)},
                title="Incidents per quarter by severity",
                y_label="incidents",
                caption=False,
            )
        ),
        "mttr": _figure(
            diagrams.line_chart(
                keys,
                mttr,
                title="Median time to resolve per quarter, % of target",
                y_label="% of resolve target",
                caption=False,
            )
        ),
        "sla": _figure(
            diagrams.pie(
                {k: v for k, v in verdicts.items() if v},
                title="SLA checks: met vs breached",
                caption=False,
            )
        ),
    }


def chart_values(data: dict[str, Any], policy: Policy) -> dict[str, Any]:
    """What each chart draws, as rows of text: a chart's numbers must not live only in its
    colours and tooltips (screen readers, colour blindness, a printout)."""
    dated = [q for q in data["quarters"] if q["key"] != UNDATED]
    severities = [g["key"] for g in data["severities"]]

    def group(q: dict[str, Any], sev: str) -> dict[str, Any] | None:
        return next((s for s in q["severities"] if s["key"] == sev), None)

    def share(q: dict[str, Any], sev: str) -> str:
        level, found = policy.severity(sev), group(q, sev)
        median = found["time_to_resolve"]["median_seconds"] if found else None
        value = _percent(median, level.resolve_target if level else None)
        return "—" if value is None else f"{value:.0f}%"

    total = data["total"]
    return {
        "severities": severities,
        "per_quarter": [
            (q["key"], [str((group(q, s) or {"count": 0})["count"]) for s in severities])
            for q in dated
        ],
        "mttr": [(q["key"], [share(q, s) for s in severities]) for q in dated],
        "sla": [
            (v, total["acknowledge_target"][v] + total["resolve_target"][v])
            for v in ("met", "breached")
        ],
    }


def _body(ctx: SiteContext) -> Body:
    data = report_data(report(site_metrics(ctx), ctx.policy))
    rows = [[g["key"], *table_cells(g)] for g in data["severities"]]
    rows.append(["All", *table_cells(data["total"])])
    breaches = [
        (b, link(PATH, incident_path_of(ctx, b["number"]))) for b in data["total"]["breaches"]
    ]
    return render_body(
        "pages/metrics.html.j2",
        data=data,
        headings=TABLE_HEADINGS,
        severity_rows=rows,
        quarter_rows=[[g["key"], *table_cells(g)] for g in data["quarters"]],
        breaches=breaches,
        charts=charts(data, ctx.policy),
        values=chart_values(data, ctx.policy),
        definitions=list(data["definitions"].values()),
        exports=[(path, text, link(PATH, path)) for path, text in EXPORTS.items()],
        feed_missing=links(ctx).site_url is None,
        actions_href=link(PATH, "action-items.md"),
    )


def pages(ctx: SiteContext) -> Iterator[Page]:
    if ctx.options.reports:
        yield Page(PATH, TITLE, partial(_body, ctx))


def incident_path_of(ctx: SiteContext, number: int) -> str:
    return incident_path(ctx.by_number[number].incident)
