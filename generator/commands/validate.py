"""``playbook validate``: check policy and records, print every problem at once."""

from __future__ import annotations

from pathlib import Path

import click

from ..check import load_checked
from ..load.project import INCIDENTS_DIR, display_path
from ..problems import FORMATS, exit_code, format_problems, summary
from ._common import project_option, resolve_root


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: path:line:col lines; json: an array; github: workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@project_option
def command(paths: tuple[Path, ...], fmt: str, strict: bool, project_dir: Path | None) -> None:
    """Check policy, playbooks and incident records; report every problem.

    With PATHs, only problems in those files or folders are reported (the whole project is
    still loaded, since records are checked against policy and each other). An incident
    file outside playbooks/incidents/ is checked as if it were in it.

    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage error.

    \b
    Example:
      playbook validate
      playbook validate playbooks/incidents/0015-hotfix-auth-token.yaml --format github
    """
    root = resolve_root(project_dir)
    incidents = (root / INCIDENTS_DIR).resolve()
    extra = [
        p
        for p in paths
        if p.is_file()
        and p.resolve().parent != incidents
        and p.suffix in (".yaml", ".yml")
        and not display_path(root, p).startswith("playbooks/")
    ]
    project = load_checked(root, extra)
    problems = project.problems
    if paths:
        wanted = [display_path(root, p) for p in paths]
        problems = [
            p
            for p in problems
            if any(
                p.path == w or p.path.startswith(w.rstrip("/") + "/") or w in ("", ".")
                for w in wanted
            )
        ]
    text = format_problems(problems, fmt)
    if fmt == "text":
        if problems:
            click.echo(text)
            click.echo(summary(problems))
        else:
            click.echo(
                f"ok: {len(project.records)} incident(s), {len(project.playbooks)} playbook(s) "
                "and policy checked, no problems"
            )
    elif text or fmt == "json":
        click.echo(text)
    raise SystemExit(exit_code(problems, strict))
