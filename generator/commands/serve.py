"""``playbook serve``: preview the site, rebuilding when a record or policy file changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from . import _mkdocs
from ._common import project_option, resolve_root


@click.command("serve")
@click.option(
    "--dev-addr",
    "-a",
    metavar="IP:PORT",
    default=None,
    help="Address to serve on (default: dev_addr of mkdocs.yml, 127.0.0.1:8000).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@_mkdocs.config_option
@project_option
def command(
    dev_addr: str | None, open_browser: bool, config_file: Path | None, project_dir: Path | None
) -> None:
    """Serve the site locally and reload it when a YAML file under playbooks/ changes.

    \b
    Example:
      playbook serve
      playbook serve --dev-addr 0.0.0.0:8080
    """
    from mkdocs.commands.serve import serve

    root = resolve_root(project_dir)
    config_path = _mkdocs.config_file(root, config_file)
    _mkdocs.quiet_banners()
    _mkdocs.setup_logging()
    overrides: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
    serve(config_file=str(config_path), open_in_browser=open_browser, **overrides)
