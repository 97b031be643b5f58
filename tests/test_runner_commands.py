"""Record text never reaches the start of an output line as a CI runner's command.

GitHub Actions reads a line of a job's log that starts with ``::`` (or ``##[``) as a command:
``::error::…`` adds an annotation, ``::add-mask::…`` hides words. ``playbook actions`` in a
CI step once printed an owner ``::error::forged`` as such a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.terminal import clean, table

from .authoring import run, small_project

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def _commands(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.lstrip().startswith(("::", "##["))]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = small_project(tmp_path / "project")
    record = root / RECORD
    text = record.read_text(encoding="utf-8")
    text = text.replace('owner: "@alice"', 'owner: "::error::forged"', 1)
    text = text.replace("  impact: All users cannot login", '  impact: "##[error]forged too"', 1)
    record.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "args",
    [["actions"], ["actions", "--owner", "::error::forged"], ["show", "15"], ["comms", "15"],
     ["comms", "15", "--template", "internal-update"], ["list"]],
)  # fmt: skip
def test_no_command_prints_a_line_a_runner_would_obey(root: Path, args: list[str]) -> None:
    code, out = run(root, *args)
    assert code in (0, 1), out
    assert _commands(out) == [], out


def test_the_text_still_reads_the_same(root: Path) -> None:
    assert run(root, "actions")[0] == 0
    assert "\u200b::error::forged" in run(root, "actions")[1]  # only a zero-width space before it


def test_clean_keeps_double_colons_inside_a_line() -> None:
    assert clean("fe80::1 and std::string") == "fe80::1 and std::string"
    assert clean("  ::add-mask::x") == "  \u200b::add-mask::x"
    assert clean("ok\n::warning::x") == "ok\n\u200b::warning::x"
    assert _commands(table(["a", "b"], [["", "::error::x"]])) == []
