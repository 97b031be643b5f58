"""``playbook validate FILE`` checks one incident record without loading the others, and
says exactly what a whole-project ``playbook validate`` says about that file."""

from __future__ import annotations

import shutil
from pathlib import Path

from .authoring import run
from .conftest import ROOT

BAD = ROOT / "tests/fixtures/bad"
INCIDENTS = "playbooks/incidents"


def test_each_file_alone_gets_the_whole_projects_verdict(project: Path) -> None:
    for file in sorted(BAD.glob("*.yaml")):
        shutil.copy(file, project / INCIDENTS / file.name)
    # A record whose related incident fails to load: not reported twice.
    (project / INCIDENTS / "0999-points-at-broken.yaml").write_text(
        (project / INCIDENTS / "0015-hotfix-auth-token.yaml")
        .read_text(encoding="utf-8")
        .replace("number: 15\n", "number: 999\nrelated: [901]\n", 1)
        .replace("slug: hotfix-auth-token\n", "slug: points-at-broken\n", 1),
        encoding="utf-8",
    )
    code, whole = run(project, "validate")
    assert code == 1
    lines = whole.splitlines()[:-1]
    checked = 0
    for file in sorted((project / INCIDENTS).glob("*.yaml")):
        shown = f"{INCIDENTS}/{file.name}"
        expected = [line for line in lines if line.startswith(f"{shown}:")]
        code, alone = run(project, "validate", str(file))
        if expected:
            errors = any(": error: " in line for line in expected)
            assert (code, alone.splitlines()[:-1]) == (int(errors), expected), shown
            assert alone.splitlines()[-1].endswith(" in 1 file(s)")
        else:
            assert code == 0, alone
            assert alone.startswith("ok: "), alone
        checked += bool(expected)
    assert checked > 40


def test_ok_line_says_what_was_checked(project: Path) -> None:
    # One record is checked, not the whole project: the line says so (and counting the
    # loadable records would mean parsing all of them, seconds at a thousand records).
    record = str(project / INCIDENTS / "0015-hotfix-auth-token.yaml")
    code, one = run(project, "validate", record)
    assert (code, one) == (
        0,
        "ok: 1 incident record(s) checked against policy, 4 playbook(s) and the other "
        "records, no problems\n",
    )
    code, two = run(
        project,
        "validate",
        record,
        record.replace("0015-hotfix-auth-token", "0016-orders-db-failover"),
    )
    assert code == 0 and two.startswith("ok: 2 incident record(s) checked"), two
