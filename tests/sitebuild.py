"""Build real sites for tests: the shipped project, optionally with the hostile record.

The browser tests reuse these helpers::

    from tests.sitebuild import build_site_dir
    site = build_site_dir(tmp_path, hostile=True)   # Path of the built site/
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
HOSTILE_PAGE = "incidents/0666-hostile-input/index.html"


def make_project(where: Path, *, hostile: bool = False) -> Path:
    """Copy the shipped playbooks/, mkdocs.yml and docs/ to ``where`` (plus the hostile
    record) and return the project root."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "playbooks", where / "playbooks")
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    (where / "docs").mkdir(exist_ok=True)
    if hostile:
        for record in (HOSTILE / "incidents").glob("*.yaml"):
            shutil.copy(record, where / "playbooks" / "incidents" / record.name)
    return where


def run_build(root: Path, *args: str) -> Result:
    """``playbook build --project ROOT ARGS…`` in-process; stdout and stderr captured."""
    return CliRunner().invoke(cli, ["build", "--project", str(root), *args])


def build_site_dir(where: Path, *, hostile: bool = False, strict: bool = True) -> Path:
    """A built site from the shipped project (and the hostile record); raises on failure."""
    root = make_project(where / "project", hostile=hostile)
    site = where / "site"
    result = run_build(root, "--site-dir", str(site), *(["--strict"] if strict else []))
    if result.exit_code != 0:
        raise AssertionError(f"build failed ({result.exit_code}):\n{result.output}")
    return site


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site: two builds compare equal when
    they wrote the same bytes."""
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def assert_same_site(one: Path, two: Path) -> None:
    """Two builds wrote the same site: the same files with the same bytes, but for the
    search index, which must mean the same (pages, words, positions): a build that wrote
    its pages from two processes indexes them in parts and merges the parts' indexes, in
    files named and cut differently from one run's."""
    from tests.pagefind_index import read_index

    files = [site_files(one), site_files(two)]
    if (one / "pagefind").is_dir() or (two / "pagefind").is_dir():
        assert read_index(one / "pagefind") == read_index(two / "pagefind")
        files = [{k: v for k, v in f.items() if not k.startswith("pagefind/")} for f in files]
    assert sorted(files[0]) == sorted(files[1])
    assert [name for name in files[0] if files[0][name] != files[1][name]] == []
