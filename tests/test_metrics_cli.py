"""``playbook stats``: exact terminal output, JSON equal to the metrics report, refusals."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.facts.metrics import DEFINITIONS, TABLE_HEADINGS, report, report_data
from generator.load.project import load_project

from .conftest import write

SEV3_PST = """\
number: 1
slug: late-night
title: Uploads slow after midnight
severity: SEV3
status: resolved
workflow: normal
timeline:
  - {at: 2024-12-31T23:50:00-08:00, kind: detected, text: Alert}
  - {at: 2025-01-01T00:20:00-08:00, kind: acknowledged, text: Ack}
  - {at: 2025-01-03T09:50:00-08:00, kind: resolved, text: Fixed}
"""

SEV3_APPROX = """\
number: 2
slug: rough-times
title: Thumbnails missing
severity: SEV3
status: resolved
workflow: normal
timeline:
  - {at: 2025-02-01T07:00:00Z, approximate: true, kind: detected, text: Around seven}
  - {at: 2025-02-01T08:00:00Z, approximate: true, kind: acknowledged, text: Around eight}
  - {at: 2025-02-01T12:00:00Z, kind: resolved, text: Fixed}
"""

SEV4_OPEN = """\
number: 3
slug: still-open
title: Footer typo
severity: SEV4
status: open
workflow: normal
timeline:
  - {at: 2025-03-01T10:00:00+01:00, kind: detected, text: Reported}
"""


def small_project(project: Path, records: dict[str, str]) -> Path:
    shutil.rmtree(project / "playbooks/incidents")
    (project / "playbooks/incidents").mkdir()
    write(project, {f"playbooks/incidents/{name}": text for name, text in records.items()})
    return project


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_stats_table_on_hand_computed_records(project: Path) -> None:
    small_project(
        project,
        {
            "0001-late-night.yaml": SEV3_PST,
            "0002-rough-times.yaml": SEV3_APPROX,
            "0003-still-open.yaml": SEV4_OPEN,
        },
    )
    code, out, err = run("stats", "--project", str(project))
    assert (code, err) == (0, "")
    assert out.startswith(
        "3 incident(s). ~ marks values resting on approximate times; — means none measured.\n"
    )
    # SEV3: acknowledge 30m and ~1h → ~45m; resolve 2d 10h (across midnight, PST) and 5h
    # → ~1d 7h 30m, shown to two units.
    assert section(out, "By severity") == [
        ["Severity", *TABLE_HEADINGS],
        ["SEV1", "0", "—", "—", "0", "—", "—", "—", "0", "—"],
        ["SEV2", "0", "—", "—", "0", "—", "—", "—", "0", "—"],
        [
            "SEV3",
            "2",
            "~45m",
            "~45m",
            "2 (1 ~)",
            "2/2 (100%)",
            "~1d 7h",
            "~1d 7h",
            "2 (1 ~)",
            "2/2 (100%)",
        ],
        [
            "SEV4",
            "1",
            "—",
            "—",
            "0 (1 excluded)",
            "— (1 pending)",
            "—",
            "—",
            "0 (1 excluded)",
            "— (1 pending)",
        ],
        [
            "All",
            "3",
            "~45m",
            "~45m",
            "2 (1 excluded, 1 ~)",
            "2/2 (100%), 1 pending",
            "~1d 7h",
            "~1d 7h",
            "2 (1 excluded, 1 ~)",
            "2/2 (100%), 1 pending",
        ],
    ]
    # 23:50 PST on 31 December is 1 January in UTC: all three fall in 2025-Q1.
    assert section(out, "By quarter of detection (UTC)") == [
        ["Quarter", *TABLE_HEADINGS],
        [
            "2025-Q1",
            "3",
            "~45m",
            "~45m",
            "2 (1 excluded, 1 ~)",
            "2/2 (100%), 1 pending",
            "~1d 7h",
            "~1d 7h",
            "2 (1 excluded, 1 ~)",
            "2/2 (100%), 1 pending",
        ],
    ]
    assert section(out, "SLA breaches") == [["(none)"]]
    assert section(out, "Definitions") == [[f"- {text}"] for text in DEFINITIONS.values()]


def section(out: str, title: str) -> list[list[str]]:
    """The rows of one titled block of the output, cells split at runs of two spaces."""
    block = next(b for b in out.split("\n\n") if b.startswith(title + "\n"))
    return [re.split(r"  +", line) for line in block.splitlines()[1:]]


def test_stats_json_is_the_metrics_report(project: Path) -> None:
    code, out, _ = run("stats", "--project", str(project), "--format", "json")
    assert code == 0
    loaded = load_project(project)
    expected = report_data(report([r.incident for r in loaded.records], loaded.policy))
    assert json.loads(out) == expected
    assert [g["key"] for g in expected["severities"]] == ["SEV1", "SEV2", "SEV3", "SEV4"]


def test_stats_since_leaves_earlier_incidents_out_and_says_so(project: Path) -> None:
    small_project(project, {"0001-late-night.yaml": SEV3_PST, "0003-still-open.yaml": SEV4_OPEN})
    code, out, _ = run("stats", "--project", str(project), "--since", "2025-02-01")
    assert code == 0
    assert out.splitlines()[0] == (
        "1 incident(s) detected since 2025-02-01 (UTC); 1 earlier or undated left out."
        " ~ marks values resting on approximate times; — means none measured."
    )
    data = json.loads(
        run("stats", "--project", str(project), "--since", "2025-02-01", "--format", "json")[1]
    )
    assert (data["since"], data["incidents"], data["left_out"]) == ("2025-02-01", 1, 1)


def test_stats_on_a_project_without_incidents(project: Path) -> None:
    small_project(project, {})
    code, out, _ = run("stats", "--project", str(project))
    assert code == 0
    assert out.startswith("0 incident(s).")
    assert section(out, "By severity")[-1] == ["All", "0", "—", "—", "0", "—", "—", "—", "0", "—"]
    assert "By quarter of detection (UTC)\n(no incidents)\n" in out


def test_stats_refuses_a_project_with_errors(project: Path) -> None:
    small_project(project, {"0003-still-open.yaml": SEV4_OPEN.replace("SEV4", "SEV9")})
    code, out, err = run("stats", "--project", str(project))
    assert code == 1
    assert out == ""
    assert err.splitlines()[0].startswith(
        "playbooks/incidents/0003-still-open.yaml:4:11: error: unknown severity 'SEV9'"
    )
    assert err.splitlines()[-1] == (
        "Error: numbers are only computed from a valid project: 1 error(s), 0 warning(s) in 1 file(s)"
    )


def test_stats_bad_since_is_a_usage_error(project: Path) -> None:
    code, _, err = run("stats", "--project", str(project), "--since", "last week")
    assert code == 2
    assert "'last week' is not a date like 2024-10-01" in err
