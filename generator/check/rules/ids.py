"""duplicate-id, the one way: an id given again in a list of policy entries."""

from __future__ import annotations

from collections.abc import Iterable

from ...load.yamlsource import Pos
from ...problems import ProblemSink


def defined_once(sink: ProblemSink, ids: Iterable[tuple[str, Pos]], what: str) -> None:
    """A duplicate-id error at each (id, position) of ``ids`` whose id came earlier;
    ``what`` names the kind of entry ("severity", "checklist item").

    Ids that differ only in case are the same id: they become anchors and page addresses,
    which are lower-cased (``SEV1`` and ``sev1`` both ``#sev1``), so a link to the second
    landed on the first."""
    seen: dict[str, str] = {}
    for ident, at in ids:
        first = seen.get(ident.casefold())
        if first == ident:
            sink.error(at, f"{what} {ident!r} is defined twice", "duplicate-id")
        elif first is not None:
            sink.error(
                at,
                f"{what} {ident!r} differs from {first!r} only in case; ids name pages and "
                "anchors, where case does not count",
                "duplicate-id",
            )
        else:
            seen[ident.casefold()] = ident
