"""A new incident record: the next free number, a slug, and a file that already validates.

The record is rendered from ``site_templates/scaffolds/incident.yaml.j2`` through the one
Jinja environment, then checked by the same validator as any edit before it is created.
Numbers are handed out under a lock on the incidents folder (an exclusively created lock
file) and the record itself is created whole under a name nothing has yet
(:func:`~generator.files.create_atomic`), so parallel runs get distinct numbers and
distinct slugs, nothing that exists is ever overwritten, and a full disk leaves no half
record behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..check.recordcheck import Context, check_text
from ..errors import PlaybookError, ProblemsFound
from ..facts.clock import stamp
from ..files import create_atomic
from ..load.layout import INCIDENTS_DIR, outside
from ..load.lookup import incident_files
from ..model.incident import WorkflowKind
from ..model.limits import MAX_INCIDENT
from ..site.templating import render
from .filelock import locked
from .slug import unique

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


@dataclass(frozen=True)
class NewIncident:
    title: str
    severity: str
    workflow: WorkflowKind
    services: tuple[str, ...]
    #: None when the detection time is unknown (a backfilled record may not know it).
    detected_at: datetime | None
    slug: str
    detected_approximate: bool = False
    #: Backfilled from a past source: no event is stamped "now", the record says so.
    historical: bool = False
    sources: tuple[str, ...] = ()
    #: (role id, person) pairs, in the order given: ``--commander @alice --role scribe=@bob``.
    roles: tuple[tuple[str, str], ...] = ()


def record_text(new: NewIncident, number: int, slug: str, ctx: Context) -> str:
    """The new record's YAML text."""
    required = ctx.policy.postmortem_required(new.severity)
    return render(
        "scaffolds/incident.yaml.j2",
        number=number,
        slug=slug,
        title=new.title,
        severity=new.severity,
        workflow=new.workflow.value,
        services=new.services,
        roles=new.roles,
        tasks=[
            {"id": f"T-{i:03d}", "text": text}
            for i, text in enumerate(TASKS[new.workflow], start=1)
        ],
        detected_at=stamp(new.detected_at) if new.detected_at else None,
        detected_approximate=new.detected_approximate,
        detected_text="Incident detected",
        # The day as every page shows it, in policy's zone: 22:54Z is the next day in Berlin.
        opened=(
            new.detected_at.astimezone(ctx.policy.zone()).date().isoformat()
            if new.detected_at
            else None
        ),
        historical=new.historical,
        sources=new.sources,
        postmortem_required=required,
        postmortem_sections=", ".join(ctx.policy.postmortem.required_sections),
    )


def create(ctx: Context, new: NewIncident) -> Path:
    """Create the record under the next free number; return its path."""
    folder = ctx.root / INCIDENTS_DIR
    if outside(ctx.root, folder):
        # validate refuses every record there (file-outside-project): one written there
        # would be a record the project never reads.
        raise PlaybookError(
            f"{INCIDENTS_DIR}/ leads outside the project (to {folder.resolve()}); "
            "nothing created: make it a folder inside the project"
        )
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
            create_atomic(path, text, f"{INCIDENTS_DIR}/{path.name}")
        except FileExistsError:
            raise PlaybookError(f"{path} already exists; nothing was overwritten") from None
    return path
