"""Edits of one record, and new records, take turns: never two at once, and a lock left by a
command that died (or ran out of disk) never blocks the next one."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.authoring import filelock
from generator.authoring.filelock import locked

from .authoring import run, small_project

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"
LOCK = "playbooks/incidents/.0015-hotfix-auth-token.yaml.lock"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


@contextmanager
def held_elsewhere(target: Path) -> Iterator[None]:
    """The lock of ``target`` held by another thread (another command) for the block."""
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with locked(target):
            taken.set()
            done.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        done.set()
        thread.join(10)


def test_a_lock_file_left_behind_does_not_block_the_next_edit(root: Path) -> None:
    """A full disk let the lock file be created but not written; it stayed, and the next
    ``log`` waited 10 s and failed ("held by another playbook command") until it was 30 s old."""
    (root / LOCK).write_bytes(b"")
    (root / "playbooks/.incidents.lock").write_bytes(b"")  # new-incident's
    start = time.monotonic()
    code, out = run(root, "log", "15", "still on it", "--at", "2024-11-25T16:00:00Z")
    assert (code, out.endswith(": still on it\n")) == (0, True), out
    assert "still on it" in (root / RECORD).read_text(encoding="utf-8")
    code, out = run(root, "new-incident", "Checkout down", "--severity", "SEV2", "--no-input")
    assert code == 0, out
    assert time.monotonic() - start < 5
    assert not list(root.rglob(".*.lock"))


def test_a_held_lock_is_never_broken_however_old_it_looks(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locks older than 30 s were broken as stale, by whoever judged them so: an edit that
    took long (or a waiter that judged, then paused) let two editors hold the lock at once,
    and one edit was lost. A lock is held exactly while its command runs."""
    monkeypatch.setattr(filelock, "WAIT_AT_MOST", 0.5)
    before = (root / RECORD).read_bytes()
    with held_elsewhere(root / RECORD):
        an_hour_ago = time.time() - 3600
        os.utime(root / LOCK, (an_hour_ago, an_hour_ago))
        assert run(root, "log", "15", "second editor", "--at", "2024-11-25T16:00:00Z") == (
            1,
            f"Error: {root / LOCK} is held by another playbook command, still running after "
            "0.5s; try again when it is done\n",
        )
        assert (root / RECORD).read_bytes() == before
    code, out = run(root, "log", "15", "second editor", "--at", "2024-11-25T16:00:00Z")
    assert code == 0, out


def test_two_holders_never_overlap(tmp_path: Path) -> None:
    """Many waiters, a lock file removed and made again on every turn, and one left behind
    at the start: at no moment do two of them hold the lock."""
    target = tmp_path / "record.yaml"
    (tmp_path / ".record.yaml.lock").write_bytes(b"")
    inside: list[int] = []
    overlaps: list[int] = []
    turns: list[int] = []

    def work(me: int) -> None:
        for _ in range(25):
            with locked(target):
                inside.append(me)
                if len(inside) > 1:
                    overlaps.append(me)
                time.sleep(0.0005)
                inside.remove(me)
                turns.append(me)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert overlaps == []
    assert len(turns) == 8 * 25
    assert not (tmp_path / ".record.yaml.lock").exists()


@pytest.mark.parametrize("kind", ["link", "folder", "fifo"])
def test_a_lock_name_that_is_not_a_file_is_named(root: Path, kind: str) -> None:
    lock = root / LOCK
    if kind == "link":
        lock.symlink_to(root / "elsewhere")
        what = "a symbolic link"
    elif kind == "folder":
        lock.mkdir()
        what = "a folder"
    else:
        os.mkfifo(lock)
        what = "a named pipe (FIFO)"
    before = (root / RECORD).read_bytes()
    assert run(root, "log", "15", "x", "--at", "2024-11-25T16:00:00Z") == (
        1,
        f"Error: {lock} is {what}, not a lock file; remove it and try again\n",
    )
    assert (root / RECORD).read_bytes() == before
    assert not (root / "elsewhere").exists()
