"""``playbook stats``: exact terminal output, JSON equal to the metrics report, refusals."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from generator.check import load_checked
from generator.cli import cli
from generator.facts.incident import all_facts
from generator.facts.metrics import TABLE_HEADINGS, definitions, report, report_data

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
    # SEV3: acknowledge 30m and ~1h → ~45m; resolve 58h (across midnight, PST) and 5h
    # → ~31h 30m, exact to the minute.
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
            "~31h 30m",
            "~31h 30m",
            "2 (1 ~)",
            "2/2 (100%)",
        ],
        [
            "SEV4",
            "1",
            "—",
            "—",
            "0 (1 excluded)",
            "0/1 (0%)",
            "—",
            "—",
            "0 (1 excluded)",
            "0/1 (0%)",
        ],
        [
            "All",
            "3",
            "~45m",
            "~45m",
            "2 (1 excluded, 1 ~)",
            "2/3 (67%)",
            "~31h 30m",
            "~31h 30m",
            "2 (1 excluded, 1 ~)",
            "2/3 (67%)",
        ],
    ]
    # 23:50 PST on 31 December is 1 January in UTC: all three fall in 2025-Q1.
    assert section(out, "By quarter of the earliest known time (UTC)") == [
        ["Quarter", *TABLE_HEADINGS],
        [
            "2025-Q1",
            "3",
            "~45m",
            "~45m",
            "2 (1 excluded, 1 ~)",
            "2/3 (67%)",
            "~31h 30m",
            "~31h 30m",
            "2 (1 excluded, 1 ~)",
            "2/3 (67%)",
        ],
    ]
    # The SEV4 record is still open long past both targets (1d, 2w): breached, as of now.
    breaches = section(out, "SLA breaches")
    assert [row[0] for row in breaches] == ["#0003 SEV4"] * 2
    assert [row[1].split(" ", 3)[:3] for row in breaches] == [
        ["time", "to", "acknowledge"],
        ["time", "to", "resolve"],
    ]
    texts = definitions(load_checked(project).policy).values()  # type: ignore[arg-type]
    assert section(out, "Definitions") == [[f"- {text}"] for text in texts]


def section(out: str, title: str) -> list[list[str]]:
    """The rows of one titled block of the output, cells split at runs of two spaces."""
    block = next(b for b in out.split("\n\n") if b.startswith(title + "\n"))
    return [re.split(r"  +", line) for line in block.splitlines()[1:]]


def _settled(data: Any) -> Any:
    """``data`` without the elapsed times of still-open breaches, which grow by the second."""
    if isinstance(data, dict):
        if data.get("still_open"):
            return {k: v for k, v in data.items() if k not in ("seconds", "duration")}
        return {k: _settled(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_settled(v) for v in data]
    return data


def test_stats_json_is_the_metrics_report(project: Path) -> None:
    code, out, _ = run("stats", "--project", str(project), "--format", "json")
    assert code == 0
    loaded = load_checked(project)
    assert loaded.policy is not None
    facts = all_facts(loaded.records, loaded.policy, datetime.now(UTC))
    expected = report_data(report(facts, loaded.policy))
    assert _settled(json.loads(out)) == _settled(expected)
    assert [g["key"] for g in expected["severities"]] == ["SEV1", "SEV2", "SEV3", "SEV4"]


def test_stats_since_leaves_earlier_incidents_out_and_says_so(project: Path) -> None:
    small_project(project, {"0001-late-night.yaml": SEV3_PST, "0003-still-open.yaml": SEV4_OPEN})
    code, out, _ = run("stats", "--project", str(project), "--since", "2025-02-01")
    assert code == 0
    assert out.splitlines()[0] == (
        "1 incident(s) since 2025-02-01 (UTC); 1 earlier or undated left out."
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
    assert "By quarter of the earliest known time (UTC)\n(no incidents)\n" in out


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
