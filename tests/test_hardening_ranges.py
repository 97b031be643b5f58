"""Values outside what playbook can compute with are problems at their position.

Each case once crashed a command with a traceback (a 5,000-digit integer, a year-9999
resolution, a time whose UTC instant precedes year 1, a due day with no next day, a policy
target of 99999999999999 weeks) or wrote invalid JSON (``.nan`` / ``.inf`` impact values).
The README's "Ranges" section documents the bounds these tests pin.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import edit
from .sitebuild import make_project, run_build

R12 = "playbooks/incidents/0012-footer-typo.yaml"
R15 = "playbooks/incidents/0015-hotfix-auth-token.yaml"
SEVERITIES = "playbooks/policy/severities.yaml"
HUGE = "9" * 5000


def run(project: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


TS = "times must lie between 1970 and 2999 (UTC) (invalid-value)"
CASES = {
    "huge-integer-in-a-list-of-numbers": (
        R12,
        "services: [web-frontend]",
        f"services: [web-frontend]\nrelated: [{HUGE}]",
        "9:11: error: related[0]: number is out of range (far too many digits) (invalid-value)",
    ),
    "huge-integer-as-number": (
        R12,
        "number: 12",
        f"number: {HUGE}",
        "2:9: error: number: number is out of range (far too many digits) (invalid-value)",
    ),
    "integer-beyond-64-bits-as-number": (
        R12,
        "number: 12",
        "number: 0x" + "f" * 40,
        "2:9: error: number: Input should be a valid integer, unable to parse string as an "
        "integer (invalid-value)",
    ),
    "resolution-in-year-9999": (
        R12,
        "2024-11-13T09:30:00Z, kind: resolved",
        "9999-12-31T23:00:00Z, kind: resolved",
        f"26:10: error: timeline[4].at: 9999-12-31T23:00:00+00:00 is out of range; {TS}",
    ),
    "detection-before-year-1-in-utc": (
        R12,
        "2024-11-04T10:15:00Z, kind: detected",
        "0001-01-01T00:00:00+14:00, kind: detected",
        f"22:10: error: timeline[0].at: 0001-01-01T00:00:00+14:00 is out of range; {TS}",
    ),
    "detection-just-before-1970-in-utc": (
        R12,
        "2024-11-04T10:15:00Z, kind: detected",
        "1970-01-01T01:00:00+02:00, kind: detected",
        f"22:10: error: timeline[0].at: 1970-01-01T01:00:00+02:00 is out of range; {TS}",
    ),
    "action-item-due-on-the-last-day-of-9999": (
        R15,
        "due: 2025-01-15",
        "due: 9999-12-31",
        "87:12: error: postmortem.action_items[2].due: 9999-12-31 is out of range; dates must "
        "lie between 1970-01-01 and 2999-12-31 (invalid-value)",
    ),
    "impact-value-nan": (
        R15,
        "value: 2000,",
        "value: .nan,",
        "70:38: error: postmortem.impact[0].value: Input should be a finite number (invalid-value)",
    ),
    "impact-value-infinite": (
        R15,
        "value: 500,",
        "value: -.inf,",
        "71:39: error: postmortem.impact[1].value: Input should be a finite number (invalid-value)",
    ),
    "impact-value-that-overflows-a-float": (
        R15,
        "value: 5000,",
        "value: 1e999,",
        "72:38: error: postmortem.impact[2].value: Input should be a finite number (invalid-value)",
    ),
    "policy-target-of-99999999999999-weeks": (
        SEVERITIES,
        "resolve_target: 4h",
        "resolve_target: 99999999999999w",
        "11:21: error: severities[0].resolve_target: '99999999999999w' is out of range; a "
        "duration is at most 3650d (10 years) (invalid-value)",
    ),
    "policy-target-of-5000-digits": (
        SEVERITIES,
        "resolve_target: 4h",
        f"resolve_target: {HUGE}d",
        "11:21: error: severities[0].resolve_target: '" + "9" * 40 + "…' is out of range; a "
        "duration is at most 3650d (10 years) (invalid-value)",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_out_of_range_value_is_a_problem_at_its_position(project: Path, case: str) -> None:
    file, old, new, expected = CASES[case]
    edit(project / file, old, new)
    result = run(project, "validate")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == f"{file}:{expected}"
    assert "Traceback" not in result.output


def test_a_huge_integer_in_a_text_field_stays_the_text_written(project: Path) -> None:
    edit(project / R12, "title: Typo in footer copyright line", f"title: {'1' * 400}")
    assert run(project, "validate").exit_code == 0
    shown = run(project, "list", "--format", "json")
    assert shown.exit_code == 0, shown.output
    titles = {row["title"] for row in json.loads(shown.output)}
    assert "1" * 400 in titles


def test_the_bounds_themselves_are_accepted(project: Path) -> None:
    edit(
        project / R12,
        "2024-11-04T10:15:00Z, kind: detected",
        "1970-01-01T00:00:00Z, kind: detected",
    )
    edit(project / R15, "due: 2025-01-15", "due: 2999-12-31")
    edit(project / SEVERITIES, "resolve_target: 4h", "resolve_target: 3650d")
    result = run(project, "validate")
    assert result.exit_code == 0, result.output


def test_build_on_far_dates_that_once_crashed_it_reports_instead(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / R15, "due: 2025-01-15", "due: 9999-12-31")
    edit(
        root / R12,
        "2024-11-04T10:15:00Z, kind: detected",
        "0001-01-01T00:00:00+14:00, kind: detected",
    )
    result = run_build(root, "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 1
    # Refused as problems (click exits through SystemExit), not a crash.
    assert isinstance(result.exception, SystemExit), result.exception
    assert f"{R15}:87:12: error: postmortem.action_items[2].due: 9999-12-31 is out of range" in (
        result.output
    )
    assert f"{R12}:22:10: error: timeline[0].at: 0001-01-01T00:00:00+14:00 is out of range" in (
        result.output
    )
    assert not (tmp_path / "site").exists()


def test_log_refuses_to_write_an_out_of_range_time(project: Path) -> None:
    before = (project / R12).read_bytes()
    result = run(project, "log", "12", "backfilled", "--at", "0001-01-01T00:00:00+14:00")
    # Refused where the option is read: a usage error, before the record is touched.
    assert (result.exit_code, result.output) == (
        2,
        "Error: --at '0001-01-01T00:00:00+14:00' is out of range; times must lie between "
        "1970 and 2999 (UTC)\n",
    )
    assert (project / R12).read_bytes() == before


def test_new_incident_refuses_an_out_of_range_detection(project: Path) -> None:
    before = sorted(p.name for p in (project / "playbooks/incidents").iterdir())
    result = run(
        project,
        "new-incident",
        "Clock went wrong",
        "--severity",
        "SEV3",
        "--no-input",
        "--detected-at",
        "0001-01-01T00:00:00+14:00",
    )
    assert result.exit_code == 2
    assert "is out of range; times must lie between 1970 and 2999 (UTC)" in result.output
    assert sorted(p.name for p in (project / "playbooks/incidents").iterdir()) == before


@pytest.mark.parametrize(
    ("text", "fine"),
    [
        ("1970-01-01T00:00:00Z", True),
        ("2999-12-31T23:59:59Z", True),
        ("2999-12-31T20:00:00-03:59", True),
        ("2999-12-31T20:00:00-04:00", False),
        ("1970-01-01T05:30:00+05:30", True),
        ("1970-01-01T05:29:59+05:30", False),
        ("0001-01-01T00:00:00+14:00", False),
        ("9999-12-31T23:59:59-23:59", False),
    ],
)
def test_check_timestamp_range_for_commands_parsing_times(text: str, fine: bool) -> None:
    from datetime import datetime

    from generator.model.common import check_timestamp_range

    reason = check_timestamp_range(datetime.fromisoformat(text))
    assert (reason is None) is fine, reason


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


def test_export_json_is_strict_json(project: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "json", "--project", str(project)])
    assert result.exit_code == 0, result.output
    data = _strict_json(result.stdout)
    assert data["count"] == 8
