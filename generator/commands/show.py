"""``playbook show``: one incident at a glance in the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from ..edit import read_text
from ..errors import ProblemsFound
from ..incidentview import view
from ..lookup import find_incident
from ..problems import Level
from ..project import display_path
from ..recordcheck import check_text, load_context
from ..terminal import clean
from ._common import project_option, resolve_root


def _fixed(value: object, width: int) -> str:
    return clean(value).ljust(width)


@click.command("show")
@click.argument("ident", metavar="ID")
@project_option
def command(ident: str, project_dir: Path | None) -> None:
    """Show an incident: computed duration, SLA results, timeline, tasks, checklist.

    \b
    Example:
      playbook show 15
      playbook show 0015-hotfix-auth-token
    """
    # Imported here: the template machinery is only needed when this command runs.
    from ..templating import environment, render

    environment().filters.update(term=clean, fixed=_fixed)
    root = resolve_root(project_dir)
    path = find_incident(root, ident)
    ctx = load_context(root)
    text = read_text(path, display_path(root, path))
    checked = check_text(ctx, text.removeprefix("\ufeff"), path)
    if checked.record is None:
        raise ProblemsFound(checked.errors, f"cannot show {display_path(root, path)}")
    errors = sum(1 for p in checked.problems if p.level is Level.ERROR)
    shown = view(checked.record.incident, display_path(root, path), ctx.policy, errors)
    click.echo(render("terminal/show.txt", v=shown), nl=False)
