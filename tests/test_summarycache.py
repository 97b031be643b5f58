"""`playbook list` reuses rows of unchanged files and never shows a stale row."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.authoring.summarycache import CACHE_DIR, CACHE_FILE
from generator.check import load_checked
from generator.cli import cli
from generator.load import project as loading

from .parsecount import parses

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


def test_a_same_size_edit_that_kept_its_modification_time_is_seen(project: Path) -> None:
    assert _list(project)[0] == 0
    record = project / RECORD
    before = record.stat()
    # As cp -p or rsync -a deliver an edit: same size, the old modification time.
    record.write_text(record.read_text().replace("severity: SEV1", "severity: SEV2"))
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert record.stat().st_size == before.st_size
    code, out, _ = _list(project)
    assert code == 0
    row = next(r for r in json.loads(out) if r["id"] == "0015-hotfix-auth-token")
    assert row["severity"] == "SEV2"


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


def test_a_first_listing_reads_records_as_validate_does(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Rows not in the list cache are loaded together, like a whole-project load: files
    unchanged since ``validate`` come from the parse cache instead of being parsed again."""
    # Outside the project (here tmp_path): a parse cache inside it is not used.
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path_factory.mktemp("parse-cache")))
    monkeypatch.setattr(loading, "PARSE_CACHE_MIN_FILES", 3)
    load_checked(project)  # what `playbook validate` leaves in the parse cache
    parsed = parses(monkeypatch)
    code, out, _ = _list(project)
    assert code == 0 and len(json.loads(out)) == 8
    assert parsed == []
    # The same rows as a listing that parses every file.
    monkeypatch.delenv("PLAYBOOK_CACHE_DIR")
    monkeypatch.setenv("CI", "1")
    (project / CACHE_DIR / CACHE_FILE).unlink()
    assert _list(project)[1] == out
    assert len(parsed) == 8


def test_a_linked_record_is_listed_where_the_link_leads(project: Path) -> None:
    archive = project / "playbooks/archive"
    archive.mkdir()
    (project / RECORD).rename(archive / "0015-hotfix-auth-token.yaml")
    (project / RECORD).symlink_to("../archive/0015-hotfix-auth-token.yaml")
    first = _list(project)
    rows = {row["id"]: row for row in json.loads(first[1])}
    assert rows["0015-hotfix-auth-token"]["path"] == (
        "playbooks/archive/0015-hotfix-auth-token.yaml"
    )
    assert rows["0016-orders-db-failover"]["path"] == (
        "playbooks/incidents/0016-orders-db-failover.yaml"
    )
    assert _list(project) == first  # from the cache


def test_a_linked_cache_folder_is_never_written_through(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A committed ``.playbook-cache`` link (a .gitignore pattern ending in "/" does not match a
    link) made ``list`` and ``actions`` write, and replace, files wherever it pointed."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "checked.json").write_text("theirs")
    (project / CACHE_DIR).symlink_to(elsewhere, target_is_directory=True)
    runs = [
        CliRunner().invoke(cli, [*args, "--project", str(project)])
        for args in (["list"], ["actions", "--today", "2025-01-10"])
    ]
    assert [(r.exit_code, r.stderr) for r in runs] == [(0, ""), (0, "")]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["checked.json"]
    assert (elsewhere / "checked.json").read_text() == "theirs"
    assert (project / CACHE_DIR).is_symlink()
    # The same answers as with a cache of its own.
    (project / CACHE_DIR).unlink()
    again = [
        CliRunner().invoke(cli, [*args, "--project", str(project)])
        for args in (["list"], ["actions", "--today", "2025-01-10"])
    ]
    assert [r.stdout for r in again] == [r.stdout for r in runs]
    assert (project / CACHE_DIR / CACHE_FILE).is_file()


def test_a_cache_file_linked_elsewhere_is_not_read(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = _list(project)
    cache = project / CACHE_DIR / CACHE_FILE
    data = json.loads(cache.read_text())
    data["files"]["0015-hotfix-auth-token.yaml"]["row"]["title"] = "planted"
    outside = tmp_path_factory.mktemp("outside") / "rows.json"
    outside.write_text(json.dumps(data))
    cache.unlink()
    cache.symlink_to(outside)
    assert _list(project) == first
    assert json.loads(outside.read_text()) == data
    assert not cache.is_symlink()  # replaced by a cache of its own


@pytest.mark.parametrize("damage", ["nested", "row", "duration", "nan", "stamp"])
def test_a_damaged_list_cache_is_no_cache(project: Path, damage: str) -> None:
    first = _list(project)
    assert first[0] == 0
    cache = project / CACHE_DIR / CACHE_FILE
    data = json.loads(cache.read_text())
    hit = data["files"]["0015-hotfix-auth-token.yaml"]
    if damage == "nested":
        cache.write_text("[" * 200_000 + "]" * 200_000)
    else:
        if damage == "row":
            hit["row"] = "junk"
        elif damage == "duration":
            hit["row"]["duration"] = None
        elif damage == "nan":
            hit["row"]["number"] = float("nan")
        else:
            hit["stamp"] = "junk"
        cache.write_text(json.dumps(data))
    assert _list(project) == first
    table = CliRunner().invoke(cli, ["list", "--project", str(project)])
    assert table.exit_code == 0 and "0015-hotfix-auth-token" in table.stdout
