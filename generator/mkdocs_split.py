"""Write the site's pages from two processes.

MkDocs writes pages one after another on one core: for each page it builds the template
context, runs the plugins' page events, renders the theme and writes the file. Once every
page has been read (the ``env`` event, just before the first page is written) nothing a page
needs changes any more, so a forked copy of the build can write pages while the build's own
process writes the others — the same function on the same objects, so the pages are the
same bytes either way; only the wall time changes.

Who writes which page is settled as they go, page by page (:class:`_Tickets`): the build's
process also copies the theme's files and writes the sitemap, and the machine's other
programs (pagefind, the exports) take turns on both cores, so a fixed half each left one
process idle while the other still had a second of pages to write. The worker takes the
next page not yet taken; the build's process, walking MkDocs' own loop in the same order,
writes a page when it takes it first and leaves it to the worker otherwise.

Every page either process may write gets an empty template in the build's process (MkDocs
writes no file for an empty page, and the note it logs about that is filtered out here);
a page the build's process takes is rendered with its own template at ``on_post_page``
(:meth:`SplitWriter.render`). The worker is a :class:`~generator.forked.Forked` copy: its
log records are replayed by the parent, so warnings count for ``--strict`` and appear once,
and its error fails the build.

Only used when it is safe: a build (not the preview), a machine with a second core, a site
big enough to pay for the fork, and no plugin but ours and Material's tags plugin acting on
pages as they are written — a plugin that gathers state there (a search index, a list of
external assets) would miss the pages written by the worker.
"""

from __future__ import annotations

import fcntl
import logging
import os
import struct
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


#: A page's number as a ticket: four bytes, so that a pipe of 64 KiB holds 16,384 of them.
_TICKET = struct.Struct("<I")


class _Tickets:
    """Page numbers 0…n-1 in a pipe, taken in order by two processes.

    Every number is written before the fork; each process reads one number at a time, and
    a pipe hands each read to one reader only, whole, so every page is taken exactly once
    and in order. The build's process asks, page after page, whether it takes page ``i``:
    it reads a ticket when it holds none, and a ticket past ``i`` means the worker took the
    pages before it.
    """

    def __init__(self, count: int) -> None:
        self._read, write = os.pipe()
        self._held: int | None = None
        try:
            data = b"".join(_TICKET.pack(n) for n in range(count))
            if len(data) > 1 << 16:
                # Room for more than the usual 64 KiB (Linux only).
                fcntl.fcntl(write, getattr(fcntl, "F_SETPIPE_SZ", 1031), len(data))
            # Nobody reads yet: a pipe smaller than the tickets (another system, a user over
            # the kernel's pipe quota) must refuse them, not hang the build.
            os.set_blocking(write, False)
            if os.write(write, data) != len(data):
                raise OSError("the pipe cannot hold a ticket for every page")
        except OSError:
            os.close(self._read)
            raise
        finally:
            os.close(write)  # the pipe ends once both processes have read everything

    def next(self) -> int | None:
        """The next page nobody has taken; None when all are taken."""
        data = os.read(self._read, _TICKET.size)
        return _TICKET.unpack(data)[0] if len(data) == _TICKET.size else None

    def takes(self, number: int) -> bool:
        """Does this process take page ``number`` (asked in increasing order)?"""
        if self._held is None:
            self._held = self.next()
        if self._held is None or self._held > number:
            return False  # the worker took it
        self._held = None
        return True

    def close(self) -> None:
        if self._read >= 0:
            os.close(self._read)
            self._read = -1


class SplitWriter:
    """A forked worker that writes pages while the build's process writes the others."""

    def __init__(
        self,
        pages: Sequence[Any],
        first: Sequence[Any] = (),
        done: Callable[[], None] | None = None,
    ) -> None:
        #: The pages either process may write, in MkDocs' order.
        self._pages = list(pages)
        self._number = {page.file.src_uri: n for n, page in enumerate(self._pages)}
        #: Run by the worker once its pages are written (the search index's last part).
        self._done = done
        #: Pages the build's process writes before forking (see :meth:`start`).
        self._first = list(first)
        self.uris = {page.file.src_uri for page in [*self._pages, *self._first]}
        self._job: Forked | None = None
        self._tickets: _Tickets | None = None
        self._filter = _DropSkipNotes(self.uris)
        #: The template each page renders with (set aside while it is an empty one).
        self._templates: dict[str, Any] = {}
        self._env: Any = None
        #: How many pages the worker wrote (known once it is done).
        self.worker_pages = 0

    def start(self, config: Any, doc_files: Sequence[Any], nav: Any, env: Any) -> bool:
        """Fork the worker; False (and nothing started) where it cannot run."""
        build_page = _page_builder()
        if build_page is None:
            return False
        try:
            tickets = _Tickets(len(self._pages))
        except OSError:
            return False
        pages = self._pages

        def work() -> int:
            written = 0
            while (number := tickets.next()) is not None:
                build_page(pages[number], config, doc_files, nav, env)
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
            tickets.close()
            return False  # every page, these included, is written by the build's loop
        self._job, self._tickets, self._env = job, tickets, env
        empty = env.from_string("")
        for page in [*self._pages, *self._first]:
            # MkDocs renders `page.meta["template"]` when set; an empty one writes no file.
            self._templates[page.file.src_uri] = page.meta.get("template", "main.html")
            page.meta["template"] = empty
        logging.getLogger("mkdocs.commands.build").addFilter(self._filter)
        return True

    def takes(self, uri: str) -> bool:
        """Does the build's process write this page of the split (in MkDocs' loop, which
        asks in page order)? False for the worker's pages and those written before it."""
        number = self._number.get(uri)
        return number is not None and self._tickets is not None and self._tickets.takes(number)

    def render(self, uri: str, context: Any) -> str:
        """The page the build's process took, rendered with its own template."""
        return str(self._env.get_template(self._templates[uri]).render(context))

    def finish(self) -> str | None:
        """Wait for the worker (its log records are replayed here); its error, if it failed."""
        job, self._job = self._job, None
        if job is None:
            return None
        try:
            self.worker_pages = int(job.wait() or 0)
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
        if self._tickets is not None:
            self._tickets.close()
            self._tickets = None
        for page in [*self._pages, *self._first]:  # they render as any page again (preview)
            template = self._templates.pop(page.file.src_uri, None)
            if template is None or template == "main.html":
                page.meta.pop("template", None)
            else:
                page.meta["template"] = template
