"""Policy files themselves are checked, and rules judge records by policy.

Each folder in ``tests/fixtures/badpolicy/`` is one case: its files are written over
``playbooks/policy/`` of a copy of the shipped project (same name replaces, a new name
adds). Headers pin problems as in ``test_bad_input``; an ``expect`` line may name the file
it is about (a record a policy change breaks, or the folder for a missing section).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.check.rules import run_all
from generator.load.project import load_project
from generator.problems import Level

from .conftest import write
from .test_bad_input import Expected, pinned, problems_of, run

BADPOLICY = Path(__file__).parent / "fixtures" / "badpolicy"
POLICY = "playbooks/policy"
CASES = sorted(p.name for p in BADPOLICY.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_broken_policy(project: Path, case: str) -> None:
    expected = Expected()
    for file in sorted((BADPOLICY / case).glob("*.yaml")):
        shutil.copy(file, project / POLICY / file.name)
        expected.add(file, f"{POLICY}/{file.name}")
    code, items = problems_of(project)
    assert code == 1
    expected.check(pinned(items))
    _, out = run("validate", "--project", str(project))
    for line in expected.lines:
        assert line in out.splitlines()


def test_every_policy_rule_has_a_case() -> None:
    rules = set()
    for case in CASES:
        for file in (BADPOLICY / case).glob("*.yaml"):
            expected = Expected()
            expected.add(file)
            rules |= {rule for *_, rule in expected.exact}
    assert {
        "policy-missing-section",
        "policy-duplicate-section",
        "policy-rule-field",
        "policy-postmortem-section",
        "unknown-flow",
        "flow-missing-value",
        "duplicate-id",
        "unknown-severity",
        "unknown-event-kind",
    } <= rules


def test_policy_file_that_is_broken_yaml_hides_no_other_file(project: Path) -> None:
    (project / POLICY / "flows.yaml").write_text("flows: [\n", encoding="utf-8")
    code, items = problems_of(project)
    assert code == 1
    # The broken file is reported; "policy lacks section flows" would only repeat it.
    assert [(p["path"], p["rule"]) for p in items] == [(f"{POLICY}/flows.yaml", "yaml-syntax")]


def test_no_policy_folder_at_all(tmp_path: Path) -> None:
    (tmp_path / "playbooks").mkdir()
    code, out = run("validate", "--project", str(tmp_path))
    assert code == 1
    assert out.splitlines()[0] == (
        "playbooks/policy/:1:1: error: policy lacks section(s) severities, flows, checklists, "
        "postmortem, rollback_vs_hotfix (policy-missing-section)"
    )


RECORD = """\
number: 950
slug: due-dates
title: Checkout failing
severity: SEV2
status: {status}
timeline:
  - {{at: 2024-11-25T14:32:00Z, kind: detected, text: First alert}}
  - {{at: 2024-11-25T15:19:00Z, kind: resolved, text: All-clear}}
"""


@pytest.mark.parametrize(
    ("status", "now", "level"),
    [
        # Resolved: the post-mortem is due five days after resolution (policy due_within);
        # past that it is overdue, still a warning: recording a resolution is never refused.
        ("resolved", datetime(2024, 11, 27, tzinfo=UTC), Level.WARNING),
        ("resolved", datetime(2024, 12, 1, tzinfo=UTC), Level.WARNING),
        # Closed: no more time to write it.
        ("closed", datetime(2024, 11, 26, tzinfo=UTC), Level.ERROR),
    ],
)
def test_postmortem_is_an_error_once_closed(
    project: Path, status: str, now: datetime, level: Level
) -> None:
    write(project, {"playbooks/incidents/0950-due-dates.yaml": RECORD.format(status=status)})
    loaded = load_project(project)
    problems = [p for p in run_all(loaded, now) if p.path.endswith("0950-due-dates.yaml")]
    assert [(p.line, p.column, p.level, p.rule) for p in problems] == [
        (5, 9, level, "postmortem-missing")
    ]
    overdue = status == "resolved" and now > datetime(2024, 11, 30, tzinfo=UTC)
    due = "overdue since" if overdue else "due"
    assert problems[0].message == (
        f"SEV2 needs a post-mortem once {status} ({due} 2024-11-30); add a 'postmortem' section"
    )


def test_approximate_and_unknown_times_keep_their_order(project: Path) -> None:
    write(
        project,
        {
            "playbooks/incidents/0951-approximate.yaml": """\
number: 951
slug: approximate
title: Export jobs stuck
severity: SEV3
workflow: normal
timeline:
  - {at: 2024-11-25T07:00:00Z, approximate: true, kind: started, text: Around 07:00 jobs stop}
  - {at: 2024-11-25T06:55:00Z, kind: detected, text: Queue alert}
  - {kind: note, text: Someone restarted a worker (time unknown)}
  - {at: 2024-11-25T08:00:00Z, kind: mitigated, text: Queue draining}
""",
        },
    )
    code, out = run("validate", "--project", str(project))
    assert code == 0, out


def test_milestones_across_midnight_and_offsets(project: Path) -> None:
    # Resolved at 00:10+01:00 the next day is 23:10 UTC: after detection, not before.
    write(
        project,
        {
            "playbooks/incidents/0952-midnight.yaml": """\
number: 952
slug: midnight
title: Webhooks delayed
severity: SEV3
workflow: normal
status: mitigated
milestones:
  detected: 2024-11-25T22:40:00Z
  mitigated: 2024-11-26T00:10:00+01:00
""",
        },
    )
    code, out = run("validate", "--project", str(project))
    assert code == 0, out


def test_reference_to_a_broken_record_is_not_reported_twice(project: Path) -> None:
    """0011 and 0016 name 0003 as related; when 0003 fails to parse, only 0003 is reported."""
    broken = project / "playbooks/incidents/0003-checkout-payment-timeouts.yaml"
    broken.write_text(broken.read_text() + "\n  bad indentation: [\n", encoding="utf-8")
    problems = load_project(project).problems
    assert {p.path for p in problems} == {"playbooks/incidents/0003-checkout-payment-timeouts.yaml"}
    assert [p.rule for p in problems] == ["yaml-syntax"]
