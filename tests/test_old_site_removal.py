"""A rebuild swaps the new site in and leaves deleting the old one to a process of its own:
the command returns as soon as the new site is in place, and the old files still go."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.commands import _output

from .sitebuild import make_project, run_build


def _beside(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site-"))


def _gone(site: Path, seconds: float = 30) -> list[str]:
    """What is left beside ``site`` once the background removal had its time."""
    deadline = time.monotonic() + seconds
    while _beside(site) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _beside(site)


def test_the_replaced_site_and_stale_ones_are_deleted_after_the_command(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "project")
    out = tmp_path / "out"
    out.mkdir()
    site = out / "site"
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    # Left by a run stopped while it deleted: a folder of an earlier site.
    stale = out / ".site-old-killed" / "site"
    stale.mkdir(parents=True)
    (stale / "index.html").write_text("old", encoding="utf-8")
    # Not ours to follow: a link of that name to a folder elsewhere.
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious.txt").write_text("mine", encoding="utf-8")
    (out / ".site-old-link").symlink_to(keep, target_is_directory=True)

    result = run_build(root, "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    assert (site / "index.html").is_file()
    assert _gone(site) == [".site-old-link"]
    assert (keep / "precious.txt").read_text(encoding="utf-8") == "mine"


def test_without_a_program_to_delete_with_the_build_deletes_it_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "out" / "site"
    monkeypatch.setattr(_output, "RM", str(tmp_path / "no-such-program"))
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    assert _beside(site) == []  # a first build replaces nothing
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    assert _beside(site) == []  # at once: no process could be started
    assert (site / "index.html").is_file()
