"""Playbook pages: the workflows overview and one page per ``playbooks/workflows/*.yaml``.

A playbook's ``includes`` decide which policy sections its page pulls in (severity table,
flow comparison, checklist, common mistakes, rollback vs hotfix), so the page shows the same
policy the validator enforces.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from ..model.playbook import Include, Playbook
from ..model.policy import FlowTable
from .checklists import how_ticked
from .context import WORKFLOWS, SiteContext, playbook_path
from .core import POLICY, Body, Page, link
from .outline import render_body
from .pictures import flow_picture
from .severities import PATH as SEVERITY_PAGE
from .severities import workflow_rule
from .start import start_here

INDEX = f"{WORKFLOWS}/index.md"
CHECKLISTS = "checklists.md"
INCIDENTS = "incidents/index.md"
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")


@dataclass(frozen=True)
class Part:
    """A piece of playbook prose: a heading of its own (or None) and the Markdown under it."""

    heading: str | None
    body: str


def split_headings(text: str | None) -> list[Part]:
    """Cut prose at its ATX headings, so they become real page headings (in the table of
    contents) while the text between them still goes through the sanitiser."""
    if not text:
        return []
    parts: list[Part] = []
    heading: str | None = None
    body: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            if heading is not None or "".join(body).strip():
                parts.append(Part(heading, "\n".join(body)))
            heading, body = match.group(2), []
        else:
            body.append(line)
    if heading is not None or "".join(body).strip():
        parts.append(Part(heading, "\n".join(body)))
    return parts


def comparison_title(flows: FlowTable) -> str:
    """``Hotfix vs Normal Flow`` from flows named "Normal Flow" and "Hotfix Flow"."""
    names = [f.name for f in reversed(flows.flows)]
    short = [n.removesuffix(" Flow") for n in names[:-1]]
    return " vs ".join([*short, names[-1]])


def _playbook_body(ctx: SiteContext, book: Playbook) -> Body:
    path = playbook_path(book.id)
    policy = ctx.policy
    includes = set(book.includes)
    checklist = None
    if Include.CHECKLIST in includes and book.workflow is not None:
        checklist = policy.checklist_for(book.workflow)
    followed = [f for f in ctx.incidents if f.incident.playbook_id == book.id]
    return render_body(
        "pages/playbook.html.j2",
        book=book,
        flow=flow_picture(book.flow, f"{book.title}: overview"),
        # The severity table lives on its own page; the start-here box links to it (and
        # repeating it on every playbook made every playbook a search hit for "SEV1").
        start=start_here(ctx, path, book),
        severity_rule=workflow_rule(policy) if Include.SEVERITIES in includes else None,
        how_ticked=how_ticked,
        flows=policy.flows if Include.FLOWS in includes else None,
        flows_title=comparison_title(policy.flows),
        checklist=checklist,
        mistakes=policy.mistakes if Include.MISTAKES in includes else [],
        rollback=policy.rollback_vs_hotfix if Include.ROLLBACK_VS_HOTFIX in includes else None,
        closing=split_headings(book.closing),
        followed=[(f, link(path, f.path)) for f in followed[:10]],
        followed_count=len(followed),
        links={
            "overview": link(path, INDEX),
            "severities": link(path, SEVERITY_PAGE),
            "checklists": link(path, CHECKLISTS),
            "incidents": link(path, INCIDENTS),
        },
    )


def _playbook_page(ctx: SiteContext, book: Playbook) -> Page:
    return Page(
        playbook_path(book.id),
        book.title,
        partial(_playbook_body, ctx, book),
        section="Workflows",
        kind=POLICY,
    )


def _overview_body(ctx: SiteContext) -> Body:
    counts = Counter(facts.incident.playbook_id for facts in ctx.incidents)
    return render_body(
        "pages/workflows.html.j2",
        playbooks=[
            (b, link(INDEX, playbook_path(b.id)), counts.get(b.id, 0)) for b in ctx.playbooks
        ],
        rollback=ctx.policy.rollback_vs_hotfix,
        severities=ctx.policy.severities,
        book_links={
            wf: link(INDEX, playbook_path(b.id)) for wf, b in ctx.playbook_by_workflow.items()
        },
        severity_link=link(INDEX, SEVERITY_PAGE),
    )


def overview_page(ctx: SiteContext) -> Page:
    return Page(
        INDEX,
        "Workflows Overview",
        partial(_overview_body, ctx),
        section="Workflows",
        nav_title="Overview",
        kind=POLICY,
    )


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield overview_page(ctx)
    for book in ctx.playbooks:
        yield _playbook_page(ctx, book)
