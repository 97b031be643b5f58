"""The environment a command runs in (variables, the terminal's encoding) is input too: a
value playbook cannot use is said so by name, never a traceback or a silent substitute."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import ROOT, edit


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


RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def _playbook(
    project: Path, env: dict[str, str], *args: str | bytes
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_a_terminal_that_cannot_show_the_text_gets_escapes_not_a_traceback(project: Path) -> None:
    # Once: the event was written, then printing "→" raised UnicodeEncodeError; a retry
    # logged it twice.
    latin = {"PYTHONIOENCODING": "latin-1"}
    done = _playbook(project, latin, "log", "15", "Zoë → 東京")
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stdout.endswith(b": Zo\xeb \\u2192 \\u6771\\u4eac\n")
    assert (project / RECORD).read_text(encoding="utf-8").count("Zoë → 東京") == 1
    # An export is UTF-8 whatever the terminal: its text is data, never escapes.
    edit(project / RECORD, "hotfix: fix auth token validation", "Zoë → 東京")
    export = _playbook(project, latin, "export", "--format", "csv")
    assert export.returncode == 0, export.stderr
    assert ",Zoë → 東京,".encode() in export.stdout
    shown = _playbook(project, latin, "show", "15")
    assert shown.returncode == 0 and b"Traceback" not in shown.stderr


def test_text_typed_where_the_locale_is_not_utf8_is_read_as_the_terminal_sent_it(
    project: Path,
) -> None:
    ascii_locale = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "utf-8"}
    done = _playbook(project, ascii_locale, "log", "15", "Zoë → 東京".encode())
    assert done.returncode == 0, done.stderr
    assert "Zoë → 東京" in (project / RECORD).read_text(encoding="utf-8")
    before = (project / RECORD).read_bytes()
    bad = _playbook(project, ascii_locale, "log", "15", b"Zo\xeb")
    assert bad.returncode == 2
    assert bad.stderr.decode().endswith(
        "Error: Invalid value for 'TEXT': 'Zo\\xeb' is not UTF-8 text (byte 0xeb); "
        "type it in a UTF-8 terminal (LANG=C.UTF-8)\n"
    )
    assert (project / RECORD).read_bytes() == before


def test_names_and_reasons_typed_where_the_locale_is_not_utf8_are_read_as_sent(
    project: Path,
) -> None:
    ascii_locale = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "utf-8"}
    done = _playbook(project, ascii_locale, "role", "15", "scribe", "Zoë".encode())
    assert done.returncode == 0, done.stderr
    done = _playbook(project, ascii_locale, "severity", "15", "SEV1", "--workflow", "rollback",
                     "--reason", "東京".encode())  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = (project / RECORD).read_text(encoding="utf-8")
    assert "scribe: Zoë" in text and "Workflow hotfix → rollback (東京)" in text
