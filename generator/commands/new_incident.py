"""``playbook new-incident``: open a record the moment an incident is declared."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from ..authoring.slug import slugify
from ..authoring.timeparse import read_time
from ..check.recordcheck import load_context
from ..errors import PlaybookError, UsageProblem
from ..load.layout import display_path
from ..model.common import SLUG_RE
from ..model.incident import WorkflowKind
from ..model.policy import Policy
from ._common import project_option, resolve_root, typed_text
from ._policy import allowed_workflow, unknown_role, unknown_severity


def is_terminal() -> bool:
    """May we ask questions? Only when a person is at the keyboard."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.command("new-incident")
@click.argument("title", required=False, callback=typed_text)
@click.option("--severity", help="Severity id from policy (SEV1…SEV4).")
@click.option(
    "--service",
    "services",
    multiple=True,
    callback=typed_text,
    help="An affected service; repeat for several.",
)
@click.option(
    "--workflow",
    type=click.Choice([w.value for w in WorkflowKind]),
    help="Default: the one policy gives the severity (SEV1–2: hotfix).",
)
@click.option(
    "--detected-at",
    help="When it was detected: HH:MM (today), a timestamp, '2017-02-28 09:37 "
    "America/Los_Angeles', ~ for an estimate, or 'unknown' with --backfill. Without an offset "
    "or zone name, the policy's timezone. Default: now.",
)
@click.option(
    "--backfill",
    is_flag=True,
    help="Record a past incident: nothing is stamped 'now', no prompts, the record is marked "
    "historical (live-evidence gates become warnings).",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    callback=typed_text,
    metavar="URL",
    help="Where a backfilled record comes "
    "from (a public post-mortem); repeat for several. Shown on its page.",
)
@click.option(
    "--commander",
    callback=typed_text,
    help="Who is incident commander, e.g. @alice (the 'commander' role).",
)
@click.option(
    "--role",
    "role_args",
    multiple=True,
    callback=typed_text,
    metavar="ROLE=PERSON",
    help="Who holds a policy role, e.g. scribe=@bob; repeat for several.",
)
@click.option("--slug", callback=typed_text, help="File name part; default: made from the title.")
@click.option("--no-input", is_flag=True, help="Never prompt, even on a terminal.")
@project_option
def command(
    title: str | None,
    severity: str | None,
    services: tuple[str, ...],
    workflow: str | None,
    detected_at: str | None,
    commander: str | None,
    role_args: tuple[str, ...],
    backfill: bool,
    sources: tuple[str, ...],
    slug: str | None,
    no_input: bool,
    project_dir: Path | None,
) -> None:
    """Create the next incident record and print its path.

    The record gets the next free number, a slug made from the title, a 'detected' event
    at the detection time, and the workflow's task list; it validates as created. On a
    terminal, missing fields are asked for; with --no-input or no terminal they must be
    given as options.

    \b
    Example:
      playbook new-incident "hotfix: fix auth token validation" --severity SEV1 \\
          --service auth-api
      playbook new-incident "Checkout failing" --severity SEV2 --detected-at 14:32 --no-input
      playbook new-incident "Login fails" --severity SEV1 --service auth-api \\
          --commander @alice --role scribe=@bob
      playbook new-incident "S3 outage" --severity SEV1 --backfill \\
          --detected-at "2017-02-28 09:37 America/Los_Angeles" --source https://…
    """
    # Imported here: the template machinery is only needed when this command runs.
    from ..authoring.scaffold import NewIncident, create

    root = resolve_root(project_dir)
    ctx = load_context(root)
    now = datetime.now(UTC)
    if sources and not backfill:
        raise UsageProblem(
            "--source goes with --backfill (it names where a past record comes from)"
        )
    typed = (
        read_time(detected_at, now, ctx.policy.zone(), "--detected-at", allow_unknown=backfill)
        if detected_at
        else None
    )
    if typed is not None and typed.approximate and not backfill:
        raise UsageProblem("--detected-at: an approximate time ('~') goes with --backfill")
    # A backfilled record knows no detection time unless one is given: "now" would be a lie.
    when = typed.when if typed is not None else (None if backfill else now.replace(microsecond=0))
    ask = not no_input and not backfill and is_terminal()
    title = _title(title, ask)
    sev = _severity(ctx.policy, severity, ask)
    if ask and not services:
        answer = click.prompt(
            "Services affected (comma-separated, empty for none)", default="", show_default=False
        )
        services = tuple(s.strip() for s in answer.split(",") if s.strip())
    kind = _workflow(ctx.policy, sev, workflow)
    if slug is not None and not SLUG_RE.match(slug):
        raise PlaybookError(
            f"--slug {slug!r} must be lowercase words joined by '-', like auth-down"
        )
    roles = _roles(ctx.policy, commander, role_args)
    new = NewIncident(
        title,
        sev,
        kind,
        services,
        when,
        slug or slugify(title),
        detected_approximate=typed.approximate if typed else False,
        historical=backfill,
        sources=sources,
        roles=roles,
    )
    path = create(ctx, new)
    click.echo(display_path(root, path))
    note = ""
    if typed is not None and detected_at is not None:
        note = typed.note("--detected-at", detected_at)
    if note:
        click.echo(note, err=True)


def _roles(
    policy: Policy, commander: str | None, role_args: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """``--commander`` and ``--role ROLE=PERSON`` as (role, person) pairs, checked."""
    pairs: list[tuple[str, str]] = []
    if commander is not None:
        pairs.append(("commander", commander))
    for arg in role_args:
        role, sep, person = arg.partition("=")
        if not sep or not role.strip() or not person.strip():
            raise PlaybookError(f"--role {arg!r} must be ROLE=PERSON, like scribe=@bob")
        pairs.append((role.strip(), person))
    known = [r.id for r in policy.roles]
    seen: set[str] = set()
    for role, person in pairs:
        if role not in known:
            raise unknown_role(policy, role)
        if role in seen:
            raise PlaybookError(f"role {role!r} is given twice")
        seen.add(role)
        if not person.strip() or "\n" in person or "\r" in person:
            raise PlaybookError(f"give the {role} as one line, like @alice")
    return tuple((role, person.strip()) for role, person in pairs)


def _title(title: str | None, ask: bool) -> str:
    if title is None and ask:
        title = click.prompt("Title")
    if title is None or not title.strip():
        raise PlaybookError('give the incident a TITLE, e.g. playbook new-incident "Login fails"')
    return title.strip()


def _severity(policy: Policy, severity: str | None, ask: bool) -> str:
    known = [s.id for s in policy.severities]
    if severity is None and ask:
        for sev in policy.severities:
            click.echo(f"  {sev.id}  {sev.description} (e.g. {sev.example})")
        severity = click.prompt("Severity", type=click.Choice(known))
    if severity is None:
        raise PlaybookError(f"give --severity, one of {', '.join(known)}")
    if policy.severity(severity) is None:
        raise unknown_severity(policy, severity)
    return severity


def _workflow(policy: Policy, sev_id: str, chosen: str | None) -> WorkflowKind:
    severity = policy.severity(sev_id)
    assert severity is not None
    if chosen is None:
        return severity.workflow
    kind = allowed_workflow(severity, chosen)
    if kind is not severity.workflow:
        click.echo(
            f"warning: policy gives {sev_id} the {severity.workflow.value} workflow; "
            f"using {kind.value} as asked",
            err=True,
        )
    return kind
