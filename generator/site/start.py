"""The "start here" box: what an on-call engineer woken at 3 a.m. needs on one screen.

How to judge severity (each level's description and response target, with the full table one
link away), the exact command that opens the record, the playbook each level follows, who to
tell and how often, and the checklist. Home shows it first; every playbook shows it at the
top with its own checklist one click away.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts.durations import format_duration
from ..model.playbook import Playbook
from .context import SiteContext, playbook_path
from .core import link
from .outline import slugify

SEVERITY_PAGE = "severity-levels.md"
ROLES_PAGE = "roles.md"
COMMS_PAGE = "communications.md"
CHECKLISTS_PAGE = "checklists.md"


@dataclass(frozen=True)
class Level:
    id: str
    description: str
    acknowledge: str
    playbook: str | None
    href: str | None
    #: How often the status page and the company hear from us at this level.
    update_every: str | None


@dataclass(frozen=True)
class StartHere:
    levels: list[Level]
    severity_href: str
    decide_href: str
    command: str
    book: Playbook | None
    checklist_href: str | None
    roles_href: str | None
    comms_href: str | None
    has_liaison: bool
    #: How to page a commander (policy roles' ``reach``), in order; empty when not said.
    page_commander: tuple[str, ...] = ()


def _command(ctx: SiteContext, book: Playbook | None) -> str:
    """The exact ``new-incident`` line; on a playbook page, one that lands on that playbook
    (``--workflow`` when the example severity's default is another workflow)."""
    workflow = book.workflow if book is not None else None
    severities = ctx.policy.severities
    chosen = next((s for s in severities if workflow and s.workflow == workflow), None)
    if chosen is None and workflow is not None:
        chosen = next((s for s in severities if workflow in s.allowed_workflows), None)
    title = (
        "hotfix: what is broken"
        if workflow is None or workflow.value == "hotfix"
        else ("what is broken")
    )
    parts = [f'playbook new-incident "{title}"', f"--severity {chosen.id if chosen else 'SEVn'}"]
    if chosen is not None and workflow is not None and chosen.workflow != workflow:
        parts.append(f"--workflow {workflow.value}")
    parts.append("--service SERVICE --commander @you")
    return " ".join(parts)


def start_here(ctx: SiteContext, page: str, book: Playbook | None = None) -> StartHere:
    """The box as seen from ``page``; on a playbook page, ``book`` is that playbook."""
    policy = ctx.policy
    every = policy.communications.update_every if policy.communications else {}
    levels = []
    for sev in policy.severities:
        followed = ctx.playbook_by_workflow.get(sev.workflow.value)
        levels.append(
            Level(
                sev.id,
                sev.description,
                format_duration(sev.response_target),
                followed.title if followed else None,
                link(page, playbook_path(followed.id)) if followed else None,
                format_duration(every[sev.id]) if sev.id in every else None,
            )
        )
    command = _command(ctx, book)
    checklist = None
    if book is not None and book.workflow is not None:
        listed = policy.checklist_for(book.workflow)
        checklist = f"#{slugify(listed.title)}" if listed else None
    elif book is None and policy.checklists:
        # Off a playbook (home): the checklist to work through is the one on the playbook
        # of the most severe level, ticked where it stands, not the page of rule ids.
        first = policy.severities[0] if policy.severities else None
        followed = ctx.playbook_by_workflow.get(first.workflow.value) if first else None
        listed = policy.checklist_for(followed.workflow) if followed and followed.workflow else None
        checklist = (
            link(page, playbook_path(followed.id)) + f"#{slugify(listed.title)}"
            if followed and listed
            else link(page, CHECKLISTS_PAGE)
        )
    return StartHere(
        levels=levels,
        severity_href=link(page, SEVERITY_PAGE),
        decide_href=link(page, "workflows/index.md") + "#is-this-a-hotfix-or-a-rollback",
        command=command,
        book=book,
        checklist_href=checklist,
        roles_href=link(page, ROLES_PAGE) if policy.roles else None,
        comms_href=link(page, COMMS_PAGE) if policy.communications else None,
        has_liaison=policy.role("liaison") is not None,
        page_commander=tuple(commander.reach) if (commander := policy.role("commander")) else (),
    )
