"""``playbook build``: build the site with MkDocs and the playbook plugin, atomically."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .. import mkdocs_config as _mkdocs
from ..errors import PlaybookError
from ._common import project_option, resolve_root
from ._output import atomic_dir, check_target, earlier_site, refuse_foreign


@click.command("build")
@click.option("--strict", is_flag=True, help="Fail on warnings too (theirs and MkDocs').")
@click.option(
    "--site-dir",
    "-d",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the site goes (default: site_dir of mkdocs.yml, usually site/).",
)
@_mkdocs.config_option
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' debug messages.")
@project_option
def command(
    strict: bool,
    site_dir: Path | None,
    config_file: Path | None,
    verbose: bool,
    project_dir: Path | None,
) -> None:
    """Build the published site: severity levels, playbooks, incidents, post-mortems.

    Runs MkDocs with the playbook plugin. Invalid records stop the build with the same
    path:line:col lines as 'playbook validate'. The site is built beside the target folder
    and swapped in only when the build succeeds, so a failed build leaves the previous
    site untouched.

    The site folder must not be, contain or lie inside playbooks/ or the docs folder, nor
    be or contain the project folder; a folder that holds files an earlier build did not
    write is refused too (exit 2, nothing touched).

    Exit status: 0 built, 1 errors (or warnings with --strict), 2 refused site folder.

    \b
    Example:
      playbook build --strict
      playbook build --site-dir public
    """
    root = resolve_root(project_dir)
    _parse_early(root)
    # Imported after the early parse has started: these imports take the build's first
    # half second, on one core, while the pool parses on the others.
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    config_path = _mkdocs.config_file(root, config_file)
    _mkdocs.quiet_banners()
    _mkdocs.setup_logging(verbose)
    probe = _mkdocs.load(config_path)
    target = site_dir.resolve() if site_dir is not None else Path(probe.site_dir)
    option = "--site-dir" if site_dir is not None else "site_dir"
    check_target(
        target, root=root, config=config_path, docs_dir=Path(probe.docs_dir), option=option
    )
    refuse_foreign(target, option, None if not earlier_site(target) else lambda _: True)
    _docs_apart(root, Path(probe.docs_dir))
    with atomic_dir(target) as work:
        config = _mkdocs.load(config_path, strict=strict, site_dir=str(work))
        try:
            build(config)
        except Abort as exc:
            raise PlaybookError(f"{exc.message}; {target} was left as it was") from exc
    click.echo(f"built {target}", err=True)


def _parse_early(root: Path) -> None:
    """Start parsing the incident records now, when no parse cache will serve them (a CI
    run, a first build): the load takes the result (:mod:`generator.load.parsepool`)."""
    from ..load.layout import INCIDENTS_DIR, display_path
    from ..load.parsecache import cache_file
    from ..load.parsepool import prefetch

    cached = cache_file(root)
    if cached is None or not cached.is_file():
        folder = root / INCIDENTS_DIR
        prefetch(folder, display_path(root, folder))


def _docs_apart(root: Path, docs_dir: Path) -> None:
    """MkDocs publishes every file of docs_dir as it is: pointed at (or over) playbooks/, it
    would put the raw records and policy on the site beside the pages made from them."""
    from ..load.layout import CONTENT_DIR

    content, docs = (root / CONTENT_DIR).resolve(), docs_dir.resolve()
    if docs == content or content in docs.parents or docs in content.parents:
        shown = os.path.relpath(docs, root.resolve())
        raise PlaybookError(
            f"mkdocs.yml: docs_dir {shown!r} holds or lies in {CONTENT_DIR}/: MkDocs "
            f"would publish the raw records and policy; use a folder of your own pages "
            "(docs/)"
        )
