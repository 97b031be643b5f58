"""Shared test helpers: the repository root and a throwaway copy of the shipped project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped project (policy, playbooks, incidents) to break at will."""
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file at ``path`` with ``new`` (``old`` must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(root: Path, files: dict[str, str]) -> None:
    """Create ``{relative path: text}`` under ``root``."""
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/golden/ from the pages the core produces now (review the diff).",
    )
