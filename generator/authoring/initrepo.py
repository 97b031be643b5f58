"""A new runbook repository: the default policy from the seed, an example, site and CI.

The defaults are this project's own files, found next to the installed package (the
repository root that holds ``generator/``): ``playbooks/policy``, ``playbooks/workflows``,
the seed's incident 0015, ``mkdocs.yml`` and the CI workflow. A new repository therefore
starts with exactly the policy this project validates and publishes itself.

``init --force`` adds these files to a folder that already holds others. Every place a file
or folder goes is checked before anything is written (:func:`_plan`): a broken link, a
folder where a file goes, a file where a folder goes, a named pipe or a device is refused by
name and nothing is written. ``init --force`` once wrote ``playbooks/`` and stopped at a
broken ``schemas`` link, leaving a project without ``mkdocs.yml`` or CI; a write that fails
anyway (a full disk) removes what this run wrote.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

from .. import __version__
from ..errors import PlaybookError, TargetRefused
from ..files import file_kind, read_regular
from ..site.templating import render
from ..terminal import visible

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = "playbooks/incidents/0015-hotfix-auth-token.yaml"
WORKFLOW = ".github/workflows/playbook.yml"
#: Entries that do not make a folder "not empty": ``git init`` then ``playbook init``.
IGNORED = {".git"}

_INSTALL_LINE = re.compile(r"^(\s*PLAYBOOK_INSTALL:\s*).*$", re.MULTILINE)


def default_install() -> str:
    return f"playbook=={__version__}"


def _read(path: Path) -> str:
    """A default file's text; a regular file only, so that nothing can hang ``init``."""
    try:
        return read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlaybookError(
            f"cannot read the default file {path}: {exc}; reinstall playbook"
        ) from None


def _copied(rel_dir: str) -> dict[str, str]:
    folder = REPO / rel_dir
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise PlaybookError(f"cannot find the default files in {folder}; reinstall playbook")
    return {f"{rel_dir}/{f.name}": _read(f) for f in files}


def _schemas() -> dict[str, str]:
    """The JSON Schemas, copied from the repository's ``schemas/`` (a test keeps those equal
    to the models'); generated only when that folder is missing, since generating imports
    every record model and costs ``init`` a third of its run."""
    found = sorted((REPO / "schemas").glob("*.schema.json"))
    if found:
        return {f.name: _read(f) for f in found}
    from ..exports.schema import schema_texts

    return schema_texts()


def files(install: str) -> dict[str, str]:
    """Relative path → text of every file a new repository gets."""
    out = {**_copied("playbooks/policy"), **_copied("playbooks/workflows")}
    out[EXAMPLE] = _read(REPO / EXAMPLE)
    out.update({f"schemas/{name}": text for name, text in _schemas().items()})
    mkdocs = REPO / "mkdocs.yml"
    out["mkdocs.yml"] = _read(mkdocs) if mkdocs.is_file() else render("scaffolds/mkdocs.yml.j2")
    out["docs/.gitkeep"] = ""
    workflow = REPO / WORKFLOW
    text = _read(workflow) if workflow.is_file() else ""
    if _INSTALL_LINE.search(text):
        out[WORKFLOW] = _INSTALL_LINE.sub(lambda m: f'{m.group(1)}"{install}"', text, count=1)
    else:
        out[WORKFLOW] = render("scaffolds/playbook-ci.yml.j2", install=install)
    out[".gitignore"] = render("scaffolds/gitignore.j2")
    out["README.md"] = render("scaffolds/README.md.j2", install=install, workflow=WORKFLOW)
    return out


#: What :func:`_kind` calls the two things ``init`` can work with.
FOLDER, FILE = "a folder", "a file"


def _kind(path: Path) -> str | None:
    """What stands at ``path``: None (nothing), :data:`FOLDER`, :data:`FILE` (a regular
    file, or a link to either), or the words for anything else (a broken link, a pipe)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return f"a broken link (to {visible(os.readlink(path))})"
    if stat.S_ISDIR(mode):
        return FOLDER
    return FILE if stat.S_ISREG(mode) else file_kind(mode)


def _plan(target: Path, rels: list[str]) -> dict[str, bool]:
    """For each file, whether it is written (False: a file of that name is kept), or
    :class:`TargetRefused` naming every path in the way, before anything is written."""
    problems: dict[Path, str] = {}
    plan: dict[str, bool] = {}
    for rel in rels:
        parts = rel.split("/")
        kind: str | None = FOLDER
        for depth in range(1, len(parts) + 1):
            path = target.joinpath(*parts[:depth])
            kind = _kind(path)
            if depth == len(parts) or kind != FOLDER:
                break
        if kind is None or (kind == FILE and depth == len(parts)):
            # Nothing there (it is made, with everything under it), or a file that is kept.
            plan[rel] = kind is None
            continue
        where = f"the folder {'/'.join(parts[:depth])}/" if depth < len(parts) else None
        problems.setdefault(
            path, f"{visible(path)} is {kind}, where {where or f'the file {rel}'} goes"
        )
    if problems:
        them = "it" if len(problems) == 1 else "them"
        raise TargetRefused(
            "; ".join(problems.values())
            + f". Nothing was written; move {them} away or choose another folder"
        )
    return plan


def init(target: Path, force: bool, install: str) -> list[tuple[str, bool]]:
    """Write the files into ``target``; ``(path, written)`` for each, False if kept."""
    kind = _kind(target)
    if kind is not None and kind != FOLDER:
        raise TargetRefused(f"{visible(target)} is {kind}, not a folder")
    present = [p.name for p in target.iterdir() if p.name not in IGNORED] if kind else []
    if present and not force:
        raise TargetRefused(
            f"{target} is not empty; use --force to add the playbook files to it "
            "(existing files are kept)"
        )
    contents = files(install)
    plan = _plan(target, list(contents))
    made: list[Path] = []  # files and folders this run created, to remove should one fail
    results = []
    path = target
    try:
        for rel, text in contents.items():
            path = target / rel
            if plan[rel]:
                for folder in reversed([path.parent, *path.parent.parents]):
                    if not folder.exists():
                        folder.mkdir()
                        made.append(folder)
            results.append((rel, plan[rel] and _create(path, text, made)))
    except OSError as exc:
        for written in reversed(made):
            with contextlib.suppress(OSError):
                written.rmdir() if written.is_dir() else written.unlink()
        reason = exc.strerror or str(exc)
        raise PlaybookError(
            f"cannot write {visible(exc.filename or path)}: {reason}; nothing was written"
        ) from None
    return results


def _create(path: Path, text: str, made: list[Path]) -> bool:
    """Write a new file (False when one of that name appeared meanwhile: it is kept, like
    any other), noted in ``made`` as soon as it exists, so a failed write is removed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    except FileExistsError:
        return False
    made.append(path)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return True
