"""What a page template needs beyond its data: headings with ids and permalinks, code
blocks, and the table of contents they add up to.

A template gets one :class:`Outline` per page (``h`` and ``code`` in the template) and
writes ``{{ h(2, "Assessment") }}``; the page's :class:`~generator.site.core.Body` then
carries the HTML and :meth:`Outline.toc`. Ids and the permalink anchor are those of
Python-Markdown's ``toc`` extension with ``permalink: true`` (what Material pages are built
with), so a link to ``#assessment`` or ``#step-5-fast-track-deployment`` keeps working.
Code blocks are highlighted by pymdownx's highlighter, the one Material configures, so they
look, copy and number their lines as on any Markdown page of the site.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from markupsafe import Markup, escape

from . import templating
from .core import Body, TocEntry
from .tighten import tighten

_NOT_WORD = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"[-\s]+")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")
_LANGUAGE = re.compile(r"[A-Za-z0-9_+-]+")


def slugify(text: str) -> str:
    """``Step 5: Fast-Track Deployment`` → ``step-5-fast-track-deployment``, as the toc
    extension spells ids (ASCII only, punctuation dropped)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub("-", _NOT_WORD.sub("", ascii_text).strip().lower())


@lru_cache(maxsize=4096)
def _heading_text(text: str) -> tuple[Markup, str]:
    """A heading's escaped text and its id before deduplication; headings such as "People"
    or "Timeline" repeat on every incident page."""
    return escape(" ".join(text.split())), slugify(text)


class Outline:
    """Headings and code blocks of one page, handed out in document order."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._flat: list[tuple[int, str, str]] = []
        self._code_blocks = 0

    def _unique(self, slug: str) -> str:
        # The toc extension's rule: a taken (or empty) id gets _1, _2, … appended.
        while slug in self._ids or not slug:
            match = _COUNTED.match(slug)
            slug = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{slug}_1"
        self._ids.add(slug)
        return slug

    def heading(self, level: int, text: object, **attrs: str) -> Markup:
        """``<hN id="…">text<a class="headerlink" …>¶</a></hN>``; ``text`` is escaped."""
        title, slug = _heading_text(str(text))
        anchor = self._unique(slug)
        self._flat.append((level, anchor, str(title)))
        extra = (
            "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
            if attrs
            else ""
        )
        return Markup(
            f'<h{level} id="{anchor}"{extra}>{title}'
            f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a>'
            f"</h{level}>"
        )

    def code(self, code: str, lang: str = "text", caption: str | None = None) -> Markup:
        """A highlighted code block, with its caption as a paragraph above it."""
        language = lang if _LANGUAGE.fullmatch(lang) else "text"
        if language == "text":
            block = plain(code.rstrip())
        else:
            block = highlight(code.rstrip(), language, self._code_blocks)
        # Counted either way, so a command's line anchors do not move when a text block
        # before it changes.
        self._code_blocks += 1
        if caption:
            return Markup(f"<p>{escape(' '.join(caption.split()))}</p>\n{block}")
        return Markup(block)

    def toc(self) -> tuple[TocEntry, ...]:
        """The headings as a tree: each one holds the deeper ones that follow it."""
        return _nest(self._flat)


def _nest(flat: Sequence[tuple[int, str, str]]) -> tuple[TocEntry, ...]:
    # Build bottom-up with mutable lists, then freeze.
    roots: list[list[Any]] = []
    stack: list[list[Any]] = []
    for level, anchor, title in flat:
        node: list[Any] = [level, anchor, title, []]
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][3] if stack else roots).append(node)
        stack.append(node)

    def freeze(node: list[Any]) -> TocEntry:
        return TocEntry(node[0], node[1], node[2], tuple(freeze(c) for c in node[3]))

    return tuple(freeze(n) for n in roots)


@cache
def _lexer(language: str) -> Any:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=True)
    except ClassNotFound:
        return get_lexer_by_name("text", stripnl=True)


@cache
def _formatter(number: int | None) -> Any:
    from pymdownx.highlight import BlockHtmlFormatter

    # What pymdownx.highlight builds for a fenced block with mkdocs.yml's options
    # (anchor_linenums: true), built once per block number instead of once per block: a
    # Pygments formatter computes its whole stylesheet when it is made.
    return BlockHtmlFormatter(
        cssclass="highlight",
        linenos=False,
        linenostart=1,
        linenostep=1,
        linenospecial=0,
        style="default",
        noclasses=False,
        hl_lines=[],
        wrapcode=True,
        filename="",
        linespans="",
        lineanchors="" if number is None else f"__codelineno-{number}",
        anchorlinenos=number is not None,
    )


#: Pygments marks each run of spaces between words as a token of its own; no stylesheet
#: colours it, so it is written as the spaces alone.
_WHITESPACE_TOKEN = re.compile(r'<span class="w">([ \t\n]*)</span>')
#: Pygments opens every block with an empty span, which keeps a leading line break of the
#: code from being dropped right after ``<pre>``; here ``<code>`` comes first, so it holds
#: nothing.
_EMPTY_START = "<pre><span></span><code>"


@lru_cache(maxsize=4096)
def highlight(code: str, language: str, number: int) -> str:
    """Pygments HTML for one code block, as pymdownx.highlight writes it; ``number`` counts
    the page's code blocks from 0 and keeps their line anchors (``__codelineno-1-3``) apart.
    A one-line block gets no line anchor: the block is the line. Kept by content: deploy
    and check commands repeat from incident to incident."""
    from pygments import highlight as pygmentize

    formatter = _formatter(number if "\n" in code.strip("\n") else None)
    html = str(pygmentize(code, _lexer(language), formatter)).strip()
    return _WHITESPACE_TOKEN.sub(r"\1", html).replace(_EMPTY_START, "<pre><code>", 1)


def plain(code: str) -> str:
    """A plain-text block (a message to paste) in the markup Pygments gives it, without the
    work: nothing to colour, and no line anchors, since no one links to line 3 of a message.
    Reads, wraps and copies as a highlighted block does."""
    # As Pygments' text lexer has it: line ends normalised, leading blank lines dropped.
    text = code.replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")
    return f'<div class="highlight"><pre><code>{escape(text)}\n</code></pre></div>'


def render_body(template: str, **context: Any) -> Body:
    """Render the HTML page template ``site_templates/<template>`` into a page body: the
    template gets ``h`` (headings) and ``code`` (code blocks) of a fresh :class:`Outline`."""
    outline = Outline()
    html = templating.render(template, h=outline.heading, code=outline.code, **context)
    return Body(tighten(html), outline.toc())
