"""A site indexed in parts gets the index one pagefind run would write: the same pages,
words, positions, accented spellings and filters — whatever the parts and whichever
process wrote each page. A part that can't be read fails the build by name."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest

from generator.errors import PlaybookError
from generator.search import bundle, index
from tests.pagefind_index import read_index
from tests.sitebuild import build_site_dir

#: Pages whose words pagefind stores under two spellings (accents), and a filter.
EXTRA = {
    "cafe/index.html": (
        '<article class="md-content__inner md-typeset" data-pagefind-filter="team:Ops">'
        "<h1>Café Zürich</h1><p>The café in Zürich: naïve résumé, deploy rollback.</p>"
        "</article>"
    ),
    "cafe-2/index.html": (
        '<article class="md-content__inner md-typeset" data-pagefind-filter="team:Ops">'
        '<h1>Second café</h1><p data-pagefind-sort="n:2">Résumé of the rollback.</p>'
        "</article>"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site_dir(tmp_path_factory.mktemp("bundle"))


def _page(html: str) -> str:
    return f'<!doctype html><html lang="en"><head></head><body>{html}</body></html>'


def _source(site: Path, where: Path, budget: int, *, writers: int = 1) -> index.SearchSource:
    """The built site's pages (and EXTRA) added to a source as the build adds them, from
    ``writers`` processes taking turns; every process's last part is written."""
    source = index.SearchSource(where / "site", budget)
    pages = {
        str(p.relative_to(site)): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
        if "pagefind" not in p.parts
    }
    pages.update({dest: _page(html) for dest, html in EXTRA.items()})
    items = sorted(pages.items())
    for writer in range(writers):
        mine = items[writer::writers]
        if writer == 0:
            for dest, html in mine:
                source.add(dest, html)
            continue
        pid = os.fork()
        if pid == 0:  # a second writing process, as the build forks one
            status = 1
            try:
                for dest, html in mine:
                    source.add(dest, html)
                source.finish()
                status = 0
            finally:
                os._exit(status)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    source.finish()
    return source


def _index(site: Path, where: Path, budget: int, *, writers: int = 1) -> tuple[Path, int]:
    where.mkdir()
    source = _source(site, where, budget, writers=writers)
    parts = len(source.bundles())
    out = where / "out"
    out.mkdir()
    index.build_index(out, source)
    source.remove()
    return out / "pagefind", parts


def test_an_index_merged_from_parts_is_the_index_of_one_run(site: Path, tmp_path: Path) -> None:
    whole, one = _index(site, tmp_path / "one", 10**9)
    merged, many = _index(site, tmp_path / "many", 10_000, writers=2)
    assert one == 1 and many > 5
    expected, got = read_index(whole), read_index(merged)
    assert got == expected
    words = got["en"]["words"]
    # The cases a merge must carry: accented spellings from two parts, a filter's pages
    # from two parts, meta fields (title, kind, severity) numbered per part.
    assert [s for s, _ in words["cafe"][1]] == ["café"]
    assert {url for url, _, _ in words["cafe"][1][0][1]} == {"/cafe/", "/cafe-2/"}
    assert got["en"]["filters"]["team"]["Ops"] == ["/cafe-2/", "/cafe/"]
    assert any(meta for _, _, meta in words["sev1"][0])

    # The loader, the wasm and every page's fragment are there.
    def names(bundle: Path) -> list[str]:
        return sorted(re.sub(r"\.en_\w+\.", ".en_*.", p.name) for p in bundle.iterdir())

    assert names(merged) == names(whole)
    assert len(list((merged / "fragment").iterdir())) == len(got["en"]["pages"])


def test_skipped_blocks_are_cut_before_pagefind_reads_the_pages(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind gets the articles without the blocks it would skip (three quarters of an
    incident page): the index is the index of the whole articles, severity and status
    (metadata inside a skipped block) included."""
    page = (site / "incidents" / "0015-hotfix-auth-token" / "index.html").read_text("utf-8")
    kept = index.without_ignored(page)
    assert "pb-checklist" in page and "pb-checklist" not in kept
    assert "Messages to paste" in kept  # the heading stays, the block goes
    assert 'data-pagefind-meta="severity"' in kept
    assert len(kept) < len(page) * 0.7
    cut, _ = _index(site, tmp_path / "cut", 10**9)
    monkeypatch.setattr(index, "without_ignored", lambda html, start=0: html)
    whole, _ = _index(site, tmp_path / "whole", 10**9)
    assert read_index(cut) == read_index(whole)
    pages = read_index(cut)["en"]["pages"]
    assert pages["/incidents/0015-hotfix-auth-token/"][1]["meta"]["severity"].startswith("SEV")


def test_parts_with_different_meta_fields_are_renumbered(site: Path, tmp_path: Path) -> None:
    """A part of policy pages only has no "severity" field; its fields are numbered apart
    from the incidents' parts and must be renumbered in the merged index."""
    whole, _ = _index(site, tmp_path / "one", 10**9)
    merged, parts = _index(site, tmp_path / "many", 4_000)
    assert parts > 10
    assert read_index(merged) == read_index(whole)


def test_a_small_site_is_indexed_in_one_run_straight_into_the_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merged: list[object] = []
    monkeypatch.setattr(bundle, "merge", lambda *args: merged.append(args))
    out, parts = _index(site, tmp_path / "one", 10**9)
    assert parts == 1 and merged == []
    assert (out / "pagefind-entry.json").is_file()


def test_a_part_that_cannot_be_read_fails_by_name(site: Path, tmp_path: Path) -> None:
    where = tmp_path / "bad"
    where.mkdir()
    source = _source(site, where, 10_000)
    chunk = next((source.bundles()[1] / "index").iterdir())
    chunk.write_bytes(gzip.compress(b"pagefind_dcd\x81\x81\xff"))
    out = where / "out"
    out.mkdir()
    with pytest.raises(PlaybookError, match=r"^search index: unexpected data in a part's index"):
        index.build_index(out, source)
    assert not (out / "pagefind").exists()  # no half-written index in the site
    source.remove()
    assert not source.root.exists()


def test_pagefind_failing_on_a_page_fails_the_build_with_its_words(tmp_path: Path) -> None:
    source = index.SearchSource(tmp_path / "site")
    source.add("x/index.html", _page('<article class="md-content__inner">Hello</article>'))
    source.add("y/index.html", _page('<article class="md-content__inner">again</article>'))
    pagefind = source._part[3]
    assert pagefind is not None
    pagefind._process.kill()  # pagefind dies while the build goes on
    with pytest.raises(PlaybookError, match=r"^search index: pagefind (stopped|failed)"):
        for n in range(200):  # the pipe notices once its buffer is full
            source.add(
                f"z{n}/index.html",
                _page(f'<article class="md-content__inner">{"w " * 5000}</article>'),
            )
        index.build_index(tmp_path / "site", source)
    source.remove()
    assert not source.root.exists()


def test_sort_orders_are_left_out_of_a_merged_index(site: Path, tmp_path: Path) -> None:
    merged, parts = _index(site, tmp_path / "many", 40_000)
    assert parts > 1
    entry = json.loads((merged / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = bundle._read(merged / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert meta[4] == []


def test_a_smaller_budget_makes_more_parts_and_each_part_is_written(
    site: Path, tmp_path: Path
) -> None:
    counts = []
    for budget in (10**9, 40_000, 10_000):
        where = tmp_path / str(budget)
        where.mkdir()
        source = _source(site, where, budget)
        bundles = source.bundles()
        assert all((b / "pagefind-entry.json").is_file() for b in bundles)
        counts.append(len(bundles))
        source.remove()
    assert counts[0] == 1 and counts[0] < counts[1] < counts[2], counts


def test_a_site_with_nothing_to_index_gets_an_empty_index(tmp_path: Path) -> None:
    source = index.SearchSource(tmp_path / "site")
    source.add(
        "tags/index.html",
        _page('<article class="md-content__inner" data-pagefind-ignore="all">x</article>'),
    )
    (tmp_path / "site").mkdir()
    index.build_index(tmp_path / "site", source)
    source.remove()
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()
    assert read_index(tmp_path / "site" / "pagefind") == {}
