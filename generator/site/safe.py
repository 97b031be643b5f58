"""Turn text from records and policy into page content that shows it and runs nothing.

Three contexts, three functions:

* :func:`prose` — a Markdown field (symptoms, root cause, summary…). Rendered by
  markdown-it-py with raw HTML *disabled* (so ``<script>`` arrives as text), then cleaned by an
  allow-list sanitiser (nh3): only harmless tags survive and links keep only ``http``,
  ``https``, ``mailto`` or relative targets. The result is one line of HTML wrapped in a
  ``<div>``, so any Markdown engine embeds it as a raw HTML block and parses nothing in it.
* :func:`md_text` — a short literal (a title, a table cell, a checklist item) placed in
  Markdown. Every ASCII punctuation character becomes a numeric character reference, so
  ``|`` cannot split a table, ``#`` cannot start a heading and ``[x](…)`` cannot form a link,
  in Python-Markdown and CommonMark alike. Browsers show the characters unchanged.
* :func:`code_block` — a command, fenced with more backticks than the code contains.

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
_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_BACKTICKS = re.compile(r"`+")


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
    return (
        MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        .enable(["table", "strikethrough"])
        .disable("image")
    )


def prose_html(text: str) -> str:
    """Markdown → sanitised HTML fragment (may span lines)."""
    return str(_cleaner().clean(_markdown().render(text)))


def one_line(fragment: str) -> str:
    """Join HTML onto one line without changing what it shows.

    A blank line ends a raw HTML block in CommonMark, after which the rest would be parsed
    as Markdown again; newlines become ``&#10;``, which renders the same (also inside
    ``<pre>``).
    """
    return fragment.strip().replace("\r\n", "\n").replace("\n", "&#10;")


def prose(text: str | None, css: str = "pb-prose") -> Markup:
    """A Markdown field as one raw HTML block, ``<div class="…">…</div>``; empty if no text."""
    if not text:
        return Markup("")
    return Markup(f'<div class="{css}" markdown="0">{one_line(prose_html(text))}</div>')


def md_text(text: object) -> Markup:
    """A literal for a Markdown context: punctuation as character references, one line."""
    flat = " ".join(str(text).split())
    return Markup(_PUNCT.sub(lambda m: f"&#{ord(m.group())};", flat))


def code_block(code: str, lang: str = "text", caption: str | None = None) -> Markup:
    """A fenced code block whose fence no line of ``code`` can close."""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * max(3, longest + 1)
    language = lang if re.fullmatch(r"[A-Za-z0-9_+-]+", lang) else "text"
    title = f"{md_text(caption)}\n\n" if caption else ""
    return Markup(f"{title}{fence}{language}\n{code.rstrip()}\n{fence}")


def href(url: object) -> str:
    """A URL for a Markdown link target: allowed schemes only, no character that could end
    the link or the table cell around it. Refused URLs become ``#``."""
    text = str(url)
    if not _url_allowed(text):
        return "#"
    return urllib.parse.quote(text, safe=":/?#@!$&'*+,;=%~-._[]")
