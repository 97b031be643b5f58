"""``playbook comms``: print a message to paste, filled from an incident record."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from ..authoring.timeparse import Typed, read_time, refuse_today_on_backfill
from ..check.recordcheck import check_text, read_text
from ..errors import PlaybookError, ProblemsFound, UsageProblem
from ..facts.timeline import milestones
from ..messages.fill import applicable, fill, filled_as_of, label, sent, suggested
from ..terminal import clean
from ._common import project_option
from ._record import Target, target


@click.command("comms")
@click.argument("ident", metavar="ID")
@click.option("--template", "template_id", metavar="ID", help="Message template id from policy.")
@click.option("--list", "listing", is_flag=True, help="List the templates for this incident.")
@click.option(
    "--sent", "sent_flag", is_flag=True, help="Also log in the timeline that this was sent."
)
@click.option(
    "--at",
    "at",
    help="With --sent: when it was sent, in any form 'playbook log --at' takes (a backfilled "
    "record needs it). The message is filled as of that time. Default: now.",
)
@project_option
def command(
    ident: str,
    template_id: str | None,
    listing: bool,
    sent_flag: bool,
    at: str | None,
    project_dir: Path | None,
) -> None:
    """Print a status-page, internal or customer message filled from the record.

    Without --template, prints the status-page message for where the incident stands
    (investigating, identified, monitoring or resolved). Fields the record does not have
    yet are shown as [impact not recorded] and named on stderr. --sent logs a
    'communication' event naming the template, which checklist rules can test.

    \b
    Example:
      playbook comms 15
      playbook comms 15 --template internal-update
      playbook comms 15 --template status-identified --sent
      playbook comms 3 --template status-resolved --sent --at "2017-02-28 13:54 America/Los_Angeles"
      playbook comms 15 --list
    """
    if at is not None and not sent_flag:
        raise UsageProblem("--at says when a message was sent: use it with --sent")
    where = target(project_dir, ident)
    text = read_text(where.path, where.shown).removeprefix("\ufeff")
    checked = check_text(where.ctx, text, where.path)
    if checked.record is None:
        raise ProblemsFound(checked.errors, f"cannot read {where.shown}")
    incident, policy = checked.record.incident, where.ctx.policy
    if policy.communications is None:
        raise PlaybookError(
            "policy has no communications section; add message templates to playbooks/policy/"
        )
    usable = applicable(policy, incident)
    if listing:
        done = sent(incident)
        for t in usable:
            mark = "sent" if t.id in done else ""
            click.echo(f"{t.id:<24} {t.audience.value:<15} {mark:<5} {clean(t.title)}".rstrip())
        return
    if template_id is None:
        template = suggested(policy, incident)
        if template is None:
            raise PlaybookError(f"policy has no message template for {incident.severity}")
    else:
        template = policy.communications.template(template_id)
        if template is None:
            known = ", ".join(t.id for t in policy.communications.templates)
            raise PlaybookError(f"unknown template {template_id!r}; policy defines {known}")
        if template not in usable:
            click.echo(
                f"warning: {template.id!r} is not meant for {incident.severity} incidents",
                err=True,
            )
    now = datetime.now(UTC).replace(microsecond=0)
    typed = Typed(now, False)  # when a message --sent went out
    if sent_flag:
        if at is not None:
            typed = read_time(at, now, policy.zone())
            refuse_today_on_backfill(incident, typed, at, policy.zone())
        elif incident.historical:
            # A backfilled record tells what happened then: a message logged as sent now
            # would be an event years after the incident.
            raise UsageProblem(
                f"{where.shown} is a backfilled record: say when the message was sent "
                "with --at (as 'playbook log --at' takes it)"
            )
    assert typed.when is not None  # read_time gives a time unless 'unknown' is allowed
    # Filled as of when it was sent, if given; else as the incident page fills it (a
    # finished incident's as of its resolution).
    as_of = (
        typed.when
        if at is not None
        else filled_as_of(incident, milestones(incident, policy.milestones), now)
    )
    message = fill(template, incident, policy, as_of)
    if message.subject is not None:
        click.echo(f"Subject: {clean(message.subject)}\n")
    click.echo(clean(message.body), nl=False)
    if message.missing:
        names = ", ".join(label(n) for n in message.missing)
        click.echo(f"note: not in the record yet: {names}; fill them in before sending", err=True)
    if template_id is None:
        others = [t.id for t in usable if t is not template]
        if others:
            click.echo(f"other messages: {', '.join(others)} (--template ID)", err=True)
    if sent_flag:
        _log_sent(where, template.id, template.title, typed, at)


def _log_sent(where: Target, template_id: str, title: str, typed: Typed, at: str | None) -> None:
    """Append a 'communication' event naming the template, and say so in the words
    ``playbook log`` uses (offset from detection included)."""
    # Imported here: printing a message must not pay for the YAML editor.
    from ruamel.yaml.comments import CommentedMap

    from ..authoring.edit import edit_record
    from ..load.project import Record
    from ._event import When, add_event, confirm
    from ._record import warn

    when = When(typed, at)
    text = f"Sent: {title}"

    def change(data: CommentedMap, record: Record) -> None:
        policy = where.ctx.policy
        add_event(data, record.incident, when, "communication", text, policy, message=template_id)

    edit = edit_record(where.ctx, where.path, change)
    confirm(
        where.shown, edit.after.incident, where.ctx.policy, when, "communication", text, err=True
    )
    warn(edit)
