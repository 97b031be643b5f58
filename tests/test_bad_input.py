"""Broken records must give exact problems, never a traceback.

Each file in ``tests/fixtures/bad/`` is one broken record (files sharing a number prefix,
like a duplicate-number pair, form one case). Its header comments pin what
``playbook validate`` must report when the file sits in ``playbooks/incidents/`` of a copy
of the shipped project::

    # expect: LINE:COL RULE         every problem, exactly: none missing, none extra
    # expect-count: RULE N          N problems of RULE, for floods like an alias bomb;
    #                               `expect` lines of that RULE must be among them
    # output: LINE:COL: LEVEL: MESSAGE (RULE)   the full text line, path prefixed

Cases too big or too odd to commit (an empty file, 5 MB) are generated below.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import ROOT

BAD = Path(__file__).parent / "fixtures" / "bad"
INCIDENTS = "playbooks/incidents"
_EXPECT = re.compile(r"^# expect: (?:(\S+) )?(\d+):(\d+) ([a-z0-9-]+)$")
_COUNT = re.compile(r"^# expect-count: ([a-z0-9-]+) (\d+)$")
_OUTPUT = re.compile(r"^# output: (.+)$")

Pinned = tuple[str, int, int, str]


class Expected:
    def __init__(self) -> None:
        self.exact: set[Pinned] = set()
        self.counts: dict[tuple[str, str], int] = {}
        self.lines: list[str] = []

    def check(self, got: set[Pinned]) -> None:
        counted = {(p, r) for p, _, _, r in got if (p, r) in self.counts}
        for (path, rule), n in self.counts.items():
            assert sum(1 for p, _, _, r in got if (p, r) == (path, rule)) == n, (path, rule)
        assert {g for g in got if (g[0], g[3]) not in counted} == {
            e for e in self.exact if (e[0], e[3]) not in counted
        }
        assert self.exact <= got

    def __len__(self) -> int:
        return len({e for e in self.exact if (e[0], e[3]) not in self.counts}) + sum(
            self.counts.values()
        )

    def add(self, file: Path, shown: str | None = None) -> None:
        exact, lines, counts = _header(file, shown or f"{INCIDENTS}/{file.name}")
        self.exact |= exact
        self.lines += lines
        self.counts.update(counts)


def _header(
    file: Path, shown: str | None = None
) -> tuple[set[Pinned], list[str], dict[tuple[str, str], int]]:
    """What a fixture's header pins; ``shown`` is its path in problems (an ``expect``
    line may name another file, e.g. the record a policy change breaks)."""
    expected: set[Pinned] = set()
    lines: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    shown = shown or f"{INCIDENTS}/{file.name}"
    # Bytes, not text: one fixture is deliberately not UTF-8 (its header is ASCII).
    for raw in file.read_bytes().decode("utf-8", "replace").splitlines():
        if not raw.startswith("#"):
            break
        if match := _EXPECT.match(raw):
            expected.add((match[1] or shown, int(match[2]), int(match[3]), match[4]))
        elif match := _COUNT.match(raw):
            counts[(shown, match[1])] = int(match[2])
        elif match := _OUTPUT.match(raw):
            text = match[1]
            lines.append(text if text.startswith("playbooks/") else f"{shown}:{text}")
    return expected, lines, counts


def _cases() -> dict[str, list[Path]]:
    cases: dict[str, list[Path]] = defaultdict(list)
    for file in sorted(BAD.glob("*.yaml")):
        cases[file.name[:4]].append(file)
    return dict(cases)


CASES = _cases()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def problems_of(project: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    code, out = run("validate", "--project", str(project), "--format", "json", *args)
    return code, json.loads(out)


def pinned(items: list[dict[str, object]]) -> set[Pinned]:
    return {(str(p["path"]), int(p["line"]), int(p["column"]), str(p["rule"])) for p in items}  # type: ignore[call-overload]


def add(project: Path, *files: Path) -> None:
    for file in files:
        shutil.copy(file, project / INCIDENTS / file.name)


def test_every_case_pins_at_least_one_problem() -> None:
    assert len(CASES) >= 40
    for files in CASES.values():
        assert any(_header(f)[0] for f in files), f"{files[0].name} pins nothing"


@pytest.mark.parametrize("case", sorted(CASES), ids=lambda c: CASES[c][0].stem)
def test_broken_record(project: Path, case: str) -> None:
    files = CASES[case]
    add(project, *files)
    expected = Expected()
    for file in files:
        expected.add(file)

    code, items = problems_of(project)
    errors = any(p["level"] == "error" for p in items)
    assert code == (1 if errors else 0)
    expected.check(pinned(items))

    code, out = run("validate", "--project", str(project), "--strict")
    assert code == 1
    for line in expected.lines:
        assert line in out.splitlines()


def test_all_broken_records_at_once_sorted(project: Path) -> None:
    expected = Expected()
    for files in CASES.values():
        add(project, *files)
        for file in files:
            expected.add(file)
    code, out = run("validate", "--project", str(project))
    assert code == 1
    *lines, total = out.splitlines()
    errors = [x for x in lines if ": error: " in x]
    warnings = [x for x in lines if ": warning: " in x]
    assert len(errors) + len(warnings) == len(lines) == len(expected)
    files = len({x.split(":", 1)[0] for x in lines})
    assert total == f"{len(errors)} error(s), {len(warnings)} warning(s) in {files} file(s)"

    def position(line: str) -> tuple[str, int, int]:
        path, row, col, _ = line.split(":", 3)
        return path, int(row), int(col)

    assert [position(x) for x in lines] == sorted(position(x) for x in lines)
    _, items = problems_of(project)
    expected.check(pinned(items))


def test_json_objects_have_exactly_the_documented_keys(project: Path) -> None:
    add(project, BAD / "0905-duplicate-key.yaml")
    code, items = problems_of(project)
    assert code == 1
    assert items == [
        {
            "path": "playbooks/incidents/0905-duplicate-key.yaml",
            "line": 7,
            "column": 1,
            "level": "error",
            "rule": "yaml-duplicate-key",
            "message": "duplicate key 'severity' (first defined at line 6)",
        }
    ]


def test_github_format_is_workflow_commands(project: Path) -> None:
    add(project, BAD / "0937-unknown-checklist-item.yaml")
    code, out = run("validate", "--project", str(project), "--format", "github")
    assert code == 1
    path = "playbooks/incidents/0937-unknown-checklist-item.yaml"
    assert out.splitlines() == [
        f"::error file={path},line=12,col=3,title=unknown-checklist-item::no checklist item "
        "'staging-soak' for the hotfix workflow (unknown-checklist-item)",
        f"::warning file={path},line=13,col=3,title=checklist-manual-tick::checklist item "
        "'fix-verified' is ticked by a rule; the manual tick is ignored (checklist-manual-tick)",
    ]


def test_warnings_fail_only_under_strict(project: Path) -> None:
    add(project, BAD / "0942-status-open-but-resolved.yaml")
    code, out = run("validate", "--project", str(project))
    assert code == 0
    assert out.splitlines() == [
        "playbooks/incidents/0942-status-open-but-resolved.yaml:7:9: warning: status is 'open' "
        "but the timeline says it was resolved; update the status (status-timeline)",
        "0 error(s), 1 warning(s) in 1 file(s)",
    ]
    code, _ = run("validate", "--project", str(project), "--strict")
    assert code == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "xml"),
        ("--bogus",),
        ("no/such/file.yaml",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, out = run("validate", "--project", str(ROOT), *args)
    assert code == 2
    assert "Usage: " in out


def test_explicit_path_outside_the_project_folder_is_checked_as_a_record(project: Path) -> None:
    drafts = project / "drafts"
    drafts.mkdir()
    shutil.copy(BAD / "0905-duplicate-key.yaml", drafts)
    code, out = run("validate", "--project", str(project), str(drafts / "0905-duplicate-key.yaml"))
    assert code == 1
    assert out.splitlines()[0] == (
        "drafts/0905-duplicate-key.yaml:7:1: error: duplicate key 'severity' "
        "(first defined at line 6) (yaml-duplicate-key)"
    )


def test_empty_file(project: Path) -> None:
    (project / INCIDENTS / "0990-empty.yaml").write_bytes(b"")
    code, out = run("validate", "--project", str(project))
    assert code == 1
    assert out.splitlines()[0] == (
        "playbooks/incidents/0990-empty.yaml:1:1: error: file is empty; "
        "expected a mapping of fields (file-empty)"
    )


def test_utf8_bom_is_fine(project: Path) -> None:
    record = project / INCIDENTS / "0991-bom.yaml"
    text = "number: 991\nslug: bom\ntitle: Café login errors\nseverity: SEV1\n"
    record.write_bytes(b"\xef\xbb\xbf" + text.encode())
    code, out = run("validate", "--project", str(project))
    assert code == 0, out


# The nasty ones run as a real process: a hang, a crash or a traceback must show up here.
NASTY = [
    "0907-alias-bomb.yaml",
    "0911-deep-brackets.yaml",
    "0913-deep-mapping-huge.yaml",
    "0919-not-utf8.yaml",
    "0909-python-tag.yaml",
]


def validate_process(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )


def test_nasty_files_in_a_real_process(project: Path) -> None:
    add(project, *(BAD / name for name in NASTY))
    big = project / INCIDENTS / "0992-five-megabytes.yaml"
    big.write_text("number: 992\ntitle: '" + "x" * 5_000_000 + "'\n", encoding="utf-8")
    done = validate_process(project)
    assert done.returncode == 1
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert (
        "playbooks/incidents/0992-five-megabytes.yaml:1:1: error: file is 5,000,022 bytes; "
        "the limit is 1,000,000 (file-too-large)"
    ) in lines
    for name in NASTY:
        assert any(x.startswith(f"{INCIDENTS}/{name}:") for x in lines), name
    # The bomb is reported alias by alias (72 of them), not expanded into a billion strings.
    assert sum("(yaml-alias)" in x for x in lines) == 72
    assert len(done.stdout) < 20_000


def test_a_long_value_is_never_echoed(project: Path) -> None:
    record = project / INCIDENTS / "0993-long-values.yaml"
    long = "y" * 100_000
    record.write_text(
        f"number: 993\nslug: long-values\ntitle: x\nseverity: {long}\n"
        f"timeline:\n  - {{at: '{long}', text: x}}\n? {long}\n: 1\n",
        encoding="utf-8",
    )
    done = validate_process(project)
    assert done.returncode == 1
    assert done.stderr == ""
    rules = [line.rsplit(" ", 1)[-1] for line in done.stdout.splitlines()[:-1]]
    assert rules == ["(invalid-value)", "(invalid-value)", "(unknown-field)"]
    assert "y" * 100 not in done.stdout
    assert len(done.stdout) < 1_000
