"""The one Jinja environment. Templates live in ``site_templates/``, grouped by what they
produce: ``pages/`` (site pages), ``partials/`` (pieces of pages), ``scaffolds/`` (files
the authoring commands create).

Undefined names are errors (StrictUndefined), so a template typo fails a test instead of
printing nothing. Autoescape is on for HTML/XML templates; Markdown templates must pass
record text through the escaping filters registered here, never ``|safe``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"]),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render ``site_templates/<template>`` with ``context``."""
    return environment().get_template(template).render(**context)
