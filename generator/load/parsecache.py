"""Parsed record files kept between runs, keyed by their text.

Composing YAML is most of loading a large project (libyaml builds a node per value, and
positions are kept for every one): some 0.4 ms a record, while the data it yields reads
back from JSON in a twentieth of that. So the data of every record that parsed cleanly
(no problem at all, every scalar typed by :func:`~generator.load.yamlsource.resolve_plain`)
is kept under a hash of the file's text, and a file whose text hashes the same is not
parsed again. Only the data is kept: positions are still found from the text itself when a
rule needs one, and validation and rules run as before.

The cache lives in the user's cache folder (``$PLAYBOOK_CACHE_DIR``, else
``$XDG_CACHE_HOME/playbook``, else ``~/.cache/playbook``), never in the project: it says
what files contain, so a copy committed to a repository could make a build publish other
content than its records hold. It is keyed by the code that parses (the reader's source
and PyYAML's version) as well, so a change to how YAML is read empties it. Deleting it is
always safe, and where it cannot be read or written loading simply parses everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from ..errors import PlaybookError
from .yamlsource import WrittenFloat, WrittenInt, resolve_plain

#: Bump when what is stored changes.
_FORMAT = 1
#: Cache files of projects not loaded for this long are removed when another is written.
_STALE_SECONDS = 30 * 86400
#: A plain scalar typed as a number is stored as the text it was written as, in a
#: mapping with this one key; no record can hold the key itself (control characters are
#: refused before anything is cached).
_WRITTEN = "\x00"


def cache_dir() -> Path | None:
    """Where the cache files go, or None when there is no home to put them in."""
    explicit = os.environ.get("PLAYBOOK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "playbook"
    try:
        return Path.home() / ".cache" / "playbook"
    except RuntimeError:
        return None


def _code_key() -> str:
    import yaml

    from . import yamlsource

    try:
        source = Path(yamlsource.__file__).read_bytes()
    except OSError:
        source = b"?"
    digest = hashlib.sha256(source).hexdigest()[:16]
    return f"{_FORMAT}:{yaml.__version__}:{digest}"


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def encode(value: Any) -> Any:
    """``value`` as JSON data that :func:`decode` turns back into an equal value of the same
    types; None for anything else (such a file is not cached)."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is dict:
        out = {}
        for key, item in value.items():
            coded = encode(item)
            if coded is None and item is not None:
                return None
            out[key] = coded
        return out
    if kind is list:
        items = [encode(item) for item in value]
        if any(c is None and v is not None for c, v in zip(items, value, strict=True)):
            return None
        return items
    if kind is WrittenInt or kind is WrittenFloat:
        return {_WRITTEN: value.text}
    return None


def _decode_mapping(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and _WRITTEN in mapping:
        return resolve_plain(mapping[_WRITTEN])
    return mapping


def decode(stored: str) -> Any:
    """The data a stored entry holds (see :func:`encode`)."""
    return json.loads(stored, object_hook=_decode_mapping)


class ParseCache:
    """The cached data of one project's records; :meth:`save` keeps what this run used.

    Each entry is kept as its own JSON text, so reading the cache file is one quick parse
    of a thousand strings and each record's data is decoded only when it is asked for.
    """

    def __init__(self, file: Path | None, code: str, entries: dict[str, Any]) -> None:
        self.file = file
        self.code = code
        self.entries = entries
        self.used: dict[str, str] = {}

    @classmethod
    def open(cls, root: Path) -> ParseCache:
        folder = cache_dir()
        code = _code_key()
        if folder is None:
            return cls(None, code, {})
        name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
        file = folder / f"parsed-{name[:24]}.json"
        try:
            stored = json.loads(file.read_bytes())
        except (OSError, ValueError):
            return cls(file, code, {})
        ok = isinstance(stored, dict) and stored.get("code") == code
        entries = stored.get("files") if ok else None
        return cls(file, code, entries if isinstance(entries, dict) else {})

    def get(self, key: str) -> Any:
        """The data stored for a text with this key, or None."""
        stored = self.entries.get(key)
        if not isinstance(stored, str):
            return None
        try:
            data = decode(stored)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        self.used[key] = stored
        return data

    def put(self, key: str, data: Any) -> None:
        """Keep ``data`` (a cleanly parsed document's) under ``key``, if it can be."""
        coded = encode(data)
        if isinstance(coded, dict):
            self.used[key] = json.dumps(coded, ensure_ascii=False)

    def save(self) -> None:
        """Write the entries this run used, if they differ from what was read."""
        if self.file is None or self.used.keys() == self.entries.keys():
            return
        from ..files import write_atomic

        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"code": self.code, "files": self.used}, ensure_ascii=False)
            write_atomic(self.file, text)
        except (OSError, PlaybookError, ValueError):
            return
        _prune(self.file.parent, keep=self.file)


def _prune(folder: Path, keep: Path) -> None:
    """Remove the cache files of projects nobody has loaded for a month."""
    limit = time.time() - _STALE_SECONDS
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if (
                    entry.name.startswith("parsed-")
                    and entry.name != keep.name
                    and entry.stat().st_mtime < limit
                ):
                    os.unlink(entry.path)
    except OSError:
        return
