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
content than its records hold. A cache folder that lies inside the project (set to
``docs/``, a build published every record's text at the site root) is not used: the
project is parsed without a cache and a note says why. It is keyed by the code that parses
(the reader's source and PyYAML's version) as well, so a change to how YAML is read empties
it. Deleting it is always safe, and where it cannot be read (missing, damaged, not a
regular file) or written, loading simply parses everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import PlaybookError
from ..files import read_cache
from ..terminal import visible
from .yamlsource import WrittenFloat, WrittenInt, resolve_plain

#: Bump when what is stored changes.
_FORMAT = 1
#: Cache files of projects not loaded for this long are removed when another is written.
_STALE_SECONDS = 30 * 86400


def _location() -> tuple[Path, str] | None:
    """The cache folder and the setting it comes from, or None for no cache: no home to
    put it in, or a CI run, which starts on a fresh machine where nothing written would
    ever be read again (writing it would only add to every build)."""
    explicit = os.environ.get("PLAYBOOK_CACHE_DIR")
    if explicit:
        return Path(explicit), "$PLAYBOOK_CACHE_DIR"
    if os.environ.get("CI"):
        return None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "playbook", "$XDG_CACHE_HOME"
    try:
        return Path.home() / ".cache" / "playbook", "the default, ~/.cache/playbook"
    except RuntimeError:
        return None


def cache_dir() -> Path | None:
    """Where the cache files go, or None for no cache (see :func:`_location`)."""
    found = _location()
    return None if found is None else found[0]


def _place(root: Path) -> tuple[Path | None, str | None]:
    """The cache file of the project at ``root`` (None where no cache is kept), and a note
    to show when a configured folder is not used because it lies inside the project."""
    found = _location()
    if found is None:
        return None, None
    folder, source = found
    try:
        project, where = root.resolve(), folder.resolve()
    except (OSError, RuntimeError, ValueError):
        return None, None
    if where == project or where.is_relative_to(project):
        return None, (
            f"note: cache folder {visible(where)} (from {source}) is inside the project; "
            "not using it, every record is parsed"
        )
    name = hashlib.sha256(str(project).encode("utf-8", "surrogatepass")).hexdigest()
    return folder / f"parsed-{name[:24]}.json", None


def cache_file(root: Path) -> Path | None:
    """The cache file of the project at ``root``, or None where no cache is kept: none is
    configured, or the folder lies inside the project."""
    return _place(root)[0]


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


class _Unstorable(Exception):
    """A value of a type the cache does not keep (see :func:`encode`)."""


def encode(data: Any) -> str | None:
    """``data`` as JSON text that :func:`decode` turns back into an equal value of the same
    types, or None when it holds anything but mappings, lists, text, booleans, nulls and
    numbers as :func:`~generator.load.yamlsource.resolve_plain` types them.

    A number is stored as the text it was written as, beside the data with the path to it
    (records hold a handful), so reading an entry back is one JSON parse and a few steps.
    """
    numbers: list[list[Any]] = []

    def walk(value: Any, path: tuple[str | int, ...]) -> Any:
        kind = type(value)
        if kind is str or kind is bool or value is None:
            return value
        if kind is dict:
            return {key: walk(item, (*path, key)) for key, item in value.items()}
        if kind is list:
            return [walk(item, (*path, i)) for i, item in enumerate(value)]
        if kind is WrittenInt or kind is WrittenFloat:
            numbers.append([*path, value.text])
            return None
        raise _Unstorable

    try:
        plain = walk(data, ())
    except _Unstorable:
        return None
    return json.dumps([plain, numbers], ensure_ascii=False)


def decode(stored: str) -> Any:
    """The data an entry made by :func:`encode` holds; ValueError when it is damaged."""
    try:
        data, numbers = json.loads(stored)
        for *path, text in numbers:
            if not isinstance(text, str):
                raise TypeError(text)
            target = data
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = resolve_plain(text)
    except (TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        # A damaged entry (cut short, nested too deep for the parser, of another shape)
        # is one that is not there: the file is parsed.
        raise ValueError("damaged cache entry") from exc
    return data


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
        file, note = _place(root)
        if note is not None:
            # Said where the cache would be used, once a load: not by every cache_file().
            print(note, file=sys.stderr)
        code = _code_key()
        if file is None:
            return cls(None, code, {})
        stored = read_cache(file)
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
        if coded is not None:
            self.used[key] = coded

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
