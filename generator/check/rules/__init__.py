"""Semantic rules beyond the schema. Each returns problems; none raises."""

from __future__ import annotations

from datetime import datetime

from ...load.project import Project
from ...problems import Problem
from .incidents import check_collection, check_records
from .policy import check_policy


def run_all(project: Project, now: datetime | None = None) -> list[Problem]:
    """Every rule on a loaded project. ``now`` judges due dates (defaults to the clock)."""
    return [*check_policy(project), *check_records(project, now), *check_collection(project)]
