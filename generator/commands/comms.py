"""``playbook comms``: print a message to paste, filled from an incident record."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from ..check.recordcheck import check_text, read_text
from ..errors import PlaybookError, ProblemsFound
from ..messages.fill import applicable, fill, label, sent, suggested
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
@project_option
def command(
    ident: str,
    template_id: str | None,
    listing: bool,
    sent_flag: bool,
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
      playbook comms 15 --list
    """
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
    message = fill(template, incident, policy, now)
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
        _log_sent(where, template.id, template.title, now)


def _log_sent(where: Target, template_id: str, title: str, now: datetime) -> None:
    """Append a 'communication' event naming the template, as ``playbook log`` would."""
    # Imported here: printing a message must not pay for the YAML editor.
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from ..authoring.edit import Stamp, edit_record, insert_item, like_siblings, set_key
    from ..facts.clock import stamp
    from ..load.project import Record
    from ._record import warn
    from .log import insertion_index

    def change(data: CommentedMap, record: Record) -> None:
        event = CommentedMap()
        event["at"] = Stamp.of(now)
        event["kind"] = "communication"
        event["text"] = f"Sent: {title}"
        event["message"] = template_id
        timeline = data.get("timeline")
        if not isinstance(timeline, CommentedSeq):
            timeline = CommentedSeq()
            set_key(data, "timeline", timeline)
        index = insertion_index(record.incident, now)
        insert_item(timeline, index, like_siblings(timeline, event))

    edit = edit_record(where.ctx, where.path, change)
    click.echo(f"{where.shown}: logged communication at {stamp(now)}: Sent: {title}", err=True)
    warn(edit)
