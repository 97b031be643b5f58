"""What a command says when a value it was given is not one policy allows, in one place:
``new-incident``, ``severity`` and ``role`` each take severities, workflows or roles."""

from __future__ import annotations

from ..errors import PlaybookError
from ..model.incident import WorkflowKind
from ..model.policy import Policy, Severity


def unknown_severity(policy: Policy, given: str) -> PlaybookError:
    known = ", ".join(s.id for s in policy.severities)
    return PlaybookError(f"unknown severity {given!r}; policy defines {known}")


def unknown_role(policy: Policy, given: str) -> PlaybookError:
    known = [r.id for r in policy.roles]
    defined = ", ".join(known) if known else "no roles (add a roles section to policy)"
    return PlaybookError(f"unknown role {given!r}; policy defines {defined}")


def allowed_workflow(severity: Severity, chosen: str) -> WorkflowKind:
    """The workflow ``chosen`` names, when ``severity`` allows it (policy's flow rules)."""
    kind = WorkflowKind(chosen)
    if kind not in severity.allowed_workflows:
        allowed = ", ".join(w.value for w in severity.allowed_workflows)
        raise PlaybookError(f"{severity.id} allows the {allowed} workflow(s), not {kind.value!r}")
    return kind
