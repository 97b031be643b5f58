"""Incident pages drawn from a page shell are the pages the theme renders itself; a theme
that shows anything else of a page in it is noticed, and its pages are rendered whole."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from generator import mkdocs_shell
from generator.mkdocs_partials import BELOW, PartialCache
from generator.search import FILTERS, THEME_DIR
from tests.sitebuild import make_project, run_build, site_files

THEME = {
    "partials/language.html": "{% macro t(key) %}{{ key }}{% endmacro %}",
    "partials/content.html": '{% include "partials/tags.html" %}{{ page.content }}',
}
BELOW_THEME = {
    "partials/toc.html": "<nav>{% for e in page.toc %}<a href='{{ e.url }}'>{{ e.title }}</a>"
    "{% endfor %}</nav>",
    "partials/tags.html": "{% for t in tags %}<span>{{ t }}</span>{% endfor %}",
}
MAIN = (
    '{% import "partials/language.html" as lang with context %}'
    "<title>{{ page.meta.title }} - site</title>"
    '{% if page.canonical_url %}<link rel="canonical" href="{{ page.canonical_url }}">{% endif %}'
    "{% if page.toc | first is defined %}<a href='{{ (page.toc | first).url }}'>skip</a>"
    "{% endif %}<h2>{{ page.meta.title }}</h2>"
    '{% include "partials/toc.html" %}<article>{% include "partials/content.html" %}</article>'
)


CONFIG = SimpleNamespace(theme=SimpleNamespace(features=[]))


def _env(main: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.DictLoader({"main.html": main}),
                jinja2.FileSystemLoader(str(THEME_DIR)),
                jinja2.DictLoader(THEME),
                jinja2.PrefixLoader({BELOW: jinja2.DictLoader(BELOW_THEME)}),
            ]
        )
    )
    env.filters.update(FILTERS)  # as the plugin gives them to the theme's environment
    return env


def _page(n: int, *, site_url: bool = True) -> Any:
    toc = [SimpleNamespace(url=f"#part-{n}", title=f"Part {n}", level=2, children=[])]
    return SimpleNamespace(
        url=f"incidents/{n:04d}-x/",
        meta={"title": f"Incident {n} & co"},
        title=f"Incident {n} & co",
        canonical_url=f"https://example.org/incidents/{n:04d}-x/" if site_url else None,
        content=f"<h1>Incident {n}</h1><p>body {n}</p>",
        toc=toc,
    )


def _renders(main: str, count: int, *, site_url: bool = True) -> tuple[list[str], list[str], Any]:
    env = _env(main)
    shell = mkdocs_shell.shell_template(env, PartialCache(set()))
    theme = env.get_template("main.html")
    drawn, whole = [], []
    for n in range(1, count + 1):
        context = {
            "page": _page(n, site_url=site_url),
            "tags": [f"SEV{n % 3}", "api"],
            "config": CONFIG,
        }
        drawn.append(shell.render(context))
        whole.append(theme.render(context))
    return drawn, whole, shell


def test_pages_drawn_from_the_shell_are_the_pages_the_theme_renders() -> None:
    drawn, whole, shell = _renders(MAIN, 6)
    assert drawn == whole
    assert "Incident 6 &amp; co" not in drawn[5] and "Incident 6 & co - site" in drawn[5]
    assert "<span>SEV0</span>" in drawn[5] and "href='#part-6'" in drawn[5]
    assert shell._refused == set() and list(shell._checked.values()) == [mkdocs_shell.CHECKS]


def test_a_site_without_an_address_draws_its_pages_from_a_shell_too() -> None:
    drawn, whole, shell = _renders(MAIN, 4, site_url=False)
    assert drawn == whole and "canonical" not in drawn[3]
    assert shell._refused == set() and list(shell._checked.values()) == [mkdocs_shell.CHECKS]


def test_a_theme_showing_more_of_the_page_is_noticed_and_rendered_whole() -> None:
    drawn, whole, shell = _renders(MAIN + "<footer>{{ page.url }}</footer>", 5)
    assert drawn == whole  # the address would have been the first page's on every page
    assert shell._refused


def test_the_shipped_site_is_the_same_with_and_without_shells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    root = make_project(tmp_path / "project")
    fills: list[int] = []
    real_fill = mkdocs_shell._fill

    def counting(shell: list[str], parts: dict[str, str]) -> str:
        fills.append(1)
        return real_fill(shell, parts)

    monkeypatch.setattr(mkdocs_shell, "_fill", counting)
    drawn = run_build(root, "--strict", "--site-dir", str(tmp_path / "drawn"))
    assert drawn.exit_code == 0, drawn.output
    incidents = len(list((root / "playbooks" / "incidents").glob("*.yaml")))
    # Two checked pages fill the shell and are rendered whole; the rest are drawn.
    assert len(fills) == incidents

    monkeypatch.setattr(mkdocs_shell.ShellTemplate, "render", lambda self, c: self._theme.render(c))
    whole = run_build(root, "--strict", "--site-dir", str(tmp_path / "whole"))
    assert whole.exit_code == 0, whole.output
    assert site_files(tmp_path / "drawn") == site_files(tmp_path / "whole")
