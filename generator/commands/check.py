"""``playbook check``: tick by hand a checklist item that no rule can prove."""

from __future__ import annotations

from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap

from ..authoring.edit import delete_key, edit_record, set_key
from ..errors import PlaybookError
from ..facts.checklists import describe, fill
from ..load.project import Record
from ._common import project_option
from ._record import target, warn


@click.command("check")
@click.argument("ident", metavar="ID")
@click.argument("item", metavar="ITEM-ID")
@click.option("--undo", is_flag=True, help="Remove the tick again.")
@project_option
def command(ident: str, item: str, undo: bool, project_dir: Path | None) -> None:
    """Tick a checklist item by hand (or remove the tick, with --undo).

    Only items without a rule can be ticked by hand, e.g. 'status-page-updated' or
    'critical-tests-pass' in the hotfix checklist. Items with a rule tick themselves
    from the record: log the event or fill in the field the rule names instead.

    \b
    Example:
      playbook check 15 status-page-updated
      playbook check 15 critical-tests-pass --undo
    """
    where = target(project_dir, ident)
    policy = where.ctx.policy

    def change(data: CommentedMap, record: Record) -> None:
        inc = record.incident
        checklist = policy.checklist_for(inc.workflow)
        if checklist is None:
            raise PlaybookError(f"policy has no checklist for the {inc.workflow.value} workflow")
        items = {i.id: i for s in checklist.sections for i in s.items}
        manual = checklist.by_hand()
        if item not in items:
            raise PlaybookError(
                f"the {checklist.title} has no item {item!r}; "
                f"items ticked by hand: {', '.join(manual) or 'none'}"
            )
        rule = items[item].rule
        if rule is not None:
            raise PlaybookError(
                f"{item!r} is ticked by a rule ({describe(rule)}), not by hand; "
                f"items ticked by hand: {', '.join(manual) or 'none'}"
            )
        ticks = data.get("checklist")
        if undo:
            if isinstance(ticks, CommentedMap) and item in ticks:
                delete_key(ticks, item)
                if not ticks:
                    delete_key(data, "checklist")
            return
        if inc.checklist.get(item):
            return
        if isinstance(ticks, CommentedMap):
            set_key(ticks, item, True)
        else:
            ticks = CommentedMap()
            ticks[item] = True
            set_key(data, "checklist", ticks, section=True)

    edit = edit_record(where.ctx, where.path, change)
    checklist = policy.checklist_for(edit.after.incident.workflow)
    assert checklist is not None
    filled = fill(checklist, edit.after.incident)
    state = "unticked" if undo else "ticked"
    already = "" if edit.changed else "already "
    click.echo(f"{item}: {already}{state} (checklist {filled.done}/{filled.total})")
    warn(edit)
