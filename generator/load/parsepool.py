"""Parse many record files over all cores, and, for a build, start that before it is asked.

Parsing is most of loading a large project and is CPU-bound Python, so a forked pool
spreads it over the cores; workers send back plain data (dicts, lists, text), which
crosses the process boundary far cheaper than validated models would.

A build spends its first half second importing MkDocs, the theme's plugins and the
models, on one core. :func:`prefetch` starts the parse of the incident files before those
imports, so the other cores parse while the build's process imports; the load then
:func:`take` s the documents instead of starting a pool of its own. Only the exact same
list of files is taken: anything else (a plugin configured for another project folder)
is parsed as before, and the early pool is stopped.

This module imports only the YAML reader: it must be cheap to import before the rest.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path
from typing import Any

from .yamlsource import Document, load_file

#: Below this many records a process pool costs more than it saves.
POOL_MIN_FILES = 400


def parse_all(files: list[Path], folder: str) -> list[Document]:
    """Each file's document, in order; ``folder`` is the files' folder as shown."""
    return [load_file(file, f"{folder}/{file.name}") for file in files]


class Parsing:
    """Files being parsed by a forked pool: iterate for their documents, in order."""

    def __init__(self, files: list[Path], folder: str, workers: int) -> None:
        # Imported here: the pool machinery costs a short command ~50 ms of start-up.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.files = files
        size = -(-len(files) // (workers * 4))
        parts = [files[i : i + size] for i in range(0, len(files), size)]
        self._pool: Any = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork")
        )
        # map() hands every part to the workers now; the results are read in order.
        self._results = self._pool.map(parse_all, parts, repeat(folder))

    def __iter__(self) -> Iterator[Document]:
        try:
            for docs in self._results:
                yield from docs
        finally:
            self.close()

    def close(self) -> None:
        """Stop the pool (its unfinished parts are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def start(files: list[Path], folder: str) -> Parsing | None:
    """Begin parsing ``files`` over all cores now; None where a pool does not pay (few
    files, one core)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < POOL_MIN_FILES or workers < 2:
        return None
    return Parsing(files, folder, workers)


_early: Parsing | None = None


def prefetch(folder: Path, shown: str) -> None:
    """Start parsing the YAML files of ``folder`` (shown as ``shown``) for :func:`take`."""
    global _early
    try:
        files = sorted(
            folder / entry.name
            for entry in os.scandir(folder)
            if entry.name.endswith((".yaml", ".yml")) and entry.is_file()
        )
    except OSError:
        return
    _early = start(files, shown)
    if _early is not None:
        atexit.register(_drop)


def take(files: list[Path]) -> Parsing | None:
    """The early parse of exactly ``files``, if one was started; else None (and an early
    parse of other files is stopped)."""
    global _early
    early, _early = _early, None
    if early is None:
        return None
    if early.files != files:
        early.close()
        return None
    return early


def _drop() -> None:
    global _early
    early, _early = _early, None
    if early is not None:
        early.close()
