from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.schema import schema_texts

from .conftest import ROOT


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_shipped_content_is_clean() -> None:
    code, out = run("validate", "--project", str(ROOT))
    assert code == 0, out
    assert out.startswith("ok: ")


def test_json_format_on_clean_project_is_empty_array() -> None:
    code, out = run("validate", "--project", str(ROOT), "--format", "json")
    assert code == 0
    assert json.loads(out) == []


def test_committed_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale: run 'playbook schema'"
        )


def test_errors_exit_1_with_positions(project: Path) -> None:
    record = project / "playbooks/incidents/0015-hotfix-auth-token.yaml"
    text = record.read_text().replace("severity: SEV1", "severity: SEV1\nseverity: SEV4", 1)
    record.write_text(text)
    code, out = run("validate", "--project", str(project))
    assert code == 1
    assert out.splitlines()[0] == (
        "playbooks/incidents/0015-hotfix-auth-token.yaml:7:1: error: duplicate key "
        "'severity' (first defined at line 6) (yaml-duplicate-key)"
    )


def test_usage_error_exits_2() -> None:
    code, _ = run("validate", "--format", "xml")
    assert code == 2
