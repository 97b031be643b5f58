"""A build runs with fewer garbage collections and gives the process its collector back."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator import gcpolicy
from tests.sitebuild import make_project, run_build


def test_a_build_gives_back_the_collector_as_it_found_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int, int]] = []
    loaded = gcpolicy.BuildCollector.loaded

    def spying(self: gcpolicy.BuildCollector) -> None:
        seen.append(gc.get_threshold())
        loaded(self)

    monkeypatch.setattr(gcpolicy.BuildCollector, "loaded", spying)
    before = gc.get_threshold()
    root = make_project(tmp_path / "project")
    assert run_build(root, "--site-dir", str(tmp_path / "site")).exit_code == 0
    assert seen == [gcpolicy.BUILD_THRESHOLDS]  # raised while the project loaded
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0

    # A failed build gives it back too.
    (root / "playbooks" / "policy" / "severities.yaml").write_text("levels: [\n")
    assert run_build(root, "--site-dir", str(tmp_path / "site")).exit_code == 1
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
