"""The one gate: problems that are errors (or, strict, warnings too) stop a command.

Build, generate, the MkDocs plugin, the reporting commands and the editing commands all
refuse through :func:`refuse_errors`, so "what stops a build" has one definition.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import ProblemsFound
from ..problems import Level, Problem


def refuse_errors(problems: Iterable[Problem], headline: str, *, strict: bool = False) -> None:
    """Raise :class:`ProblemsFound` listing the problems that stop the command, if any.

    Without ``strict`` only errors stop it and only errors are listed; with it, warnings
    stop it too and every problem is listed.
    """
    listed = list(problems)
    stopping = [p for p in listed if p.level is Level.ERROR or strict]
    if stopping:
        raise ProblemsFound(listed if strict else stopping, headline)
