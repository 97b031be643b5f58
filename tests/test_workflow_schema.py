"""The shipped GitHub workflow passes GitHub's workflow schema and publishes only good builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/playbook.yml"
CHECK = Path(sys.executable).with_name("check-jsonschema")


def check(path: Path) -> subprocess.CompletedProcess[str]:
    # The schema is vendored in check-jsonschema; a dead proxy proves nothing is fetched.
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    return subprocess.run(
        [str(CHECK), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_workflow_passes_the_github_workflow_schema() -> None:
    result = check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: x", 1)
    broken.write_text(text, encoding="utf-8")
    result = check(broken)
    assert result.returncode == 1
    assert "$.jobs.validate" in result.stdout


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith(action + "@")]


def test_pull_requests_validate_with_annotations_and_main_deploys_with_official_actions() -> None:
    flow = load(WORKFLOW)
    assert set(flow["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert flow["on"]["push"]["branches"] == ["main"]
    jobs = flow["jobs"]
    runs = [s.get("run", "") for s in jobs["validate"]["steps"]]
    assert "playbook validate --format github" in runs
    build = jobs["build"]
    assert "playbook build --strict --site-dir _site" in [s.get("run") for s in build["steps"]]
    assert steps_using(build, "actions/configure-pages")
    [upload] = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_site"
    # The upload comes after the build step, so a failed build uploads nothing.
    order = [s.get("run") or s.get("uses") for s in build["steps"]]
    assert order.index("playbook build --strict --site-dir _site") < order.index(upload["uses"])
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert steps_using(deploy, "actions/deploy-pages")
    # Nothing but the deploy job may write to Pages.
    assert flow["permissions"] == {"contents": "read"}


def test_pre_commit_hook_runs_validate_on_the_whole_project() -> None:
    [hook] = load(ROOT / ".pre-commit-hooks.yaml")
    assert hook["id"] == "playbook-validate"
    assert hook["entry"] == "playbook validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["files"] == r"^playbooks/.*\.ya?ml$"


def test_playbook_init_writes_this_workflow_with_the_released_tool(tmp_path: Path) -> None:
    import generator.site  # noqa: F401  (the site package first: it imports the templating env)
    from generator.authoring import initrepo
    from generator.site.templating import render

    shipped = WORKFLOW.read_text(encoding="utf-8")
    written = initrepo.files("playbook==0.1.0")[initrepo.WORKFLOW]
    assert written == shipped.replace(
        'PLAYBOOK_INSTALL: "."', 'PLAYBOOK_INSTALL: "playbook==0.1.0"', 1
    )
    # The scaffold init falls back to, when the repository's file is not there, is the same.
    assert render("scaffolds/playbook-ci.yml.j2", install="playbook==0.1.0") == written
    target = tmp_path / "playbook.yml"
    target.write_text(written, encoding="utf-8")
    assert check(target).returncode == 0
