"""Replace an output folder all at once: build next to it, then swap.

A failed build removes only its own temporary folder, so the previous site stays as it was
and a web server never serves a half-written one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PlaybookError

#: Written into every folder ``playbook generate`` fills, so a rerun may replace it.
MARKER = ".playbook-generated"


@contextmanager
def atomic_dir(target: Path, *, require_marker: bool = False) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success it becomes ``target``.

    With ``require_marker``, an existing non-empty ``target`` is replaced only if an earlier
    run marked it, so a mistyped ``--out`` cannot wipe someone's folder.
    """
    target = target.resolve()
    in_use = target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists()
    if require_marker and in_use:
        raise PlaybookError(
            f"{target} is not empty and was not written by playbook; choose another folder"
        )
    if target.exists() and not target.is_dir():
        raise PlaybookError(f"{target} exists and is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        yield work
        os.chmod(work, 0o755)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            os.replace(target, old / target.name)
        os.replace(work, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
