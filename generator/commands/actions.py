"""``playbook actions``: the action-item register across every incident."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import click

from ..authoring import checkcache
from ..facts.actions import (
    NO_OWNER,
    ActionEntry,
    OwnerCount,
    count,
    entries,
    judged_day,
    per_owner,
    register_data,
    select,
)
from ..facts.incident import as_of_now
from ..terminal import table
from ._common import format_option, parse_day, project_option, resolve_root
from ._valid import load_valid


def _status(e: ActionEntry) -> str:
    return "OVERDUE" if e.overdue else e.state


def render_table(items: list[ActionEntry], owners: list[OwnerCount], today: date) -> str:
    total = count(items)
    head = (
        f"{total.total} action item(s): {total.open} open, {total.overdue} overdue (as of {today})"
    )
    if total.unknown:
        head += f"; {total.unknown} of unknown state (backfilled records)"
    if not items:
        return head
    rows = [
        [
            e.due.isoformat() if e.due else "no date",
            e.owner or NO_OWNER,
            _status(e),
            f"#{e.number:04d} {e.severity}",
            e.text,
        ]
        for e in items
    ]
    # An Unknown column only when backfilled records hold such items, as on the site.
    unknown = ["Unknown"] if total.unknown else []
    counts = [
        [c.owner or NO_OWNER, str(c.total), str(c.open), str(c.overdue), str(c.done)]
        + ([str(c.unknown)] if unknown else [])
        for c in owners
    ]
    return "\n\n".join(
        [
            head,
            table(["Due", "Owner", "Status", "Incident", "Action"], rows),
            "Per owner\n" + table(["Owner", "Items", "Open", "Overdue", "Done", *unknown], counts),
        ]
    )


def _valid(project_dir: Path | None) -> checkcache.Valid:
    """Policy and every record of a valid project: from the check cache when it can vouch
    for them all, else loaded and checked whole (which prints the errors of an invalid
    project)."""
    root = resolve_root(project_dir)
    found = checkcache.incidents_if_valid(root)
    if found is not None:
        return found
    before = checkcache.snapshot(root)
    project = load_valid(root)
    checkcache.remember(project, before)
    assert project.policy is not None  # load_valid refuses a project without policy
    return checkcache.Valid(project.policy, [r.incident for r in project.records])


@click.command("actions")
@click.option(
    "--open",
    "open_only",
    is_flag=True,
    help="Only items still to do (open or overdue; not done, not of unknown state).",
)
@click.option("--owner", metavar="OWNER", help="Only this owner's items (@alice or alice).")
@click.option("--overdue", is_flag=True, help="Only open items whose due day has passed.")
@click.option(
    "--today",
    callback=parse_day,
    metavar="DATE",
    help="Judge overdue against this day instead of today (in the project's time zone).",
)
@format_option("items and per-owner counts with stable keys.")
@project_option
def command(
    open_only: bool,
    owner: str | None,
    overdue: bool,
    today: date | None,
    fmt: str,
    project_dir: Path | None,
) -> None:
    """List post-mortem action items across all incidents: owner, due day, overdue.

    An item is overdue when it is not done and its due day is before today in the
    project's time zone (policy timezone); items a backfilled record marks done: unknown
    are listed as unknown, never open or overdue. Filters combine. Counts per owner follow
    the list.

    \b
    Example:
      playbook actions --open
      playbook actions --owner @bob --overdue --format json
    """
    policy, incidents = _valid(project_dir)
    if today is None:
        # The day the site and the exports judge on: "now" (SOURCE_DATE_EPOCH when set, as
        # for a build) on the project's calendar.
        today = judged_day(as_of_now(), policy.zone())
    items = select(
        entries(incidents, today),
        open_only=open_only,
        # Records hold owners in NFC form (model.common.Identity); so must the filter.
        owner=unicodedata.normalize("NFC", owner) if owner is not None else None,
        overdue=overdue,
    )
    if fmt == "json":
        click.echo(
            json.dumps(register_data(items, today), indent=2, ensure_ascii=False, allow_nan=False)
        )
    else:
        click.echo(render_table(items, per_owner(items), today))
