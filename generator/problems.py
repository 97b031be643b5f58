"""Problems are values: every check in playbook returns them instead of raising.

A problem names a file, a 1-based line and column, a level, a message and the id of
the rule that found it. The CLI and the MkDocs plugin both print them through
:func:`format_problems` and decide exit codes through :func:`exit_code`, so the
two never disagree about what a problem looks like.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from .terminal import visible


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One finding at one place in one file."""

    path: str
    line: int
    column: int
    level: Level
    message: str
    rule: str

    def text(self) -> str:
        # Paths and messages quote record text (keys, values, file names): printed on a
        # terminal or in a CI log, a control character must show as its escape, never act.
        return visible(
            f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message} ({self.rule})"
        )

    def github(self) -> str:
        """A GitHub workflow command (``::error file=…::message``), escaped by GitHub's
        rules: in the message ``%``, CR and LF; in properties also ``:`` and ``,`` (a comma in
        a file name would otherwise start a forged ``line=`` or ``title=``)."""
        return (
            f"::{self.level} file={_property(self.path)},line={self.line},col={self.column},"
            f"title={_property(self.rule)}::{_data(f'{self.message} ({self.rule})')}"
        )


def _data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS = ("text", "json", "github")

# A file name that is not UTF-8 reaches us holding lone surrogates (PEP 383); written raw,
# the JSON would not be UTF-8. They are shown as text, as the other formats show them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\\\u{ord(match.group()):04x}"


def shorten(text: str, limit: int = 60) -> str:
    """Text quoted from the input, cut so that a message never echoes a huge value."""
    return text if len(text) <= limit else f"{text[:limit]}…"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file, then position, and drop exact duplicates."""
    return sorted(set(problems))


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    """Render problems in one of :data:`FORMATS`; the text has no trailing newline."""
    items = sort_problems(problems)
    if fmt == "json":
        return _SURROGATE.sub(
            _escaped,
            json.dumps(
                [{k: (str(v) if k == "level" else v) for k, v in asdict(p).items()} for p in items],
                indent=2,
                ensure_ascii=False,
                allow_nan=False,
            ),
        )
    if fmt == "github":
        return "\n".join(p.github() for p in items)
    return "\n".join(p.text() for p in items)


def summary(problems: Iterable[Problem]) -> str:
    items = list(problems)
    errors = sum(1 for p in items if p.level is Level.ERROR)
    warnings = len(items) - errors
    files = len({p.path for p in items})
    return f"{errors} error(s), {warnings} warning(s) in {files} file(s)"


def has_errors(problems: Iterable[Problem], strict: bool = False) -> bool:
    """True when the problems should fail a run (warnings count under ``strict``)."""
    return any(p.level is Level.ERROR or strict for p in problems)


def exit_code(problems: Iterable[Problem], strict: bool = False) -> int:
    """0 when clean, 1 on errors (or on warnings under ``strict``)."""
    return 1 if has_errors(problems, strict) else 0


class ProblemSink:
    """Collects problems for one file, so checks need not repeat the path."""

    __slots__ = ("path", "problems")

    def __init__(self, path: str, problems: list[Problem] | None = None) -> None:
        self.path = path
        self.problems: list[Problem] = problems if problems is not None else []

    def error(self, pos: tuple[int, int], message: str, rule: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], Level.ERROR, message, rule))

    def warning(self, pos: tuple[int, int], message: str, rule: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], Level.WARNING, message, rule))
