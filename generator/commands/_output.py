"""Where commands write: refuse a target that holds sources, then replace it all at once.

:func:`check_target` runs before anything is created. A mistyped ``--site-dir playbooks`` once
replaced every record with the built site and exited 0; now every command that writes or
deletes a folder or file (``build``, ``generate``, ``export``, ``schema``, ``init``) refuses a
target that

- is, contains or lies inside ``playbooks/`` or the MkDocs docs folder (the sources);
- is or contains the folder of ``mkdocs.yml`` or the repository root (outputs such as
  ``site/`` and ``schemas/`` live *inside* those, which is fine);
- holds files the command did not write (a marker from an earlier run is fine).

A file target (``export --out``) goes through :func:`check_file_target` too: it must be absent
or a regular file that begins like the command's own output. ``export --out`` once replaced
a device node, an empty ``.gitkeep`` and the file a symbolic link pointed at, because they all
read as empty, and waited forever on a named pipe.

Refusals exit with status 2 and touch nothing. :func:`atomic_dir` then builds beside the
target and swaps it in, so a failed build removes only its own temporary folder, the previous
site stays as it was and a web server never serves a half-written one. The replaced site is
deleted by a process of its own (:func:`remove_later`): thousands of files take seconds to
delete, and nobody should wait for that after the new site is in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import TargetRefused
from ..files import NotRegularFile, read_regular
from ..load.layout import CONTENT_DIR
from ..terminal import visible

#: Written into every folder ``playbook build`` and ``playbook generate`` fill, so a rerun
#: may replace it.
MARKER = ".playbook-generated"


def _within(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder or a worktree file)."""
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def check_target(
    target: Path,
    *,
    root: Path | None,
    config: Path | None = None,
    docs_dir: Path | None = None,
    option: str = "--out",
    sources_only: bool = False,
) -> Path:
    """``target`` resolved, or :class:`TargetRefused` when writing it would hit sources.

    ``root`` is the project (None when there is none), ``config`` its ``mkdocs.yml`` and
    ``docs_dir`` MkDocs' docs folder (read from ``config`` when not given). With
    ``sources_only`` (``init``, which never replaces a file) only the sources are guarded.
    """
    target = target.resolve()
    sources: list[tuple[Path, str]] = []
    holders: list[tuple[Path, str]] = []
    if root is not None:
        root = root.resolve()
        sources.append((root / CONTENT_DIR, f"the project's {CONTENT_DIR}/ folder"))
        holders.append((root, "the project folder"))
        if config is None and (root / "mkdocs.yml").is_file():
            config = root / "mkdocs.yml"
    if config is not None:
        config = config.resolve()
        holders.append((config.parent, f"the folder of {config.name}"))
        if docs_dir is None:
            docs_dir = config.parent / _docs_setting(config)
    if docs_dir is not None:
        sources.append((docs_dir.resolve(), "the MkDocs docs folder (docs_dir)"))
    repo = repository_root(root if root is not None else target)
    if repo is not None:
        holders.append((repo, "the repository root"))
    for folder, name in sources:
        if _within(target, folder) or _within(folder, target):
            where = (
                "is"
                if target == folder
                else ("lies inside" if _within(target, folder) else "contains")
            )
            _refuse(option, target, f"{where} {name}, {visible(folder)}")
    for folder, name in [] if sources_only else holders:
        if _within(folder, target):
            where = "is" if target == folder else "contains"
            _refuse(option, target, f"{where} {name}, {visible(folder)}")
    return target


def check_file_target(
    target: Path,
    *,
    root: Path | None,
    starts: tuple[bytes, ...],
    what: str,
    option: str = "--out",
) -> Path:
    """``target`` resolved, or :class:`TargetRefused` unless writing it replaces nothing but
    an earlier output of the command: :func:`check_target`, then the name itself (a link is
    not followed) must be absent, or a regular file whose first bytes are one of ``starts``
    (``what`` names such a file in the refusal).

    An empty file is refused as well: it is someone's (``.gitkeep``), and a device or the
    file behind a link read as empty too. The existing file is opened only once it is known
    to be a regular file, and without blocking, so a named pipe never hangs the command.
    """
    resolved = check_target(target, root=root, option=option)
    shown = visible(target.parent.resolve() / target.name)
    if not os.path.lexists(target):
        # Written by renaming a new file over the name (write_atomic): whatever appears
        # there meanwhile, nothing is ever written through it.
        return resolved
    try:
        head = read_regular(target, follow=False, limit=max(len(s) for s in starts))
    except NotRegularFile as exc:
        raise TargetRefused(
            f"{option} {shown} is {exc.kind}, not a regular file; nothing was written; "
            "choose another file"
        ) from None
    if not head.startswith(starts):
        why = f"is not {what}" + (" (it is empty)" if not head else "")
        raise TargetRefused(
            f"{option} {shown} exists and {why}; nothing was written; "
            "choose another file or delete it first"
        )
    return resolved


def _refuse(option: str, target: Path, why: str) -> None:
    raise TargetRefused(
        f"{option} {visible(target)} {why}; writing there would replace sources. "
        "Nothing was written; choose another folder"
    )


def _docs_setting(config: Path) -> str:
    from ..mkdocs_config import setting

    value = setting(config, "docs_dir")
    return value if isinstance(value, str) and value.strip() else "docs"


def refuse_foreign(target: Path, option: str, ours: Callable[[Path], bool] | None = None) -> None:
    """Refuse a non-empty folder that playbook did not fill: no :data:`MARKER`, and (with
    ``ours``) some entry ``ours`` does not recognise as playbook's own."""
    if not target.is_dir():
        if target.exists():
            raise TargetRefused(f"{option} {visible(target)} exists and is not a folder")
        return
    if (target / MARKER).exists():
        return
    entries = list(target.iterdir())
    if entries and (ours is None or not all(ours(e) for e in entries)):
        raise TargetRefused(
            f"{option} {visible(target)} is not empty and was not written by playbook; "
            "nothing was written; choose another folder or empty it first"
        )


def earlier_site(folder: Path) -> bool:
    """A site from a build before the marker existed: MkDocs' sitemap beside index.html."""
    return (folder / "index.html").is_file() and (folder / "sitemap.xml").is_file()


@contextmanager
def atomic_dir(target: Path, *, marker: bool = True) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success it becomes ``target``.

    Callers check the target first (:func:`check_target`, :func:`refuse_foreign`). The new
    folder gets :data:`MARKER` so that the next run may replace it.
    """
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise TargetRefused(f"{visible(target)} exists and is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        yield work
        if marker:
            (work / MARKER).write_text("Written by playbook; replaced on each run.\n")
        os.chmod(work, 0o755)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            os.replace(target, old / target.name)
        os.replace(work, target)
        # With any replaced folder a run stopped before it could delete (Ctrl-C, a killed
        # job): none of them is anything but a previous output.
        prefix = f".{target.name}-old-"
        remove_later(
            [
                p
                for p in target.parent.iterdir()
                if p.name.startswith(prefix) and p.is_dir() and not p.is_symlink()
            ]
        )
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


#: The program that deletes a replaced site in the background.
RM = "rm"


def remove_later(folders: list[Path]) -> None:
    """Delete ``folders`` from a process of its own, which outlives this command; here and
    now where none can be started (no ``rm``)."""
    if not folders:
        return
    try:
        subprocess.Popen(
            [RM, "-rf", "--", *map(str, folders)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped with this command's process group
        )
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def names_only(allowed: Iterable[str]) -> Callable[[Path], bool]:
    """An ``ours`` test for :func:`refuse_foreign`: entries with one of these names."""
    names = frozenset(allowed)
    return lambda entry: entry.name in names
