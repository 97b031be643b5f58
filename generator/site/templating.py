"""The one Jinja environment. Templates live in ``site_templates/``, grouped by what they
produce: ``pages/`` (site pages), ``partials/`` (pieces of pages), ``scaffolds/`` (files
the authoring commands create), ``terminal/`` (what ``playbook show`` prints).

One suffix convention: every template this environment renders is ``NAME.KIND.j2``, where
KIND is what it produces (``html``, ``md``, ``yaml``, ``yml``, ``txt``…). (``theme/`` holds
MkDocs theme overrides, which the theme's own environment renders.)

Undefined names are errors (StrictUndefined), so a template typo fails a test instead of
printing nothing. Autoescape is on for HTML templates and for the Markdown site pages
(``pages/*.md.j2``): a value printed without a filter is HTML-escaped; never ``|safe``.
Scaffolds and terminal text are not HTML, and are not escaped.
Page templates (``pages/*.html.j2``) render a page's final HTML body; they get ``h`` and
``code`` from :func:`generator.site.outline.render_body`. Record text is passed to templates
as data and never compiled as a template, so ``{{ 7*7 }}`` inside a record stays text.

Filters:

``prose``
    a Markdown field rendered by markdown-it and sanitised, in a ``<div class="pb-prose">``.
``href``
    a URL from a record, allowed schemes only.
``duration``, ``when``, ``hhmm``, ``figure``
    durations (``47m``), timestamps (``2024-11-25 14:32 UTC``), clock times, impact numbers.
"""

from __future__ import annotations

from collections.abc import Hashable
from contextvars import ContextVar
from datetime import UTC, datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..facts import clock
from ..facts.durations import format_duration
from ..load.yamltext import yaml_scalar
from ..terminal import clean
from . import safe

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "site_templates"


#: The zone pages show times in: the policy's ``timezone``, set by the site core for the
#: length of one build (a context variable, so two builds in one process cannot mix zones).
display_zone: ContextVar[tzinfo] = ContextVar("display_zone", default=UTC)


def when(at: datetime | None, approximate: bool = False) -> str:
    """``2024-11-25 14:32 UTC`` in the page's display zone; ``~`` when approximate."""
    if at is None:
        return "time unknown"
    return ("~" if approximate else "") + clock.shown(at, display_zone.get())


def moment(at: datetime | None, approximate: bool = False) -> Markup:
    """:func:`when` as a ``<time>`` element whose tooltip gives the time as written, when the
    record wrote it in another offset than the page shows it (otherwise the tooltip would
    repeat the cell: a timeline table has one per row)."""
    if at is None:
        return Markup("time unknown")
    zone = display_zone.get()
    shown = ("~" if approximate else "") + clock.shown(at, zone)
    # Our own formatting of a datetime: digits, separators and a zone name, escaped anyway.
    machine = escape(_machine_time(at))
    if at.utcoffset() == at.astimezone(zone).utcoffset():
        return Markup(f'<time datetime="{machine}">{escape(shown)}</time>')
    written = escape(clock.written(at))
    return Markup(f'<time datetime="{machine}" title="written as {written}">{escape(shown)}</time>')


def _machine_time(at: datetime) -> str:
    """The shortest ISO 8601 form of ``at`` that HTML reads for ``<time datetime>``: no
    seconds when they are zero, ``Z`` for UTC (``2021-01-02T11:00Z``); the instant is the
    same, and a timeline table has one per row."""
    exact = at.second or at.microsecond
    text = at.isoformat(timespec="auto" if exact else "minutes")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def hhmm(at: datetime | None) -> str:
    return "?" if at is None else at.astimezone(display_zone.get()).strftime("%H:%M")


def figure(value: float, approximate: bool = False) -> str:
    """``~2,000``; whole numbers without decimals."""
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return ("~" if approximate else "") + text


def _escaped(name: str | None) -> bool:
    """Autoescape HTML templates and the Markdown pages of the site, nothing else."""
    if name is None:
        return False
    return name.endswith((".html.j2", ".svg.j2", ".xml.j2")) or (
        name.startswith("pages/") and name.endswith(".md.j2")
    )


def fixed(value: object, width: int) -> str:
    return clean(value).ljust(width)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=_escaped,
        keep_trailing_newline=True,
        # Templates are part of the program: looking at their files again on every render
        # (one stat per page and include) costs seconds on a big site. A preview that
        # watches templates clears this cache (environment.cache_clear()).
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        prose=safe.prose,
        duration=format_duration,
        when=when,
        moment=moment,
        hhmm=hhmm,
        figure=figure,
        href=safe.href,
        # Scaffolds: a value as a YAML scalar that reads back as the same string.
        yaml=yaml_scalar,
        # The terminal: record text made safe to print, and padded to a column.
        term=clean,
        fixed=fixed,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render ``site_templates/<template>`` with ``context``."""
    return environment().get_template(template).render(**context)


#: Partials already rendered, by template and by a key that stands for their whole context;
#: kept for one environment (a preview that reloads templates gets a new one).
_rendered: dict[tuple[str, Hashable], Markup] = {}
_rendered_by: list[jinja2.Environment] = []
_KEEP = 1024


def render_shared(template: str, key: Hashable, **context: Any) -> Markup:
    """:func:`render` for a partial that many pages show alike (an incident's checklist: the
    policy's items, mostly ticked the same way): rendered once per ``key``, which must
    determine everything the partial shows. The trailing line break is left out: the page
    template writes the partial on a line of its own."""
    env = environment()
    if not _rendered_by or _rendered_by[0] is not env:
        _rendered.clear()
        _rendered_by[:] = [env]
    html = _rendered.get((template, key))
    if html is None:
        if len(_rendered) >= _KEEP:
            _rendered.clear()
        html = _rendered[(template, key)] = Markup(render(template, **context).rstrip("\n"))
    return html
