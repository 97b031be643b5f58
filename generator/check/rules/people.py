"""Rules on roles and communications: policy's templates and the records that use them.

Policy: role and template ids are unique, every ``{placeholder}`` is one a record can fill
(reported at the placeholder itself), severities named exist, and checklist rules name
real roles and templates. Records: ``roles`` keys are policy roles and a communication
event's ``message`` is a policy template.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...load.project import Project, Record
from ...load.yamlsource import Key, Pos
from ...messages.fill import PLACEHOLDERS, placeholders
from ...messages.fill import known as known_placeholder
from ...model.incident import EventKind
from ...model.policy import Policy, Rule
from ...problems import Problem, ProblemSink, shorten
from .ids import defined_once


def _walk(rule: Rule, loc: Key) -> Iterator[tuple[Rule, Key]]:
    yield rule, loc
    for key in ("any", "all"):
        for i, sub in enumerate(getattr(rule, key) or []):
            yield from _walk(sub, (*loc, key, i))


def _in_text(text: str, start: Pos, needle: str, nth: int) -> Pos:
    """Position of the ``nth`` occurrence of ``needle`` at or after ``start`` in ``text``.

    The source map knows where a value starts, not where a placeholder sits inside it; the
    file text does, whatever the quoting or block style. Falls back to ``start``.
    """
    lines = text.split("\n")
    if not 1 <= start[0] <= len(lines):
        return start
    offset = sum(len(line) + 1 for line in lines[: start[0] - 1]) + start[1] - 1
    for _ in range(nth + 1):
        found = text.find(needle, offset)
        if found < 0:
            return start
        offset = found + 1
    line = text.count("\n", 0, found) + 1
    return (line, found - (text.rfind("\n", 0, found) + 1) + 1)


def check_people_policy(project: Project) -> list[Problem]:
    policy = project.policy
    if policy is None:
        return []
    problems: list[Problem] = []
    role_ids = {r.id for r in policy.roles}
    if "roles" in project.policy_sources:
        path, source = project.policy_sources["roles"]
        defined_once(
            ProblemSink(path, problems),
            ((role.id, source.locate(("roles", i, "id"))) for i, role in enumerate(policy.roles)),
            "role",
        )
    if not role_ids and policy.unread:
        return problems  # roles may be in the policy file that did not load
    if policy.communications is not None and "communications" in project.policy_sources:
        _check_templates(project, policy, role_ids, problems)
    _check_checklist_rules(project, policy, role_ids, problems)
    return problems


def _check_templates(
    project: Project, policy: Policy, role_ids: set[str], problems: list[Problem]
) -> None:
    comms = policy.communications
    assert comms is not None
    path, source = project.policy_sources["communications"]
    sink = ProblemSink(path, problems)
    try:
        text = (project.root / Path(path)).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError):
        text = ""
    severity_ids = [s.id for s in policy.severities]
    base: Key = ("communications",)
    for sev in comms.update_every:
        if sev not in severity_ids:
            sink.error(
                source.locate((*base, "update_every", sev), key=True),
                f"unknown severity {shorten(sev)!r} (policy defines {', '.join(severity_ids)})",
                "unknown-severity",
            )
    milestone_ids = {m.id for m in policy.milestones}
    names = sorted({*PLACEHOLDERS, *milestone_ids}) + sorted(f"role.{r}" for r in role_ids)
    defined_once(
        sink,
        (
            (template.id, source.locate((*base, "templates", i, "id")))
            for i, template in enumerate(comms.templates)
        ),
        "message template",
    )
    for i, template in enumerate(comms.templates):
        loc: Key = (*base, "templates", i)
        for j, sev in enumerate(template.severities):
            if sev not in severity_ids:
                sink.error(
                    source.locate((*loc, "severities", j)),
                    f"unknown severity {shorten(sev)!r} (policy defines {', '.join(severity_ids)})",
                    "unknown-severity",
                )
        for field in ("subject", "body"):
            value = getattr(template, field)
            if value is None:
                continue
            start = source.locate((*loc, field))
            counts: dict[str, int] = {}
            for found in placeholders(value):
                needle = "{" + found.name
                nth = counts.get(needle, 0)
                counts[needle] = nth + 1
                if known_placeholder(found.name, role_ids, milestone_ids):
                    continue
                sink.error(
                    _in_text(text, start, needle, nth) if text else start,
                    f"template {template.id!r}: unknown placeholder "
                    f"{{{shorten(found.name, 40)}}} (known: {', '.join(names)})",
                    "unknown-placeholder",
                )


def _check_checklist_rules(
    project: Project, policy: Policy, role_ids: set[str], problems: list[Problem]
) -> None:
    if "checklists" not in project.policy_sources:
        return
    path, source = project.policy_sources["checklists"]
    sink = ProblemSink(path, problems)
    templates = {t.id for t in policy.communications.templates} if policy.communications else set()
    for c, checklist in enumerate(policy.checklists):
        for si, section in enumerate(checklist.sections):
            for ii, item in enumerate(section.items):
                if item.rule is None:
                    continue
                loc: Key = ("checklists", c, "sections", si, "items", ii, "rule")
                for rule, rloc in _walk(item.rule, loc):
                    if rule.role is not None and rule.role not in role_ids:
                        sink.error(
                            source.locate((*rloc, "role")),
                            f"rule names role {rule.role!r}, which policy `roles` does not define"
                            f" (roles: {', '.join(sorted(role_ids)) or 'none'})",
                            "unknown-role",
                        )
                    if rule.sent is not None and rule.sent not in templates:
                        sink.error(
                            source.locate((*rloc, "sent")),
                            f"rule names message {rule.sent!r}, which policy `communications` "
                            f"does not define (templates: {', '.join(sorted(templates)) or 'none'})",
                            "unknown-message",
                        )


def check_people_record(rec: Record, policy: Policy, problems: list[Problem]) -> None:
    """A record's ``roles`` and sent messages against policy."""
    inc = rec.incident
    sink = ProblemSink(rec.path, problems)
    role_ids = [r.id for r in policy.roles]
    # A section absent because its policy file did not load is not "none defined": that
    # file's own error says what is wrong.
    roles_known = bool(role_ids) or not policy.unread
    templates_known = policy.communications is not None or not policy.unread
    for role_id in inc.roles if roles_known else ():
        if role_id not in role_ids:
            sink.error(
                rec.source.locate(("roles", role_id), key=True),
                f"unknown role {shorten(role_id)!r} (policy defines "
                f"{', '.join(role_ids) or 'no roles; add a roles section to policy'})",
                "unknown-role",
            )
    templates = [t.id for t in policy.communications.templates] if policy.communications else []
    for i, event in enumerate(inc.timeline):
        if event.message is None:
            continue
        if templates_known and event.message not in templates:
            sink.error(
                rec.source.locate(("timeline", i, "message")),
                f"unknown message template {event.message!r} (policy defines "
                f"{', '.join(templates) or 'none'})",
                "unknown-message",
            )
        if event.kind != EventKind.COMMUNICATION:
            sink.warning(
                rec.source.locate(("timeline", i, "kind")),
                f"an event with a message is a 'communication', not {event.kind!r}; "
                "checklist rules only count communication events",
                "message-kind",
            )
