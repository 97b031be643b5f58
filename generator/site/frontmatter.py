"""YAML front matter for generated pages, safe for any title a record can hold."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from markupsafe import Markup

# JSON strings are YAML double-quoted strings, except that YAML reads these as line breaks.
_YAML_BREAKS = {"\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _quote(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    for char, escape in _YAML_BREAKS.items():
        out = out.replace(char, escape)
    return out


def front_matter(title: str, tags: Sequence[str] = (), hide: Sequence[str] = ()) -> Markup:
    """``---`` block with the page title (shown in the browser tab and search results),
    Material tags, and Material's ``hide`` list.

    The title is HTML-escaped here because MkDocs themes print ``page.meta.title`` without
    escaping (MkDocs' Jinja environment has autoescape off): a record titled
    ``</title><script>`` must not reach the ``<title>`` element as markup.
    """
    lines = ["---", f"title: {_quote(html.escape(title, quote=False))}"]
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {_quote(tag)}" for tag in tags)
    if hide:
        lines.append("hide:")
        lines.extend(f"  - {_quote(item)}" for item in hide)
    lines.append("---")
    return Markup("\n".join(lines) + "\n")
