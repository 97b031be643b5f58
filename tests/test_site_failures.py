"""Builds that must fail, and fail safely; and policy edits that must reach the pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import edit
from tests.htmlscan import scan
from tests.sitebuild import make_project, run_build

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def test_invalid_record_stops_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    edit(root / RECORD, "severity: SEV1", "severity: SEV9")
    result = run_build(root, "--site-dir", str(site))

    assert result.exit_code == 1
    assert (
        "\nplaybooks/incidents/0015-hotfix-auth-token.yaml:6:11: error: unknown severity 'SEV9' "
        "(policy defines SEV1, SEV2, SEV3, SEV4) (unknown-severity)\n" in result.output
    )
    assert f"{site} was left as it was" in result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "no temp dir left"


def test_strict_fails_on_a_record_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    # Ticking by hand an item a rule decides is a warning, not an error.
    edit(
        root / RECORD,
        "  critical-tests-pass: true",
        "  critical-tests-pass: true\n  fix-verified: true",
    )
    site = tmp_path / "site"

    result = run_build(root, "--strict", "--site-dir", str(site))

    assert result.exit_code == 1
    assert (
        "WARNING -  playbooks/incidents/0015-hotfix-auth-token.yaml:62:3: warning: checklist item "
        "'fix-verified' is ticked by a rule; the manual tick is ignored (checklist-manual-tick)"
        in result.output
    )
    assert "Aborted with 1 warnings in strict mode!" in result.output
    assert not site.exists()


def test_policy_edit_reaches_the_pages_with_plain_mkdocs_build(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    policy = root / "playbooks/policy/severities.yaml"
    edit(
        policy,
        "response_time: Minutes\n    response_target: 15m",
        "response_time: Seconds\n    response_target: 2m",
    )
    site = tmp_path / "site"

    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )

    assert done.returncode == 0, done.stderr
    assert not any((root / "docs").iterdir()), "nothing is written into docs/"
    text = " ".join(" ".join(scan(site / "severity-levels/index.html").text).split())
    assert "SEV1 System down Seconds Site unreachable" in text
    assert "SEV1 2m 4h hotfix" in text
    page = " ".join(
        " ".join(scan(site / "incidents/0015-hotfix-auth-token/index.html").text).split()
    )
    assert "Time to acknowledge 3m against a target of 2m: breached" in page


def test_a_build_stopped_by_sigterm_keeps_the_old_site_and_leaves_no_folders(
    tmp_path: Path,
) -> None:
    import os
    import signal
    import time

    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # As a CI step's timeout stops a job: SIGTERM once pages are being written.
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CI": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and build.poll() is None:
        if any((d / "incidents").is_dir() for d in tmp_path.glob(".site-new-*")):
            break
        time.sleep(0.005)
    assert build.poll() is None, "the build ended before it could be stopped"
    build.send_signal(signal.SIGTERM)
    assert build.wait(timeout=60) == 128 + signal.SIGTERM
    time.sleep(0.2)  # anything still writing would show now
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "no temp dir left"


def test_an_incidents_file_where_the_folder_should_be_is_an_error(tmp_path: Path) -> None:
    import shutil

    root = make_project(tmp_path / "project")
    shutil.rmtree(root / "playbooks/incidents")
    (root / "playbooks/incidents").write_text("hi\n", encoding="utf-8")
    result = run_build(root, "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert (
        "playbooks/incidents:1:1: error: is not a folder; records and playbooks live in a "
        "folder here (not-a-folder)" in result.output
    )


def test_a_prefix_climbing_out_of_the_site_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "schemas").mkdir(exist_ok=True)
    (root / "schemas/incident.schema.json").write_text('{"mine": true}')
    text = (root / "mkdocs.yml").read_text()
    assert "  - playbook\n" in text
    (root / "mkdocs.yml").write_text(
        text.replace("  - playbook\n", '  - playbook:\n      prefix: ".."\n', 1)
    )
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    result = run_build(root, "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert "playbook: prefix '..' must be a relative folder path inside the site" in result.output
    assert (root / "schemas/incident.schema.json").read_text() == '{"mine": true}'
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_docs_dir_over_the_records_is_refused_before_anything_is_published(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "project")
    text = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(text + "\ndocs_dir: playbooks\n")
    result = run_build(root, "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert (
        "docs_dir 'playbooks' holds or lies in playbooks/: MkDocs would publish the raw "
        "records and policy; use a folder of your own pages (docs/)"
    ) in result.output, result.output
    assert not (tmp_path / "site").exists()
