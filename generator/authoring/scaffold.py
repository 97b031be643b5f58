"""A new incident record: the next free number, a slug, and a file that already validates.

The record is rendered from ``site_templates/scaffolds/incident.yaml`` through the one
Jinja environment, then checked by the same validator as any edit before it is created.
Numbers are handed out under a lock on the incidents folder (an exclusively created lock
file) and the record itself is created with ``open(path, "x")``, so parallel runs get
distinct numbers and distinct slugs, and nothing that exists is ever overwritten.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..check.recordcheck import Context, check_text
from ..errors import PlaybookError, ProblemsFound
from ..load.lookup import incident_files
from ..load.project import INCIDENTS_DIR
from ..load.yamlsource import resolve_plain
from ..model.common import MAX_INCIDENT
from ..model.incident import WorkflowKind
from ..site.templating import environment, render
from .filelock import locked
from .slug import unique
from .timeparse import stamp

#: Each workflow's starting tasks. Hotfix is the seed's increment, word for word.
TASKS: dict[WorkflowKind, tuple[str, ...]] = {
    WorkflowKind.HOTFIX: (
        "Identify breaking change",
        "Implement fix",
        "Add regression test",
        "Deploy to production",
    ),
    WorkflowKind.NORMAL: (
        "Write spec, plan and tasks",
        "Implement fix",
        "Run the full test suite",
        "Soak in staging",
        "Deploy to production",
    ),
    WorkflowKind.ROLLBACK: (
        "Identify the last good version",
        "Roll back production",
        "Ticket the forward fix",
    ),
}

_PLAIN_SAFE = re.compile(r"^[A-Za-z@][A-Za-z0-9 ._/()@+-]*[A-Za-z0-9.)]$|^[A-Za-z]$")
# YAML 1.1 readers (other tools in a pipeline) still read these as booleans.
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off"}


def yaml_scalar(value: object) -> str:
    """``value`` as a YAML scalar that reads back as the same string, whatever it holds.

    Plain when that is unambiguous (``Implement fix``), otherwise double-quoted with JSON
    escaping, which is valid YAML: ``x: {y}`` or a quote cannot break the file.
    """
    text = str(value)
    if (
        _PLAIN_SAFE.match(text)
        and resolve_plain(text) == text
        and text.lower() not in _YAML11_WORDS
        and ": " not in text
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


environment().filters["yaml"] = yaml_scalar


@dataclass(frozen=True)
class NewIncident:
    title: str
    severity: str
    workflow: WorkflowKind
    services: tuple[str, ...]
    detected_at: datetime
    slug: str


def record_text(new: NewIncident, number: int, slug: str, ctx: Context) -> str:
    """The new record's YAML text."""
    required = ctx.policy.postmortem_required(new.severity)
    return render(
        "scaffolds/incident.yaml",
        number=number,
        slug=slug,
        title=new.title,
        severity=new.severity,
        workflow=new.workflow.value,
        services=new.services,
        tasks=[
            {"id": f"T-{i:03d}", "text": text}
            for i, text in enumerate(TASKS[new.workflow], start=1)
        ],
        detected_at=stamp(new.detected_at),
        detected_text="Incident detected",
        opened=new.detected_at.date().isoformat(),
        postmortem_required=required,
        postmortem_sections=", ".join(ctx.policy.postmortem.required_sections),
    )


def create(ctx: Context, new: NewIncident) -> Path:
    """Create the record under the next free number; return its path."""
    folder = ctx.root / INCIDENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        existing = incident_files(ctx.root)
        number = max((n for n, _, _ in existing), default=0) + 1
        if number > MAX_INCIDENT:
            raise PlaybookError(
                f"incident numbers run from 1 to {MAX_INCIDENT} and {MAX_INCIDENT} is taken"
            )
        slug = unique(new.slug, {s for _, s, _ in existing})
        path = folder / f"{number:04d}-{slug}.yaml"
        text = record_text(new, number, slug, ctx)
        checked = check_text(ctx, text, path)
        if checked.errors:
            raise ProblemsFound(
                checked.errors, "the new record would not validate; nothing created"
            )
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise PlaybookError(f"{path} already exists; nothing was overwritten") from None
    return path
