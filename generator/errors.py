"""The one error hierarchy. Every user-facing failure derives from :class:`PlaybookError`,
which click prints as ``Error: …`` with exit code 1 — never a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

import click

from .problems import Problem, format_problems, summary
from .terminal import visible


class PlaybookError(click.ClickException):
    """A user error: bad arguments, a missing project, a refused edit. Exit code 1."""

    exit_code = 1

    def format_message(self) -> str:
        # Messages name files and echo what was typed: a control character in either must
        # show as its escape, not move the cursor. Line breaks are the message's own (a list
        # of reasons); what a message quotes from a file name goes through visible() itself.
        return "\n".join(visible(line) for line in self.message.split("\n"))


class TargetRefused(PlaybookError):
    """A write target that would replace sources or files playbook did not write. Exit 2,
    and nothing was touched."""

    exit_code = 2


class ProblemsFound(PlaybookError):
    """Content problems that stop a command (a build, an edit). Printed in full."""

    def __init__(self, problems: Sequence[Problem], headline: str = "validation failed") -> None:
        self.problems = list(problems)
        super().__init__(f"{headline}: {summary(self.problems)}")

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(format_problems(self.problems), file=file, err=file is None)
        click.echo(f"Error: {self.message}", file=file, err=file is None)
