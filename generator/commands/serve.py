"""``playbook serve``: preview the site; an edited record is on screen in about a second."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType

import click

from .. import mkdocs_config as _mkdocs
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
    """Serve the site locally and update it as files under playbooks/ change.

    An edited incident record is checked alone and its page re-rendered with the pages
    that list it; the browser reloads by itself. While a record has errors, the browser
    shows them (path:line:col, as validate prints them) until the next good save. Other
    changes (policy, playbooks, a record added or removed, mkdocs.yml) rebuild the site.

    \b
    Example:
      playbook serve
      playbook serve --dev-addr 0.0.0.0:8080
    """
    from ..preview.engine import Preview
    from ..preview.server import serve

    root = resolve_root(project_dir)
    config_path = _mkdocs.config_file(root, config_file)
    _mkdocs.quiet_banners()
    _mkdocs.setup_logging()
    preview = Preview(root, config_path, dev_addr)
    # Stopped by a process manager (SIGTERM) as by Ctrl-C: the temporary site is removed.
    signal.signal(signal.SIGTERM, _stop)
    try:
        preview.start()
        if open_browser:
            import webbrowser

            webbrowser.open(f"http://{preview.host}:{preview.port}{preview.mount}")
        serve(preview)
    except KeyboardInterrupt:
        click.echo("Shutting down...", err=True)
    finally:
        preview.close()


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
