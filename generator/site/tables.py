"""The incident page's tables (deployment, verification, timeline, action items) as HTML.

Written as HTML rather than Markdown tables so they reach the page as slots: a Markdown
engine would otherwise run its inline parser over every cell, the largest share of an
incident page's build time. Cells are plain text, escaped by the template; a cell that is
a link is built here as :class:`~markupsafe.Markup` from an escaped text and a checked URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model.incident import Incident
from .context import IncidentFacts
from .safe import href
from .templating import moment

Cell = str | Markup


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: list[tuple[Cell, ...]]

    def html(self) -> str:
        # Built here rather than by a template: four small tables per incident page, each a
        # template render of its own, cost more than their markup. The headings read the
        # same on every incident page, so they stay out of the search index.
        head = "".join(f"<th>{escape(h)}</th>" for h in self.head)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>\n"
            for row in self.rows
        )
        return (
            f"<table>\n<thead data-pagefind-ignore>\n<tr>{head}</tr>\n</thead>\n"
            f"<tbody>\n{rows}</tbody>\n</table>\n"
        )


def deployment(inc: Incident) -> Table | None:
    d = inc.deployment
    if d is None:
        return None
    row = (
        d.version or "—",
        "skipped" if d.skipped_staging else "passed through staging",
        ", ".join(d.approvers) or "none",
        "yes" if d.rollback_ready else "no",
    )
    return Table(("Version", "Staging", "Approvers", "Rollback ready"), [row])


def verification(inc: Incident) -> Table | None:
    if not inc.verification:
        return None
    rows: list[tuple[Cell, ...]] = [
        (v.check, v.expected or "—", v.result.value) for v in inc.verification
    ]
    return Table(("Check", "Expected", "Result"), rows)


def timeline(facts: IncidentFacts) -> Table | None:
    if not facts.incident.timeline:
        return None
    rows: list[tuple[Cell, ...]] = [
        (
            row.offset_text(),
            moment(row.event.at, row.event.approximate),
            row.event.kind.replace("_", " "),
            row.event.text,
        )
        for row in facts.rows
    ]
    return Table(("Offset", "Time", "Event", "What happened"), rows)


def action_items(facts: IncidentFacts) -> Table | None:
    inc = facts.incident
    pm = inc.postmortem
    if pm is None or not pm.action_items:
        return None
    # The facts core judges each item as of the build (facts.actions.state_of): an open item
    # past its due day is overdue, one a backfilled source says nothing about is unknown.
    states = {entry.index: entry.state for entry in facts.facts.actions}
    rows: list[tuple[Cell, ...]] = [
        (
            _state(states[index]),
            item.text,
            item.owner or "unowned",
            item.due.isoformat() if item.due else "—",
            _link(item.link) if item.link else "—",
        )
        for index, item in enumerate(pm.action_items, start=1)
    ]
    return Table(("State", "Action", "Owner", "Due", "Link"), rows)


_STATES = {"done": "☑ done", "unknown": "? unknown", "overdue": "⚠ overdue", "open": "☐ open"}


def _state(state: str) -> Markup:
    text = _STATES.get(state, state)
    return Markup('<span class="pb-action-{}">{}</span>').format(state, text)


def _link(url: object) -> Markup:
    return Markup('<a href="{}">link</a>').format(escape(href(url)))
