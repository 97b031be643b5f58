"""Where a project keeps its files, and how a file is named in messages.

Apart from :mod:`generator.load.project` so that a command can find its project without
importing the record models (pydantic): ``playbook init``, ``list`` from its cache and
``--help`` never validate anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import PlaybookError

CONTENT_DIR = "playbooks"
POLICY_DIR = f"{CONTENT_DIR}/policy"
WORKFLOWS_DIR = f"{CONTENT_DIR}/workflows"
INCIDENTS_DIR = f"{CONTENT_DIR}/incidents"


def find_root(start: Path | None = None) -> Path:
    """The nearest directory at or above ``start`` that has a ``playbooks/`` folder."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / CONTENT_DIR).is_dir():
            return candidate
    raise PlaybookError(
        f"no {CONTENT_DIR}/ folder in {here} or above; run 'playbook init' or pass --project DIR"
    )


def display_path(root: Path, file: Path) -> str:
    """How problems name a file: relative to the project root, with forward slashes."""
    return Path(os.path.relpath(file.resolve(), root)).as_posix()


def outside(root: Path, file: Path) -> bool:
    """Does ``file`` (maybe through links) lie outside the project ``root``?"""
    try:
        return not file.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return True
