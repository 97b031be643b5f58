"""Drop the line breaks a browser never shows from pages.

A line break next to the start or end tag of a block (a paragraph, a list item, a table
row, a heading…) is white space at the start or end of a line, or between blocks, and a
browser draws nothing for it. Bodies are written by templates with one element per line,
readable in their source; at a few hundred such breaks per incident page, that is some
hundreds of bytes of every page. Breaks inside ``pre`` (and ``textarea``, ``script``) are
text, and breaks between inline elements are spaces a reader sees: both are kept.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

#: Elements a browser lays out as blocks (or table parts) unless a stylesheet says
#: otherwise; neither Material's stylesheet nor ours makes any of these inline. (Not
#: ``table`` or ``nav``: Material shows a plain table and the tag list inline.)
BLOCK_NAMES = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
#: The same, as alternatives of a pattern.
BLOCK_TAGS = "|".join(sorted(BLOCK_NAMES))
#: A line break (with the indentation around it) between a tag and the next tag.
_JUNCTION = re.compile(r">[ \t]*\r?\n[ \t\r\n]*(?=</?([a-zA-Z][a-zA-Z0-9]*))")
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_PROTECTED = re.compile(r"<(pre|textarea|script)\b")


def tighten(html: str, keep: re.Pattern[str] | None = None) -> str:
    """``html`` without the line breaks (and the indentation around them) next to block
    tags, outside ``pre``, ``textarea`` and ``script`` (and what ``keep`` matches)."""
    # Where the elements whose white space is text start and end (the last character of
    # their end tag is outside: a break after `</pre>` may go).
    spans = list(_text_elements(html))
    if keep is not None:
        spans = sorted([*spans, *((m.start(), m.end()) for m in keep.finditer(html))])
    kept = [(start, end - 1) for start, end in spans]
    starts = [start for start, _ in kept]

    def junction(found: re.Match[str]) -> str:
        at = found.start()
        inside = bisect_right(starts, at) - 1
        if inside >= 0 and at < kept[inside][1]:
            return found.group(0)
        if found.group(1).lower() in BLOCK_NAMES or _block_tag_ends_at(html, at):
            return ">"
        return found.group(0)

    # A pattern that starts with ">" is only tried where one is: one that could start
    # anywhere cost a millisecond a page.
    return _JUNCTION.sub(junction, html)


def _block_tag_ends_at(text: str, end: int) -> bool:
    """Is the ">" at ``end`` the end of a block tag?"""
    start = text.rfind("<", 0, end)
    if start < 0 or text.find(">", start) != end:
        return False  # a ">" in text, not the end of a tag
    found = _TAG_NAME.match(text, start)
    return found is not None and found.group(1).lower() in BLOCK_NAMES


#: Material's navigation links: ``<a class="md-nav__link">`` is a flex box, whose white
#: space between children is never drawn, around a title span (``md-ellipsis``) that is a
#: block inside it, whose leading and trailing white space is not drawn either; the same
#: span holds the header's titles, in flex boxes too (``md-header__topic``). Only the
#: white space a browser collapses goes: a no-break space in a title is drawn.
_WS = "[ \t\n\r\f]*"
_TITLE = re.compile(
    rf'>{_WS}<span class="md-ellipsis">{_WS}([^<]*?){_WS}</span>{_WS}(?=</(?:a|div)>)'
)
_TITLED = re.compile(r'<a [^>]*class="md-nav__link[^"]*"[^>]*>|<div class="md-header__topic"[^>]*>')
#: Material's link to the repository (header and drawer): its icon and name are blocks
#: that Material's stylesheet shows inline, so the break between them is a space.
_INLINE_BLOCKS = re.compile(r'<a [^>]*class="md-source"[^>]*>.*?</a>', re.S)


def tighten_nav(html: str) -> str:
    """Material's header, navigation or table of contents, as :func:`tighten` leaves it
    and with no white space inside its links and titles: some hundred bytes of every
    page."""
    html = tighten(html, keep=_INLINE_BLOCKS)

    def title(found: re.Match[str]) -> str:
        start = html.rfind("<", 0, found.start())
        if start >= 0 and _TITLED.fullmatch(html, start, found.start() + 1):
            return f'><span class="md-ellipsis">{found.group(1)}</span>'
        return found.group(0)

    return _TITLE.sub(title, html)


def _text_elements(html: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every ``pre``, ``textarea`` and ``script`` element in ``html``."""
    at = 0
    while (found := _PROTECTED.search(html, at)) is not None:
        close = html.find(f"</{found.group(1)}>", found.end())
        at = len(html) if close < 0 else close + len(found.group(1)) + 3
        yield found.start(), at


#: The end tag of a block (or of a table or tag list) right before another tag.
_BLOCK_END_AT_TAG = re.compile(rf"(</(?:{BLOCK_TAGS}|table|nav)>)(?=<)")


def spaced(html: str) -> str:
    """``html`` with a line break after each block's end tag that a tag follows: what a
    search indexer reading text, not layout, needs to tell the last word of a table cell
    or list item from the first word of the next (pagefind and Material's search join
    text across such tags)."""
    # A function, not "\\1\n": Python 3.11 expands a template with a group in Python at
    # every match, a few hundred times a page.
    return _BLOCK_END_AT_TAG.sub(_line_after, html)


def _line_after(found: re.Match[str]) -> str:
    return found.group(1) + "\n"


def outside_text_blocks(html: str, change: Callable[[str], str]) -> str:
    """``html`` with ``change`` applied to every stretch outside ``pre``, ``textarea`` and
    ``script`` elements, whose white space is part of their text."""
    out: list[str] = []
    at = 0
    for start, end in _text_elements(html):
        out.append(change(html[at:start]))
        out.append(html[start:end])
        at = end
    out.append(change(html[at:]))
    return "".join(out)
