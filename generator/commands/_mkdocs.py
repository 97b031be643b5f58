"""Running MkDocs from the CLI: its configuration, its log lines, its failures."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import click

from ..errors import PlaybookError

CONFIG_NAME = "mkdocs.yml"


class _Echo(logging.Handler):
    """``WARNING -  text`` on stderr, as ``mkdocs build`` prints it, continuation lines
    unindented so ``path:line:col`` problems read exactly as ``playbook validate`` prints
    them. Written through click, so it follows whatever stderr is current."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname:<7} -  {record.getMessage()}", err=True)


def quiet_banners() -> None:
    # Material prints an end-of-life banner on every run; CI logs need no repeat of it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def setup_logging(verbose: bool = False) -> None:
    """Send MkDocs' log (and the plugin's) to stderr, once."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _Echo) for h in logger.handlers):
        logger.addHandler(_Echo())
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def config_file(root: Path, given: Path | None) -> Path:
    path = given if given is not None else root / CONFIG_NAME
    if not path.is_file():
        raise PlaybookError(
            f"no {path.name} in {path.parent}; run 'playbook init' or pass --config-file"
        )
    return path


def load(config: Path, **overrides: Any) -> Any:
    """MkDocs configuration from ``config`` with ``overrides`` (strict, site_dir, …)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(config_file=str(config), **overrides)
    except ConfigurationError as exc:
        raise PlaybookError(f"{config.name}: {exc}") from exc


def config_option(func: Any) -> Any:
    return click.option(
        "--config-file",
        "-f",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"MkDocs configuration (default: {CONFIG_NAME} in the project folder).",
    )(func)
