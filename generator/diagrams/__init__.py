"""Build-time SVG diagrams and charts.

The published site loads nothing from other hosts (runbooks are read while a CDN is
down), so every picture is an inline SVG drawn here in Python: one line of valid XML,
classes prefixed ``pb-`` for theming, text in ``currentColor``, record text escaped,
identical input giving identical bytes. Empty input gives a small "no data" SVG.
"""

from __future__ import annotations

from ._charts import bar_chart, line_chart
from ._flow import flow
from ._gantt import Bar, gantt
from ._pie import pie
from ._timeline import Mark, timeline

__all__ = ["Bar", "Mark", "bar_chart", "flow", "gantt", "line_chart", "pie", "timeline"]
