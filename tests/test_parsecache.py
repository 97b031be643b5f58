"""Loading a large project reads unchanged records from the parse cache, and what it loads
is what parsing every file gives: same records, same problems, same positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import load_checked
from generator.cli import cli
from generator.load import parsecache
from generator.load import project as loading
from generator.load.yamlsource import resolve_plain
from generator.problems import Problem

from .authoring import SEED, small_project
from .parsecount import parses

#: Text fields given unquoted numbers: they must keep exactly what was written.
WRITTEN_AS_NUMBERS = "deployment:\n  version: 1.10\n  approvers: ['@alice']\n"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(loading, "PARSE_CACHE_MIN_FILES", 3)
    root = small_project(tmp_path / "project")
    seed = (root / SEED).read_text(encoding="utf-8")
    for number in (16, 17, 18):
        text = seed.replace("number: 15", f"number: {number}").replace(
            "slug: hotfix-auth-token", f"slug: copy-{number}"
        )
        (root / f"playbooks/incidents/{number:04d}-copy-{number}.yaml").write_text(
            text, encoding="utf-8"
        )
    return root


def snapshot(root: Path) -> tuple[list[object], list[Problem], list[object]]:
    project = load_checked(root)
    positions = [(r.path, r.source.values, r.source.keys) for r in project.records]
    return [r.incident for r in project.records], project.problems, positions


def test_second_load_parses_nothing_and_finds_the_same(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = snapshot(root)
    parsed = parses(monkeypatch)
    assert snapshot(root) == first
    assert parsed == []


def test_a_changed_record_is_parsed_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_checked(root)
    record = root / "playbooks/incidents/0017-copy-17.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace('\ntitle: "', '\ntitle: "Renamed '), encoding="utf-8")
    parsed = parses(monkeypatch)
    project = load_checked(root)
    assert parsed == ["0017-copy-17.yaml"]
    assert project.record(17) is not None
    assert project.record(17).incident.title.startswith("Renamed ")  # type: ignore[union-attr]


def test_numbers_written_in_text_fields_keep_their_text(root: Path) -> None:
    record = root / "playbooks/incidents/0016-copy-16.yaml"
    text = record.read_text(encoding="utf-8")
    head, _, rest = text.partition("\ndeployment:\n")
    tail = rest[rest.index("\n\n") :] if "\n\n" in rest else ""
    record.write_text(f"{head}\n{WRITTEN_AS_NUMBERS}{tail}", encoding="utf-8")
    for _ in range(2):  # parsed, then from the cache
        inc = load_checked(root).record(16)
        assert inc is not None and inc.incident.deployment is not None
        assert inc.incident.deployment.version == "1.10"


def test_problems_are_reported_on_every_load(root: Path) -> None:
    record = root / "playbooks/incidents/0018-copy-18.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\ntitle: ", "\ntitle: x\ntitle: "), encoding="utf-8")
    for _ in range(2):
        rules = {
            p.rule for p in load_checked(root).problems if p.path.endswith("0018-copy-18.yaml")
        }
        assert "yaml-duplicate-key" in rules


def test_a_damaged_cache_is_ignored_and_replaced(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = snapshot(root)
    (cache_file,) = (tmp_path / "cache").iterdir()
    cache_file.write_text('{"code": "', encoding="utf-8")
    assert snapshot(root) == first
    json.loads(cache_file.read_text(encoding="utf-8"))
    parsed = parses(monkeypatch)
    assert snapshot(root) == first
    assert parsed == []


def _validate(root: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate", "--project", str(root)])
    return result.exit_code, result.stdout, result.stderr


def test_a_cache_nested_too_deep_to_read_is_no_cache(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """json raised RecursionError, which no reader caught: every command ended in a traceback."""
    first = _validate(root)
    assert first[0] == 0 and first[2] == ""
    (cache_file,) = (tmp_path / "cache").iterdir()
    cache_file.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert _validate(root) == first
    assert json.loads(cache_file.read_text(encoding="utf-8"))["files"]  # written afresh
    parsed = parses(monkeypatch)
    assert _validate(root) == first
    assert parsed == []


def test_a_damaged_entry_is_parsed_again(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = snapshot(root)
    (cache_file,) = (tmp_path / "cache").iterdir()
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    text = (root / "playbooks/incidents/0017-copy-17.yaml").read_text(encoding="utf-8")
    damage = ["[" * 100_000 + "]" * 100_000, "[{}, [[1]]]", '[{}, [["a", 2]]]', "[]"]
    for entry in damage:
        stored["files"][parsecache.text_key(text)] = entry
        cache_file.write_text(json.dumps(stored), encoding="utf-8")
        parsed = parses(monkeypatch)
        assert snapshot(root) == first
        assert parsed == ["0017-copy-17.yaml"], entry


@pytest.mark.parametrize("rel", ["docs", "playbooks/incidents", "."])
def test_a_cache_folder_inside_the_project_is_not_used(
    root: Path, monkeypatch: pytest.MonkeyPatch, rel: str
) -> None:
    """Set to docs/, a build published the text of every record (parsed-*.json) at the
    site root; set to playbooks/incidents, it wrote into the sources."""
    folder = root / rel
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(folder))
    before = sorted(root.rglob("*"))
    for _ in range(2):
        code, out, err = _validate(root)
        assert code == 0 and out.startswith("ok: ")
        assert err == (
            f"note: cache folder {folder.resolve()} (from $PLAYBOOK_CACHE_DIR) is inside the "
            "project; not using it, every record is parsed\n"
        )
    assert sorted(root.rglob("*")) == before


def test_a_cache_folder_linked_into_the_project_is_not_used(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (root / "docs").mkdir()
    (tmp_path / "link").symlink_to(root / "docs")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "link"))
    assert _validate(root)[2].startswith(f"note: cache folder {root / 'docs'} ")
    assert list((root / "docs").iterdir()) == []


def test_the_cache_is_kept_outside_the_project(root: Path, tmp_path: Path) -> None:
    """It says what files hold: one committed with a repository must never be read."""
    load_checked(root)
    assert next(p.name for p in (tmp_path / "cache").iterdir()).startswith("parsed-")
    assert not [p for p in root.rglob("*") if "parsed" in p.name]


def test_small_projects_write_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    load_checked(small_project(tmp_path / "project"))
    assert not (tmp_path / "cache").exists()


def test_ci_runs_keep_no_cache_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLAYBOOK_CACHE_DIR", raising=False)
    monkeypatch.setenv("CI", "true")
    assert parsecache.cache_dir() is None
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    assert parsecache.cache_dir() == tmp_path / "cache"


def test_entries_read_back_as_written() -> None:
    """Numbers keep the text they were written as (a text field given 0015 keeps 0015)."""
    numbers = ["0015", "1.10", "0x1F", "-.inf"]
    data = {"a": [resolve_plain(numbers[0]), {"b": resolve_plain(numbers[1])}], "c": None}
    data.update(d=True, n=resolve_plain(numbers[2]), x=[resolve_plain(numbers[3]), "text"])
    stored = parsecache.encode(data)
    assert stored is not None
    back = parsecache.decode(stored)
    assert back == data
    found = [back["a"][0], back["a"][1]["b"], back["n"], back["x"][0]]
    assert [str(v) for v in found] == numbers
    assert [type(v).__name__ for v in found] == ["WrittenInt", "WrittenFloat"] * 2


def test_values_it_cannot_restore_are_not_kept() -> None:
    assert parsecache.encode({"f": 1.5}) is None
    assert parsecache.encode({"i": 3}) is None
