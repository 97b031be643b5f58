"""Load a project for a reporting command, refusing one with errors.

Numbers from a project with broken records would silently leave those records out, so
``stats``, ``actions`` and ``export`` print the problems and stop, as ``build`` does.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ProblemsFound
from ..problems import Level
from ..project import Project, load_project
from ._common import resolve_root

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def load_valid(project_dir: Path | None) -> Project:
    root = resolve_root(project_dir)
    project = load_project(root)
    errors = [p for p in project.problems if p.level is Level.ERROR]
    if errors or project.policy is None:
        raise ProblemsFound(errors, "numbers are only computed from a valid project")
    return project


def terminal_text(text: str) -> str:
    """Record text for a terminal: control characters (escape sequences) shown as U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def table(headings: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart; no trailing spaces."""
    cells = [headings, *[[terminal_text(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headings))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
