"""Count the record files a load parses, for the tests of the caches that spare parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import parsepool


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the record files parsed from here on."""
    seen: list[str] = []
    original = parsepool.parse_all

    def counting(files: list[Path], folder: str) -> list[object]:
        seen.extend(f.name for f in files)
        return original(files, folder)  # type: ignore[return-value]

    monkeypatch.setattr(parsepool, "parse_all", counting)
    return seen
