"""The check stage: rules on a loaded project turn into problems; one gate turns errors
into a refusal.

The stages, in order: :mod:`generator.load` (YAML → models with positions; problems of the
files themselves) → :mod:`generator.check` (rules → problems) → :mod:`generator.facts`
(numbers and verdicts) → pages and exports. :func:`load_checked` runs the first two.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..load.project import Project, load_project
from ..problems import Problem
from .gate import refuse_errors
from .rules import run_all


def check_project(project: Project, now: datetime | None = None) -> list[Problem]:
    """Run every rule on ``project``; its problems (load's and the rules') are returned and
    kept on it. ``now`` judges due dates (defaults to the clock)."""
    project.problems.extend(run_all(project, now))
    return project.problems


def load_checked(root: Path, extra_records: Sequence[Path] = ()) -> Project:
    """Load the project under ``root`` and check it: what validate, build and every
    reporting command start from."""
    project = load_project(root, extra_records)
    check_project(project)
    return project


__all__ = ["check_project", "load_checked", "refuse_errors"]
