"""Build-time SVG diagrams and charts.

The published site loads nothing from other hosts (runbooks are read while a CDN is
down), so every picture is an inline SVG drawn here in Python: one line of valid XML,
record text XML-escaped, identical input giving identical bytes. Empty input gives a small
"no data" SVG. Font, text colour and the strokes the pictures share come from the site's
stylesheet (``svg.pb-diagram`` rules in ``playbook.css``), not from each element.

Every function takes ``caption=False`` to leave out the visible title (the accessible
``<title>`` and ``aria-label`` stay); ``timeline`` and ``gantt`` take ``tz`` (UTC by
default) and ``flow`` takes ``columns``.

Hooks for CSS: the root has ``pb-diagram pb-<kind>`` (``pb-flow``, ``pb-timeline``,
``pb-gantt``, ``pb-bar-chart``, ``pb-line-chart``, ``pb-pie``); parts are ``pb-caption``,
``pb-legend``/``pb-legend-item``, ``pb-grid``, ``pb-axis``, ``pb-tick``, ``pb-date``,
``pb-zone``, ``pb-note``, ``pb-node``, ``pb-arrow``, ``pb-mark`` (+ ``pb-kind-<kind>``,
``pb-unknown``, ``pb-approximate``), ``pb-mark-label``, ``pb-bar``, ``pb-row-label``,
``pb-value``, ``pb-category``, ``pb-series`` / ``pb-series-<n>`` (+ ``pb-sev1`` … when a
series is a severity), ``pb-line``, ``pb-slice``, ``pb-empty``. Text is ``currentColor``.
"""

from __future__ import annotations

from ._charts import bar_chart, line_chart
from ._flow import flow
from ._gantt import Bar, gantt
from ._pie import pie
from ._timeline import Mark, timeline

__all__ = ["Bar", "Mark", "bar_chart", "flow", "gantt", "line_chart", "pie", "timeline"]
