"""Incident pages: the index (sortable, filterable) and one page per record.

Incident pages stay out of the sidebar nav; the index links every one of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from markupsafe import Markup

from ..facts.timeline import Interval, Milestone
from ..messages.fill import Message, applicable, fill, filled_as_of, sent, suggested, values
from . import tables, templating
from .context import INCIDENTS, IncidentFacts, SiteContext, playbook_path
from .core import INCIDENT, Body, Page, link
from .outline import render_body
from .people import COMMUNICATIONS, ROLES

INDEX = f"{INCIDENTS}/index.md"
SEVERITY_PAGE = "severity-levels.md"


@dataclass(frozen=True)
class Span:
    """A duration with the two clock times it spans: ``47m``, ``14:32 → 15:19``."""

    interval: Interval
    start: Milestone | None
    end: Milestone | None

    @property
    def clock(self) -> str:
        if self.start is None or self.end is None:
            return ""
        # Both ends in the page's display zone, like every other time on the page.
        zone = templating.display_zone.get()
        start = self.start.at.astimezone(zone)
        end = self.end.at.astimezone(zone)
        fmt = "%H:%M" if start.date() == end.date() else "%Y-%m-%d %H:%M"
        # An estimated end keeps its ~, as in the timeline and the Duration beside it.
        first = ("~" if self.start.approximate else "") + start.strftime(fmt)
        last = ("~" if self.end.approximate else "") + end.strftime(fmt)
        return f"{first} → {last}"


def _span(facts: IncidentFacts, interval: Interval | None) -> Span | None:
    if interval is None:
        return None
    start = facts.points.get(interval.start) if interval.start else None
    end = facts.points.get(interval.end) if interval.end else None
    return Span(interval, start, end)


def incident_tags(facts: IncidentFacts) -> list[str]:
    return [facts.incident.severity, *facts.incident.services]


def _messages(
    ctx: SiteContext, facts: IncidentFacts, as_of: datetime
) -> list[tuple[Message, str, bool, bool]]:
    """Each message template for the record's severity, filled as of ``as_of``, with the
    text to paste: the one for where the incident stands first, and whether the timeline
    says it was sent."""
    inc, policy = facts.incident, ctx.policy
    now = suggested(policy, inc)
    done = sent(inc)
    ordered = sorted(applicable(policy, inc), key=lambda t: t is not now)
    found = values(inc, policy, as_of)
    out = []
    for template in ordered:
        message = fill(template, inc, policy, as_of, found)
        text = f"Subject: {message.subject}\n\n{message.body}" if message.subject else message.body
        out.append((message, text, template is now, template.id in done))
    return out


def _incident_body(ctx: SiteContext, facts: IncidentFacts) -> Body:
    inc = facts.incident
    path = facts.path
    book = ctx.playbook_of(inc)
    related = [ctx.by_number.get(n) for n in inc.related]
    built = {
        "deployment": tables.deployment(inc),
        "verification": tables.verification(inc),
        "timeline": tables.timeline(facts),
        "action_items": tables.action_items(facts),
    }
    messages_as_of = filled_as_of(inc, facts.points, ctx.now)
    return render_body(
        "pages/incident.html.j2",
        facts=facts,
        inc=inc,
        tables={k: Markup(t.html()) if t else None for k, t in built.items()},
        duration=_span(facts, facts.duration),
        as_of=facts.facts.as_of,
        playbook=book,
        playbook_link=link(path, playbook_path(book.id)) if book else None,
        severity_link=link(path, SEVERITY_PAGE) + f"#{inc.severity.lower()}",
        checklist=_checklist(facts),
        tasks=inc.increment.tasks,
        people=[(role, inc.roles.get(role.id)) for role in ctx.policy.roles],
        roles_link=link(path, ROLES),
        messages=_messages(ctx, facts, messages_as_of),
        messages_as_of=messages_as_of,
        messages_at_end=_at_end(facts, messages_as_of, ctx.now),
        comms_link=link(path, COMMUNICATIONS),
        pictures=[p for p in _pictures(facts) if p is not None],
        related=[(r, link(path, r.path)) for r in related if r is not None],
    )


def _at_end(facts: IncidentFacts, as_of: datetime, now: datetime) -> str | None:
    """Which end a finished incident's messages are filled at, for the page to say so:
    ``resolved``, ``last`` (the latest known milestone, the all-clear's time being
    unknown), or None when they are filled as of the build."""
    if as_of == now:
        return None
    resolved = facts.points.get("resolved")
    return "resolved" if resolved is not None and resolved.at == as_of else "last"


def _checklist(facts: IncidentFacts) -> Markup | None:
    """The record's checklist, ticked: the same policy items on every incident page, ticked
    alike on most of them, so each distinct ticking is rendered once."""
    filled = facts.checklist
    if filled is None:
        return None
    key = (
        filled.id,
        filled.title,
        tuple((s.id, s.title, tuple(s.items)) for s in filled.sections),
    )
    return templating.render_shared("partials/checklist.html.j2", key, checklist=filled)


def _incident_page(ctx: SiteContext, facts: IncidentFacts) -> Page:
    return Page(
        facts.path,
        f"{facts.label}: {facts.incident.title}",
        partial(_incident_body, ctx, facts),
        in_nav=False,
        tags=tuple(incident_tags(facts)),
        kind=INCIDENT,
    )


def _pictures(facts: IncidentFacts) -> Iterator[Markup | None]:
    from .pictures import phases_picture, timeline_picture

    yield timeline_picture(facts)
    yield phases_picture(facts)


def _index_body(ctx: SiteContext) -> Body:
    return render_body(
        "pages/incidents_index.html.j2",
        incidents=[(f, link(INDEX, f.path)) for f in ctx.incidents],
        count=len(ctx.incidents),
        open_count=sum(f.is_open for f in ctx.incidents),
        severities=[s.id for s in ctx.policy.severities],
        statuses=sorted({f.incident.status.value for f in ctx.incidents}),
        years=sorted({f.year for f in ctx.incidents}, reverse=True),
        services=sorted({s for f in ctx.incidents for s in f.incident.services}),
        tags_link=link(INDEX, "tags.md"),
        duration_definition=ctx.policy.headline().definition,
        as_of=ctx.now,
    )


def index_page(ctx: SiteContext) -> Page:
    return Page(INDEX, "Incidents", partial(_index_body, ctx), hide=("toc",))


def pages(ctx: SiteContext) -> Iterator[Page]:
    """The incident index, then one page per record."""
    yield index_page(ctx)
    for facts in ctx.incidents:
        yield _incident_page(ctx, facts)
