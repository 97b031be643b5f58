"""Roles and communications as policy data.

Who does what during an incident (incident commander, deputy, scribe, communications
liaison, subject-matter experts) and what is said to whom (status page, internal update,
customer email) are policy like severities are: the site renders its Roles and
Communications pages from them, records name who held each role, and ``playbook comms``
fills a message template from a record. Both sections are optional, so a policy folder
written before they existed stays valid.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .common import Duration, Ident, Line, Strict, Text


class Role(Strict):
    """One incident role and what its holder does before, during and after an incident."""

    id: Ident = Field(description="commander, deputy, scribe, liaison, sme, …")
    name: Line = Field(description="As people say it: 'Incident commander'.")
    summary: Line = Field(description="One sentence: what this person is for.")
    reach: list[Line] = Field(
        default_factory=list,
        description="How to page or call whoever holds this role now, in order: the "
        "rotation or channel first, then who to try when nobody answers.",
    )
    before: list[Line] = Field(default_factory=list, description="Duties before an incident.")
    during: list[Line] = Field(default_factory=list, description="Duties during an incident.")
    after: list[Line] = Field(default_factory=list, description="Duties after an incident.")


class Audience(StrEnum):
    """Who reads a message; the site groups templates by audience."""

    STATUS_PAGE = "status_page"
    INTERNAL = "internal"
    CUSTOMER_EMAIL = "customer_email"


class Stage(StrEnum):
    """Status-page stages, in the order an incident goes through them."""

    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class MessageTemplate(Strict):
    """A message to paste, with ``{placeholder}`` fields filled from a record."""

    id: Ident = Field(description="status-investigating, internal-update, …")
    title: Line = Field(description="'Status page: investigating'.")
    audience: Audience
    stage: Stage | None = Field(None, description="For status-page messages: which stage.")
    severities: list[Ident] = Field(
        default_factory=list, description="Severity ids this template is for; empty: all."
    )
    subject: Line | None = Field(None, description="Subject line (emails), with placeholders.")
    body: Text = Field(description="The message, with {title}, {severity}, … placeholders.")


class Communications(Strict):
    """Message templates and how often each severity's audiences hear from us."""

    update_every: dict[Ident, Duration] = Field(
        default_factory=dict,
        description="Severity id → time between updates; fills {next_update}.",
    )
    templates: list[MessageTemplate] = Field(min_length=1)

    def template(self, template_id: str) -> MessageTemplate | None:
        return next((t for t in self.templates if t.id == template_id), None)
