"""Running MkDocs from the CLI: its configuration, its log lines, its failures."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import click
import yaml

from .errors import PlaybookError

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


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/name`` and other tags; only ``site_url`` matters."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV VAR`` / ``!ENV [VAR, …, default]``: the first variable set, else the
    default, as MkDocs itself reads it (so the CLI links where the built site does)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode) and node.value:
        values = [loader.construct_scalar(v) for v in node.value if isinstance(v, yaml.ScalarNode)]
        names, default = values[:-1] or values, values[-1] if len(values) > 1 else None
    else:
        return None
    for name in names:
        if str(name) in os.environ:
            return os.environ[str(name)] or None
    return default


_TolerantLoader.add_constructor("!ENV", _env_tag)
_TolerantLoader.add_multi_constructor("", _ignore_tag)


def setting(config: Path, key: str) -> Any:
    """One top-level value of an mkdocs.yml without loading MkDocs (None when unreadable)."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), _TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data.get(key) if isinstance(data, dict) else None
