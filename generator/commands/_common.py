"""Options and helpers shared by commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..project import find_root

F = TypeVar("F", bound=Callable[..., Any])


def project_option(func: F) -> F:
    """``--project DIR``: the project root (default: nearest folder with ``playbooks/``)."""
    return click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Project folder (default: the nearest folder above the current one with playbooks/).",
    )(func)


def resolve_root(project_dir: Path | None) -> Path:
    return find_root(project_dir) if project_dir is None else _explicit(project_dir)


def _explicit(project_dir: Path) -> Path:
    from ..errors import PlaybookError
    from ..project import CONTENT_DIR

    if not (project_dir / CONTENT_DIR).is_dir():
        raise PlaybookError(f"{project_dir} has no {CONTENT_DIR}/ folder")
    return project_dir.resolve()
