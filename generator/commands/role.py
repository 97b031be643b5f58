"""``playbook role``: hand a role over (or name, or clear its holder) during an incident.

The record's ``roles:`` names who holds each policy role now; it cannot say who held it
before. Each change is therefore logged in the timeline too ("Incident commander: @alice →
@bob"), so the post-mortem can tell who was in command when.
"""

from __future__ import annotations

from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap

from ..authoring.edit import delete_key, edit_record, set_key, set_key_after, text_value
from ..errors import PlaybookError, UsageProblem
from ..load.project import Record
from ..model.comms import Role
from ..model.policy import Policy
from ._common import project_option, typed_text
from ._event import AT_HELP, add_event, confirm, read_at
from ._policy import unknown_role
from ._record import target, warn

#: Where a new ``roles:`` goes: under the first of these the record has, as new-incident
#: writes it.
_ROLES_AFTER = ("services", "workflow", "status", "severity")


def policy_role(policy: Policy, role_id: str) -> Role:
    found = policy.role(role_id.strip()) or policy.role(role_id.strip().lower())
    if found is None:
        raise unknown_role(policy, role_id)
    return found


def handover_text(role: Role, old: str | None, new: str | None) -> str:
    """``Incident commander: @alice → @bob``; ``Scribe: @carol`` when nobody held it."""
    if old is None:
        return f"{role.name}: {new}"
    return f"{role.name}: {old} → {new or 'nobody'}"


@click.command("role")
@click.argument("ident", metavar="ID")
@click.argument("role_id", metavar="ROLE")
@click.argument("person", metavar="PERSON", required=False, callback=typed_text)
@click.option("--clear", is_flag=True, help="Nobody holds the role any more.")
@click.option("--at", "at", help=AT_HELP)
@project_option
def command(
    ident: str,
    role_id: str,
    person: str | None,
    clear: bool,
    at: str | None,
    project_dir: Path | None,
) -> None:
    """Hand an incident role to someone (or clear it), and log the handover.

    ROLE is a role policy defines (commander, scribe, …). The record's roles keep the
    current holder; the timeline keeps each change: 'Incident commander: @alice → @bob'.

    \b
    Example:
      playbook role 17 commander @bob
      playbook role 17 scribe @carol --at 14:50
      playbook role 17 liaison --clear
    """
    if clear and person is not None:
        raise UsageProblem("give a PERSON or --clear, not both")
    if not clear and person is None:
        raise UsageProblem("give the PERSON who takes the role, like @bob (or --clear)")
    where = target(project_dir, ident)
    policy = where.ctx.policy
    role = policy_role(policy, role_id)
    holder = person.strip() if person is not None else None
    if holder is not None and (not holder or "\n" in holder or "\r" in holder):
        raise PlaybookError(f"give the {role.id} as one line, like @bob")
    when = read_at(at, policy)
    logged: list[tuple[str | None, str]] = []

    def change(data: CommentedMap, record: Record) -> None:
        inc = record.incident
        old = inc.roles.get(role.id)
        if old == holder:
            return
        roles = data.get("roles")
        if holder is None:
            if isinstance(roles, CommentedMap):
                delete_key(roles, role.id)
                if not roles:
                    delete_key(data, "roles")
        elif isinstance(roles, CommentedMap):
            set_key(roles, role.id, text_value(holder))
        else:
            roles = CommentedMap()
            roles.fa.set_flow_style()  # as new-incident writes it: roles: {commander: "@a"}
            roles[role.id] = text_value(holder)
            set_key_after(data, "roles", roles, _ROLES_AFTER)
        text = handover_text(role, old, holder)
        add_event(data, inc, when, "note", text, policy)
        logged.append((old, text))

    edit = edit_record(where.ctx, where.path, change)
    if not logged:
        now = edit.after.incident.roles.get(role.id)
        click.echo(f"{role.id}: already {now}" if now else f"{role.id}: already nobody")
        return
    old, text = logged[0]
    confirm(where.shown, edit.after.incident, policy, when, "note", text)
    click.echo(f"{role.id}: {old or 'nobody'} → {holder or 'nobody'}")
    warn(edit)
