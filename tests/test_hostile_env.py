"""The environment a command runs in (variables, the terminal's encoding) is input too: a
value playbook cannot use is said so by name, never a traceback or a silent substitute."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli


def run(project: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "abc",
            "Error: SOURCE_DATE_EPOCH='abc' is not a whole number of seconds since 1970-01-01 "
            "UTC (like 1732545120); set it to one, or unset it to use now\n",
        ),
        (
            "１７００００００００",
            "Error: SOURCE_DATE_EPOCH='１７００００００００' is not a whole number of seconds "
            "since 1970-01-01 UTC (like 1732545120); set it to one, or unset it to use now\n",
        ),
        (
            "-5",
            "Error: SOURCE_DATE_EPOCH='-5' is not a whole number of seconds since 1970-01-01 "
            "UTC (like 1732545120); set it to one, or unset it to use now\n",
        ),
        (
            "999999999999",
            "Error: SOURCE_DATE_EPOCH=999999999999 is out of range; it must lie between 0 "
            "(1970-01-01) and 32503679999 (2999-12-31), as record times do\n",
        ),
    ],
)
@pytest.mark.parametrize(
    "command", [["show", "15"], ["actions"], ["stats"], ["export", "--format", "csv"]]
)
def test_an_unusable_source_date_epoch_is_named(
    project: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str, command: list[str]
) -> None:
    # Once: garbage was silently "now" (a reproducible build that was not), fullwidth digits
    # were read as a time, and a year past 9999 ended in a traceback.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run(project, *command)
    assert (result.exit_code, result.output) == (1, message)


def test_a_usable_source_date_epoch_is_the_run_s_now(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1764547200 ")
    result = run(project, "show", "15")
    assert result.exit_code == 0
    assert "as of 2025-12-01 00:00 UTC" in result.output
