"""`playbook list` reuses rows of unchanged files and never shows a stale row."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from generator.authoring.summarycache import CACHE_DIR, CACHE_FILE
from generator.cli import cli

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def _list(project: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["list", "--project", str(project), "--format", "json"])
    return result.exit_code, result.stdout, result.stderr


def _titles(out: str) -> dict[str, str]:
    return {row["id"]: row["title"] for row in json.loads(out)}


def test_rows_are_reused_until_the_file_changes(project: Path) -> None:
    code, _, _ = _list(project)
    assert code == 0
    cache = project / CACHE_DIR / CACHE_FILE
    assert len(json.loads(cache.read_text())["files"]) == 8

    # A planted cached row is served while its file's size and mtime are unchanged...
    data = json.loads(cache.read_text())
    data["files"]["0015-hotfix-auth-token.yaml"]["row"]["title"] = "from the cache"
    cache.write_text(json.dumps(data))
    assert _titles(_list(project)[1])["0015-hotfix-auth-token"] == "from the cache"

    # ...and recomputed as soon as the file is edited.
    record = project / RECORD
    record.write_text(record.read_text().replace('title: "hotfix:', 'title: "hotfix (edited):'))
    assert _titles(_list(project)[1])["0015-hotfix-auth-token"] == (
        "hotfix (edited): fix auth token validation"
    )


def test_broken_records_are_reported_on_every_run(project: Path) -> None:
    (project / "playbooks/incidents/0020-broken.yaml").write_text("number: [\n")
    for _ in range(2):
        code, out, err = _list(project)
        assert code == 0
        assert len(json.loads(out)) == 8
        assert err == "warning: 1 record(s) could not be read; run playbook validate\n"


def test_unwritable_project_still_lists(project: Path) -> None:
    (project / CACHE_DIR).write_text("not a folder")
    code, out, _ = _list(project)
    assert code == 0
    assert len(json.loads(out)) == 8
    assert not os.path.isdir(project / CACHE_DIR)
