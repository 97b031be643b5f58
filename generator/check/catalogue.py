"""Every rule the validator can report: id, level, what it checks, and a record that
triggers it. ``playbook rules`` prints this catalogue and the README's table is generated
from it; a test fails when the validator can emit an id that is not here.

A rule's *level* is the one it is usually reported at. A few rules report a warning in a
milder case (a post-mortem not yet due, a backfilled record): their summary says when.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class RuleInfo:
    id: str
    level: Level
    #: Group shown in the README table: what part of a project the rule looks at.
    area: str
    summary: str
    #: A few lines of YAML that trigger the rule (a record unless the area says policy).
    example: str


def _r(rule_id: str, level: Level, area: str, summary: str, example: str) -> RuleInfo:
    return RuleInfo(rule_id, level, area, summary, example)


CATALOGUE: tuple[RuleInfo, ...] = (
    # -- the YAML itself --------------------------------------------------------------
    _r("yaml-syntax", "error", "YAML", "The file is not valid YAML.", 'title: "unclosed'),
    _r(
        "yaml-duplicate-key",
        "error",
        "YAML",
        "A key appears twice in one mapping.",
        "title: A\ntitle: B",
    ),
    _r(
        "yaml-alias",
        "error",
        "YAML",
        "Anchors and aliases (&a, *a) are not allowed.",
        "services: &s [api]\nrelated: *s",
    ),
    _r(
        "yaml-tag",
        "error",
        "YAML",
        "Tags (!!python/object, !custom) are not allowed.",
        "title: !!binary aGk=",
    ),
    _r(
        "yaml-depth",
        "error",
        "YAML",
        "Nesting deeper than a record can need.",
        "notes: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]",
    ),
    _r(
        "yaml-key",
        "error",
        "YAML",
        "A mapping key that is not a plain string, or has white space around it.",
        "? [a, b]\n: value",
    ),
    _r(
        "yaml-comment-in-text",
        "warning",
        "YAML",
        "' #word' glued to unquoted text: YAML reads it as a comment and drops it.",
        "assessment:\n  communication:\n    - Posted in #incidents",
    ),
    # -- the file as a whole -----------------------------------------------------------
    _r("file-empty", "error", "File", "The file holds no YAML document.", "# only a comment"),
    _r(
        "file-not-mapping",
        "error",
        "File",
        "The document is not a mapping of fields.",
        "- just\n- a list",
    ),
    _r("file-too-large", "error", "File", "The file is over 1 MB.", "(a 2 MB file)"),
    _r("file-encoding", "error", "File", "The file is not UTF-8.", "(Latin-1 bytes)"),
    _r(
        "file-unreadable",
        "error",
        "File",
        "The file cannot be read (permissions, a loop).",
        "(a file with mode 000)",
    ),
    _r(
        "text-control-char",
        "error",
        "File",
        "Control, bidi-override or line-separator characters (U+2028, U+2029) and noncharacters, raw or written as escapes.",
        'title: "Login \\u202Efails"',
    ),
    _r(
        "not-a-folder",
        "error",
        "File",
        "playbooks/incidents or playbooks/workflows is a file or a broken link, not a folder.",
        "(playbooks/incidents is a file)",
    ),
    _r(
        "file-ignored",
        "warning",
        "File",
        "A *.yaml entry in playbooks/ that is a folder or a broken link, a file named "
        "*.YAML (upper case) or like a record without .yaml, or a subfolder holding YAML "
        "files: never read.",
        "(playbooks/incidents/0020-x.yaml -> missing)",
    ),
    _r(
        "file-outside-project",
        "error",
        "File",
        "A *.yaml entry in playbooks/ that links to a file outside the project; it is not read.",
        "(playbooks/incidents/0020-x.yaml -> /etc/passwd)",
    ),
    _r(
        "file-name-chars",
        "error",
        "File",
        "A file name with a control, bidi or invisible character, or not valid UTF-8.",
        "(playbooks/incidents/0020-a<LF>::error::b.yaml)",
    ),
    # -- the schema --------------------------------------------------------------------
    _r(
        "missing-field",
        "error",
        "Schema",
        "A required field is missing.",
        "number: 20\nslug: x\n# no title",
    ),
    _r(
        "unknown-field",
        "error",
        "Schema",
        "A field the model does not have (often a typo).",
        "severty: SEV2",
    ),
    _r(
        "invalid-value",
        "error",
        "Schema",
        "A value of the wrong type or form.",
        "timeline:\n  - {at: 10:30, text: Alert}",
    ),
    # -- identity and references -------------------------------------------------------
    _r(
        "file-name",
        "error",
        "Records",
        "NNNN-slug.yaml must match number and slug.",
        "# in 0021-login.yaml\nnumber: 22\nslug: login",
    ),
    _r(
        "duplicate-number",
        "error",
        "Records",
        "Two records share a number.",
        "number: 15   # also in 0015-hotfix-auth-token.yaml",
    ),
    _r(
        "duplicate-slug",
        "error",
        "Records",
        "Two records share a slug.",
        "slug: hotfix-auth-token   # also used by 0015",
    ),
    _r(
        "duplicate-task",
        "error",
        "Records",
        "A task id appears twice.",
        "increment:\n  tasks:\n    - {id: T-001, text: A}\n    - {id: T-001, text: B}",
    ),
    _r(
        "duplicate-id",
        "error",
        "Policy",
        "An id (severity, checklist, section, item, flow, aspect, milestone, interval, "
        "role, template) is defined twice, also in another case (SEV1, sev1), or a workflow "
        "has two checklists or playbooks, or an interval id repeats an incidents.csv column.",
        "severities:\n  - {id: SEV1, …}\n  - {id: SEV1, …}",
    ),
    _r(
        "unknown-severity",
        "error",
        "Records",
        "A severity policy does not define.",
        "severity: SEV0",
    ),
    _r(
        "unknown-playbook",
        "error",
        "Records",
        "A playbook that does not exist.",
        "playbook: db-failover-v2",
    ),
    _r(
        "unknown-checklist-item",
        "error",
        "Records",
        "A manual tick for an item the workflow's checklist does not have.",
        "checklist:\n  staging-soak: true",
    ),
    _r(
        "checklist-manual-tick",
        "warning",
        "Records",
        "A manual tick on an item a rule ticks; the tick is ignored.",
        "checklist:\n  fix-verified: true",
    ),
    _r(
        "related-unknown",
        "error",
        "Records",
        "A related incident that does not exist.",
        "related: [7777]",
    ),
    _r(
        "unknown-event-kind",
        "error",
        "Records",
        "A timeline kind that is neither built in nor a milestone policy declares.",
        "timeline:\n  - {at: 2024-11-25T14:32:00Z, kind: paged, text: Pager}",
    ),
    _r(
        "unknown-milestone",
        "error",
        "Records",
        "A stated milestone (or an interval's milestone in policy) that does not exist.",
        "milestones:\n  fixed: 2024-11-25T15:00:00Z",
    ),
    # -- lifecycle ------------------------------------------------------------------
    _r(
        "timeline-order",
        "error",
        "Lifecycle",
        "Exactly timed events out of order (a warning for a milestone more than 30 minutes "
        "before the event listed above it when either time is approximate).",
        "timeline:\n  - {at: 2024-11-25T15:00:00Z, text: B}\n  - {at: 2024-11-25T14:00:00Z, text: A}",
    ),
    _r(
        "milestone-order",
        "error",
        "Lifecycle",
        "detected ≤ acknowledged ≤ mitigated ≤ resolved and started ≤ mitigated ≤ resolved, "
        "reported at the later one (detection may come before impact; a warning when an "
        "approximate time is more than 30 minutes out).",
        "timeline:\n  - {at: 2024-11-25T14:32:00Z, kind: detected, text: A}\n"
        "  - {at: 2024-11-25T14:20:00Z, kind: acknowledged, text: B}",
    ),
    _r(
        "future-time",
        "error",
        "Lifecycle",
        "No event or stated milestone is more than 5 minutes after the clock (a mistyped year, "
        "or a local time given another zone's offset).",
        "timeline:\n  - {at: 2071-02-28T13:54:00-08:00, kind: resolved, text: All clear}",
    ),
    _r(
        "outlying-time",
        "warning",
        "Lifecycle",
        "An event or stated milestone more than 90 days before the record's first other time "
        "or after its last (a mistyped year or date, or an event of another incident); "
        "said once, at the later, when the record has only two times.",
        "timeline:\n  - {at: 2018-10-21T22:52:00Z, text: A}\n"
        "  - {at: 2019-07-02T13:42:00Z, kind: detected, text: B}",
    ),
    _r(
        "status-timeline",
        "error",
        "Lifecycle",
        "The status agrees with the timeline (a warning for a backfilled record, or when the "
        "timeline is ahead of the status).",
        "status: resolved\ntimeline: []",
    ),
    # -- policy for the severity ----------------------------------------------------
    _r(
        "workflow-not-allowed",
        "error",
        "Severity policy",
        "The severity does not allow the record's workflow.",
        "severity: SEV4\nworkflow: hotfix",
    ),
    _r(
        "staging-skip",
        "error",
        "Severity policy",
        "Staging skipped where the severity does not allow it.",
        "severity: SEV2\ndeployment:\n  skipped_staging: true",
    ),
    _r(
        "approvals",
        "error",
        "Severity policy",
        "Fewer deploy approvals than the severity needs.",
        "severity: SEV3\ndeployment:\n  approvers: ['@lead']",
    ),
    _r(
        "postmortem-missing",
        "error",
        "Post-mortem",
        "A closed record of a severity that needs a post-mortem has none (a warning while "
        "resolved, or for a backfilled record).",
        "severity: SEV1\nstatus: closed\n# no postmortem",
    ),
    _r(
        "postmortem-incomplete",
        "error",
        "Post-mortem",
        "A required post-mortem section is empty (a warning while resolved).",
        "postmortem:\n  summary: Login broken for 47 minutes.",
    ),
    _r(
        "action-owner",
        "error",
        "Post-mortem",
        "An action item has no owner (backfilled records may leave it out).",
        "postmortem:\n  action_items:\n    - text: Add a regression test",
    ),
    # -- policy files themselves ----------------------------------------------------
    _r(
        "policy-missing-section",
        "error",
        "Policy",
        "A required policy section is missing.",
        "# no severities: in any policy file",
    ),
    _r(
        "policy-duplicate-section",
        "error",
        "Policy",
        "A policy section is defined twice.",
        "# severities: in two policy files",
    ),
    _r(
        "policy-rule-field",
        "error",
        "Policy",
        "A checklist rule names a field records do not have.",
        "rule: {field: assessment.impcat}",
    ),
    _r(
        "policy-postmortem-section",
        "error",
        "Policy",
        "A required post-mortem section that does not exist.",
        "postmortem:\n  required_sections: [summary, lesson]",
    ),
    _r(
        "unknown-flow",
        "error",
        "Policy",
        "A flow-table aspect names an unknown flow.",
        "aspects:\n  - {id: review, name: Review, values: {fast: Quick}}",
    ),
    _r(
        "flow-missing-value",
        "warning",
        "Policy",
        "A flow-table aspect has no text for a flow.",
        "aspects:\n  - {id: review, name: Review, values: {hotfix: Quick}}",
    ),
    _r(
        "unknown-placeholder",
        "error",
        "Policy",
        "A message template uses a {placeholder} no record can fill (reported at it).",
        "templates:\n  - {id: status, …, body: 'Down: {servces}'}",
    ),
    _r(
        "unknown-role",
        "error",
        "Records",
        "roles: (or a checklist rule) names a role policy does not define.",
        "roles: {captain: '@jo'}",
    ),
    _r(
        "unknown-message",
        "error",
        "Records",
        "A communication event (or a checklist rule) names a message template policy lacks.",
        "timeline:\n  - {kind: communication, text: Posted, message: tweet}",
    ),
    _r(
        "message-kind",
        "warning",
        "Records",
        "An event naming a message template is not a communication; rules ignore it.",
        "timeline:\n  - {kind: note, text: Posted, message: status-investigating}",
    ),
    _r(
        "unknown-interval",
        "error",
        "Policy",
        "measures names an interval policy does not define.",
        "measures:\n  mttr: time_to_recover",
    ),
    _r(
        "interval-headline",
        "error",
        "Policy",
        "More than one interval is marked headline.",
        "intervals:\n  - {id: a, headline: true, …}\n  - {id: b, headline: true, …}",
    ),
    _r(
        "interval-backwards",
        "warning",
        "Policy",
        "An interval starts at a milestone that comes after its end in every incident "
        "(its durations would all be negative).",
        "intervals:\n  - {id: x, start: [resolved], end: [detected], …}",
    ),
)

BY_ID: dict[str, RuleInfo] = {r.id: r for r in CATALOGUE}


def rules_data() -> list[dict[str, str]]:
    """The catalogue as JSON-ready rows (``playbook rules --format json``)."""
    return [
        {
            "id": r.id,
            "level": r.level,
            "area": r.area,
            "description": r.summary,
            "example": r.example,
        }
        for r in CATALOGUE
    ]


def markdown_table() -> str:
    """The README's rules table, generated from the catalogue."""
    rows = ["| Rule id | Level | What it checks |", "| --- | --- | --- |"]
    for r in CATALOGUE:
        summary = r.summary.replace("|", "\\|")
        rows.append(f"| `{r.id}` | {r.level} | {r.area}: {summary} |")
    return "\n".join(rows)
