"""``playbook done``: close an incident once policy allows it."""

from __future__ import annotations

from pathlib import Path

import click
from ruamel.yaml.comments import CommentedMap

from ..authoring.edit import edit_record
from ..check.recordcheck import Checked
from ..errors import PlaybookError
from ..facts.closing import missing, unconfirmed
from ..facts.incident import as_of_now, incident_facts
from ..load.project import Record
from ..model.incident import Status
from ._common import project_option
from ._record import target, warn
from .log import set_status


@click.command("done")
@click.argument("ident", metavar="ID")
@project_option
def command(ident: str, project_dir: Path | None) -> None:
    """Close an incident: set its status to closed if policy allows.

    Policy allows it when every task is done, the fix is verified (a 'verified' event,
    no failed verification check), the resolution time is known, and the post-mortem is
    complete for severities that need one. Otherwise nothing changes and every missing
    piece is listed (exit status 1). A backfilled record closes on what its source
    published: what it lacks is printed as warnings.

    \b
    Example:
      playbook done 15
    """
    where = target(project_dir, ident)
    before: list[Record] = []

    def change(data: CommentedMap, record: Record) -> None:
        before.append(record)
        if record.incident.status is not Status.CLOSED:
            set_status(data, Status.CLOSED)

    def vet(after: Checked) -> None:
        assert after.record is not None
        lacking = missing(after.record.incident, after.problems)
        if lacking:
            lines = "\n".join(f"  - {m}" for m in lacking)
            raise PlaybookError(f"{after.record.incident.ident} cannot be closed yet:\n{lines}")

    edit = edit_record(where.ctx, where.path, change, vet)
    inc = edit.after.incident
    if not edit.changed:
        click.echo(f"{inc.ident} is already closed")
        return
    span = incident_facts(inc, where.ctx.policy, as_of_now()).duration
    click.echo(
        f"{inc.ident} closed: {before[0].incident.status.value} → closed; "
        f"duration {span.text()} ({span.ends})"
    )
    for lacking in unconfirmed(inc):
        click.echo(
            f"warning: {inc.ident}: {lacking}; closed anyway (a backfilled record)", err=True
        )
    warn(edit)
