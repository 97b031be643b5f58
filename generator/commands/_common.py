"""Options and helpers shared by commands."""

from __future__ import annotations

import os
import re
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


_SURROGATE = re.compile("[\udc80-\udcff]")


def typed_text(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Text typed on the command line (an event's text, a title, a name), as UTF-8.

    Where the locale is not UTF-8 (``LC_ALL=C`` with ``PYTHONUTF8=0``), Python hands on the
    bytes it could not decode as lone surrogates; written to a record they became a YAML
    error about escape codes at a line the user never typed. Bytes that are UTF-8 (what
    terminals send) are read as such; any others are a usage error naming the value.
    """
    if isinstance(value, tuple):
        return tuple(typed_text(ctx, param, v) for v in value)
    if not isinstance(value, str) or _SURROGATE.search(value) is None:
        return value
    raw = os.fsencode(value)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"'{raw.decode('utf-8', 'backslashreplace')}' is not UTF-8 text "
            f"(byte 0x{raw[exc.start]:02x}); type it in a UTF-8 terminal (LANG=C.UTF-8)"
        ) from None
