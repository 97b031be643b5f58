"""Write the site's pages from two processes.

MkDocs writes pages one after another on one core: for each page it builds the template
context, runs the plugins' page events, renders the theme and writes the file. Once every
page has been read (the ``env`` event, just before the first page is written) nothing a page
needs changes any more, so a forked copy of the build can write half of the pages while the
build's own process writes the other half — the same function on the same objects, so the
pages are the same bytes either way; only the wall time changes.

The parent leaves the worker's pages alone by giving each of them an empty template (MkDocs
writes no file for an empty page, and the note it logs about that is filtered out here). The
worker is a :class:`~generator.forked.Forked` copy: its log records are replayed by the
parent, so warnings count for ``--strict`` and appear once, and its error fails the build.

Only used when it is safe: a build (not the preview), a machine with a second core, a site
big enough to pay for the fork, and no plugin but ours and Material's tags plugin acting on
pages as they are written — a plugin that gathers state there (a search index, a list of
external assets) would miss the pages written by the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from .forked import Forked, ForkedError, available

#: Below this many pages the fork costs more than it saves.
MIN_PAGES = 100

#: Plugins known to keep no state from the page events they handle (``on_page_context``,
#: ``on_post_page``): ours, and Material's tags plugin (it only reads its mapping).
STATELESS = frozenset({"playbook", "tags", "material/tags"})

#: The page events a worker runs; a plugin that handles one of them must be stateless.
PAGE_EVENTS = ("on_page_context", "on_post_page")

#: The note MkDocs logs for a page whose template rendered nothing.
_SKIPPED = "Page skipped: '{}'. Generated empty output."


def usable(config: Any, page_count: int) -> bool:
    """Can this build write pages from two processes without changing what it writes?"""
    return page_count >= MIN_PAGES and available() and page_events_safe(config)


def page_events_safe(config: Any) -> bool:
    """Does no plugin but ours and Material's tags plugin act on pages as they are written?"""
    for name, plugin in config.plugins.items():
        if name in STATELESS:
            continue
        for event in PAGE_EVENTS:
            # MkDocs calls a plugin's page event only when the plugin defines it.
            if callable(getattr(plugin, event, None)):
                return False
    return True


def _page_builder() -> Any:
    """MkDocs' own page writer, or None where this version of MkDocs has none by that name
    (then every page is written by the build's process, as without the split)."""
    try:
        from mkdocs.commands.build import _build_page
    except ImportError:  # pragma: no cover - MkDocs 1.6 has it
        return None
    return _build_page


class _DropSkipNotes(logging.Filter):
    def __init__(self, uris: set[str]) -> None:
        super().__init__()
        self._notes = {_SKIPPED.format(uri) for uri in uris}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self._notes


class SplitWriter:
    """A forked worker that writes ``pages`` while the build's process writes the rest."""

    def __init__(
        self,
        pages: Sequence[Any],
        first: Sequence[Any] = (),
        done: Callable[[], None] | None = None,
    ) -> None:
        self._pages = list(pages)
        #: Run by the worker once its pages are written (the search index's last part).
        self._done = done
        #: Pages the build's process writes before forking (see :meth:`start`).
        self._first = list(first)
        self.uris = {page.file.src_uri for page in [*self._pages, *self._first]}
        self._job: Forked | None = None
        self._filter = _DropSkipNotes(self.uris)

    @staticmethod
    def share(pages: Sequence[Any]) -> list[Any]:
        """The worker's half: every second page, so both halves hold alike pages."""
        return list(pages[1::2])

    def start(self, config: Any, doc_files: Sequence[Any], nav: Any, env: Any) -> bool:
        """Fork the worker; False (and nothing started) where it cannot run."""
        build_page = _page_builder()
        if build_page is None:
            return False

        def work() -> int:
            for page in self._pages:
                build_page(page, config, doc_files, nav, env)
            if self._done is not None:
                self._done()
            return len(self._pages)

        # Templates compile when first rendered: writing these pages first (one of each
        # kind) compiles them here, once, and the worker inherits them compiled.
        for page in self._first:
            build_page(page, config, doc_files, nav, env)
        job = Forked(work)
        if not job.start():
            return False  # every page, these included, is written by the build's loop
        self._job = job
        empty = env.from_string("")
        for page in [*self._pages, *self._first]:
            # MkDocs renders `page.meta["template"]` when set; an empty one writes no file.
            page.meta["template"] = empty
        logging.getLogger("mkdocs.commands.build").addFilter(self._filter)
        return True

    def finish(self) -> str | None:
        """Wait for the worker (its log records are replayed here); its error, if it failed."""
        job, self._job = self._job, None
        if job is None:
            return None
        try:
            job.wait()
        except ForkedError as exc:
            return str(exc)
        finally:
            self._release()
        return None

    def stop(self) -> None:
        """End the worker without waiting for its pages (the build failed)."""
        if self._job is not None:
            self._job.stop()
            self._job = None
        self._release()

    def _release(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(self._filter)
        for page in [*self._pages, *self._first]:  # they render as any page again (preview)
            page.meta.pop("template", None)
