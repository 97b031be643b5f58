"""``playbook schema``: write the JSON Schemas editors use to check YAML while typing."""

from __future__ import annotations

from pathlib import Path

import click

from ..exports.schema import write_schemas
from ._common import project_option, resolve_root


@click.command("schema")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write into (default: schemas/ in the project).",
)
@project_option
def command(out: Path | None, project_dir: Path | None) -> None:
    """Write JSON Schemas for incident records, policy files and playbooks.

    Records point at them with a modeline on their first line, which the YAML language
    server (VS Code, JetBrains, Neovim) uses to validate while you type:

    \b
      # yaml-language-server: $schema=../../schemas/incident.schema.json

    \b
    Example:
      playbook schema
      playbook schema --out site/schemas
    """
    target = out if out is not None else resolve_root(project_dir) / "schemas"
    for path in write_schemas(target):
        click.echo(path.as_posix())
