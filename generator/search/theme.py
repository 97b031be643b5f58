"""Put the header search box in front of Material's templates, or step aside for Material's."""

from __future__ import annotations

from typing import Any

from ..site.templating import TEMPLATES_DIR

#: Template overrides shipped with the package (``partials/header.html``): Material's header
#: with the search box wired to pagefind instead of Material's search worker.
THEME_DIR = TEMPLATES_DIR / "theme"

#: The key MkDocs gives Material's search plugin (``plugins: [search]`` in mkdocs.yml).
MATERIAL_SEARCH = "material/search"


def configure(config: Any) -> bool:
    """Use pagefind search for this build? Adds the theme overrides when so: for Material,
    unless the site lists Material's own search.

    A site that lists Material's ``search`` plugin keeps Material's search as it was: the
    team chose it, and two search boxes would fight over the same header and keys. Our
    templates go after the site's own ``custom_dir`` so its overrides still win.
    """
    if MATERIAL_SEARCH in config.plugins:
        return False
    if config.theme.name != "material":
        # The search box is a Material header; another theme keeps its own search (MkDocs'
        # `search` plugin), and our Material overrides would not fit its templates.
        return False
    dirs: list[str] = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    return True
