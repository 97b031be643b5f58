"""The navigation sidebar rendered once per folder is the sidebar each page renders itself."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator import mkdocs_partials, mkdocs_shell
from generator.mkdocs_partials import PartialCache
from tests.sitebuild import make_project, run_build, site_files


def test_pages_show_the_same_sidebar_with_and_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    root = make_project(tmp_path / "project")
    reused: list[str] = []
    get = PartialCache.get

    def counting(self: PartialCache, key: str | None) -> str | None:
        copy = get(self, key)
        if copy is not None:
            reused.append(str(key))
        return copy

    monkeypatch.setattr(PartialCache, "get", counting)
    # Every incident page rendered by the theme (not drawn from a page shell).
    monkeypatch.setattr(mkdocs_shell.ShellTemplate, "render", lambda self, c: self._theme.render(c))
    cached = run_build(root, "--strict", "--site-dir", str(tmp_path / "cached"))
    assert cached.exit_code == 0, cached.output
    # Every incident page after the first two (one renders, one checks) reuses the copy.
    incidents = len(list((root / "playbooks" / "incidents").glob("*.yaml")))
    assert reused.count("nav|incidents|True") == incidents - 2

    monkeypatch.setattr(PartialCache, "get", lambda self, key: None)
    plain = run_build(root, "--strict", "--site-dir", str(tmp_path / "plain"))
    assert plain.exit_code == 0, plain.output
    assert site_files(tmp_path / "cached") == site_files(tmp_path / "plain")


def _page(url: str) -> Any:
    return SimpleNamespace(url=url)


def test_pages_in_the_navigation_or_above_it_render_their_own() -> None:
    cache = PartialCache({"severity-levels/", "runbooks/", "runbooks/db/"})
    assert cache.key(_page("severity-levels/"), "nav") is None  # marked current in the sidebar
    assert cache.key(_page("runbooks/"), "nav") is None
    assert cache.key(_page("incidents/0001-x/"), "nav") == "nav|incidents|True"
    assert cache.key(_page("incidents/0002-y/"), "nav") == "nav|incidents|True"
    assert cache.key(_page("incidents/0001-x.html"), "nav") == "nav|incidents|False"
    assert cache.key(_page(""), "nav") is None  # the home page is above every entry


def test_a_copy_that_differs_from_the_next_page_is_never_used() -> None:
    cache = PartialCache(set())
    key = cache.key(_page("incidents/0001-x/"), "nav")
    assert cache.get(key) is None
    cache.put(key, "<nav>first</nav>")
    assert cache.get(key) is None  # the second page renders to check the copy
    cache.put(key, "<nav>second</nav>")
    assert cache.get(key) is None
    assert cache.key(_page("incidents/0003-z/"), "nav") is None  # that folder renders its own now

    same = PartialCache(set())
    key = same.key(_page("incidents/0001-x/"), "nav")
    same.put(key, "<nav>a</nav>")
    same.put(key, "<nav>a</nav>")
    assert same.get(key) == "<nav>a</nav>"


def test_the_prefix_reaches_the_template_ours_overrides(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for folder, text in ((ours, "ours"), (theirs, "theirs")):
        (folder / "partials").mkdir(parents=True)
        (folder / "partials" / "nav.html").write_text(text)
    loader = mkdocs_partials.below_loader([str(ours), str(theirs)], str(ours))
    source, _, _ = loader.get_source(None, "theme-below/partials/nav.html")  # type: ignore[arg-type]
    assert source == "theirs"
