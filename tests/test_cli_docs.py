"""Every command explains itself: help with a summary and an example, and a README section.

The command list comes from the CLI itself, so a new command without docs fails here."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import ROOT

COMMANDS = cli.list_commands(click.Context(cli))


def test_every_command_is_listed() -> None:
    assert {"validate", "schema", "build", "new-incident", "stats", "export"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_summary_and_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert summary and summary.endswith("."), summary
    assert f"  playbook {name} " in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_documents_command(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = readme.index("<!-- commands:")
    assert readme.index(f"### `playbook {name}") < marker
