"""Pages written by two processes are the pages one process writes, and a second process
that fails or warns is heard: the build fails with its error, --strict counts its warnings."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator import forked, mkdocs_split
from tests.sitebuild import assert_same_site, make_project, run_build, site_files

EPOCH = "1780000000"


@pytest.fixture
def split_used(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split even the small shipped site; record how many pages each split's worker wrote."""
    monkeypatch.setattr(mkdocs_split, "MIN_PAGES", 1)
    written: list[int] = []
    finish = mkdocs_split.SplitWriter.finish

    def counting(self: mkdocs_split.SplitWriter) -> str | None:
        failed = finish(self)
        written.append(self.written)
        return failed

    monkeypatch.setattr(mkdocs_split.SplitWriter, "finish", counting)
    return written


def test_two_processes_write_the_same_site_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_used: list[int]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_project(tmp_path / "project")
    split = run_build(root, "--strict", "--site-dir", str(tmp_path / "split"))
    assert split.exit_code == 0, split.output
    assert split_used and split_used[0] > 10  # the second process wrote pages of its own

    monkeypatch.setattr(mkdocs_split, "MIN_PAGES", 10**9)
    single = run_build(root, "--strict", "--site-dir", str(tmp_path / "single"))
    assert single.exit_code == 0, single.output
    assert len(split_used) == 1  # the second build did not split

    assert_same_site(tmp_path / "single", tmp_path / "split")
    assert "Page skipped" not in split.output


def _slowed(where: str) -> Any:
    """MkDocs' page writer, 0.2 s slower a page in the build's process (``"parent"``) or
    in the worker (``"worker"``): a machine whose load falls on one of them."""
    import mkdocs.commands.build

    real = mkdocs.commands.build._build_page
    here = os.getpid()

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        if (os.getpid() == here) == (where == "parent"):
            time.sleep(0.2)
        real(page, *args, **kwargs)

    return build_page


@pytest.mark.parametrize("slow", ["parent", "worker"])
def test_the_faster_process_writes_more_pages_and_the_site_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_used: list[int], slow: str
) -> None:
    import mkdocs.commands.build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_project(tmp_path / "project")
    single = run_build(root, "--strict", "--site-dir", str(tmp_path / "single"))
    assert single.exit_code == 0, single.output
    pages = len(list((tmp_path / "single").rglob("*.html")))

    # MkDocs' loop (the build's process) and the worker both call this module attribute.
    monkeypatch.setattr(mkdocs.commands.build, "_build_page", _slowed(slow))
    split = run_build(root, "--strict", "--site-dir", str(tmp_path / "split"))
    assert split.exit_code == 0, split.output
    worker = split_used[-1]
    if slow == "worker":
        assert 0 < worker <= pages // 5, (worker, pages)
    else:
        assert worker > pages * 3 // 4, (worker, pages)
    assert_same_site(tmp_path / "single", tmp_path / "split")
    assert "Page skipped" not in split.output


def test_claims_from_both_ends_take_every_page_once() -> None:
    count = 5000
    claims = mkdocs_split.Claims(count)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the back: claim until the front is reached, report what was taken
        os.close(read)
        taken = []
        while (index := claims.back()) is not None:
            taken.append(index)
        with os.fdopen(write, "w") as out:
            out.write(" ".join(map(str, taken)))
        os._exit(0)
    os.close(write)
    front = [i for i in range(count) if claims.front(i)]
    with os.fdopen(read) as stream:
        back = [int(i) for i in stream.read().split()]
    os.waitpid(pid, 0)
    claims.close()
    assert sorted(front + back) == list(range(count))  # each page once, none missed
    assert front == list(range(len(front)))  # the front took a run from the start
    assert back == list(range(count - 1, count - 1 - len(back), -1))


def _failing_in_worker(uri_part: str, *, warn: bool) -> Any:
    """MkDocs' page writer, with a failure (or a warning) on the worker's page ``uri_part``."""
    real = mkdocs_split._page_builder()
    here = os.getpid()

    def build_page(page: Any, *args: Any) -> None:
        # The build's own process uses this writer too, for the pages it writes before
        # forking: only the second process fails.
        if uri_part in page.file.src_uri and os.getpid() != here:
            if not warn:
                raise RuntimeError(f"cannot write {page.file.src_uri}")
            logging.getLogger("mkdocs.plugins.playbook").warning(
                f"{page.file.src_uri}: a warning from the second process"
            )
        real(page, *args)

    return lambda: build_page


def test_a_page_the_second_process_fails_on_fails_the_build_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_used: list[int]
) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    before = site_files(site)
    monkeypatch.setattr(
        mkdocs_split, "_page_builder", _failing_in_worker("incidents/0", warn=False)
    )
    result = run_build(root, "--site-dir", str(site))
    assert result.exit_code == 1, result.output
    assert "writing pages failed: RuntimeError: cannot write incidents/0" in result.output
    assert "Traceback" not in result.output
    assert site_files(site) == before  # the previous site is untouched


def test_warnings_of_the_second_process_are_shown_once_and_count_for_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_used: list[int]
) -> None:
    root = make_project(tmp_path / "project")
    monkeypatch.setattr(mkdocs_split, "_page_builder", _failing_in_worker("incidents/0", warn=True))
    result = run_build(root, "--strict", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "from the second process" in line]
    # Only the worker's pages go through the patched writer: each warning appears once.
    assert lines and len(lines) == len(set(lines))
    assert all(line.startswith("WARNING") for line in lines), lines
    assert "in strict mode" in result.output


def test_a_plugin_that_gathers_pages_as_they_are_written_keeps_one_process() -> None:
    from mkdocs.plugins import BasePlugin

    class Gathers(BasePlugin):  # type: ignore[type-arg]
        def on_post_page(self, output: str, /, **kwargs: Any) -> str:
            return output

    gathering = SimpleNamespace(plugins={"playbook": 1, "tags": 1, "gathers": Gathers()})
    assert not mkdocs_split.usable(gathering, 10_000)
    ours = SimpleNamespace(plugins={"playbook": 1, "material/tags": 1})
    assert mkdocs_split.usable(ours, 10_000) == (forked.cores() > 1)
    assert not mkdocs_split.usable(ours, mkdocs_split.MIN_PAGES - 1)
