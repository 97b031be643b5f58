"""Files a user meant to be read but that never are get a word, never silence."""

from __future__ import annotations

import shutil
from pathlib import Path

from .authoring import SEED, run, small_project


def test_records_filed_in_subfolders_or_without_extension_are_named(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    incidents = root / "playbooks/incidents"
    (incidents / "2024").mkdir()
    shutil.copy(root / SEED, incidents / "2024/0024-login.yaml")
    shutil.copy(root / SEED, incidents / "0025-login")
    (incidents / "README.md").write_text("Records go here.\n")  # not a record: no word
    (incidents / "drafts").mkdir()  # nothing YAML in it: no word
    code, out = run(root, "validate")
    assert (code, out) == (
        0,
        "playbooks/incidents/0025-login:1:1: warning: is not read: a record's file name ends "
        "in .yaml (file-ignored)\n"
        "playbooks/incidents/2024:1:1: warning: is a folder holding YAML files, which are not "
        "read: records and playbooks live directly in this folder, not in subfolders "
        "(file-ignored)\n"
        "0 error(s), 2 warning(s) in 2 file(s)\n",
    )


def test_validate_refuses_a_named_file_it_would_not_read(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    for name in ("notes.txt", "0020-x.YAML", "0020-x.yaml.orig"):
        path = tmp_path / name
        path.write_text("number: [\n")
        code, out = run(root, "validate", str(path))
        assert (code, out) == (
            2,
            f"Error: {path} is not a .yaml or .yml file (in lower case): playbook reads no "
            "other; nothing was checked\n",
        ), name


def test_a_utf16_record_is_named_as_such(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    record = root / "playbooks/incidents/0030-saved-as-unicode.yaml"
    record.write_bytes((root / SEED).read_text().encode("utf-16"))
    code, out = run(root, "validate")
    assert code == 1
    assert out.startswith(
        "playbooks/incidents/0030-saved-as-unicode.yaml:1:1: error: file is not valid UTF-8 "
        "(byte 0xff); it is UTF-16: save it as UTF-8 (file-encoding)\n"
    ), out
