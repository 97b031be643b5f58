"""Static files the pages use: the stylesheet and the sort/filter script, both local."""

from __future__ import annotations

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
