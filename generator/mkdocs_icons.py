"""The theme's icons drawn once per site instead of once per use.

Material writes each icon of its header, navigation and back-to-top button into every page
as an inline ``<svg>``: eight of them on a page, two and a half kilobytes of path data that
is the same on every page. The theme overrides (``site_templates/theme/.icons/``) replace the
icons a site draws by default with a reference, ``<svg viewBox="0 0 24 24"><use
href="…/assets/playbook-icons.svg#menu"/></svg>``, into one sprite file the browser
fetches once and keeps. The ``<svg>`` element stays where it was, with the same box, so
Material's styles size and colour it as before (``fill: currentcolor`` reaches the referenced
path). The sprite is made at build time from the icons of the installed Material, so it
always draws what Material itself would; an icon the site chooses instead
(``theme.icon.logo``, a palette toggle) has no override and stays inline.
"""

from __future__ import annotations

import re
from pathlib import Path

from .mkdocs_partials import dirs_below

#: Where the sprite goes in the site; the overrides link it with ``'assets/…' | url``.
SPRITE = "assets/playbook-icons.svg"
#: Icon folder of a theme (Material's ``.icons/material/menu.svg``); ours holds the overrides.
ICONS = ".icons"

_SVG = re.compile(r"\A\s*<svg\b([^>]*)>(.*)</svg>\s*\Z", re.S)
_VIEWBOX = re.compile(r'\bviewBox="([^"]*)"')


def icon_id(name: str) -> str:
    """The sprite's id for an icon: its file name (``material/menu`` → ``menu``); a test
    keeps the overridden icons' names apart."""
    return name.rsplit("/", 1)[-1]


def overridden(theme_dir: Path) -> list[str]:
    """The icons drawn by reference (``material/menu``…): one override file each."""
    root = theme_dir / ICONS
    return sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.svg"))


def original(name: str, dirs: list[str], ours: str) -> str | None:
    """The theme's own ``.icons/<name>.svg`` (the first one after ``ours`` in ``dirs``)."""
    for folder in dirs_below(dirs, ours):
        path = Path(folder) / ICONS / f"{name}.svg"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def symbol(name: str, svg: str) -> str:
    """One icon as a ``<symbol>`` of the sprite: its content and ``viewBox`` unchanged."""
    found = _SVG.match(svg)
    if found is None:
        raise ValueError(f"icon {name}: not a single <svg> element")
    box = _VIEWBOX.search(found.group(1))
    view = f' viewBox="{box.group(1)}"' if box else ""
    return f'<symbol id="{icon_id(name)}"{view}>{found.group(2)}</symbol>'


def sprite(theme_dir: Path, dirs: list[str]) -> str:
    """The sprite file: every overridden icon, as the theme below ours draws it."""
    symbols = []
    for name in overridden(theme_dir):
        svg = original(name, dirs, str(theme_dir))
        if svg is None:
            raise ValueError(f"icon {name}: the theme has no .icons/{name}.svg")
        symbols.append(symbol(name, svg))
    return f'<svg xmlns="http://www.w3.org/2000/svg">{"".join(symbols)}</svg>\n'
