"""The ``playbook`` command line: parse arguments, delegate, print.

Commands live one per module in :mod:`generator.commands`; each module exposes
``command``. This file only assembles the group and is the single boundary where
errors become messages and exit codes (click: 1 for :class:`PlaybookError`, 2 for usage).
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from . import __version__, commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="playbook")
def cli() -> None:
    """Incident playbooks as code: validate policy and incident records, build the site.

    \b
    Example:
      playbook validate
      playbook build --strict
    """


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="playbook")
