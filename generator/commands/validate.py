"""``playbook validate``: check policy and records, print every problem at once."""

from __future__ import annotations

from pathlib import Path

import click

from ..load.layout import INCIDENTS_DIR, display_path
from ..problems import FORMATS, Problem, exit_code, format_problems, summary
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
    _refuse_unreadable(paths)
    quick = _records_alone(root, paths)
    problems, checked = quick if quick is not None else _whole_project(root, paths)
    text = format_problems(problems, fmt)
    if fmt == "text":
        if problems:
            click.echo(text)
            click.echo(summary(problems))
        else:
            click.echo(f"ok: {checked}, no problems")
    elif text or fmt == "json":
        click.echo(text)
    raise SystemExit(exit_code(problems, strict))


def _refuse_unreadable(paths: tuple[Path, ...]) -> None:
    """A named file that is never checked must not end in 'ok': say so (exit 2)."""
    from ..errors import UsageProblem

    for path in paths:
        if path.is_dir():
            continue
        if not path.is_file():
            raise UsageProblem(f"{path} is not a regular file; nothing was checked")
        if path.suffix not in (".yaml", ".yml"):
            raise UsageProblem(
                f"{path} is not a .yaml or .yml file (in lower case): playbook reads no "
                "other; nothing was checked"
            )


def _whole_project(root: Path, paths: tuple[Path, ...]) -> tuple[list[Problem], str]:
    """Load and check everything; keep the problems of ``paths`` (all when none given).
    Also returns what was checked, in words."""
    from ..check import load_checked

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
    checked = (
        f"{len(project.records)} incident(s), {len(project.playbooks)} playbook(s) "
        "and policy checked"
    )
    return problems, checked


def _records_alone(root: Path, paths: tuple[Path, ...]) -> tuple[list[Problem], str] | None:
    """The problems of incident records named one by one, without loading the others.

    Checking one record needs the policy, the playbook names and the few records it could
    clash with (:mod:`generator.check.recordcheck`), which finds exactly the problems a
    whole-project load reports for that file, in a fraction of the time at a thousand
    records. None (load everything) for folders, files outside ``playbooks/incidents/``,
    oversized files, or a policy with errors of its own.

    What was checked is said as such (these records, against policy and the others): the
    count of loadable records a whole-project run prints would mean parsing them all.
    """
    from ..check.recordcheck import check_text, load_context, read_text
    from ..errors import ProblemsFound
    from ..load.yamlsource import MAX_FILE_BYTES

    incidents = (root / INCIDENTS_DIR).resolve()
    if not paths or not all(
        p.is_file()
        and p.suffix in (".yaml", ".yml")
        and p.resolve().parent == incidents
        and p.stat().st_size <= MAX_FILE_BYTES
        for p in paths
    ):
        return None
    try:
        ctx = load_context(root)
    except ProblemsFound:
        return None
    problems: list[Problem] = []
    # A file named twice is checked once, as the whole-project load would.
    named = {p.resolve(): p for p in paths}
    for path in named.values():
        shown = display_path(root, path)
        try:
            text = read_text(path, shown)
        except ProblemsFound as found:
            problems.extend(found.problems)
            continue
        problems.extend(check_text(ctx, text.removeprefix("\ufeff"), path).problems)
    checked = (
        f"{len(named)} incident record(s) checked against policy, "
        f"{len(ctx.playbooks)} playbook(s) and the other records"
    )
    return problems, checked
