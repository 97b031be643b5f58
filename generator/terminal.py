"""Record text on a terminal: the one place that makes it safe to print and lines it up.

Record fields are free text from YAML files anyone can edit; printed raw, an escape
sequence in a title could clear the screen or forge output, and a bidi override could
reorder what the reader sees. Every command prints record text through :func:`clean`.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """Text safe to print: control characters and bidi overrides become U+FFFD."""
    return _UNSAFE.sub("\ufffd", str(value))


def table(headings: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart; no trailing spaces."""
    cells = [[clean(c) for c in row] for row in [headings, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headings))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
