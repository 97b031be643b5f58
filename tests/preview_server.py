"""A real ``playbook serve`` process over a copy of the shipped project, for the tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .conftest import ROOT


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def eventually(check: Callable[[], bool], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not check():
        assert time.monotonic() < deadline, "the preview never showed the change"
        time.sleep(0.1)


@contextmanager
def serving(project: Path) -> Iterator[str]:
    """Copy the shipped project into ``project``, serve it; yields the base URL."""
    shutil.copytree(ROOT / "playbooks", project / "playbooks")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "docs").mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        assert server.poll() is None, "playbook serve exited"
        try:
            return fetch(base)[0] == 200
        except OSError:
            return False

    try:
        eventually(up, limit=180)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Stopped like Ctrl-C: the temporary site folder went with it.
    assert server.returncode == 0
