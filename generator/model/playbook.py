"""A playbook page as data: ``playbooks/workflows/<id>.yaml``.

Hotfix, normal and rollback ship by default; a team adds its own ("database failover")
as another file. Tables and checklists are not copied here: ``includes`` names the policy
sections the page pulls in, so the page and the validator read the same policy.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .common import Ident, Line, Markdown, Strict, Text
from .incident import WorkflowKind


class CodeBlock(Strict):
    lang: Ident = "bash"
    code: Text
    caption: Line | None = None


class Step(Strict):
    id: Ident
    title: Line
    lead: Line | None = Field(None, description="The bold one-liner under the step title.")
    body: Markdown | None = None
    principles: list[Line] = Field(default_factory=list, description="Key principles.")
    commands: list[CodeBlock] = Field(default_factory=list)
    avoid: list[Line] = Field(default_factory=list, description="What not to do in this step.")
    avoid_title: Line | None = Field(
        None, description="Heading for `avoid`, e.g. 'Do NOT run:' (default 'Do NOT:')."
    )
    notes_title: Line | None = Field(
        None, description="Heading for `notes`, e.g. 'Hotfix deployment differs'."
    )
    notes: list[Line] = Field(default_factory=list)


class Include(StrEnum):
    """Policy sections a playbook page can pull in."""

    SEVERITIES = "severities"
    FLOWS = "flows"
    CHECKLIST = "checklist"
    MISTAKES = "mistakes"
    ROLLBACK_VS_HOTFIX = "rollback_vs_hotfix"


class Playbook(Strict):
    id: Ident
    title: Line
    tagline: Line | None = Field(None, description="One sentence under the title.")
    description: Line
    workflow: WorkflowKind | None = Field(
        None, description="Records following this workflow link here by default."
    )
    when: list[Line] = Field(default_factory=list, description="When to use this playbook.")
    flow: list[Line] = Field(default_factory=list, description="Overview diagram, node by node.")
    steps: list[Step] = Field(min_length=1)
    includes: list[Include] = Field(default_factory=list)
    closing: Markdown | None = Field(
        None, description="Prose after the steps (e.g. tool integration)."
    )
    closing_commands: list[CodeBlock] = Field(default_factory=list)
