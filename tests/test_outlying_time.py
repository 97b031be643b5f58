"""outlying-time: an event far outside the record's other times (a mistyped year, an event
of another incident) is named at once, with a warning: the record still builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.check import load_checked
from generator.check.rules import run_all

from .authoring import run, small_project
from .conftest import ROOT
from .test_earlier_records import earlier_project

RECORD = "playbooks/incidents/0001-waf-down.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    # Cloudflare, 2019-07-02: the first page at 13:45 UTC.
    root = small_project(tmp_path, with_seed=False)
    code, out = run(root, "new-incident", "WAF down", "--severity", "SEV2", "--service", "waf",
                    "--backfill", "--detected-at", "2019-07-02T13:45:00Z", "--no-input")  # fmt: skip
    assert code == 0, out
    return root


def test_an_event_a_year_off_is_named_when_logged_and_the_record_still_builds(
    root: Path,
) -> None:
    run(root, "log", "1", "Errors stop", "--kind", "mitigated", "--at", "2019-07-02T14:09Z")
    code, out = run(root, "log", "1", "Rule deployed", "--at", "2018-10-21 22:52Z")
    assert (code, out) == (
        0,
        f"{RECORD}: logged note at 2018-10-21T22:52:00Z (-253d 14h 53m): Rule deployed\n"
        f"{RECORD}:36:10: warning: timeline[0] (2018-10-21T22:52:00+00:00) is 253d 14h 53m "
        "before the record's first other time, timeline[1] (2019-07-02T13:45:00+00:00); check "
        "its date, and that the times belong to this incident (outlying-time)\n",
    )
    code, out = run(root, "validate")
    assert code == 0
    assert out.count("(outlying-time)") == 1, out


def test_two_times_far_apart_are_named_once(root: Path) -> None:
    code, out = run(root, "log", "1", "Rule deployed", "--at", "2018-10-21 22:52Z")
    assert code == 0
    assert out.splitlines()[1:] == [
        f"{RECORD}:37:10: warning: timeline[1] (2019-07-02T13:45:00+00:00) is 253d 14h 53m "
        "after the record's only other time, timeline[0] (2018-10-21T22:52:00+00:00); check "
        "both dates, and that the times belong to this incident (outlying-time)"
    ]


def test_a_late_stated_milestone_is_named_at_its_line(root: Path) -> None:
    run(root, "log", "1", "Errors stop", "--kind", "mitigated", "--at", "2019-07-02T14:09Z")
    path = root / RECORD
    path.write_text(path.read_text() + "milestones:\n  resolved: 2020-07-02T14:52:00Z\n")
    code, out = run(root, "validate")
    assert code == 0
    assert (
        f"{RECORD}:42:13: warning: milestones.resolved (2020-07-02T14:52:00+00:00) is 366d 43m "
        "after the record's last other time, timeline[1] (2019-07-02T14:09:00+00:00); check its "
        "date, and that the times belong to this incident (outlying-time)\n"
    ) in out, out


def test_a_week_apart_is_not_named(root: Path) -> None:
    code, out = run(root, "log", "1", "Fully restored", "--at", "2019-07-09 13:45Z")
    assert code == 0 and "outlying-time" not in out, out


def _outlying(root: Path) -> list[str]:
    project = load_checked(root)
    return [p.text() for p in run_all(project) + project.problems if p.rule == "outlying-time"]


def test_no_shipped_or_fixture_record_is_named(tmp_path: Path) -> None:
    assert _outlying(ROOT) == []
    assert _outlying(earlier_project(tmp_path / "earlier")) == []
    shapes = small_project(tmp_path / "shapes", with_seed=False)
    for file in (ROOT / "tests/fixtures/realshapes").glob("*.yaml"):
        shutil.copy(file, shapes / "playbooks/incidents" / file.name)
    assert _outlying(shapes) == []


def test_a_cause_weeks_before_and_a_follow_up_weeks_after_are_not_named(root: Path) -> None:
    # Write-ups date the change that caused an outage, and the follow-up that closed it.
    code, out = run(root, "log", "1", "Rule change merged", "--at", "2019-05-10 09:00Z")
    assert code == 0 and "outlying-time" not in out, out
    code, out = run(root, "log", "1", "Credits issued", "--at", "2019-09-20 09:00Z")
    assert code == 0 and "outlying-time" not in out, out
    assert run(root, "validate")[0] == 0
