"""A new runbook repository: the default policy from the seed, an example, site and CI.

The defaults are this project's own files, found next to the installed package (the
repository root that holds ``generator/``): ``playbooks/policy``, ``playbooks/workflows``,
the seed's incident 0015, ``mkdocs.yml`` and the CI workflow. A new repository therefore
starts with exactly the policy this project validates and publishes itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import __version__
from ..errors import PlaybookError, TargetRefused
from ..site.templating import render

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = "playbooks/incidents/0015-hotfix-auth-token.yaml"
WORKFLOW = ".github/workflows/playbook.yml"
#: Entries that do not make a folder "not empty": ``git init`` then ``playbook init``.
IGNORED = {".git"}

_INSTALL_LINE = re.compile(r"^(\s*PLAYBOOK_INSTALL:\s*).*$", re.MULTILINE)


def default_install() -> str:
    return f"playbook=={__version__}"


def _copied(rel_dir: str) -> dict[str, str]:
    folder = REPO / rel_dir
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise PlaybookError(f"cannot find the default files in {folder}; reinstall playbook")
    return {f"{rel_dir}/{f.name}": f.read_text(encoding="utf-8") for f in files}


def _schemas() -> dict[str, str]:
    """The JSON Schemas, copied from the repository's ``schemas/`` (a test keeps those equal
    to the models'); generated only when that folder is missing, since generating imports
    every record model and costs ``init`` a third of its run."""
    found = sorted((REPO / "schemas").glob("*.schema.json"))
    if found:
        return {f.name: f.read_text(encoding="utf-8") for f in found}
    from ..exports.schema import schema_texts

    return schema_texts()


def files(install: str) -> dict[str, str]:
    """Relative path → text of every file a new repository gets."""
    out = {**_copied("playbooks/policy"), **_copied("playbooks/workflows")}
    out[EXAMPLE] = (REPO / EXAMPLE).read_text(encoding="utf-8")
    out.update({f"schemas/{name}": text for name, text in _schemas().items()})
    mkdocs = REPO / "mkdocs.yml"
    out["mkdocs.yml"] = (
        mkdocs.read_text(encoding="utf-8")
        if mkdocs.is_file()
        else render("scaffolds/mkdocs.yml.j2")
    )
    out["docs/.gitkeep"] = ""
    workflow = REPO / WORKFLOW
    text = workflow.read_text(encoding="utf-8") if workflow.is_file() else ""
    if _INSTALL_LINE.search(text):
        out[WORKFLOW] = _INSTALL_LINE.sub(lambda m: f'{m.group(1)}"{install}"', text, count=1)
    else:
        out[WORKFLOW] = render("scaffolds/playbook-ci.yml.j2", install=install)
    out[".gitignore"] = render("scaffolds/gitignore.j2")
    out["README.md"] = render("scaffolds/README.md.j2", install=install, workflow=WORKFLOW)
    return out


def init(target: Path, force: bool, install: str) -> list[tuple[str, bool]]:
    """Write the files into ``target``; ``(path, written)`` for each, False if kept."""
    if target.exists() and not target.is_dir():
        raise TargetRefused(f"{target} is a file, not a folder")
    present = [p.name for p in target.iterdir() if p.name not in IGNORED] if target.exists() else []
    if present and not force:
        raise TargetRefused(
            f"{target} is not empty; use --force to add the playbook files to it "
            "(existing files are kept)"
        )
    results = []
    for rel, text in files(install).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            results.append((rel, True))
        except FileExistsError:
            results.append((rel, False))
    return results
