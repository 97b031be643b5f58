"""``playbook generate``: write the site's pages as Markdown files for any site engine.

Each page is its front matter (title, tags) followed by its finished HTML body as one raw
HTML block, which every Markdown engine copies through unchanged.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..check import load_checked, refuse_errors
from ..problems import Level
from ..site import build_site
from ._common import project_option, resolve_root
from ._output import atomic_dir, check_target, refuse_foreign


@click.command("generate")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write into; replaced whole, and only if empty or written by playbook.",
)
@click.option("--strict", is_flag=True, help="Refuse to write on warnings too.")
@project_option
def command(out: Path, strict: bool, project_dir: Path | None) -> None:
    """Write the pages MkDocs would build as Markdown files, for any site engine.

    The same pages as 'playbook build' (home, severity levels, playbooks, checklists,
    incidents) plus their stylesheet and script under assets/. Record text is already
    escaped and sanitised in them.

    \b
    Example:
      playbook generate --out build/pages
    """
    root = resolve_root(project_dir)
    out = check_target(out, root=root)
    refuse_foreign(out, "--out")
    project = load_checked(root)
    refuse_errors(project.problems, "invalid records stop the build", strict=strict)
    for problem in project.problems:
        if problem.level is Level.WARNING:
            click.echo(problem.text(), err=True)
    site = build_site(project)
    with atomic_dir(out) as work:
        # One page rendered at a time: a big site is never held in memory whole.
        for page in site.pages:
            _write(work / page.path, page.standalone())
        for asset in site.assets:
            _write(work / asset.path, asset.content)
    click.echo(f"wrote {len(site.pages)} page(s) and {len(site.assets)} asset(s) to {out}")


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
