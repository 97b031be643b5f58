"""Records shaped like public post-mortems: each headline and verdict pinned by hand.

The fixtures (tests/fixtures/realshapes/) are written from the shapes real outages have:
impact before detection, cross-midnight, multi-day with staged recovery, a Pacific-time
source, no detection time, only the end known, an open incident past its target, an
approximate stated outage end. The numbers below are computed by hand from the times.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import load_checked
from generator.cli import cli
from generator.facts.incident import IncidentFacts, incident_facts

from .authoring import run, small_project
from .conftest import ROOT

SHAPES = ROOT / "tests/fixtures/realshapes"
#: Three days and an hour after 0107 was detected (2026-11-27 16:00 UTC).
AS_OF = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> dict[int, IncidentFacts]:
    root = small_project(tmp_path_factory.mktemp("shapes"), with_seed=False)
    for file in SHAPES.glob("*.yaml"):
        shutil.copy(file, root / "playbooks/incidents" / file.name)
    project = load_checked(root)
    from generator.check.rules import run_all

    errors = [p for p in run_all(project) + project.problems if p.level.value == "error"]
    assert errors == []
    assert project.policy is not None
    return {
        r.incident.number: incident_facts(r.incident, project.policy, AS_OF, r.path)
        for r in project.records
    }


@pytest.mark.parametrize(
    ("number", "headline", "ends", "quarter"),
    [
        (101, "27m", "started → mitigated", "2024-Q2"),
        (102, "24h 11m", "started → mitigated", "2024-Q1"),
        (103, "3d 3h 8m", "started → mitigated", "2024-Q4"),
        (104, "4h 17m", "started → resolved", "2017-Q1"),
        (105, "~35m", "started → mitigated", "2024-Q3"),
        (106, "unknown", "? → resolved", "2025-Q1"),
        (107, "2h", "detected → mitigated", "2026-Q4"),
        (108, "~32m", "started → mitigated", "2024-Q3"),
    ],
)
def test_headline_duration_and_quarter(
    facts: dict[int, IncidentFacts], number: int, headline: str, ends: str, quarter: str
) -> None:
    f = facts[number]
    assert f.duration.text() == headline
    if f.duration.duration is not None:
        assert f.duration.ends == ends
    assert f.quarter == quarter


def test_open_incident_past_its_target_is_breached_as_of_the_build(
    facts: dict[int, IncidentFacts],
) -> None:
    f = facts[107]
    # Mitigated at 18:00 (2h after detection): the impact is known, resolution is not.
    assert f.intervals["impact"].text() == "2h"
    verdicts = [(c.name, c.verdict_text, c.text()) for c in f.sla]
    assert verdicts == [
        ("time to acknowledge", "met", "10m (target 2h): met"),
        (
            "time to resolve",
            "breached (still open)",
            "3d 1h so far (target 24h): breached (still open)",
        ),
    ]


def test_only_the_intervals_that_need_a_missing_time_are_unknown(
    facts: dict[int, IncidentFacts],
) -> None:
    f = facts[105]  # no detection time published
    assert f.intervals["time_to_detect"].text() == "unknown"
    assert f.intervals["time_to_acknowledge"].text() == "unknown"
    assert f.intervals["impact"].text() == "~35m"
    assert f.points["mitigated"].source == "stated"
    assert [c.verdict for c in f.sla] == ["unknown", "unknown"]


def test_partial_recovery_and_escalation_are_milestones(facts: dict[int, IncidentFacts]) -> None:
    f = facts[103]
    assert f.points["partial_recovery"].at == datetime(2024, 10, 30, 8, 0, tzinfo=UTC)
    assert f.points["escalated"].at == datetime(2024, 10, 28, 21, 0, tzinfo=UTC)
    # The first escalation counts (escalated is built in with pick: first).
    assert facts[108].points["escalated"].at.minute == 35
    # A stated milestone wins over the timeline event of its kind, and keeps its "~".
    assert facts[108].points["mitigated"].approximate


def test_pacific_times_keep_their_offset_and_compute_from_the_right_instant(
    facts: dict[int, IncidentFacts],
) -> None:
    f = facts[104]
    started = f.points["started"].at
    assert started.isoformat() == "2017-02-28T09:37:00-08:00"
    assert started.astimezone(UTC).hour == 17
    assert f.intervals["time_to_detect"].text() == "~3m"


def test_a_fresh_repository_driven_by_commands_only(tmp_path: Path) -> None:
    root = tmp_path / "runbooks"
    result = CliRunner().invoke(cli, ["init", str(root)])
    assert result.exit_code == 0, result.output
    code, out = run(
        root, "new-incident", "Checkout errors", "--severity", "SEV2", "--service", "checkout",
        "--detected-at", "2026-11-20T13:45:00Z", "--no-input",
    )  # fmt: skip
    assert code == 0, out
    number = out.split("/")[-1].split("-")[0].lstrip("0")
    outputs = []
    for text, kind, at in [
        ("Bad deploy", "started", "2026-11-20T13:42:00Z"),
        ("Rolled back", "mitigated", "2026-11-20 14:09"),  # no offset: the project's zone, UTC
        ("All clear", "resolved", "2026-11-20T14:52:00Z"),
    ]:
        code, out = run(root, "log", number, text, "--kind", kind, "--at", at)
        assert code == 0, out
        outputs.append(out)
    # A time without an offset is never taken silently.
    assert (
        "note: --at '2026-11-20 14:09' read as 2026-11-20T14:09:00Z "
        "(UTC, the project's time zone)\n"
    ) in outputs[1]
    assert "note:" not in outputs[0]
    code, out = run(root, "show", number)
    assert "Duration   27m (started → mitigated)\n" in out
    code, out = run(root, "show", number, "--format", "json")
    import json

    data = json.loads(out)
    assert data["computed"]["duration"]["seconds"] == 1620
    code, out = run(root, "export", "--format", "csv")
    row = next(line for line in out.splitlines() if line.startswith(number + ","))
    assert ",1620,PT27M,started → mitigated," in row
