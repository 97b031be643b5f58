"""``playbook list``: every incident in a table (or JSON), filtered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..authoring.summarycache import summaries
from ..problems import Problem
from ..terminal import table
from ._common import format_option, project_option, resolve_root

_HEADINGS = ["ID", "SEV", "STATUS", "DURATION", "TITLE"]
#: The values of :class:`generator.model.incident.Status` (a test keeps them equal), spelled
#: out so that a listing served from the cache does not import the record models.
STATUSES = ("open", "mitigated", "resolved", "closed")


@click.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only incidents with this status; repeat for several.",
)
@click.option("--severity", "severities", multiple=True, help="Only this severity; repeatable.")
@click.option("--service", "services", multiple=True, help="Only incidents touching this service.")
@format_option("an array of objects, one per incident.")
@project_option
def command(
    statuses: tuple[str, ...],
    severities: tuple[str, ...],
    services: tuple[str, ...],
    fmt: str,
    project_dir: Path | None,
) -> None:
    """List incidents, oldest first, with status and computed duration.

    Records that do not load are left out and counted on stderr; run 'playbook validate'
    to see why.

    \b
    Example:
      playbook list --status open
      playbook list --severity SEV1 --severity SEV2 --format json
    """
    problems: list[Problem] = []
    root = resolve_root(project_dir)
    rows = [
        row
        for row in sorted(summaries(root, problems), key=lambda r: r["number"])
        if (not statuses or row["status"] in statuses)
        and (not severities or row["severity"] in severities)
        and (not services or set(services) & set(row["services"]))
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, allow_nan=False))
    else:
        click.echo(_table(rows))
    broken = len({p.path for p in problems})
    if broken:
        click.echo(
            f"warning: {broken} record(s) could not be read; run playbook validate", err=True
        )


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no incidents match"
    cells = [
        [
            row["id"],
            row["severity"],
            row["status"],
            row["duration"]["text"] if row["duration"]["seconds"] is not None else "-",
            row["title"],
        ]
        for row in rows
    ]
    return table(_HEADINGS, cells)
