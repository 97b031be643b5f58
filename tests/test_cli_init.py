from __future__ import annotations

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
