"""``playbook init``: start a new runbook repository."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from ..load.layout import CONTENT_DIR
from ._output import check_target


def _enclosing_project(directory: Path) -> Path | None:
    """The project (a folder with playbooks/) at or above ``directory``, if any."""
    here = directory.resolve()
    for candidate in (here, *here.parents):
        if (candidate / CONTENT_DIR).is_dir():
            return candidate
    return None


@click.command("init")
@click.argument(
    "directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--force", is_flag=True, help="Add to a folder that is not empty (keeps its files).")
@click.option(
    "--install",
    default=None,
    help="What CI pip-installs to get playbook (default: playbook==<this version>).",
)
def command(directory: Path, force: bool, install: str | None) -> None:
    """Create a runbook repository: default policy, playbooks, an example incident,
    mkdocs.yml, a CI workflow, JSON Schemas and a README.

    The policy and playbooks are the seed's hotfix workflow, ready to edit. A folder that
    holds anything but .git is refused unless --force is given; even then, no existing
    file is overwritten, and anything in the way (a broken link, a folder where a file
    goes) is named before a single file is written.

    \b
    Example:
      playbook init runbooks
      cd runbooks && playbook validate
    """
    # Imported here: the template machinery is only needed when this command runs.
    from ..authoring.initrepo import default_install, init

    enclosing = _enclosing_project(directory)
    if enclosing is not None:
        # `init docs` or `init playbooks` inside a project would publish a README and a
        # second mkdocs.yml as pages, or mix a policy into the records.
        check_target(directory, root=enclosing, option="DIRECTORY", sources_only=True)
    for rel, written in init(directory, force, install or default_install()):
        click.echo(f"{'created' if written else 'kept   '} {(directory / rel).as_posix()}")
    # Quoted so the line can be pasted into a shell as it is, spaces and all.
    click.echo(f"next: cd {shlex.quote(directory.as_posix())} && playbook validate")
