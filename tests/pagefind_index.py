"""Read a pagefind bundle back into what it means, so two bundles can be compared.

Two builds of one site index the same pages, words and positions, but a bundle merged from
parts numbers its pages and cuts its chunks differently from one pagefind run: the files
differ, the index does not. :func:`read_index` decodes every language's pages (by URL),
words (page URL → positions, positions in meta fields by field name), accented spellings
and filters, checking on the way what pagefind's loader relies on: words in order, each
within its chunk's bounds, page numbers in range, a fragment for every page.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import cbor2

MARKER = b"pagefind_dcd"


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(MARKER), path
    return cbor2.loads(data[len(MARKER) :])


def _pages(entries: list[Any], urls: list[str], fields: list[str]) -> list[Any]:
    number = 0
    out = []
    for delta, locs, meta_locs in entries:
        number += delta
        assert 0 <= number < len(urls), f"page {number} of {len(urls)}"
        named = [fields[-loc - 1] if loc < 0 else loc for loc in meta_locs]
        out.append((urls[number], tuple(locs), tuple(named)))
    return sorted(out)


def read_index(bundle: Path) -> dict[str, Any]:
    """language → {"pages": {url: (word count, fragment)}, "words": {...}, "filters": {...}}."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for language, about in entry["languages"].items():
        meta = _read(bundle / f"pagefind.{about['hash']}.pf_meta")
        _, pages, chunks, filters, _, fields = meta
        assert about["page_count"] == len(pages)
        urls = []
        fragments = {}
        for name, _ in pages:
            data = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
            fragment = json.loads(data[len(MARKER) :])
            urls.append(fragment["url"])
            fragments[fragment["url"]] = fragment
        words: dict[str, Any] = {}
        previous = ""
        for low, high, name in chunks:
            for word, its_pages, spellings in _read(bundle / "index" / f"{name}.pf_index")[0]:
                assert word > previous, (previous, word)
                assert low <= word[: len(low)] and word[: len(high)] <= high, (low, high, word)
                previous = word
                words[word] = (
                    _pages(its_pages, urls, fields),
                    sorted((s, tuple(_pages(p, urls, fields))) for s, p in spellings),
                )
        named_filters = {}
        for name, file in filters:
            _, values = _read(bundle / "filter" / f"{file}.pf_filter")
            named_filters[name] = {value: sorted(urls[p] for p in ps) for value, ps in values}
        out[language] = {
            # What a result shows: its text, title and kind, its sections, and its size.
            "pages": {
                url: (count, fragments[url]) for url, (_, count) in zip(urls, pages, strict=True)
            },
            "words": words,
            "filters": named_filters,
        }
    return out
