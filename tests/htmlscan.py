"""Parse built pages the way a browser tokenises them, to check what is live markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

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
