"""Theme parts that are the same on many pages, rendered once.

Material draws the site's navigation sidebar on every page. On a page that is not in the
navigation (every incident page) nothing in it is marked as current, and its links depend
only on the folder the page sits in — so a thousand incident pages show one and the same
sidebar, which Material would render a thousand times (about a third of the theme's work
per page). The same holds for the header's search box and the theme's configuration,
style sheet, script and footer blocks. Our theme overrides (``partials/nav.html``, ``main.html``,
``partials/playbook-search.html``) ask :class:`PartialCache` for a copy and render the part
— the theme's own ``partials/nav.html`` is reached through the ``theme-below/`` prefix —
only when it has none for that folder.

The cache checks itself: the second page that would reuse a copy renders the sidebar
anyway, and if the two differ (a theme override that shows something of the page in its
navigation) that folder is never cached again. A site whose own ``custom_dir`` overrides
``partials/nav.html`` does not reach our override at all.
"""

from __future__ import annotations

import posixpath
from typing import Any

import jinja2

#: Prefix under which templates shadowed by ours stay reachable ("theme-below/partials/nav.html").
BELOW = "theme-below"

#: The name under which templates see the cache.
GLOBAL = "playbook_partials"


def dirs_below(dirs: list[str], ours: str) -> list[str]:
    """The theme folders that come after ``ours`` in the search path (all of them when
    ours is not there): where the theme's own templates and icons are."""
    return dirs[dirs.index(ours) + 1 :] if ours in dirs else dirs


def below_loader(dirs: list[str], ours: str) -> jinja2.BaseLoader:
    """A loader for the theme folders that come after ``ours`` in the search path."""
    return jinja2.PrefixLoader({BELOW: jinja2.FileSystemLoader(dirs_below(dirs, ours))})


class PartialCache:
    """Rendered copies of theme parts, one per part and folder, for pages outside the
    navigation."""

    def __init__(self, nav_urls: set[str]) -> None:
        self._nav_urls = nav_urls
        self._copies: dict[str, str] = {}
        #: Keys whose copy a second page has confirmed, and keys found to differ.
        self._checked: set[str] = set()
        self._refused: set[str] = set()
        #: Page address → folder part of its keys (asked several times per page).
        self._folders: dict[str, str | None] = {}

    def key(self, page: Any, part: str) -> str | None:
        """The key of the copy of ``part`` that ``page`` may show, or None when the page must
        render its own: a page in the navigation (it is marked current there), or a page
        with navigation entries below its own address (its links to them are not its
        folder's)."""
        url = getattr(page, "url", None)
        if url is None:
            return None
        folder = self._folders.get(url, "")
        if folder == "":
            folder = self._folders[url] = self._folder_of(url)
        if folder is None:
            return None
        key = f"{part}|{folder}"
        return None if key in self._refused else key

    def _folder_of(self, url: str) -> str | None:
        """The folder part of the key for a page at ``url`` (None: the page renders its own)."""
        if not url or url in self._nav_urls:
            return None
        if any(other.startswith(url) for other in self._nav_urls):
            return None
        return f"{posixpath.dirname(url.rstrip('/'))}|{url.endswith('/')}"

    def get(self, key: str | None) -> str | None:
        """The copy for ``key``, or None when the page must render the part (no copy yet,
        or this is the page that checks the copy)."""
        if key is None or key not in self._checked:
            return None
        return self._copies.get(key)

    def put(self, key: str | None, rendered: str) -> str:
        """``rendered`` (what the page shows), kept as the copy for ``key`` or compared
        with the copy the first page left."""
        if key is None or key in self._checked:
            return rendered
        copy = self._copies.get(key)
        if copy is None:
            self._copies[key] = rendered
        else:
            self._checked.add(key)
            if copy != rendered:
                self._refused.add(key)
                self._checked.discard(key)
                del self._copies[key]
        return rendered
