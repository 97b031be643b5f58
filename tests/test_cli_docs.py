"""Every command explains itself: help with a summary and an example, and a README section.

The command list comes from the CLI itself, so a new command without docs fails here."""

from __future__ import annotations

import pkgutil

import click
import pytest
from click.testing import CliRunner

from generator import commands
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


def test_help_lists_each_command_module_once() -> None:
    modules = [m.name for m in pkgutil.iter_modules(commands.__path__)]
    assert sorted(n.replace("_", "-") for n in modules if not n.startswith("_")) == COMMANDS


@pytest.mark.parametrize("width", [60, 80, 100])
def test_help_summaries_are_the_commands_own(width: int) -> None:
    """``playbook --help`` lists commands without importing them; what it prints is what
    click prints from the commands themselves, at any terminal width."""

    class Eager(click.Group):
        def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
            click.Group.format_commands(self, ctx, formatter)

    ctx = click.Context(cli, terminal_width=width, max_content_width=width)
    eager = Eager("playbook", commands={n: cli.get_command(ctx, n) for n in COMMANDS})
    formatter, expected = ctx.make_formatter(), ctx.make_formatter()
    cli.format_commands(ctx, formatter)
    eager.format_commands(
        click.Context(eager, terminal_width=width, max_content_width=width), expected
    )
    assert formatter.getvalue() == expected.getvalue()
    assert "\n  new-incident  Create the next incident record" in formatter.getvalue()
