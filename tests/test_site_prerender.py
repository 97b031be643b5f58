"""Bodies rendered ahead in a second process are the bodies the page renders itself."""

from __future__ import annotations

from generator.check import load_checked
from generator.site import SiteOptions, build_site
from generator.site.prerender import Prerenderer
from tests.conftest import ROOT
from tests.test_site_golden import NOW


def test_prerendered_bodies_equal_the_pages_own_and_are_taken_once() -> None:
    pages = [p for p in build_site(load_checked(ROOT), SiteOptions(now=NOW)).pages if p.render]
    ahead = Prerenderer(pages)
    ahead.start()
    try:
        ahead.wait(60)
        last = pages[-1].path
        for page in pages:
            body = ahead.take(page.path)
            assert body == page.body(), page.path
        assert ahead.take(last) is None  # taken once: the file is gone
    finally:
        ahead.close()
    assert not ahead._folder.exists()


def test_pages_the_engine_reached_first_are_not_rendered_again() -> None:
    pages = [p for p in build_site(load_checked(ROOT), SiteOptions(now=NOW)).pages if p.render]
    ahead = Prerenderer(pages)
    # The engine asked for the fifth page before the worker started: it renders that one
    # itself, and the worker starts after it.
    assert ahead.take(pages[4].path) is None
    ahead.start()
    try:
        ahead.wait(60)
        ready = [i for i, page in enumerate(pages) if ahead.take(page.path) is not None]
        assert ready == list(range(5, len(pages)))
    finally:
        ahead.close()
