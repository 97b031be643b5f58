"""Parse built pages the way a browser tokenises them, to check what is live markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from generator.search.index import VOID_ELEMENTS

_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def scan(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, after dropping the characters it ignores."""
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", _IGNORED.sub("", url).lower())
    return match.group(1) if match else None


_VOID = VOID_ELEMENTS


class _Indexed(HTMLParser):
    """Text pagefind indexes: inside the theme's article (the root pagefind is given, see
    :data:`generator.search.index.ROOT_SELECTOR`) or a ``data-pagefind-body``, outside
    ``data-pagefind-ignore``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        # (tag, inside body, ignored) of every open element.
        self._open: list[tuple[str, bool, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        names = {k for k, _ in attrs}
        body, ignored = self._open[-1][1:] if self._open else (False, False)
        skip = tag in ("script", "style")
        self._open.append(
            (
                tag,
                body
                or "data-pagefind-body" in names
                or (tag == "article" and "md-content__inner" in (dict(attrs).get("class") or "")),
                ignored or skip or "data-pagefind-ignore" in names,
            )
        )

    def handle_endtag(self, tag: str) -> None:
        if all(open_tag != tag for open_tag, _, _ in self._open):
            return  # a void element written as <hr />, or a stray end tag
        while self._open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1][1] and not self._open[-1][2]:
            self.text.append(data)


def indexed_text(path: Path) -> str:
    """What pagefind would index of a built page, whitespace collapsed."""
    parser = _Indexed()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.text).split())
