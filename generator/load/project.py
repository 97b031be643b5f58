"""Load a playbook project: policy, playbooks and incident records, with all problems.

Layout (relative to the project root)::

    playbooks/policy/*.yaml      policy sections (severities, flows, checklists, …)
    playbooks/workflows/*.yaml   playbook pages (hotfix, normal, rollback, your own)
    playbooks/incidents/*.yaml   one record per incident, NNNN-slug.yaml

:func:`load_project` never raises on bad content: files that fail are left out of the
result and their problems are collected. Callers decide what problems mean.
"""

from __future__ import annotations

import gc
import os
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.common import invisible_char
from ..model.incident import Incident
from ..model.playbook import Playbook
from ..model.policy import REQUIRED_SECTIONS, Policy, PolicyFile
from ..problems import Problem, ProblemSink
from . import parsepool

# Re-exported: code that loads a project reads its layout from here too.
from .layout import CONTENT_DIR as CONTENT_DIR
from .layout import INCIDENTS_DIR as INCIDENTS_DIR
from .layout import POLICY_DIR as POLICY_DIR
from .layout import WORKFLOWS_DIR as WORKFLOWS_DIR
from .layout import display_path as display_path
from .layout import find_root as find_root
from .layout import outside as outside
from .modelcheck import check_model
from .yamlsource import BOM, MAX_FILE_BYTES, Document, SourceMap, load_file


@dataclass
class Record:
    """A valid incident record and where it came from."""

    path: str
    incident: Incident
    source: SourceMap


@dataclass
class Project:
    root: Path
    policy: Policy | None = None
    #: Which file (and positions) each policy section came from.
    policy_sources: dict[str, tuple[str, SourceMap]] = field(default_factory=dict)
    playbooks: dict[str, tuple[str, Playbook, SourceMap]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Numbers (from file names) of incident files that failed to load: references to
    #: them are not reported again, the file's own problems already say what is wrong.
    unloaded: set[int] = field(default_factory=set)

    def record(self, number: int) -> Record | None:
        return next((r for r in self.records if r.incident.number == number), None)


def _yaml_files(root: Path, folder: Path, problems: list[Problem], shown: str) -> list[Path]:
    """The YAML files of ``folder``, sorted.

    A ``*.yaml`` entry that is not a readable regular file (a folder, a dangling or looping
    link) is reported under the folder's display path ``shown`` rather than silently skipped:
    the user meant it to be a record. So is a link that leads out of the project: it is not
    read, since publishing whatever file a link points at is how a site leaks ``/etc`` or a
    colleague's home. A file name holding a control or invisible character is read, and its
    name reported.
    """
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            # A file (or broken link) where the folder should be: every record would
            # vanish from the site without a word.
            ProblemSink(shown, problems).error(
                (1, 1),
                "is not a folder; records and playbooks live in a folder here",
                "not-a-folder",
            )
        return []
    # Only links can lead out of a folder that lies inside the project; resolving every
    # file of a large folder would cost more than parsing it.
    inside = not outside(root, folder)
    files = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.endswith((".yaml", ".yml")):
                _unread(entry, f"{shown}/{entry.name}", problems)
                continue
            path = folder / entry.name
            sink = ProblemSink(f"{shown}/{entry.name}", problems)
            name_problem = bad_file_name(entry.name)
            if name_problem is not None:
                sink.error((1, 1), name_problem, "file-name-chars")
            if not path.is_file():
                sink.warning(
                    (1, 1),
                    "not a regular file (a folder, a pipe, a device or a broken link); "
                    "it is ignored",
                    "file-ignored",
                )
            elif (not inside or entry.is_symlink()) and outside(root, path):
                sink.error(
                    (1, 1),
                    "is a link to a file outside the project; it is not read "
                    "(copy the file into the project instead)",
                    "file-outside-project",
                )
            else:
                files.append(path)
    return sorted(files)


#: A name like a record's (``0024-login-errors``) without the extension.
_RECORD_NAME = re.compile(r"^\d{4,5}-[^.]+$")


def _unread(entry: os.DirEntry[str], shown: str, problems: list[Problem]) -> None:
    """Warn about an entry of a records folder that looks meant to be read but never is: a
    file named *.YAML, a subfolder holding YAML files (records filed by year), or a
    record's name without its extension. Other files (a README, .gitkeep) pass without a
    word."""
    if entry.name.lower().endswith((".yaml", ".yml")):
        # 0020-x.YAML: meant as a record, never read (and `new-incident` would hand its
        # number out again).
        ProblemSink(shown, problems).warning(
            (1, 1),
            "is not read: the extension must be .yaml or .yml, in lower case",
            "file-ignored",
        )
    if entry.name.startswith("."):
        return
    try:
        if entry.is_dir():
            with os.scandir(entry.path) as inner:
                held = any(e.name.lower().endswith((".yaml", ".yml")) for e in inner)
            if held:
                ProblemSink(shown, problems).warning(
                    (1, 1),
                    "is a folder holding YAML files, which are not read: records and "
                    "playbooks live directly in this folder, not in subfolders",
                    "file-ignored",
                )
        elif _RECORD_NAME.match(entry.name):
            ProblemSink(shown, problems).warning(
                (1, 1),
                "is not read: a record's file name ends in .yaml",
                "file-ignored",
            )
    except OSError:
        return


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def bad_file_name(name: str) -> str | None:
    """Why a file name is refused, or None: it holds a control character (which once forged
    CI annotations), a bidi override or an invisible format character (which make it print
    as something else than it is)."""
    if any("\udc80" <= c <= "\udcff" for c in name):
        # Bytes that are not UTF-8, as the file system hands them over (PEP 383).
        return "file name is not valid UTF-8; rename the file"
    found = _CONTROL.search(name)
    if found is not None:
        char = f"U+{ord(found.group()):04X}"
    else:
        invisible = invisible_char(name)
        if invisible is None:
            return None
        char = invisible.split(" ", 1)[0]
    return f"file name holds the control or invisible character {char}; rename the file"


def _load(root: Path, file: Path, problems: list[Problem]) -> Document | None:
    return _usable(load_file(file, display_path(root, file)), problems)


def _usable(doc: Document, problems: list[Problem]) -> Document | None:
    problems.extend(doc.problems)
    return doc if doc.sound else None


def load_policy(project: Project) -> None:
    """Merge every policy file's sections into one :class:`Policy`."""
    root = project.root
    merged: dict[str, Any] = {}
    files = _yaml_files(root, root / POLICY_DIR, project.problems, POLICY_DIR)
    unread = False
    for file in files:
        doc = _load(root, file, project.problems)
        if doc is None:
            unread = True
            continue
        sink = ProblemSink(doc.path, project.problems)
        part = check_model(doc, PolicyFile, sink)
        if part is None:
            unread = True
            continue
        for name in PolicyFile.model_fields:
            value = getattr(part, name)
            if value is None:
                continue
            if name in project.policy_sources:
                first = project.policy_sources[name][0]
                sink.error(
                    doc.source.locate((name,), key=True),
                    f"policy section {name!r} is already defined in {first}",
                    "policy-duplicate-section",
                )
                continue
            merged[name] = value
            project.policy_sources[name] = (doc.path, doc.source)
    missing = [s for s in REQUIRED_SECTIONS if s not in merged]
    if missing and not any(p.path.startswith(POLICY_DIR) for p in project.problems):
        where = POLICY_DIR if files else f"{POLICY_DIR}/"
        ProblemSink(where, project.problems).error(
            (1, 1),
            f"policy lacks section(s) {', '.join(missing)}",
            "policy-missing-section",
        )
    if not missing:
        # Each section was validated with its file (PolicyFile's fields have Policy's
        # types) and Policy checks nothing across sections: building Policy's own validator
        # to check them all again would cost a short command more than reading the policy.
        project.policy = Policy.model_construct(**merged)
        project.policy._unread = unread


def load_playbooks(project: Project) -> None:
    root = project.root
    for file in _yaml_files(root, root / WORKFLOWS_DIR, project.problems, WORKFLOWS_DIR):
        doc = _load(project.root, file, project.problems)
        if doc is None:
            continue
        sink = ProblemSink(doc.path, project.problems)
        book = check_model(doc, Playbook, sink)
        if book is None:
            continue
        if book.id != file.stem:
            sink.error(
                doc.source.locate(("id",)),
                f"playbook id {book.id!r} must match its file name {file.stem!r}",
                "file-name",
            )
        project.playbooks[book.id] = (doc.path, book, doc.source)


def load_record(
    root: Path, file: Path, problems: list[Problem], display: str | None = None
) -> Record | None:
    """Parse and schema-check one incident file (``display``: its path as shown)."""
    return _record(load_file(file, display or display_path(root, file)), problems)


def _record(loaded: Document, problems: list[Problem]) -> Record | None:
    doc = _usable(loaded, problems)
    if doc is None:
        return None
    incident = check_model(doc, Incident, ProblemSink(doc.path, problems))
    return None if incident is None else Record(doc.path, incident, doc.source)


#: Below this many records reading and writing the parse cache costs about what it saves
#: (and a short command's start-up does not pay for importing it).
PARSE_CACHE_MIN_FILES = 100


def load_incident_files(
    root: Path, names: Sequence[str], problems: list[Problem]
) -> list[Record | None]:
    """Parse and schema-check these files of the incidents folder (none of them a link), in
    order, as a whole-project load does: over all cores when there are many, and files
    unchanged since an earlier run from the parse cache. None for a file that did not load
    (its problems are in ``problems``)."""
    folder = root / INCIDENTS_DIR
    shown = display_path(root, folder)
    docs = _parse_cached([folder / name for name in names], shown, root)
    return [_record(doc, problems) for doc in docs]


def _clean_text(file: Path) -> str | None:
    """The file's text when it reads and decodes without a problem, else None (then
    :func:`load_file` reads it again and reports what is wrong)."""
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            return None
        return file.read_bytes().removeprefix(BOM).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _parse_cached(files: list[Path], folder: str, root: Path) -> Iterator[Document]:
    """:func:`_parse_many`, taking the data of files whose text is unchanged since an
    earlier run from the parse cache (:mod:`generator.load.parsecache`)."""
    if len(files) < PARSE_CACHE_MIN_FILES:
        yield from _parse_many(files, folder)
        return
    from . import parsecache

    cache = parsecache.ParseCache.open(root)
    if cache.file is None:
        yield from _parse_many(files, folder)
        return
    found: list[Document | None] = []
    missed: list[Path] = []
    for file in files:
        if not cache.entries:
            # A first run: every file is parsed; reading each one here first would be waste.
            found.append(None)
            missed.append(file)
            continue
        text = _clean_text(file)
        data = None if text is None else cache.get(parsecache.text_key(text))
        if text is None or data is None:
            found.append(None)
            missed.append(file)
        else:
            # What load_text returns for a file that parsed cleanly: positions are found
            # from the text itself when a problem needs one.
            found.append(Document(f"{folder}/{file.name}", data, SourceMap(text=text), [], text))
    parsed = _parse_many(missed, folder)
    for doc in found:
        if doc is None:
            doc = next(parsed)
            if doc.data is not None and not doc.problems and isinstance(doc.data, dict):
                cache.put(parsecache.text_key(doc.text), doc.data)
        yield doc
    cache.save()


def _parse_many(files: list[Path], folder: str) -> Iterator[Document]:
    """Parse files in order, over all cores when there are many (:mod:`.parsepool`): taken
    from a parse a build started early, when it was of these very files."""
    early = parsepool.take(files)
    if early is not None:
        yield from early
        return
    # Forking while another thread holds a lock (a server, a file watcher) can hang the
    # child; such callers parse in this process.
    parsing = parsepool.start(files, folder) if threading.active_count() == 1 else None
    if parsing is None:
        yield from parsepool.parse_all(files, folder)
        return
    yield from parsing


_LEADING_NUMBER = re.compile(r"^(\d+)-")


def load_records(project: Project) -> None:
    folder = project.root / INCIDENTS_DIR
    # Every file is in this one folder: name it once instead of resolving each path.
    shown = display_path(project.root, folder)
    files = _yaml_files(project.root, folder, project.problems, shown)
    for doc in _parse_cached(files, shown, project.root):
        record = _record(doc, project.problems)
        if record is not None:
            project.records.append(record)
        else:
            number = _LEADING_NUMBER.match(doc.path.rsplit("/", 1)[-1])
            if number:
                project.unloaded.add(int(number.group(1)))


def load_project(root: Path, extra_records: Sequence[Path] = ()) -> Project:
    """Load everything under ``root``: the files' own problems (YAML, schema) are in the
    result; rules are the check stage's (:func:`generator.check.load_checked`).

    ``extra_records`` are incident files outside ``playbooks/incidents/`` (a draft, a file
    under review) loaded as if they were part of the project.
    """
    with collector_paused():
        project = Project(root=root)
        load_policy(project)
        load_playbooks(project)
        load_records(project)
        for file in extra_records:
            record = load_record(root, file, project.problems)
            if record is not None:
                project.records.append(record)
    return project


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while many records are loaded (and their facts
    computed): that allocates millions of small objects that are not cyclic garbage, and
    the collector's passes over the growing set of kept records cost a fifth of the run."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
