"""``playbook schema``: write the JSON Schemas editors use to check YAML while typing."""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

import click

from ..errors import PlaybookError
from ..exports.schema import SCHEMAS, write_schemas
from ..files import read_regular
from ._common import project_option, resolve_root
from ._output import check_target, names_only, refuse_foreign


def _a_schema(entry: Path) -> bool:
    """Is ``entry`` a JSON Schema file (as an earlier run wrote it), not a link, a pipe or
    a device? Whatever cannot be read as one is someone else's, never a traceback (JSON
    nested too deep for the parser raised RecursionError)."""
    try:
        data = json.loads(read_regular(entry, follow=False))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and "$schema" in data


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
    root: Path | None = None
    if out is None or project_dir is not None:
        root = resolve_root(project_dir)
    else:
        # --out alone may write schemas for an editor outside any project.
        with suppress(PlaybookError):
            root = resolve_root(None)
    if out is None:
        assert root is not None  # resolve_root raised otherwise
        out = root / "schemas"
    target = check_target(out, root=root)
    # Only its own three files may already be there: they are the ones it replaces. A file
    # of the same name that is not a JSON Schema (someone's notes) is not ours to replace.
    named = names_only(SCHEMAS)
    refuse_foreign(target, "--out", lambda entry: named(entry) and _a_schema(entry))
    for path in write_schemas(target):
        click.echo((out / path.name).as_posix())
