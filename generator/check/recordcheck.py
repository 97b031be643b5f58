"""Validate one incident record against its project without loading every other record.

An edit during an incident must be checked as strictly as ``playbook validate`` would check
it, but parsing a thousand records for every ``playbook log`` is too slow. The record's own
rules need only the policy and the playbook names; the rules across records (unique number
and slug, related incidents exist) need only the records whose file names share its number
or slug or that it names as related. Those few are loaded and the same rule functions run on
them, so an edited record gets exactly the problems ``validate`` would report for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ProblemsFound
from ..load.layout import INCIDENTS_DIR
from ..load.lookup import incident_names
from ..load.modelcheck import check_model
from ..load.project import Project, Record, display_path, load_playbooks, load_policy, load_record
from ..load.yamlsource import MAX_FILE_BYTES, Document, load_file, load_text
from ..model.incident import Incident
from ..model.policy import Policy
from ..problems import Level, Problem, ProblemSink
from .rules.incidents import check_collection, check_record
from .rules.policy import check_policy


@dataclass
class Context:
    """What a record is checked against: policy and the names of the playbooks."""

    root: Path
    policy: Policy
    playbooks: set[str]


def load_context(root: Path) -> Context:
    """Policy and playbooks, or :class:`ProblemsFound` when policy itself is broken."""
    project = Project(root=root)
    load_policy(project)
    load_playbooks(project)
    project.problems.extend(check_policy(project))
    errors = [p for p in project.problems if p.level is Level.ERROR]
    if project.policy is None or errors:
        raise ProblemsFound(errors, "the policy has problems; fix them first")
    return Context(root, project.policy, set(project.playbooks))


@dataclass
class Checked:
    """A record's text after checking: the document, the record if it parsed, problems."""

    doc: Document
    record: Record | None
    problems: list[Problem]

    @property
    def parsed(self) -> bool:
        """False when the YAML itself is unusable (nothing to edit safely)."""
        return self.doc.editable

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.ERROR]


def check_text(ctx: Context, text: str, file: Path, now: datetime | None = None) -> Checked:
    """Every problem ``validate`` would report for ``file`` if it held ``text``."""
    display = display_path(ctx.root, file)
    problems: list[Problem] = []
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        ProblemSink(display, problems).error(
            (1, 1), f"file would exceed the {MAX_FILE_BYTES:,} byte limit", "file-too-large"
        )
        return Checked(load_text("", display), None, problems)
    doc = load_text(text, display)
    problems.extend(doc.problems)
    checked = Checked(doc, None, problems)
    # Checked on as far as a whole-project load goes (past a control character, read as
    # U+FFFD); editing still needs the text to be what the data says (``parsed``).
    if not doc.sound:
        return checked
    incident = check_model(doc, Incident, ProblemSink(display, problems))
    if incident is None:
        return checked
    record = Record(display, incident, doc.source)
    checked.record = record
    check_record(record, ctx.policy, ctx.playbooks, now or datetime.now(UTC), problems)
    problems.extend(p for p in collection_problems(ctx, record, file) if p.path == display)
    return checked


def collection_problems(ctx: Context, record: Record, file: Path) -> list[Problem]:
    """The rules across records, run on ``record`` and the records it could clash with;
    a clash may be reported on the other record (the later file), as ``validate`` does."""
    inc = record.incident
    related = set(inc.related)
    others: list[Record] = []
    scratch: list[Problem] = []
    unloaded: set[int] = set()
    # Compared by name: resolving a thousand paths costs more than the whole check.
    own = file.resolve()
    folder = ctx.root / INCIDENTS_DIR
    for number, slug, name in incident_names(ctx.root):
        if number != inc.number and slug != inc.slug and number not in related:
            continue
        path = folder / name
        if name == own.name and path.parent.resolve() == own.parent:
            continue
        other = load_record(ctx.root, path, scratch)
        if other is not None:
            others.append(other)
        else:
            # As in a whole-project load: a reference to a record that does not load
            # is not reported again; that file's own problems say what is wrong.
            unloaded.add(number)
    project = Project(root=ctx.root, policy=ctx.policy, unloaded=unloaded)
    project.records = sorted([record, *others], key=lambda r: r.path)
    return check_collection(project)


def read_text(file: Path, shown: str) -> str:
    """The record's text; one that cannot be read or decoded gets the very problem
    ``playbook validate`` reports for it (``path:line:col: … (file-encoding)``)."""
    try:
        return file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        problems = load_file(file, shown).problems
        if problems:
            raise ProblemsFound(problems, f"cannot read {shown}") from None
        raise
