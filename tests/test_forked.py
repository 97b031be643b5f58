"""A forked copy hands back its result, its log records and its error; folders kept for a
build are removed by the process that made them, never by a forked copy."""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

import pytest

from generator import forked
from generator.forked import Forked, ForkedError, remove_folder_at_exit

pytestmark = pytest.mark.skipif(not forked.available(), reason="needs fork and two cores")


def test_the_result_and_log_records_come_back(caplog: pytest.LogCaptureFixture) -> None:
    def work() -> int:
        logging.getLogger("mkdocs.plugins.playbook").warning("from the copy")
        return os.getpid()

    job = Forked(work)
    assert job.start()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        pid = job.wait()
    assert pid != os.getpid()
    assert [r.getMessage() for r in caplog.records] == ["from the copy"]


def test_an_error_in_the_copy_is_raised_here() -> None:
    def work() -> None:
        raise ValueError("bad page")

    job = Forked(work)
    assert job.start()
    with pytest.raises(ForkedError, match="ValueError: bad page"):
        job.wait()


def test_a_folder_is_removed_by_its_own_process_only(tmp_path: Path) -> None:
    class Owner:
        pass

    folder = tmp_path / "kept"
    folder.mkdir()
    owner = Owner()
    remove_folder_at_exit(owner, folder)

    def drop_in_copy() -> bool:
        nonlocal owner
        del owner
        gc.collect()
        return folder.exists()

    job = Forked(drop_in_copy)
    assert job.start()
    assert job.wait() is True  # the copy let go of the owner: the folder stays
    assert folder.exists()
    del owner
    gc.collect()
    assert not folder.exists()
