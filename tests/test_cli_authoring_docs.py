"""Every authoring command explains itself: help with an example, a README section."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import ROOT

COMMANDS = ("new-incident", "log", "task", "check", "done", "list", "show", "init")


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_summary_and_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"  playbook {name} " in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_documents_command(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = readme.index("<!-- commands:")
    assert readme.index(f"### `playbook {name}") < marker
