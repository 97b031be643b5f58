from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import cli

from .conftest import ROOT


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_init_makes_a_repo_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "runbooks"
    code, out = invoke("init", str(target))
    assert code == 0, out
    assert f"created {target.as_posix()}/playbooks/incidents/0015-hotfix-auth-token.yaml\n" in out
    assert out.endswith(f"next: cd {target.as_posix()} && playbook validate\n")
    for rel in ("mkdocs.yml", "README.md", ".gitignore", "schemas/incident.schema.json",
                ".github/workflows/playbook.yml", "playbooks/policy/severities.yaml"):  # fmt: skip
        assert (target / rel).is_file(), rel
    assert (target / "playbooks/policy/severities.yaml").read_bytes() == (
        ROOT / "playbooks/policy/severities.yaml"
    ).read_bytes()
    ci = yaml.safe_load((target / ".github/workflows/playbook.yml").read_text())
    steps = [s.get("run", "") for job in ci["jobs"].values() for s in job["steps"]]
    assert "playbook validate --format github" in steps
    assert any(s.startswith("playbook build --strict") for s in steps)
    assert ci["env"]["PLAYBOOK_INSTALL"] == "playbook==0.1.0" if "env" in ci else True
    code, out = invoke("validate", "--project", str(target))
    assert (code, out.startswith("ok: 1 incident(s)")) == (0, True), out


def test_init_refuses_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert invoke("init", str(tmp_path)) == (
        2,
        f"Error: {tmp_path} is not empty; use --force to add the playbook files to it "
        "(existing files are kept)\n",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_force_keeps_existing_files(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("our readme")
    (tmp_path / ".git").mkdir()
    code, out = invoke("init", str(tmp_path), "--force")
    assert code == 0
    assert f"kept    {tmp_path.as_posix()}/README.md\n" in out
    assert (tmp_path / "README.md").read_text() == "our readme"


def test_git_folder_alone_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert invoke("init", str(tmp_path))[0] == 0


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_init_force_refuses_a_broken_link_before_writing_anything(tmp_path: Path) -> None:
    """It wrote playbooks/, then stopped at the link ("File exists", exit 1), leaving a
    project without mkdocs.yml, README or CI."""
    (tmp_path / "schemas").symlink_to("/nowhere")
    assert invoke("init", str(tmp_path), "--force") == (
        2,
        f"Error: {tmp_path}/schemas is a broken link (to /nowhere), where the folder "
        "schemas/ goes. Nothing was written; move it away or choose another folder\n",
    )
    assert _tree(tmp_path) == ["schemas"]


def test_init_force_refuses_a_folder_where_a_file_goes(tmp_path: Path) -> None:
    """A folder called mkdocs.yml was reported as "kept    mkdocs.yml"."""
    (tmp_path / "mkdocs.yml").mkdir()
    assert invoke("init", str(tmp_path), "--force") == (
        2,
        f"Error: {tmp_path}/mkdocs.yml is a folder, where the file mkdocs.yml goes. "
        "Nothing was written; move it away or choose another folder\n",
    )
    assert _tree(tmp_path) == ["mkdocs.yml"]


def test_init_force_names_everything_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "playbooks").write_text("notes")
    os.mkfifo(tmp_path / "README.md")
    assert invoke("init", str(tmp_path), "--force") == (
        2,
        f"Error: {tmp_path}/playbooks is a file, where the folder playbooks/ goes; "
        f"{tmp_path}/README.md is a named pipe (FIFO), where the file README.md goes. "
        "Nothing was written; move them away or choose another folder\n",
    )
    assert _tree(tmp_path) == ["README.md", "playbooks"]
    assert (tmp_path / "playbooks").read_text() == "notes"


def test_init_into_a_broken_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "it").symlink_to("/nowhere")
    assert invoke("init", str(tmp_path / "it")) == (
        2,
        f"Error: {tmp_path}/it is a broken link (to /nowhere), not a folder\n",
    )


def _small_files() -> None:
    # Files of more than 10 kB cannot be written (EFBIG; Python ignores SIGXFSZ): the
    # first JSON Schema fails half-written, as on a disk that fills up.
    resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))


def test_init_that_fails_midway_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("ours")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "init", str(tmp_path), "--force"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_small_files,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"Error: cannot write {tmp_path}/schemas/incident.schema.json: File too large; "
        "nothing was written\n"
    )
    assert _tree(tmp_path) == ["README.md"]
    assert (tmp_path / "README.md").read_text() == "ours"
