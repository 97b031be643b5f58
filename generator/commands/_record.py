"""What the record-editing commands share: finding the record and reporting an edit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..check.recordcheck import Context, load_context
from ..load.layout import display_path
from ..load.lookup import find_incident
from ._common import resolve_root

if TYPE_CHECKING:
    # Only for annotations: viewing a record must not pay for the YAML editor's import.
    from ..authoring.edit import Edit


@dataclass
class Target:
    ctx: Context
    path: Path

    @property
    def shown(self) -> str:
        return display_path(self.ctx.root, self.path)


def target(project_dir: Path | None, ident: str) -> Target:
    """The project's policy and the record file ``ident`` names."""
    root = resolve_root(project_dir)
    path = find_incident(root, ident)
    return Target(load_context(root), path)


def warn(edit: Edit) -> None:
    """Warnings the edit brought up (not errors: those refuse it)."""
    for problem in sorted(edit.warnings):
        click.echo(problem.text(), err=True)
