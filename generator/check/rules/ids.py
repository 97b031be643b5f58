"""duplicate-id, the one way: an id given again in a list of policy entries."""

from __future__ import annotations

from collections.abc import Iterable

from ...load.yamlsource import Pos
from ...problems import ProblemSink


def defined_once(sink: ProblemSink, ids: Iterable[tuple[str, Pos]], what: str) -> None:
    """A duplicate-id error at each (id, position) of ``ids`` whose id came earlier;
    ``what`` names the kind of entry ("severity", "checklist item")."""
    seen: set[str] = set()
    for ident, at in ids:
        if ident in seen:
            sink.error(at, f"{what} {ident!r} is defined twice", "duplicate-id")
        seen.add(ident)
