"""Merge pagefind bundles built from parts of one site into the bundle of the whole site.

Pagefind holds everything it indexes in memory until it writes the bundle: about 650 bytes
per word of text, 1.6 GB for a 10,000-incident site. Indexing the site in parts keeps each
run small; this module joins the parts' bundles so the search box loads one index, as if
pagefind had read the whole site at once.

A bundle (pagefind 1.5) is, per language:

- ``pagefind.<hash>.pf_meta`` — the pages (fragment name, word count), the word-index
  chunks (first word, last word, file), the filter files, the sort orders and the names of
  the meta fields;
- ``index/<hash>.pf_index`` — words in sorted order, each with its pages and, per page,
  word positions (``locs``) and positions in meta fields (``meta_locs``, which name a field
  by its number in the meta's list); page numbers are written as differences from the
  previous page of the same word; a word's accented spellings (``café`` beside ``cafe``)
  follow as variants with pages of their own;
- ``filter/<hash>.pf_filter`` — for each value of a filter, its page numbers;
- ``fragment/<hash>.pf_fragment`` — one page's text and metadata, named by its hash.

Every file but the fragments is gzipped CBOR after the marker ``pagefind_dcd``. Merging
renumbers the pages of each part after those of the parts before it, merges the words of
all parts in one pass over their sorted chunks (one chunk per part in memory at a time) and
re-chunks them as pagefind does. Sort orders (``data-pagefind-sort``) are left out: they
cannot be merged without the values pagefind keeps to itself, and the site's search box
never sorts.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import itertools
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cbor2

from ..errors import PlaybookError

MARKER = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
#: Pagefind closes a word-index chunk once its words hold this many positions and pages.
CHUNK_SIZE = 20000
#: The meta format this merger was written against (``pagefind.<hash>.pf_meta``, six fields).
META_FIELDS = 6


class BundleError(PlaybookError):
    """A part's bundle is not in the layout this merger knows."""


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MARKER):
        raise BundleError(f"search index: {path.name} is not a pagefind index file")
    return cbor2.loads(data[len(MARKER) :])


def _pack(cbor: bytes) -> bytes:
    """An index file's bytes: CBOR after the marker, gzipped as pagefind writes them."""
    # mtime=0: the same index gives the same bytes, so a rebuild does not change the files.
    return gzip.compress(MARKER + cbor, compresslevel=6, mtime=0)


def _encode(value: Any) -> bytes:
    return _pack(cbor2.dumps(value))


def _name(language: str, data: bytes, taken: set[str], length: int = 7) -> str:
    """A file name from the content's hash, as pagefind names its files; longer when the
    short one is taken."""
    digest = hashlib.sha1(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    name = f"{language}_{digest[:length]}"
    taken.add(name)
    return name


# -- reading word-index chunks without decoding every position ----------------------------
#
# A 10,000-incident index holds millions of word positions; decoding them all into Python
# lists and encoding them again took longer than pagefind's own run. The positions of a
# page never change in a merge, only the page numbers do, so a page's entry is found with
# one regular expression (the C engine steps over its integers) and copied as bytes. The
# layout of an entry, in CBOR: array(3) [uint page-delta, array locs, array meta_locs];
# both arrays hold integers only.

_UINT = rb"(?:[\x00-\x17]|\x18.|\x19..|\x1a....)"
_HEAD = rb"(?:[\x80-\x97]|\x98.|\x99..|\x9a....)"
_INTS = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38].|[\x19\x39]..|[\x1a\x3a]....)*"
#: What follows an entry's page number: its positions, then its meta-field positions.
_ARRAYS = _HEAD + _INTS + _HEAD + _INTS
#: One page's entry; group 1 is its page number, group 2 the rest.
_PAGE = re.compile(rb"\x83(" + _UINT + rb")(" + _ARRAYS + rb")", re.S)
#: The entries of all the pages of one word, one after the other.
_PAGES = re.compile(rb"(?:\x83" + _UINT + _ARRAYS + rb")*", re.S)
#: An entry's page number and the head of its positions array (their count), as one group.
_NUMBER = re.compile(rb"\x83(" + _UINT + _HEAD + rb")" + _INTS + _HEAD + _INTS, re.S)
_SIZES = {24: 1, 25: 2, 26: 4, 27: 8}


def _number(buf: bytes, at: int) -> tuple[int, int]:
    """The argument of the CBOR head at ``at`` (a count, a length or an unsigned
    integer) and where the item after the head starts."""
    info = buf[at] & 0x1F
    if info < 24:
        return info, at + 1
    size = _SIZES.get(info)
    if size is None:
        raise BundleError("search index: unexpected data in a part's index")
    return int.from_bytes(buf[at + 1 : at + 1 + size], "big"), at + 1 + size


def _numbers_and_counts(found: list[bytes]) -> tuple[bytes | list[int], int]:
    """The page numbers of a word's entries (page number and positions head, as
    ``_NUMBER`` finds them) and the sum of their positions counts.

    Nearly always each is one byte (a page number below 24 after the one before, under 24
    positions): then both are read from the joined bytes without a Python step per page,
    which is most of a merge's time at thousands of pages."""
    joined = b"".join(found)
    if len(joined) == 2 * len(found):
        return joined[0::2], sum(joined[1::2]) - 0x80 * len(found)
    numbers, counts = [], 0
    for entry in found:
        number, after = _number(entry, 0)
        numbers.append(number)
        counts += _number(entry, after)[0]
    return numbers, counts


def _head(major: int, value: int) -> bytes:
    """A CBOR head: major type and argument."""
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise BundleError("search index: number too large")


@dataclass
class _Pages:
    """One word's (or spelling's) pages in one part, kept as the part wrote them."""

    count: int
    #: The first page's number in the part and the bytes of its entry after the number.
    first: int
    first_rest: bytes
    #: The other pages' entries, verbatim.
    tail: bytes
    #: The last page's number in the part.
    last: int
    #: Positions and pages, as pagefind counts a chunk's size.
    size: int


@dataclass
class _Part:
    """One part's index of one language."""

    folder: Path
    meta: list[Any]
    #: Page number of this part's first page in the merged index.
    offset: int = 0
    #: This part's meta-field numbers → the merged index's.
    fields: list[int] = field(default_factory=list)
    #: Do they differ (a part without some field), so its entries must be rewritten?
    renumbers_fields: bool = False

    def words(self, index: int) -> Iterator[tuple[str, int, _Pages, list[tuple[str, _Pages]]]]:
        """(word, ``index``, its pages, its spellings' pages) for every word of the part,
        in sorted order."""
        previous = ""
        for chunk in self.meta[2]:  # in word order, each sorted
            data = gzip.decompress((self.folder / "index" / f"{chunk[2]}.pf_index").read_bytes())
            if not data.startswith(MARKER + b"\x81"):
                raise BundleError("search index: a part's index file is not pagefind's")
            count, at = _number(data, len(MARKER) + 1)
            for _ in range(count):
                if data[at] != 0x83:
                    raise BundleError("search index: unexpected data in a part's index")
                word, at = self._text(data, at + 1)
                if word < previous:
                    raise BundleError("search index: a part's words are not in order")
                previous = word
                pages, at = self._pages(data, at)
                spellings = []
                variants, at = _number(data, at)
                for _ in range(variants):
                    spelling, at = self._text(data, at + 1)  # array(2) [text, pages]
                    its_pages, at = self._pages(data, at)
                    spellings.append((spelling, its_pages))
                yield word, index, pages, spellings

    @staticmethod
    def _text(data: bytes, at: int) -> tuple[str, int]:
        length, at = _number(data, at)
        return data[at : at + length].decode("utf-8"), at + length

    def _pages(self, data: bytes, at: int) -> tuple[_Pages, int]:
        count, at = _number(data, at)
        if not count:
            return _Pages(0, 0, b"", b"", 0, 0), at
        end = _PAGES.match(data, at).end()  # type: ignore[union-attr]  # always matches
        found = _NUMBER.findall(data, at, end)
        first = _PAGE.match(data, at)
        if len(found) != count or first is None:
            raise BundleError("search index: unexpected data in a part's index")
        numbers, counts = _numbers_and_counts(found)
        first_rest = first.group(2)
        tail = data[first.end() : end]
        if self.renumbers_fields:
            first_rest = self._renumber_fields(first_rest)
            tail = b"".join(
                b"\x83" + m.group(1) + self._renumber_fields(m.group(2))
                for m in _PAGE.finditer(tail)
            )
        size = count + counts  # pagefind's measure
        return _Pages(count, numbers[0], first_rest, tail, sum(numbers), size), end

    def _renumber_fields(self, rest: bytes) -> bytes:
        """A page entry's position arrays with meta-field numbers of the merged index."""
        locs, meta_locs = cbor2.loads(b"\x82" + rest)
        meta_locs = [-(self.fields[-loc - 1] + 1) if loc < 0 else loc for loc in meta_locs]
        return cbor2.dumps(locs) + cbor2.dumps(meta_locs)


def _merge_words(parts: list[_Part]) -> Iterator[tuple[str, bytes, int]]:
    """The merged entries of all parts' words, in sorted order: (word, CBOR entry, size)."""
    streams = [part.words(index) for index, part in enumerate(parts)]
    current: str | None = None
    group: list[tuple[_Part, _Pages, list[tuple[str, _Pages]]]] = []
    for word, index, pages, spellings in heapq.merge(*streams, key=lambda w: (w[0], w[1])):
        if word != current and group:
            yield _join(current, group)  # type: ignore[arg-type]
            group = []
        current = word
        group.append((parts[index], pages, spellings))
    if group:
        yield _join(current, group)  # type: ignore[arg-type]


def _pages_bytes(runs: list[tuple[_Part, _Pages]]) -> tuple[bytes, int]:
    """The pages of one word across parts, numbered in the merged index, and their size."""
    out = [_head(4, sum(pages.count for _, pages in runs))]
    last = 0
    size = 0
    for part, pages in runs:
        if not pages.count:
            continue
        first = part.offset + pages.first
        out += [b"\x83", _head(0, first - last), pages.first_rest, pages.tail]
        last = part.offset + pages.last
        size += pages.size
    return b"".join(out), size


def _join(
    word: str, group: list[tuple[_Part, _Pages, list[tuple[str, _Pages]]]]
) -> tuple[str, bytes, int]:
    encoded = word.encode("utf-8")
    pages, size = _pages_bytes([(part, pages) for part, pages, _ in group])
    spellings: dict[str, list[tuple[_Part, _Pages]]] = {}
    for part, _, part_spellings in group:
        for spelling, its_pages in part_spellings:
            spellings.setdefault(spelling, []).append((part, its_pages))
    out = [b"\x83", _head(3, len(encoded)), encoded, pages, _head(4, len(spellings))]
    for spelling, runs in spellings.items():
        text = spelling.encode("utf-8")
        its_pages_bytes, its_size = _pages_bytes(runs)
        out += [b"\x82", _head(3, len(text)), text, its_pages_bytes]
        size += its_size
    return word, b"".join(out), size


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest prefixes that still tell the last word of a chunk from the first word
    of the next (pagefind's chunk bounds)."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[: common + 1], b[: common + 1]


def _write_chunks(
    entries: Iterator[tuple[str, bytes, int]], folder: Path, language: str
) -> list[list[str]]:
    (folder / "index").mkdir(parents=True, exist_ok=True)
    chunks: list[list[str]] = []
    taken: set[str] = set()
    pending: list[bytes] = []
    bounds = ["", ""]
    size = 0

    def flush() -> None:
        data = _pack(b"\x81" + _head(4, len(pending)) + b"".join(pending))
        name = _name(language, data, taken)
        (folder / "index" / f"{name}.pf_index").write_bytes(data)
        chunks.append([bounds[0], bounds[1], name])

    for word, entry, entry_size in entries:
        if not pending:
            bounds[0] = word
        pending.append(entry)
        bounds[1] = word
        size += entry_size
        if size >= CHUNK_SIZE:
            flush()
            pending, size = [], 0
    if pending:
        flush()
    for before, after in itertools.pairwise(chunks):
        before[1], after[0] = _prefixes(before[1], after[0])
    return chunks


def _merge_filters(parts: list[_Part], folder: Path, language: str) -> list[list[str]]:
    merged: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, file in part.meta[3]:
            _, values = _read(part.folder / "filter" / f"{file}.pf_filter")
            into = merged.setdefault(name, {})
            for value, pages in values:
                into.setdefault(value, []).extend(part.offset + page for page in pages)
    if not merged:
        return []
    (folder / "filter").mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    out = []
    for name in sorted(merged):
        data = _encode([name, [[value, pages] for value, pages in merged[name].items()]])
        file = _name(language, data, taken)
        (folder / "filter" / f"{file}.pf_filter").write_bytes(data)
        out.append([name, file])
    return out


def _meta_file(folder: Path, hash_: str) -> Path:
    return folder / f"pagefind.{hash_}.pf_meta"


def merge(folders: list[Path], out: Path) -> None:
    """Write to ``out`` the bundle of the pages indexed in ``folders`` (pagefind bundles
    of disjoint parts of one site). The pages' fragments are moved out of the parts; the
    loader, the wasm files and the rest are copied from the first part."""
    entries = [json.loads((folder / ENTRY).read_text(encoding="utf-8")) for folder in folders]
    out.mkdir(parents=True, exist_ok=True)
    for item in folders[0].iterdir():
        if item.is_file() and not item.name.endswith(".pf_meta") and item.name != ENTRY:
            shutil.copyfile(item, out / item.name)
    (out / "fragment").mkdir(exist_ok=True)
    entry: dict[str, Any] = {**entries[0], "languages": {}}
    fragments: set[str] = set()
    languages = sorted({language for e in entries for language in e["languages"]})
    for language in languages:
        parts = []
        first_about: dict[str, Any] | None = None
        for folder, e in zip(folders, entries, strict=True):
            about = e["languages"].get(language)
            if about is None:
                continue
            first_about = first_about or about
            meta = _read(_meta_file(folder, about["hash"]))
            if len(meta) != META_FIELDS:
                raise BundleError(f"search index: unknown pagefind index layout ({meta[0]})")
            parts.append(_Part(folder, meta))
            wasm = folder / f"wasm.{about['wasm']}.pagefind"
            if wasm.is_file():
                shutil.copyfile(wasm, out / wasm.name)
        names = sorted({name for part in parts for name in part.meta[5]})
        pages: list[list[Any]] = []
        for part in parts:
            part.offset = len(pages)
            part.fields = [names.index(name) for name in part.meta[5]]
            part.renumbers_fields = part.fields != list(range(len(part.fields)))
            for fragment, word_count in part.meta[1]:
                source = part.folder / "fragment" / f"{fragment}.pf_fragment"
                name = fragment
                if name in fragments:  # two parts' pages with the same short hash
                    name = _name(language, source.read_bytes(), fragments)
                fragments.add(name)
                source.replace(out / "fragment" / f"{name}.pf_fragment")
                pages.append([name, word_count])
        chunks = _write_chunks(_merge_words(parts), out, language)
        filters = _merge_filters(parts, out, language)
        data = _encode([parts[0].meta[0], pages, chunks, filters, [], names])
        hash_ = _name(language, data, set(), length=10)
        _meta_file(out, hash_).write_bytes(data)
        assert first_about is not None  # the language comes from some part's entry
        entry["languages"][language] = {
            **first_about,
            "hash": hash_,
            "page_count": len(pages),
        }
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
