"""Incident pages drawn from one rendered page shell per folder.

Every incident page of a site is the same theme page around different parts: its title,
its address, its table of contents, its tags and its body. Material renders the whole
page for each of them — several milliseconds of template work per page, thousands of
times. Here the theme is rendered once per folder with a marker in place of each part (the
shell), and each incident page is the shell with its own parts put in; the table of
contents and the tags are still rendered by the theme's own partials, for that page.

The shell checks itself: the first two pages of each folder are rendered in full as well,
and if the shell filled with their parts is not exactly the page the theme renders, that
folder is never drawn from a shell again. Only pages the playbook plugin generates and
keeps out of the navigation are drawn this way, and only when no plugin but ours and
Material's tags plugin adds to the pages' template context.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2

from .mkdocs_partials import BELOW, PartialCache

_MARK = "\ue000pb{}\ue001"
#: The body holds a heading of its own: the theme then draws none (its "<h1" test).
_CONTENT = _MARK.format("content<h1")
_TITLE = _MARK.format("title")
_CANONICAL = _MARK.format("canonical")
_SKIP = "#" + _MARK.format("skip")
_TOC = _MARK.format("toc")
_TAGS = _MARK.format("tags")
#: Splits a rendered shell into text and markers (markers at the odd places).
_MARKS = re.compile("(#?\ue000pb[^\ue001]*\ue001)")
_PRIVATE = "\ue000"

#: How many pages of a folder are rendered in full to check the shell.
CHECKS = 2

_TOC_ALONE = '{% import "partials/language.html" as lang with context %}'
# The same partials/toc.html a full page includes (ours, or the site's own override), so a
# page's table of contents reads alike drawn either way.
_TOC_ALONE += '{% set features = config.theme.features or [] %}{% include "partials/toc.html" %}'
_TAGS_ALONE = '{% include "' + BELOW + '/partials/tags.html" %}'


class _Entry:
    """The one table-of-contents entry of the shell: the skip link points at it."""

    url = _SKIP
    level = 2
    title = ""
    children: tuple[Any, ...] = ()


class _Stand:
    """A page with markers in place of its own parts, everything else its own."""

    def __init__(self, page: Any) -> None:
        self._page = page
        self.meta = {**page.meta, "title": _TITLE}
        self.title = _TITLE
        # A site without `site_url` has no canonical address (and draws no link for it).
        self.canonical_url = _CANONICAL if page.canonical_url else page.canonical_url
        self.content = _CONTENT
        self.toc = [_Entry()]
        self.pb_slot_toc = _TOC
        self.pb_slot_tags = _TAGS

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


class ShellTemplate(jinja2.Template):
    """Stands in for the theme's page template on incident pages (MkDocs renders
    ``page.meta["template"]`` when it is a template object)."""

    # Set by :func:`shell_template` (a Template is made by its environment, not __init__).
    _theme: jinja2.Template
    _toc: jinja2.Template
    _tags: jinja2.Template
    _folders: PartialCache
    _shells: dict[str, list[str]]
    _checked: dict[str, int]
    _refused: set[str]
    _tocs: dict[tuple[Any, ...], str]
    _tag_lists: dict[tuple[Any, ...], str]

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        page = context["page"]
        key = self._key(page)
        parts = self._parts(page, context, key) if key is not None else None
        if key is None or parts is None:
            return self._theme.render(context)
        shell = self._shells.get(key)
        if shell is None:
            stand = dict(context, page=_Stand(page))
            shell = self._shells[key] = _MARKS.split(self._theme.render(stand))
        if self._checked.get(key, 0) < CHECKS:
            full = self._theme.render(context)
            if _fill(shell, parts) != full:
                self._refused.add(key)
                del self._shells[key]
            else:
                self._checked[key] = self._checked.get(key, 0) + 1
            return full
        return _fill(shell, parts)

    def _key(self, page: Any) -> str | None:
        folder = self._folders.key(page, "shell")
        if folder is None:
            return None
        hide = ",".join(page.meta.get("hide") or ())
        key = f"{folder}|{hide}|{bool(page.canonical_url)}"
        return None if key in self._refused else key

    def _parts(self, page: Any, context: dict[str, Any], key: str) -> dict[str, str] | None:
        """This page's own parts, or None when the page is not one the shell can draw."""
        toc = list(page.toc or [])
        content = page.content or ""
        title = page.meta.get("title")
        if not toc or "<h1" not in content or not isinstance(title, str):
            return None
        # The table of contents and tags of most incident pages are alike (the same
        # sections, the same few tags): each distinct one is rendered once per shell.
        toc_key = (key, _toc_key(toc))
        tags_key = (key, _tags_key(context.get("tags")))
        toc_html = self._tocs.get(toc_key)
        if toc_html is None:
            toc_html = self._tocs[toc_key] = self._toc.render(context)
        tags_html = self._tag_lists.get(tags_key)
        if tags_html is None:
            tags_html = self._tag_lists[tags_key] = self._tags.render(context)
        parts = {
            _TITLE: title,
            _CANONICAL: str(page.canonical_url or ""),
            _SKIP: str(toc[0].url),
            _TOC: toc_html,
            _TAGS: tags_html,
            _CONTENT: content,
        }
        if any(_PRIVATE in text for text in parts.values()):
            return None  # a marker character in the page itself: render it whole
        return parts


def _toc_key(toc: list[Any]) -> tuple[Any, ...]:
    """What the theme's table of contents shows of ``toc``: under a page title (level 1),
    its sections; each entry's level, link and text."""
    first = toc[0]
    shown = first.children if first.level == 1 else toc
    return (first.level == 1, _entries(shown))


def _entries(items: Any) -> tuple[Any, ...]:
    return tuple((e.level, str(e.url), str(e.title), _entries(e.children)) for e in items)


def _tags_key(tags: Any) -> tuple[Any, ...]:
    """What the theme's tag list shows of each tag: its name, link and whether it is hidden."""
    return tuple(
        (str(getattr(t, "name", t)), str(getattr(t, "url", "")), bool(getattr(t, "hidden", 0)))
        for t in tags or ()
    )


def _fill(shell: list[str], parts: dict[str, str]) -> str:
    return "".join(parts.get(piece, piece) if i % 2 else piece for i, piece in enumerate(shell))


#: The theme templates a shell is drawn with: Material's (another theme draws whole pages).
NEEDED = (
    "main.html",
    "partials/language.html",
    f"{BELOW}/partials/toc.html",
    f"{BELOW}/partials/tags.html",
)


def shell_template(env: jinja2.Environment, folders: PartialCache) -> ShellTemplate | None:
    """A page template that draws incident pages from shells (see the module's text), or
    None when the theme lacks the templates a shell needs (a theme other than Material)."""
    for name in NEEDED:
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            return None
    template = env.from_string("")
    template.__class__ = ShellTemplate
    shell: ShellTemplate = template  # type: ignore[assignment]
    shell._theme = env.get_template("main.html")
    shell._toc = env.from_string(_TOC_ALONE)
    shell._tags = env.from_string(_TAGS_ALONE)
    shell._folders = folders
    shell._shells = {}
    shell._checked = {}
    shell._refused = set()
    shell._tocs = {}
    shell._tag_lists = {}
    return shell
