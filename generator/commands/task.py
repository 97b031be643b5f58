"""``playbook task``: tick (or untick) a task of the incident's increment."""

from __future__ import annotations

import re
from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap

from ..authoring.edit import edit_record, set_key
from ..errors import PlaybookError
from ..load.project import Record
from ._common import project_option
from ._record import target, warn

_TASK = re.compile(r"^(?:[Tt]-?)?(\d{1,3})$")


def task_id(text: str) -> str:
    """``T-002`` from ``T-002``, ``t-2`` or ``2``."""
    match = _TASK.match(text.strip())
    if not match:
        raise PlaybookError(f"{text!r} is not a task id; tasks are T-001, T-002, …")
    return f"T-{int(match.group(1)):03d}"


@click.command("task")
@click.argument("ident", metavar="ID")
@click.argument("task", metavar="TASK-ID")
@click.option("--undo", is_flag=True, help="Mark the task not done again.")
@project_option
def command(ident: str, task: str, undo: bool, project_dir: Path | None) -> None:
    """Mark a task of the incident's increment done (or not, with --undo).

    \b
    Example:
      playbook task 15 T-002
      playbook task 15 T-002 --undo
    """
    where = target(project_dir, ident)
    wanted = task_id(task)
    done = not undo
    found: list[str] = []

    def change(data: CommentedMap, record: Record) -> None:
        tasks = record.incident.increment.tasks
        index = next((i for i, t in enumerate(tasks) if t.id == wanted), None)
        if index is None:
            known = ", ".join(t.id for t in tasks) or "none"
            raise PlaybookError(f"{where.shown} has no task {wanted} (tasks: {known})")
        found.append(tasks[index].text)
        if tasks[index].done != done:
            set_key(data["increment"]["tasks"][index], "done", done)

    edit = edit_record(where.ctx, where.path, change)
    tasks = edit.after.incident.increment.tasks
    count = f"{sum(t.done for t in tasks)}/{len(tasks)} tasks done"
    state = "done" if done else "not done"
    already = "" if edit.changed else "already "
    click.echo(f"{wanted} {found[0]}: {already}{state} ({count})")
    warn(edit)
