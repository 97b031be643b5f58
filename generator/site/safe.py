"""Turn text from records and policy into page content that shows it and runs nothing.

Pages are HTML templates with autoescape on, so a short literal (a title, a table cell, a
checklist item) is escaped by Jinja and shows as typed. Two things need more:

* :func:`prose` — a Markdown field (symptoms, root cause, summary…). Rendered by
  markdown-it-py with raw HTML *disabled* (so ``<script>`` arrives as text), then cleaned by an
  allow-list sanitiser (nh3): only harmless tags survive and links keep only ``http``,
  ``https``, ``mailto`` or relative targets.
* :func:`href` — a URL from a record placed in a link: allowed schemes only.

Commands go through Pygments (:mod:`generator.site.outline`), which escapes them.

Record text is only ever *data* handed to templates; it is never compiled as a template, so
a ``{{ 7*7 }}`` in a record is printed as typed.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    import nh3
    from markdown_it import MarkdownIt

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h4", "h5", "h6", "hr", "i",
    "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto"}
# A scheme as a browser would read it after dropping the whitespace and control characters
# it ignores inside URLs (the trick behind `jav&#x09;ascript:`).
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def _url_allowed(url: str) -> bool:
    """Allow http(s), mailto and relative URLs; refuse anything that could be read as
    another scheme, including percent-encoded or whitespace-split spellings."""
    decoded = html.unescape(urllib.parse.unquote(url))
    squeezed = _IGNORED_IN_URL.sub("", decoded).lower()
    match = _SCHEME.match(squeezed)
    if match is None:
        # No scheme at all: relative. A colon before the first slash would be a scheme
        # to some parser, so refuse it rather than guess.
        head = squeezed.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        return ":" not in head
    return match.group(1) in _SCHEMES


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href" and not _url_allowed(value):
        return None
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    # Imported on first use, as is the Markdown parser: terminal views and scaffolds use
    # the Jinja environment but never render record prose.
    import nh3

    return nh3.Cleaner(
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Images are off: a record must not make the reader's browser fetch from another host.
    # CommonMark's preset stops at 20 levels of nesting (a list 10 deep) and drops what is
    # deeper without a word; a field is capped in size, so deeper costs nothing to allow.
    options = {"html": False, "linkify": False, "typographer": False, "maxNesting": 100}
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"]).disable("image")


def prose_html(text: str) -> str:
    """Markdown → sanitised HTML fragment (may span lines)."""
    return str(_cleaner().clean(_markdown().render(text)))


# One line of plain words and harmless punctuation, starting with a letter: no Markdown
# syntax can begin anywhere in it, so it renders as a paragraph holding exactly this text.
# It may hold code spans of one backtick around a name, path or flag (`max_connections`,
# `/api/v1`): each renders as <code> around exactly its text.
_WORDS = r"[A-Za-z0-9 ,.;:()'/?%+=@$-]*"
_PLAIN = re.compile(rf"[A-Za-z]{_WORDS}(?:`[A-Za-z0-9_./:=@$%+-]+`{_WORDS})*")
_CODE_SPAN = re.compile(r"`([^`]+)`")


def prose(text: str | None, css: str = "pb-prose") -> Markup:
    """A Markdown field as sanitised HTML in ``<div class="…">``; empty if no text."""
    if not text:
        return Markup("")
    if _PLAIN.fullmatch(text) and text == text.rstrip():
        # Most short fields ("Revert the validation change.", "HTTP 500 on `/login`") are
        # plain text; they skip the parser and sanitiser, which would give the same paragraph.
        if "`" in text:
            text = _CODE_SPAN.sub(r"<code>\1</code>", text)
        return Markup(f'<div class="{css}"><p>{text}</p></div>')
    return Markup(f'<div class="{css}">{prose_html(text).strip()}</div>')


def href(url: object) -> str:
    """A URL for a Markdown link target: allowed schemes only, no character that could end
    the link or the table cell around it. Refused URLs become ``#``."""
    text = str(url)
    if not _url_allowed(text):
        return "#"
    return urllib.parse.quote(text, safe=":/?#@!$&'*+,;=%~-._[]")
