"""Helpers for the authoring-command tests: a small project and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

from .conftest import ROOT

SEED = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def small_project(root: Path, *, with_seed: bool = True) -> Path:
    """The shipped policy and playbooks, and only the seed's incident 0015.

    The shipped example records change as the project grows; numbers handed out here
    must not.
    """
    shutil.copytree(ROOT / "playbooks/policy", root / "playbooks/policy")
    shutil.copytree(ROOT / "playbooks/workflows", root / "playbooks/workflows")
    (root / "playbooks/incidents").mkdir(parents=True)
    if with_seed:
        shutil.copy(ROOT / SEED, root / SEED)
    return root


def run(root: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    """Run ``playbook ARGS --project ROOT``; exit code and stdout+stderr."""
    result = CliRunner().invoke(cli, [*args, "--project", str(root)], input=input)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output
