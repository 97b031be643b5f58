"""The rule catalogue is complete: every id the validator can print is in it, and the
README's table and ``playbook rules`` are generated from it."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.check.catalogue import BY_ID, CATALOGUE, markdown_table
from generator.cli import cli

from .conftest import ROOT

#: Calls that report a problem: ProblemSink.error/warning/report and Problem(...).
_REPORTERS = {"error", "warning", "report"}


def _emitted_ids() -> dict[str, str]:
    """Every rule id written as the last string argument of a reporting call, with where."""
    found: dict[str, str] = {}
    for file in (ROOT / "generator").rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = [*node.args, *(k.value for k in node.keywords if k.arg == "rule")]
            if name not in _REPORTERS and name != "Problem":
                continue
            last = args[-1] if args else None
            if (
                isinstance(last, ast.Constant)
                and isinstance(last.value, str)
                and "-" in last.value
                and " " not in last.value
            ):
                found.setdefault(last.value, f"{file.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_rule_id_in_the_code_is_in_the_catalogue() -> None:
    emitted = _emitted_ids()
    assert len(emitted) > 30  # the scan finds the reporting calls at all
    missing = {rule: where for rule, where in emitted.items() if rule not in BY_ID}
    assert missing == {}


def _rules_printed(project: Path) -> set[str]:
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--project", str(project)])
    return {p["rule"] for p in json.loads(result.stdout)}


def test_every_rule_id_printed_on_the_fixtures_is_in_the_catalogue(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(ROOT / "playbooks", records / "playbooks")
    for file in (ROOT / "tests/fixtures/bad").glob("*.yaml"):
        shutil.copy(file, records / "playbooks/incidents" / file.name)
    printed = _rules_printed(records)
    for case in (ROOT / "tests/fixtures/badpolicy").iterdir():
        broken = tmp_path / case.name
        shutil.copytree(ROOT / "playbooks", broken / "playbooks")
        for file in case.glob("*.yaml"):
            shutil.copy(file, broken / "playbooks/policy" / file.name)
        printed |= _rules_printed(broken)
    assert len(printed) > 25  # the fixtures do reach most rules
    assert printed <= set(BY_ID)


def test_catalogue_entries_are_whole() -> None:
    assert len(BY_ID) == len(CATALOGUE)  # no id twice
    for rule in CATALOGUE:
        assert rule.level in ("error", "warning")
        assert rule.summary.endswith(".") and rule.example, rule.id


def test_readme_table_is_generated_from_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules:start -->\n", 1)[1].split("\n<!-- rules:end -->", 1)[0]
    assert table == markdown_table()


def test_rules_command_lists_the_catalogue() -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [r["id"] for r in data] == [r.id for r in CATALOGUE]
    assert data[0] == {
        "id": "yaml-syntax",
        "level": "error",
        "area": "YAML",
        "description": "The file is not valid YAML.",
        "example": 'title: "unclosed',
    }
    text = CliRunner().invoke(cli, ["rules"]).stdout.splitlines()
    assert text[0].split() == ["RULE", "LEVEL", "AREA", "WHAT", "IT", "CHECKS"]
    assert len(text) == len(CATALOGUE) + 1
