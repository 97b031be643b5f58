"""``playbook show``: one incident at a glance in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..check.recordcheck import check_text, read_text
from ..errors import ProblemsFound
from ..facts.incident import as_of_now, facts_data, incident_facts
from ..problems import Level
from ._common import format_option, project_option
from ._record import target
from ._views import view


@click.command("show")
@click.argument("ident", metavar="ID")
@format_option("the incident's entry as in api/incidents.json: record and computed facts.")
@project_option
def command(ident: str, fmt: str, project_dir: Path | None) -> None:
    """Show an incident: computed duration, SLA results, timeline, tasks, checklist.

    \b
    Example:
      playbook show 15
      playbook show 0015-hotfix-auth-token
      playbook show 15 --format json
    """
    # Imported here: the template machinery is only needed when this command runs.
    from ..site.templating import render

    where = target(project_dir, ident)
    shown_path = where.shown
    text = read_text(where.path, shown_path)
    checked = check_text(where.ctx, text.removeprefix("\ufeff"), where.path)
    if checked.record is None:
        raise ProblemsFound(checked.errors, f"cannot show {shown_path}")
    errors = sum(1 for p in checked.problems if p.level is Level.ERROR)
    facts = incident_facts(checked.record.incident, where.ctx.policy, as_of_now(), shown_path)
    if fmt == "json":
        entry = {
            "ident": facts.ident,
            "url": f"incidents/{facts.ident}/",
            "record": facts.incident.model_dump(mode="json"),
            "computed": facts_data(facts),
        }
        click.echo(json.dumps(entry, indent=2, ensure_ascii=False))
        return
    click.echo(render("terminal/show.txt.j2", v=view(facts, errors)), nl=False)
