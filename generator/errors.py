"""The one error hierarchy of the core. Every user-facing failure derives from
:class:`PlaybookError`; the core knows nothing of click. The CLI's one boundary
(:mod:`generator.cli`) turns these into ``Error: …`` lines and exit codes — never a
traceback — and the MkDocs adapter into a build failure.
"""

from __future__ import annotations

from collections.abc import Sequence

from .problems import Problem, format_problems, summary


class PlaybookError(Exception):
    """A user error: a missing project, a refused edit. Exit code 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def details(self) -> str | None:
        """Lines printed before the ``Error:`` line (the problems behind it), if any."""
        return None


class UsageProblem(PlaybookError):
    """A value given on the command line that cannot be used (a bad ``--at``). Exit code 2,
    like every other usage error."""

    exit_code = 2


class TargetRefused(PlaybookError):
    """A write target that would replace sources or files playbook did not write. Exit 2,
    and nothing was touched."""

    exit_code = 2


class ProblemsFound(PlaybookError):
    """Content problems that stop a command (a build, an edit). Printed in full."""

    def __init__(self, problems: Sequence[Problem], headline: str = "validation failed") -> None:
        self.problems = list(problems)
        super().__init__(f"{headline}: {summary(self.problems)}")

    def details(self) -> str | None:
        return format_problems(self.problems) if self.problems else None
