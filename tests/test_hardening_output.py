"""File names and record text cannot forge CI annotations or terminal output.

A file name holding a newline, a comma or ESC/BEL once went unescaped into ``--format github``
(fake ``::error``, ``::add-mask::`` and ``::stop-commands::`` lines; a comma overrode ``line=``
and ``title=``) and raw into the text format.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.problems import Level, Problem, format_problems

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"

NAMES = {
    "newline-forging-an-error": "0019-a\n::error::forged,line=1.yaml",
    "add-mask": "0019-b\n::add-mask::secret.yaml",
    "stop-commands": "0019-c\r\n::stop-commands::tok.yaml",
    "comma-overriding-line-and-title": "0019-d,line=999,title=forged.yaml",
    "escape-and-bell": "0019-e\x1b[2J\x07.yaml",
    "percent-encoded-newline": "0019-f%0A::error::x.yaml",
}


def invoke(project: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


@pytest.mark.parametrize("name", NAMES.values(), ids=list(NAMES))
def test_github_format_only_prints_our_own_annotations(project: Path, name: str) -> None:
    shutil.copy(project / RECORD, project / "playbooks" / "incidents" / name)
    result = invoke(project, "validate", "--format", "github")
    assert result.exit_code == 1
    annotations = result.stdout.splitlines()
    # One line per problem: the name's own line breaks never start a new one.
    as_json = json.loads(invoke(project, "validate", "--format", "json").stdout)
    assert len(annotations) == len(as_json) >= 2
    for line in annotations:
        head, _, _ = line.partition("::")[2].partition("::")
        level, _, props = head.partition(" ")
        assert level in ("error", "warning")
        keys = [p.split("=", 1)[0] for p in props.split(",")]
        assert keys == ["file", "line", "col", "title"], line
        assert "\x1b" not in line and "\x07" not in line and "\r" not in line
    # A name with control characters is itself a problem.
    named = any("title=file-name-chars::" in line for line in annotations)
    assert named is any(ord(c) < 32 for c in name)


def test_github_escaping_follows_githubs_rules() -> None:
    problem = Problem("a%b,c:d\ne.yaml", 3, 9, Level.ERROR, "100% sure\r\nreally", "file-name")
    assert problem.github() == (
        "::error file=a%25b%2Cc%3Ad\\ne.yaml,line=3,col=9,title=file-name::"
        "100%25 sure\\r\\nreally (file-name)"
    )


@pytest.mark.parametrize("name", NAMES.values(), ids=list(NAMES))
def test_text_format_shows_control_characters_escaped(project: Path, name: str) -> None:
    shutil.copy(project / RECORD, project / "playbooks" / "incidents" / name)
    result = invoke(project, "validate")
    assert result.exit_code == 1
    shown = name.replace("\n", "\\n").replace("\r", "\\r").replace("\x1b", "\\x1b")
    shown = shown.replace("\x07", "\\x07")
    bad = [c for c in name if ord(c) < 32]
    if bad:
        assert (
            f"playbooks/incidents/{shown}:1:1: error: file name holds the control or invisible "
            f"character U+{ord(bad[0]):04X}; rename the file (file-name-chars)"
        ) in result.stdout.splitlines()
    for line in result.stdout.splitlines():
        assert not line.startswith("::"), line
        assert not any(ord(c) < 32 for c in line), repr(line)


def test_text_format_escapes_every_invisible_character() -> None:
    problem = Problem("p.yaml", 1, 2, Level.WARNING, "a\tb\u2028c\u202ed\x85", "rule")
    assert format_problems([problem]) == "p.yaml:1:2: warning: a\\tb\\u2028c\\u202ed\\x85 (rule)"


def test_json_format_keeps_names_exact(project: Path) -> None:
    name = NAMES["newline-forging-an-error"]
    shutil.copy(project / RECORD, project / "playbooks" / "incidents" / name)
    result = invoke(project, "validate", "--format", "json")
    paths = {p["path"] for p in json.loads(result.stdout)}
    assert f"playbooks/incidents/{name}" in paths


def test_an_error_message_naming_a_file_shows_its_controls(project: Path) -> None:
    shutil.copy(project / RECORD, project / "playbooks" / "incidents" / "0015-a\x1b[2Jb.yaml")
    result = invoke(project, "log", "15", "note")
    assert result.exit_code == 1
    assert result.output == (
        "Error: incident 15 is ambiguous: 0015-a\\x1b[2Jb.yaml, 0015-hotfix-auth-token.yaml; "
        "give the full name\n"
    )


def test_a_file_name_that_is_not_utf8_is_reported_in_valid_utf8(project: Path) -> None:
    """Found by the fuzz: such a name crashed ``list`` and went out raw in every format."""
    folder = os.fsencode(project / "playbooks" / "incidents")
    shutil.copy(project / RECORD, os.path.join(folder, b"0019-\xff\xfe.yaml"))
    runner = CliRunner()
    for fmt in ("text", "json", "github"):
        result = runner.invoke(cli, ["validate", "--format", fmt, "--project", str(project)])
        assert result.exit_code == 1
        out = result.stdout_bytes.decode("utf-8")  # strict: raises on a raw byte
        assert "0019-\\udcff\\udcfe.yaml" in out.replace("\\\\", "\\")
    text = runner.invoke(cli, ["validate", "--project", str(project)]).stdout
    assert (
        "playbooks/incidents/0019-\\udcff\\udcfe.yaml:1:1: error: file name is not valid UTF-8; "
        "rename the file (file-name-chars)"
    ) in text.splitlines()
    listed = runner.invoke(cli, ["list", "--project", str(project)])
    assert listed.exception is None or isinstance(listed.exception, SystemExit), listed.exception
