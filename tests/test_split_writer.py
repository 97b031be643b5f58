"""Pages written by two processes are the pages one process writes, and a second process
that fails or warns is heard: the build fails with its error, --strict counts its warnings."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator import forked, mkdocs_split
from tests.sitebuild import assert_same_site, make_project, run_build, site_files

EPOCH = "1780000000"


@pytest.fixture
def split_used(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split even the small shipped site; record how many pages the second process of each
    split wrote."""
    monkeypatch.setattr(mkdocs_split, "MIN_PAGES", 1)
    handed: list[int] = []
    finish = mkdocs_split.SplitWriter.finish

    def counting(self: mkdocs_split.SplitWriter) -> str | None:
        failed = finish(self)
        handed.append(self.worker_pages)
        return failed

    monkeypatch.setattr(mkdocs_split.SplitWriter, "finish", counting)
    return handed


def test_two_processes_write_the_same_site_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_used: list[int]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_project(tmp_path / "project")
    split = run_build(root, "--strict", "--site-dir", str(tmp_path / "split"))
    assert split.exit_code == 0, split.output
    assert split_used and split_used[0] > 3  # the second process wrote pages of its own

    monkeypatch.setattr(mkdocs_split, "MIN_PAGES", 10**9)
    single = run_build(root, "--strict", "--site-dir", str(tmp_path / "single"))
    assert single.exit_code == 0, single.output
    assert len(split_used) == 1  # the second build did not split

    assert_same_site(tmp_path / "single", tmp_path / "split")
    assert "Page skipped" not in split.output


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


def test_each_page_is_taken_by_one_process_in_order() -> None:
    # The worker takes the next page nobody has; the build's process, asking page by page,
    # gets a page only when it reaches it first.
    tickets = mkdocs_split._Tickets(6)
    assert tickets.next() == 0  # the worker
    assert tickets.next() == 1
    assert not tickets.takes(0) and not tickets.takes(1)  # taken: it holds ticket 2 now
    assert tickets.takes(2)
    assert tickets.next() == 3  # the worker again
    assert not tickets.takes(3)
    assert tickets.takes(4)
    assert tickets.takes(5)
    assert tickets.next() is None and not tickets.takes(6)
    tickets.close()


def test_tickets_for_more_pages_than_a_default_pipe_holds() -> None:
    tickets = mkdocs_split._Tickets(40_000)
    taken = [n for n in range(40_000) if tickets.takes(n)]
    assert taken == list(range(40_000))
    tickets.close()


def test_a_pipe_too_small_for_the_tickets_refuses_them_instead_of_hanging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As where the pipe cannot grow: the build then writes every page in one process.
    monkeypatch.setattr(mkdocs_split.fcntl, "fcntl", lambda *args: 0)
    with pytest.raises(OSError):
        mkdocs_split._Tickets(40_000)
    pages = [
        SimpleNamespace(file=SimpleNamespace(src_uri=f"p{n}.md"), meta={}) for n in range(40_000)
    ]
    split = mkdocs_split.SplitWriter(pages)
    assert not split.start(None, [], None, None)
