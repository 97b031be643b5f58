"""``playbook severity``: raise or lower an incident's severity while it runs.

Policy ties workflows to severities (SEV1–2 must be hotfix or rollback), so a SEV3 on the
normal workflow raised to SEV2 would not validate with its workflow unchanged: the command
moves it to the policy's workflow for the new level, or to the one ``--workflow`` names.
The change goes into the timeline, so the page and the post-mortem keep the history that
``severity:`` alone (the current level, which every SLA target reads) would lose.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import ScalarString

from ..authoring.edit import delete_key, edit_record, set_key_after
from ..errors import PlaybookError
from ..facts.incident import incident_facts
from ..load.project import Record
from ..model.incident import EventKind, Incident, WorkflowKind
from ..model.policy import Policy, Severity
from ._common import project_option, typed_text
from ._event import AT_HELP, add_event, confirm, read_at
from ._policy import allowed_workflow, unknown_severity
from ._record import target, warn


def level(policy: Policy, text: str) -> Severity:
    """The policy severity ``text`` names; ``sev2`` finds ``SEV2``."""
    wanted = text.strip()
    found = policy.severity(wanted) or next(
        (s for s in policy.severities if s.id.lower() == wanted.lower()), None
    )
    if found is None:
        raise unknown_severity(policy, text)
    return found


def more_severe(policy: Policy, new: str, old: str) -> bool:
    """Policy lists its levels most severe first (SEV1, SEV2, …), as every page shows them."""
    rank = {s.id: i for i, s in enumerate(policy.severities)}
    return rank.get(new, len(rank)) < rank.get(old, len(rank))


def workflow_for(severity: Severity, current: WorkflowKind, chosen: str | None) -> WorkflowKind:
    """The workflow the record follows at ``severity``: the one asked for, else the current
    one while the level allows it, else the level's own (policy always names one)."""
    if chosen is not None:
        return allowed_workflow(severity, chosen)
    return current if current in severity.allowed_workflows else severity.workflow


def change_text(old: Incident, severity: str, workflow: WorkflowKind, reason: str | None) -> str:
    """``Severity SEV3 → SEV2, workflow normal → hotfix (Android users too)``."""
    parts = []
    if severity != old.severity:
        parts.append(f"severity {old.severity} → {severity}")
    if workflow is not old.workflow:
        parts.append(f"workflow {old.workflow.value} → {workflow.value}")
    text = ", ".join(parts)
    text = text[:1].upper() + text[1:]
    return f"{text} ({reason})" if reason else text


def _keep_style(old: object, new: str) -> str:
    # A value someone quoted ("SEV3") stays quoted.
    return type(old)(new) if isinstance(old, ScalarString) else new


@click.command("severity")
@click.argument("ident", metavar="ID")
@click.argument("level_id", metavar="SEVERITY")
@click.option(
    "--workflow",
    type=click.Choice([w.value for w in WorkflowKind]),
    help="Switch to this workflow (one the new severity allows). Default: keep the current "
    "one if the severity allows it, else the one policy gives the severity.",
)
@click.option(
    "--reason", callback=typed_text, help="Why, for the timeline: 'Android and iOS users affected'."
)
@click.option("--at", "at", help=AT_HELP)
@project_option
def command(
    ident: str,
    level_id: str,
    workflow: str | None,
    reason: str | None,
    at: str | None,
    project_dir: Path | None,
) -> None:
    """Raise or lower an incident's severity, and log the change.

    SLA targets follow the new severity. When the new severity does not allow the
    record's workflow, the record moves to the workflow policy gives that severity (or
    the one --workflow names); its tasks are kept. A raise is logged as an 'escalated'
    event, any other change as a 'note': 'Severity SEV3 → SEV2 (reason)'.

    \b
    Example:
      playbook severity 17 SEV2 --reason "Android and iOS users affected"
      playbook severity 17 SEV2 --workflow rollback --at 14:50
      playbook severity 17 SEV3 --reason "Only internal users left"
    """
    where = target(project_dir, ident)
    policy = where.ctx.policy
    severity = level(policy, level_id)
    when = read_at(at, policy)
    reason = reason.strip() if reason is not None else None
    if reason is not None and ("\n" in reason or "\r" in reason):
        raise PlaybookError("give the --reason as one line")
    dropped: list[str] = []
    logged: list[tuple[str, str]] = []

    def change(data: CommentedMap, record: Record) -> None:
        inc = record.incident
        flow = workflow_for(severity, inc.workflow, workflow)
        if severity.id == inc.severity and flow is inc.workflow:
            return
        data["severity"] = _keep_style(data["severity"], severity.id)
        if flow is not inc.workflow:
            if "workflow" in data:
                data["workflow"] = flow.value
            else:
                set_key_after(data, "workflow", flow.value, ("status", "severity"))
            dropped.extend(_drop_ticks(data, inc, policy, flow))
        kind = (
            EventKind.ESCALATED.value if more_severe(policy, severity.id, inc.severity) else "note"
        )
        text = change_text(inc, severity.id, flow, reason)
        add_event(data, inc, when, kind, text, policy)
        logged.append((kind, text))

    edit = edit_record(where.ctx, where.path, change)
    before, after = edit.before.incident, edit.after.incident
    if not edit.changed:
        click.echo(f"severity: already {after.severity} ({after.workflow.value} workflow)")
        return
    kind, text = logged[0]
    confirm(where.shown, after, policy, when, kind, text)
    if before.severity != after.severity:
        click.echo(f"severity: {before.severity} → {after.severity}")
    if before.workflow is not after.workflow:
        _report_workflow(severity, before, after, workflow is not None, ident)
        _report_checklist(policy, after, ident, dropped)
        _report_tasks(before, after)
    # Judged now, as the page will judge them: the targets are the new level's.
    now = datetime.now(UTC)
    for check in incident_facts(after, policy, now, where.shown).sla:
        click.echo(f"SLA {check.name}: {check.text()}")
    warn(edit)


def _drop_ticks(data: CommentedMap, inc: Incident, policy: Policy, flow: WorkflowKind) -> list[str]:
    """Remove the hand ticks the new workflow's checklist has no hand-ticked item for: they
    would not validate (or would be ignored), and the timeline keeps the switch."""
    checklist = policy.checklist_for(flow)
    manual = set() if checklist is None else set(checklist.by_hand())
    dropped = [item for item in inc.checklist if item not in manual]
    ticks = data.get("checklist")
    if dropped and isinstance(ticks, CommentedMap):
        for item in dropped:
            delete_key(ticks, item)
        if not ticks:
            delete_key(data, "checklist")
    return dropped


def _report_workflow(
    severity: Severity, before: Incident, after: Incident, chosen: bool, ident: str
) -> None:
    line = f"workflow: {before.workflow.value} → {after.workflow.value}"
    if chosen:
        click.echo(line)
        return
    line += f" (policy's workflow for {severity.id}"
    for other in (w for w in severity.allowed_workflows if w is not after.workflow):
        line += (
            f"; for {other.value}: playbook severity {ident} {severity.id} --workflow {other.value}"
        )
    click.echo(line + ")")


def _report_checklist(policy: Policy, after: Incident, ident: str, dropped: list[str]) -> None:
    from ..facts.checklists import fill

    checklist = policy.checklist_for(after.workflow)
    if checklist is None:
        click.echo(f"checklist: policy has none for the {after.workflow.value} workflow")
        return
    filled = fill(checklist, after)
    manual = checklist.by_hand()
    line = f"checklist: {checklist.title}, {filled.done}/{filled.total} ticked"
    if manual:
        line += f"; ticked by hand: {', '.join(manual)} (playbook check {ident} ITEM)"
    click.echo(line)
    if dropped:
        click.echo(f"checklist: hand tick(s) removed, not in it: {', '.join(dropped)}")


def _report_tasks(before: Incident, after: Incident) -> None:
    # Imported here: the scaffold's template machinery is needed only for this list.
    from ..authoring.scaffold import TASKS

    tasks = after.increment.tasks
    have = {t.text.strip().lower() for t in tasks}
    missing = [t for t in TASKS[after.workflow] if t.lower() not in have]
    if tasks:
        open_tasks = sum(not t.done for t in tasks)
        line = f"tasks: {len(tasks)} kept, {open_tasks} open (done needs each one done)"
    else:
        line = "tasks: none"
    if missing:
        line += f"; the {after.workflow.value} workflow's list also has: {'; '.join(missing)}"
    click.echo(line)
