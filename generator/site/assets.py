"""Static files the pages use: the stylesheet and the sort/filter script, both local."""

from __future__ import annotations

import hashlib

from .core import Asset
from .templating import TEMPLATES_DIR

ASSETS_DIR = TEMPLATES_DIR / "assets"
#: Where assets go in the site; adapters link them from here.
STYLESHEETS = ("assets/playbook.css",)
SCRIPTS = ("assets/playbook.js",)


def assets() -> list[Asset]:
    return [
        Asset(path, (ASSETS_DIR / path.removeprefix("assets/")).read_text(encoding="utf-8"))
        for path in (*STYLESHEETS, *SCRIPTS)
    ]


def version(content: bytes) -> str:
    """What the address of an asset with this content ends in: a digest of it, so that a
    browser holding an earlier build's copy (a page of this build with last month's
    script) fetches this one."""
    return "?v=" + hashlib.sha256(content).hexdigest()[:10]
