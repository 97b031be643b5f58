"""SVG building blocks shared by every diagram: numbers, text escaping, elements, legend.

Every string that reaches the output goes through :func:`esc`, so record text can only
ever be text. The output is one line of XML. Numbers the diagrams compute themselves are
written by :func:`num` and need no escaping; the pictures write their elements straight
as strings, :func:`el` is for the rarer ones.

The pictures reach a page inside a block-level element (``<figure>``, ``<div>``) of a page
body that no Markdown engine parses, or that one copies through as a raw HTML block
(:meth:`generator.site.core.Page.standalone`): XML escaping is all they need.

What every picture shares (font, text colour, stroke widths and opacities of axes, leaders
and markers) is set once by the stylesheet (``playbook.css``, ``svg.pb-diagram`` rules),
not on each element.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

SVG_NS = "http://www.w3.org/2000/svg"
FONT_SIZE = 12
ELLIPSIS = "…"

_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean(text: object) -> str:
    """Display form of a label: one line, no characters XML cannot carry."""
    text = str(text)
    # Most labels are plain printable ASCII with single spaces: nothing to do.
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return text
    return _SPACE.sub(" ", _NOT_XML.sub("\ufffd", text)).strip()


@lru_cache(maxsize=8192)
def _escaped(text: str, table: int) -> str:
    # Labels and attribute values repeat across the pictures of a site (event kinds, tick
    # labels, colours): escaped once each.
    return clean(text).translate(_TEXT if table else _ATTR)


def esc(text: object) -> str:
    """Escape text for an SVG text node."""
    return _escaped(str(text), 1)


def esc_attr(text: object) -> str:
    """Escape text for an attribute value."""
    return _escaped(str(text), 0)


@lru_cache(maxsize=8192)
def num(value: float) -> str:
    """A coordinate rounded to one decimal, so output is stable and small. Kept by value:
    a picture writes a hundred numbers and most of them (rows, lanes, axis ends) repeat."""
    if type(value) is int:
        return str(value)
    if not math.isfinite(value):
        return "0"
    # Formatting rounds to the same decimal round(value, 1) does.
    text = f"{value:.1f}"
    if text[-2:] == ".0":
        text = text[:-2]
    return "0" if text == "-0" else text


def el(name: str, attrs: Mapping[str, object | None] | None = None, *children: str) -> str:
    """One element. Numbers are rounded, strings escaped, ``None`` attributes left out;
    children are already-built markup."""
    head = name
    if attrs:
        for key, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, str):
                shown = _escaped(value, 0)
            elif isinstance(value, int | float):
                shown = num(value)
            else:
                shown = esc_attr(value)
            head += f' {key}="{shown}"'
    if not children:
        return f"<{head}/>"
    return f"<{head}>{''.join(children)}</{name}>"


def tooltip(text: object) -> str:
    return f"<title>{esc(text)}</title>"


def _char_width(char: str) -> float:
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    if char.isupper() or char in "mwMW@%":
        return 0.72
    if char in "ilj.,:;'|!() ":
        return 0.32
    return 0.58


_ASCII_WIDTHS = [_char_width(chr(code)) for code in range(128)]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated rendered width; there are no font metrics at build time, so err wide."""
    if text.isascii():
        widths = _ASCII_WIDTHS
        width = 0.0
        for char in text:  # summed in order, as below, so the total is the same float
            width += widths[ord(char)]
        return width * size
    width = 0.0
    for char in text:
        width += _char_width(char)
    return width * size


def fit(text: object, max_width: float, size: float = FONT_SIZE) -> tuple[str, bool]:
    """``text`` cut with an ellipsis to fit ``max_width``; the flag says whether it was cut."""
    return _fit(str(text), max_width, size)


@lru_cache(maxsize=8192)
def _fit(text: str, max_width: float, size: float) -> tuple[str, bool]:
    # Event kinds, durations, phase names and the zone note repeat from picture to picture.
    shown = clean(text)
    if text_width(shown, size) <= max_width:
        return shown, False
    while shown and text_width(shown + ELLIPSIS, size) > max_width:
        shown = shown[:-1]
    return shown.rstrip() + ELLIPSIS, True


def label(
    x: float,
    y: float,
    text: object,
    *,
    max_width: float = 1e9,
    size: float = FONT_SIZE,
    anchor: str = "start",
    cls: str | None = None,
    styled: bool = False,
    **attrs: object,
) -> str:
    """A text element; when it has to be shortened the full text is its tooltip.

    ``styled``: the stylesheet sets this class's ``size`` and ``anchor`` (``size`` is still
    what the text is measured at), so the element does not repeat them."""
    shown, cut = fit(text, max_width, size)
    head = (
        f'<text class="{cls}" x="{num(x)}" y="{num(y)}"'
        if cls
        else f'<text x="{num(x)}" y="{num(y)}"'
    )
    if anchor != "start" and not styled:
        head += f' text-anchor="{anchor}"'
    if size != FONT_SIZE and not styled:
        head += f' font-size="{num(size)}"'
    for key, value in attrs.items():
        shown_value = num(value) if isinstance(value, int | float) else esc_attr(value)
        head += f' {key.replace("_", "-")}="{shown_value}"'
    return f"{head}>{esc(shown)}{tooltip(text) if cut else ''}</text>"


def document(
    kind: str, width: float, height: float, title: str, body: Sequence[str], *, caption: bool
) -> str:
    """The ``<svg>`` root: scales down to its container, never up past its drawn size.

    Font, size and text colour (``currentColor``) come from the stylesheet's
    ``svg.pb-diagram`` rule."""
    # The caption's size and weight, and the root's width (100%: it scales down with its
    # column), come from the stylesheet (.pb-caption, svg.pb-diagram).
    heading = (
        label(8, 18, title, max_width=width - 16, size=14, cls="pb-caption", styled=True)
        if caption
        else ""
    )
    name = esc_attr(title)
    w = num(width)
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {w} {num(height)}"'
        f' style="max-width:{w}px" role="img" aria-label="{name}"'
        f' class="pb-diagram pb-{esc_attr(kind)}">{tooltip(title)}{heading}{"".join(body)}</svg>'
    )


def top(caption: bool) -> float:
    """Where drawing starts below the optional visible caption."""
    return 30.0 if caption else 8.0


def empty(kind: str, title: str, *, caption: bool = True, message: str = "no data") -> str:
    """A small placeholder that says there is nothing to draw."""
    y = top(caption) + 16
    body = [label(8, y, message, cls="pb-empty", font_style="italic", opacity=0.7)]
    return document(kind, 320, y + 12, title, body, caption=caption)


def legend(
    items: Sequence[tuple[str, str | None, str]], x: float, y: float, max_width: float
) -> tuple[str, float]:
    """Swatches with names, flowing onto new rows; returns the markup and its height.

    ``items`` are ``(name, colour, css class)``; names longer than 24 characters' room
    are cut and keep their full text as a tooltip. A colour of None: the stylesheet colours
    the swatch by its class (event kinds, :data:`._palette.KIND`).
    """
    if not items:
        return "", 0.0
    parts: list[str] = []
    cx, cy, row = x, y, 18.0
    for name, colour, cls in items:
        shown, _ = fit(name, 170)
        width = 16 + text_width(shown) + 14
        if cx > x and cx + width > x + max_width:
            cx, cy = x, cy + row
        fill = f' fill="{esc_attr(colour)}"' if colour else ""
        parts.append(
            f'<g class="pb-legend-item {esc_attr(cls)}"><rect x="{num(cx)}" y="{num(cy)}"'
            f' width="10" height="10" rx="2"{fill}/>'
            f"{label(cx + 14, cy + 9.5, name, max_width=170)}</g>"
        )
        cx += width
    return f'<g class="pb-legend">{"".join(parts)}</g>', cy - y + row
