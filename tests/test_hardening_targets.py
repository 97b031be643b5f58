"""No command that writes can replace the project's sources or someone's files.

``playbook build --site-dir playbooks`` once replaced every record and all policy with the
built site and exited 0 (``--site-dir docs`` wiped the user's pages, ``--site-dir .`` the whole
project). Every writing command now refuses such a target with exit 2 before touching anything.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .sitebuild import make_project


def snapshot(where: Path) -> dict[str, str]:
    """Every file and folder under ``where`` with a hash of its bytes."""
    return {
        p.relative_to(where).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        )
        for p in sorted(where.rglob("*"))
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    (project / "docs" / "about.md").write_text("# About us\n", encoding="utf-8")
    return project


def invoke(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, [*args, "--project", str(root)])


REFUSED = {
    # target (relative to the project), what the message says about it
    "playbooks": "is the project's playbooks/ folder",
    "playbooks/incidents": "lies inside the project's playbooks/ folder",
    "docs": "is the MkDocs docs folder (docs_dir)",
    "docs/site": "lies inside the MkDocs docs folder (docs_dir)",
    ".": "contains the project's playbooks/ folder",
    "..": "contains the project's playbooks/ folder",
}


@pytest.mark.parametrize("command", ["build", "generate"])
@pytest.mark.parametrize("rel", REFUSED, ids=list(REFUSED))
def test_site_folder_that_holds_sources_is_refused(root: Path, command: str, rel: str) -> None:
    before = snapshot(root.parent)
    target = (root / rel).resolve()
    option = "--site-dir" if command == "build" else "--out"
    result = invoke(root, command, option, str(root / rel))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: {option} {target} {REFUSED[rel]}, ")
    assert result.output.endswith(
        "; writing there would replace sources. Nothing was written; choose another folder\n"
    )
    assert snapshot(root.parent) == before


def test_build_refuses_the_project_folder_even_with_sources_elsewhere(tmp_path: Path) -> None:
    """mkdocs.yml's folder (here the project root) holds the configuration."""
    root = make_project(tmp_path / "project")
    result = invoke(root, "build", "--site-dir", str(root / "playbooks" / ".."))
    assert result.exit_code == 2
    assert "contains the project's playbooks/ folder" in result.output


def test_the_repository_root_is_refused_outside_any_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "incident.schema.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    before = snapshot(repo)
    result = CliRunner().invoke(cli, ["schema", "--out", str(repo)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: --out {repo} is the repository root, {repo}; ")
    assert snapshot(repo) == before


def test_a_folder_of_someone_elses_files_is_refused(root: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("keep me")
    for args in (("build", "--site-dir"), ("generate", "--out"), ("schema", "--out")):
        result = invoke(root, *args, str(mine))
        assert result.exit_code == 2, (args, result.output)
        assert f"Error: {args[1]} {mine} is not empty and was not written by playbook" in (
            result.output
        )
    assert sorted(p.name for p in mine.iterdir()) == ["notes.md"]
    assert (mine / "notes.md").read_text() == "keep me"


def test_a_site_from_an_earlier_build_is_replaced(root: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert invoke(root, "build", "--site-dir", str(site)).exit_code == 0
    assert (site / ".playbook-generated").is_file()
    # A site built before builds were marked: MkDocs' own files show what it is.
    (site / ".playbook-generated").unlink()
    again = invoke(root, "build", "--site-dir", str(site))
    assert again.exit_code == 0, again.output
    assert (site / ".playbook-generated").is_file()


@pytest.mark.parametrize(
    ("rel", "why"),
    [
        (
            "playbooks/incidents/0015-hotfix-auth-token.yaml",
            "lies inside the project's playbooks/ folder",
        ),
        ("playbooks/export.json", "lies inside the project's playbooks/ folder"),
        ("docs/incidents.json", "lies inside the MkDocs docs folder (docs_dir)"),
    ],
)
def test_export_into_the_sources_is_refused(root: Path, rel: str, why: str) -> None:
    before = snapshot(root)
    result = invoke(root, "export", "--format", "json", "--out", str(root / rel))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: --out {root / rel} {why}, ")
    assert snapshot(root) == before


def test_export_into_a_folder_is_refused(root: Path, tmp_path: Path) -> None:
    result = invoke(root, "export", "--format", "csv", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert f"Invalid value for '--out': File '{tmp_path}' is a directory." in result.output


def test_schema_into_the_sources_is_refused(root: Path) -> None:
    before = snapshot(root)
    result = invoke(root, "schema", "--out", str(root / "playbooks" / "policy"))
    assert result.exit_code == 2
    assert "lies inside the project's playbooks/ folder" in result.output
    assert snapshot(root) == before


def test_schema_replaces_its_own_files(root: Path) -> None:
    assert invoke(root, "schema").exit_code == 0
    again = invoke(root, "schema")
    assert again.exit_code == 0, again.output


def test_schema_refuses_a_file_of_its_name_that_is_not_a_schema(tmp_path: Path) -> None:
    folder = tmp_path / "v2"
    folder.mkdir()
    (folder / "incident.schema.json").write_text("precious notes\n")
    result = CliRunner().invoke(cli, ["schema", "--out", str(folder)])
    assert result.exit_code == 2, result.output
    assert "is not empty and was not written by playbook" in result.output
    assert (folder / "incident.schema.json").read_text() == "precious notes\n"


def test_schema_refuses_a_file_of_its_name_too_deep_to_read(tmp_path: Path) -> None:
    """json raised RecursionError reading it: a traceback instead of a refusal."""
    folder = tmp_path / "v2"
    folder.mkdir()
    nested = "[" * 100_000 + "]" * 100_000
    (folder / "incident.schema.json").write_text(nested)
    result = CliRunner().invoke(cli, ["schema", "--out", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"Error: --out {folder} is not empty and was not written by playbook; nothing was "
        "written; choose another folder or empty it first\n"
    )
    assert (folder / "incident.schema.json").read_text() == nested


@pytest.mark.parametrize("rel", ["playbooks", "playbooks/policy", "docs", "docs/new"])
def test_init_inside_the_sources_of_a_project_is_refused(root: Path, rel: str) -> None:
    before = snapshot(root)
    result = CliRunner().invoke(cli, ["init", str(root / rel), "--force"])
    assert result.exit_code == 2, result.output
    assert f"Error: DIRECTORY {(root / rel).resolve()} " in result.output
    assert snapshot(root) == before


def test_init_beside_a_project_is_fine(root: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(root.parent / "other")])
    assert result.exit_code == 0, result.output


# --- mkdocs.yml is read only as a regular file, and a NUL in a path is named ------------


def _configure(root: Path, old: str, new: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_nul_in_site_dir_is_a_configuration_error(root: Path) -> None:
    """``site_dir: "site\\u0000x"`` ended the build in ``ValueError: embedded null byte``."""
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8") + 'site_dir: "site\\u0000x"\n',
        encoding="utf-8",
    )
    before = snapshot(root.parent)
    result = invoke(root, "build")
    assert (result.exit_code, result.output) == (
        1,
        "Error: mkdocs.yml: site_dir 'site\\x00x' contains a NUL character, which no path "
        "can hold\n",
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(root.parent) == before


def test_a_nul_in_docs_dir_is_a_configuration_error(root: Path, tmp_path: Path) -> None:
    _configure(root, "docs_dir: docs", 'docs_dir: "do\\u0000cs"')
    expected = (
        "Error: mkdocs.yml: docs_dir 'do\\x00cs' contains a NUL character, which no path can hold\n"
    )
    for args in (["build"], ["export", "--format", "csv", "--out", str(tmp_path / "x.csv")]):
        result = invoke(root, *args)
        assert (result.exit_code, result.output) == (1, expected), args
    assert not (tmp_path / "x.csv").exists()


def _process(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real process (a hang fails the test, not the run)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--project", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_named_pipe_called_mkdocs_yml_is_never_opened(root: Path, tmp_path: Path) -> None:
    """``export`` opened it to read site_url and waited for a writer for ever."""
    config = root / "mkdocs.yml"
    config.unlink()
    os.mkfifo(config)
    out = tmp_path / "e.json"
    for args in (["export", "--format", "json", "--out", str(out)], ["build"]):
        done = _process(root, *args)
        assert (done.returncode, done.stdout, done.stderr) == (
            1,
            "",
            f"Error: {config} is a named pipe (FIFO), not a regular file\n",
        ), args
    assert not out.exists() and not (root / "site").exists()


def test_a_folder_called_mkdocs_yml_is_named_as_such(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.unlink()
    config.mkdir()
    result = invoke(root, "build")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {config} is a folder, not a regular file\n",
    )


def test_an_mkdocs_yml_nested_too_deep_to_read_leaves_links_relative(root: Path) -> None:
    """PyYAML reads nesting recursively: RecursionError, as unreadable as a syntax error."""
    (root / "mkdocs.yml").write_text("[" * 100_000, encoding="utf-8")
    result = invoke(root, "export", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert ",incidents/0015-hotfix-auth-token/\n" in result.stdout
