"""Put the header search box in front of Material's templates, or step aside for Material's."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..site.templating import TEMPLATES_DIR
from ..site.tighten import tighten_nav

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


#: The search box's script and style sheet in the site, and the template of what the box
#: adds once in use, which the build writes into the script (:func:`box_script`).
SCRIPT = "assets/playbook-search.js"
STYLESHEET = "assets/playbook-search.css"
BOX_TEMPLATE = "partials/playbook-search-box.html"
#: The line of the script that receives it.
_BOX_SLOT = "var BOX = null;"
#: Rendered as the theme's partials are: Material's strings (``lang``) and configuration,
#: links from the site's root (no page).
_BOX_PAGE = (
    '{% import "partials/language.html" as lang with context %}{% include "' + BOX_TEMPLATE + '" %}'
)


def render_box(env: Any, config: Any) -> str:
    """What the header search box adds once in use (its clear button and result list) for
    this site: the same on every page, so it travels once, in the box's script, instead of
    in each page. Its links are from the site's root."""
    return str(env.from_string(_BOX_PAGE).render(config=config, page=None, base_url=""))


def box_script(script: str, box: str) -> str:
    """The box's script with ``box`` (from :func:`render_box`) written into it as a
    JavaScript string; a script without the line for it (a site's own, in its
    ``custom_dir``) is left as it is."""
    # ASCII: the site's strings (a translation) reach the script as \u escapes, never as
    # raw line separators.
    return script.replace(_BOX_SLOT, f"var BOX = {json.dumps(box)};", 1)


_CONFIG_OPEN = '<script id="__config" type="application/json">'
_CONFIG_CLOSE = "</script>"


def app_config(rendered: str) -> Markup:
    """Material's page settings block (``<script id="__config">``) without what only
    Material's own search reads — the path of its search worker and the ``search.*``
    strings of its result list — and without the spaces of the JSON: a third of the
    block, on every page. Our search box carries its own strings.

    Anything else in ``rendered`` is kept as it is; a block that does not read as JSON
    is left whole.
    """
    # `rendered` is the theme's own markup (a block of the page template), so it stays
    # markup; plain text throughout here, so that no part is escaped as it is joined.
    rendered = str(rendered)
    start = rendered.find(_CONFIG_OPEN)
    end = rendered.find(_CONFIG_CLOSE, start)
    if start < 0 or end < 0:
        return Markup(rendered)
    body = rendered[start + len(_CONFIG_OPEN) : end]
    try:
        app = json.loads(body)
    except ValueError:
        return Markup(rendered)
    if not isinstance(app, dict):
        return Markup(rendered)
    app.pop("search", None)
    strings = app.get("translations")
    if isinstance(strings, dict):
        app["translations"] = {k: v for k, v in strings.items() if not k.startswith("search.")}
    # As Jinja's `tojson` writes it (sorted, `<>&'` escaped), without the spaces.
    compact = str(htmlsafe_json_dumps(app, sort_keys=True, separators=(",", ":")))
    return Markup(rendered[: start + len(_CONFIG_OPEN)] + compact + rendered[end:])


#: The filters the templates in THEME_DIR use; the MkDocs environment gets them with them.
FILTERS: dict[str, Callable[[str], str]] = {
    "playbook_app_config": app_config,
    "playbook_tighten_nav": tighten_nav,
}
