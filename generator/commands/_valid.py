"""Load a project for a reporting command, refusing one with errors.

Numbers from a project with broken records would silently leave those records out, so
``stats``, ``actions`` and ``export`` print the problems and stop, as ``build`` does.
"""

from __future__ import annotations

from pathlib import Path

from ..check import load_checked, refuse_errors
from ..errors import ProblemsFound
from ..load.project import Project
from ._common import resolve_root


def load_valid(project_dir: Path | None) -> Project:
    root = resolve_root(project_dir)
    project = load_checked(root)
    refuse_errors(project.problems, "numbers are only computed from a valid project")
    if project.policy is None:
        raise ProblemsFound([], "numbers are only computed from a valid project")
    return project
