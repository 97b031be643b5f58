"""Running MkDocs from the CLI: its configuration, its log lines, its failures.

Every read of ``mkdocs.yml`` goes through here, and reads a regular file only: a named pipe
of that name hung ``playbook export`` for ever (opening a FIFO waits for a writer). A path
setting holding a NUL character (``site_dir: "site\\u0000x"``), which no system call takes,
is refused here by name rather than failing later in a traceback. Both are configuration
problems: ``Error:`` naming the file, exit 1.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

import click
import yaml

from .errors import PlaybookError
from .files import NotRegularFile, file_kind, read_regular
from .terminal import visible

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
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        mode = None
    if mode is None:
        raise PlaybookError(
            f"no {visible(path.name)} in {visible(path.parent)}; "
            "run 'playbook init' or pass --config-file"
        )
    if not stat.S_ISREG(mode):
        raise PlaybookError(f"{visible(path)} is {file_kind(mode)}, not a regular file")
    return path


#: Settings MkDocs reads as paths: a NUL in one is refused (see the module's doc).
PATH_SETTINGS = ("site_dir", "docs_dir")


def _check_path(config: Path, key: str, value: object) -> None:
    if isinstance(value, str) and "\0" in value:
        raise PlaybookError(
            f"{visible(config.name)}: {key} {visible(repr(value))} contains a NUL character, "
            "which no path can hold"
        )


def load(config: Path, **overrides: Any) -> Any:
    """MkDocs configuration from ``config`` with ``overrides`` (strict, site_dir, …)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    config_file(config.parent, config)
    # Before MkDocs reads it: MkDocs reports a NUL in docs_dir with the NUL itself printed.
    _top_level(config)
    try:
        loaded = load_config(config_file=str(config), **overrides)
    except ConfigurationError as exc:
        raise PlaybookError(f"{config.name}: {exc}") from exc
    for key in PATH_SETTINGS:
        _check_path(config, key, loaded.get(key))
    return loaded


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


def _top_level(config: Path) -> dict[Any, Any] | None:
    """The top-level mapping of an mkdocs.yml (None when missing or not YAML); an error
    when it is not a regular file, or when a path setting holds a NUL."""
    try:
        raw = read_regular(config)
    except NotRegularFile as exc:
        raise PlaybookError(f"{visible(config)} is {exc.kind}, not a regular file") from None
    except (OSError, ValueError):
        return None
    try:
        data = yaml.load(raw.decode("utf-8"), _TolerantLoader)
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        # Nested too deep for PyYAML's recursive reader: as unreadable as a syntax error.
        return None
    if not isinstance(data, dict):
        return None
    for key in PATH_SETTINGS:
        _check_path(config, key, data.get(key))
    return data


def setting(config: Path, key: str) -> Any:
    """One top-level value of an mkdocs.yml without loading MkDocs (None when the file is
    missing or not YAML). A ``mkdocs.yml`` that is not a regular file, or a path setting
    with a NUL, is an error (:class:`PlaybookError`) rather than something to read."""
    data = _top_level(config)
    return None if data is None else data.get(key)
