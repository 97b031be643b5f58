"""Render page bodies ahead of the site engine, in a second process.

MkDocs builds pages one after another on one core; rendering a page body (templates,
pictures, highlighted commands) is about as much work again. A forked worker renders the
bodies in the order the engine will ask for them and leaves each in a file; the engine's
process takes a body from there when it is ready and renders it itself when it is not, so
the output is the same either way — only the wall time changes.

The worker also skips the pages the engine has already reached, so when it falls behind
(a busy machine) it catches up instead of rendering pages twice.

Use::

    ahead = Prerenderer(pages)
    ahead.start()
    ...
    body = ahead.take(page.path) or page.body()
    ...
    ahead.close()
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .core import Body, Page, TocEntry

#: Below this many pages the fork costs more than it saves.
MIN_PAGES = 100


def worth_it(count: int) -> bool:
    """A second process helps on a machine with a second core and a site big enough."""
    return count >= MIN_PAGES and (os.cpu_count() or 1) > 1 and hasattr(os, "fork")


def _toc_json(entries: tuple[TocEntry, ...]) -> list[Any]:
    return [[e.level, e.id, e.title, _toc_json(e.children)] for e in entries]


def _toc_from(data: list[Any]) -> tuple[TocEntry, ...]:
    return tuple(TocEntry(level, id_, title, _toc_from(kids)) for level, id_, title, kids in data)


class Prerenderer:
    """Bodies of ``pages`` rendered by a forked worker, in the order given."""

    def __init__(self, pages: Sequence[Page]) -> None:
        self._pages = list(pages)
        self._index = {page.path: i for i, page in enumerate(self._pages)}
        self._folder = Path(tempfile.mkdtemp(prefix="playbook-pages-"))
        self._worker: Any = None
        context = multiprocessing.get_context("fork")
        #: Index of the page the engine asked for last (shared with the worker).
        self._reached: Any = context.Value("i", -1, lock=False)
        self._context = context

    def start(self) -> None:
        self._worker = self._context.Process(target=self._work, daemon=True)
        self._worker.start()

    def _work(self) -> None:
        for i, page in enumerate(self._pages):
            if i <= self._reached.value:
                continue  # the engine got there first and rendered it itself
            try:
                body = page.body()
                data = {"html": body.html, "toc": _toc_json(body.toc)}
            except Exception:  # the engine's process renders it and reports the error
                continue
            target = self._folder / f"{i}.json"
            partial = target.with_suffix(".part")
            partial.write_text(json.dumps(data), encoding="utf-8")
            os.replace(partial, target)  # whole or absent: never half a page

    def take(self, path: str) -> Body | None:
        """The finished body of ``path`` if the worker has it ready, else None."""
        index = self._index.get(path)
        if index is None:
            return None
        self._reached.value = max(self._reached.value, index)
        target = self._folder / f"{index}.json"
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        target.unlink()
        return Body(data["html"], _toc_from(data["toc"]))

    def wait(self, timeout: float | None = None) -> None:
        """Until the worker has rendered every page it will (tests; a build never waits)."""
        if self._worker is not None:
            self._worker.join(timeout)

    def close(self) -> None:
        if self._worker is not None:
            if self._worker.is_alive():
                self._worker.terminate()
            self._worker.join()
            self._worker = None
        shutil.rmtree(self._folder, ignore_errors=True)
