"""Write the site's pages from two processes.

MkDocs writes pages one after another on one core: for each page it builds the template
context, runs the plugins' page events, renders the theme and writes the file. Once every
page has been read (the ``env`` event, just before the first page is written) nothing a page
needs changes any more, so a forked copy of the build can write some of the pages while the
build's own process writes the others — the same function on the same objects, so the
pages are the same bytes either way; only the wall time changes.

Who writes which page is decided as they go (:class:`Claims`): the build's process takes
pages from the front of the list as MkDocs' loop reaches them, the worker from the back,
until they meet. Both finish together however the machine's load falls on them — a shared
CI runner or a busy laptop slows one process for a while, and a fixed half would leave
the other waiting.

In the build's process, each page of the split renders through a :class:`_Claimed` template:
the page's own template when the process took the page, nothing otherwise (MkDocs writes no
file for an empty page, and the note it logs about that is filtered out here). The worker is
a :class:`~generator.forked.Forked` copy: its log records are replayed by the parent, so
warnings count for ``--strict`` and appear once, and its error fails the build.

Only used when it is safe: a build (not the preview), a machine with a second core, a site
big enough to pay for the fork, and no plugin but ours and Material's tags plugin acting on
pages as they are written — a plugin that gathers state there (a search index, a list of
external assets) would miss the pages written by the worker.
"""

from __future__ import annotations

import logging
import os
import struct
import sys
import tempfile
from collections.abc import Callable, Sequence
from typing import Any

import jinja2

from .forked import Forked, ForkedError, available

if sys.platform != "win32":  # no fork there, so no split
    import fcntl

#: Below this many pages the fork costs more than it saves.
MIN_PAGES = 100

#: Plugins known to keep no state from the page events they handle (``on_page_context``,
#: ``on_post_page``): ours, and Material's tags plugin (it only reads its mapping).
STATELESS = frozenset({"playbook", "tags", "material/tags"})

#: The page events a worker runs; a plugin that handles one of them must be stateless.
PAGE_EVENTS = ("on_page_context", "on_post_page")

#: The note MkDocs logs for a page whose template rendered nothing.
_SKIPPED = "Page skipped: '{}'. Generated empty output."

#: The two counters of :class:`Claims`: the next page from the front, and the last page
#: taken from the back (the count of pages while none is).
_COUNTERS = struct.Struct("<qq")


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


class Claims:
    """Pages ``0 … count-1`` shared out between two processes as they go: one takes them from
    the front, the other from the back, each page exactly once, until they meet.

    The two counters are in a small file both processes hold open. A POSIX record lock
    (``lockf``: held by a process, not by the open file, so a forked copy does not share
    it) keeps each claim whole; no shared-memory device is needed (some containers have no
    ``/dev/shm``)."""

    def __init__(self, count: int) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the claims
        self._fd = self._file.fileno()
        os.pwrite(self._fd, _COUNTERS.pack(0, count), 0)

    def front(self, index: int) -> bool:
        """Does the front process write page ``index``? (False once the back took it.)"""
        fcntl.lockf(self._fd, fcntl.LOCK_EX)
        try:
            front, back = _COUNTERS.unpack(os.pread(self._fd, _COUNTERS.size, 0))
            if index >= back:
                return False
            os.pwrite(self._fd, _COUNTERS.pack(max(front, index + 1), back), 0)
            return True
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN)

    def back(self) -> int | None:
        """The next page for the back process to write; None once the front reached it."""
        fcntl.lockf(self._fd, fcntl.LOCK_EX)
        try:
            front, back = _COUNTERS.unpack(os.pread(self._fd, _COUNTERS.size, 0))
            if back <= front:
                return None
            taken: int = back - 1
            os.pwrite(self._fd, _COUNTERS.pack(front, taken), 0)
            return taken
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self._file.close()


class _Claimed(jinja2.Template):
    """The template of a split page in the build's process: the page's own template when
    this process took the page (:meth:`SplitWriter.mine`), nothing when the worker did.
    (MkDocs picks a page's template before the page events that claim it.)"""

    _writer: SplitWriter

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        template = self._writer.template_of(context["page"])
        return template.render(context) if template is not None else ""


class _DropSkipNotes(logging.Filter):
    def __init__(self, uris: set[str]) -> None:
        super().__init__()
        self._notes = {_SKIPPED.format(uri) for uri in uris}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self._notes


class SplitWriter:
    """A forked worker that writes ``pages`` from the back while the build's process
    writes them from the front (:class:`Claims`); ``first`` are written before the fork."""

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
        self._index = {page.file.src_uri: i for i, page in enumerate(self._pages)}
        self.uris = {*self._index, *(page.file.src_uri for page in self._first)}
        self._job: Forked | None = None
        self._claims: Claims | None = None
        self._env: jinja2.Environment | None = None
        #: Each split page's own template (``page.meta["template"]``, absent for the theme's).
        self._templates: dict[str, Any] = {}
        #: The split pages the build's process took.
        self._mine: set[str] = set()
        #: How many pages the worker wrote (known once it has finished).
        self.written = 0
        self._filter = _DropSkipNotes(self.uris)

    def start(self, config: Any, doc_files: Sequence[Any], nav: Any, env: Any) -> bool:
        """Fork the worker; False (and nothing started) where it cannot run."""
        build_page = _page_builder()
        if build_page is None:
            return False
        claims = Claims(len(self._pages))

        def work() -> int:
            written = 0
            while (index := claims.back()) is not None:
                build_page(self._pages[index], config, doc_files, nav, env)
                written += 1
            if self._done is not None:
                self._done()
            return written

        # Templates compile when first rendered: writing these pages first (one of each
        # kind) compiles them here, once, and the worker inherits them compiled.
        for page in self._first:
            build_page(page, config, doc_files, nav, env)
        job = Forked(work)
        if not job.start():
            claims.close()
            return False  # every page, these included, is written by the build's loop
        self._job, self._claims, self._env = job, claims, env
        empty = env.from_string("")
        claimed = env.from_string("")
        claimed.__class__ = _Claimed
        claimed._writer = self
        for page in self._first:
            # MkDocs renders `page.meta["template"]` when set; an empty one writes no file.
            self._templates[page.file.src_uri] = page.meta.get("template")
            page.meta["template"] = empty
        for page in self._pages:
            self._templates[page.file.src_uri] = page.meta.get("template")
            page.meta["template"] = claimed
        logging.getLogger("mkdocs.commands.build").addFilter(self._filter)
        return True

    def mine(self, page: Any) -> bool:
        """Does the build's process write ``page`` (a page of the split)? Asked once per
        page, as MkDocs' loop reaches it; the answer takes the page when it is free."""
        uri = page.file.src_uri
        index = self._index.get(uri)
        if index is None or self._claims is None or not self._claims.front(index):
            return False
        self._mine.add(uri)
        return True

    def template_of(self, page: Any) -> jinja2.Template | None:
        """The template the build's process renders ``page`` with; None for the worker's."""
        uri = page.file.src_uri
        if uri not in self._mine or self._env is None:
            return None
        own = self._templates.get(uri)
        return self._env.get_template(own if own is not None else "main.html")

    def finish(self) -> str | None:
        """Wait for the worker (its log records are replayed here); its error, if it failed."""
        job, self._job = self._job, None
        if job is None:
            return None
        try:
            self.written = int(job.wait())
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
            own = self._templates.get(page.file.src_uri)
            if own is None:
                page.meta.pop("template", None)
            else:
                page.meta["template"] = own
        if self._claims is not None:
            self._claims.close()
            self._claims = None
