"""The fast YAML path and the positioned builder give the same result on every fixture.

:func:`generator.load.yamlsource.load_text` first tries a lean node walk and falls back to the
builder only when something needs a positioned problem. A difference between the two would be
a record that validates one way when clean and another way once it has a problem elsewhere.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from generator.load.yamlsource import load_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for folder in (ROOT / "tests" / "fixtures", ROOT / "playbooks")
    for p in folder.rglob("*.y*ml")
    if p.is_file()
)


def shape(value: Any) -> Any:
    """Values with their exact types and written text (``0015`` is not ``15``); NaN as text."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return (type(value).__name__, "nan", str(value))
    return (type(value).__name__, value, str(value))


@pytest.mark.parametrize("file", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_fast_path_and_builder_agree(file: Path) -> None:
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before parsing, by both paths alike")
    fast = load_text(text, "f.yaml")
    full = load_text(text, "f.yaml", fast=False)
    assert shape(fast.data) == shape(full.data)
    assert fast.problems == full.problems
    assert fast.source.values == full.source.values
    assert fast.source.keys == full.source.keys


def test_the_fixtures_take_both_paths() -> None:
    """The comparison means something only if many files take each path. A document from
    the fast path has a source map that fills itself on first use (it still holds text)."""
    results = [load_text(p.read_text(encoding="utf-8", errors="replace"), "f") for p in FILES]
    fast = sum(1 for r in results if r.source._text is not None)
    assert fast >= 40
    assert len(results) - fast >= 15
