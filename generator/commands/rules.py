"""``playbook rules``: every rule the validator can report."""

from __future__ import annotations

import json

import click

from ..check.catalogue import CATALOGUE, rules_data
from ..terminal import table
from ._common import format_option


@click.command("rules")
@format_option("an array of {id, level, area, description, example}.")
def command(fmt: str) -> None:
    """List every rule: its id, level and what it checks.

    The id is the one in parentheses at the end of each problem line of
    'playbook validate'.

    \b
    Example:
      playbook rules
      playbook rules --format json
    """
    if fmt == "json":
        click.echo(json.dumps(rules_data(), indent=2, ensure_ascii=False))
        return
    click.echo(
        table(
            ["RULE", "LEVEL", "AREA", "WHAT IT CHECKS"],
            [[r.id, r.level, r.area, r.summary] for r in CATALOGUE],
        )
    )
