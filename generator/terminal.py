"""Record text on a terminal: the one place that makes it safe to print and lines it up.

Record fields are free text from YAML files anyone can edit; printed raw, an escape
sequence in a title could clear the screen or forge output, and a bidi override could
reorder what the reader sees. Every command prints record text through :func:`clean`.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A line break inside a cell would start what reads as another row of the table.
_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


#: What a CI runner reads as a command when a line starts with it (GitHub Actions'
#: ``::error::…`` and its older ``##[error]…``), at the start of record text or of one of
#: its lines: printed there, a record could forge an annotation in the CI log or mask
#: words in it. A zero-width space in front keeps it text and looks the same.
_RUNNER_COMMAND = re.compile(r"(^[ \t]*|[\n\r\u2028\u2029][ \t]*)(::|##\[)")


def clean(value: object) -> str:
    """Text safe to print: control characters and bidi overrides become U+FFFD, and what
    a CI runner would take as a command at the start of a line stays text."""
    text = _UNSAFE.sub("\ufffd", str(value))
    return _RUNNER_COMMAND.sub("\\1\u200b\\2", text) if ("::" in text or "##[" in text) else text


# Everything that could move the cursor, end a line or reorder text when printed.
# Lone surrogates too: a file name that is not UTF-8 arrives holding them (PEP 383), and
# printed raw they are bytes no UTF-8 reader accepts.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(match.group())
    return named or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(value: object) -> str:
    """Text for one line of diagnostics: every control, line-break or bidi character shown
    as its escape (``\\n``, ``\\x1b``, ``\\u202e``), so a file named ``a<LF>::error::x`` prints
    on one line as ``a\\n::error::x`` and the reader sees exactly which character is there."""
    return _INVISIBLE.sub(_escape, str(value))


def visible_lines(text: str) -> str:
    """:func:`visible` for each line of a message whose line breaks are its own (a list of
    reasons); a break inside what it quotes from a file name is escaped by the quoter."""
    return "\n".join(visible(line) for line in text.split("\n"))


def one_line(value: object) -> str:
    """:func:`clean` text for a single line: a line break (with the blanks around it) or a
    tab becomes one space, so a title cannot forge a row below its own."""
    return clean(_BREAKS.sub(" ", str(value)).replace("\t", " "))


def table(headings: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart; no trailing spaces."""
    cells = [[one_line(c) for c in row] for row in [headings, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headings))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
