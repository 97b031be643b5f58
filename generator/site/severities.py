"""The severity levels page: the seed's table plus every target and rule policy sets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import partial

from markupsafe import Markup

from ..model.policy import Policy
from . import templating
from .context import SiteContext, playbook_path
from .core import POLICY, Body, Page, link
from .outline import render_body

PATH = "severity-levels.md"


def workflow_rule(policy: Policy) -> list[tuple[list[str], str]]:
    """``[(["SEV1", "SEV2"], "hotfix"), (["SEV3", "SEV4"], "normal")]``, in policy order:
    the seed's "SEV1-2 require hotfix workflow" sentence, computed."""
    groups: dict[str, list[str]] = {}
    for severity in policy.severities:
        groups.setdefault(severity.workflow.value, []).append(severity.id)
    return [(ids, workflow) for workflow, ids in groups.items()]


def severity_table(policy: Policy) -> Markup:
    """The seed's four-column table, reused by playbook pages (rendered, so trusted)."""
    return Markup(
        templating.render(
            "partials/severity_table.html.j2",
            severities=policy.severities,
            rule=workflow_rule(policy),
        )
    )


def _body(ctx: SiteContext) -> Body:
    counts = Counter(facts.incident.severity for facts in ctx.incidents)
    return render_body(
        "pages/severity_levels.html.j2",
        table=severity_table(ctx.policy),
        severities=ctx.policy.severities,
        postmortem=ctx.policy.postmortem,
        measured=[
            ctx.policy.interval(ctx.policy.measures.response_target),
            ctx.policy.interval(ctx.policy.measures.resolve_target),
        ],
        counts=counts,
        playbook_links={
            wf: (book.title, link(PATH, playbook_path(book.id)))
            for wf, book in ctx.playbook_by_workflow.items()
        },
    )


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield Page(PATH, "Severity Levels", partial(_body, ctx), kind=POLICY)
