"""Options and helpers shared by commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from ..load.layout import find_root

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
    from ..load.layout import CONTENT_DIR

    if not (project_dir / CONTENT_DIR).is_dir():
        raise PlaybookError(f"{project_dir} has no {CONTENT_DIR}/ folder")
    return project_dir.resolve()


def format_option(json_help: str) -> Callable[[F], F]:
    """``--format table|json`` for listing commands; ``json_help`` says what the JSON holds."""

    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(["table", "json"]),
            default="table",
            show_default=True,
            help=f"table: for people; json: {json_help}",
        )(func)

    return decorate


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A day given as ``2024-10-01`` (or a full timestamp, whose date is taken)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date like 2024-10-01") from None
