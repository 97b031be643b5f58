"""``playbook stats``: MTTA, MTTR and SLA results per severity and quarter, in the terminal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..facts.incident import all_facts, as_of_now
from ..facts.metrics import TABLE_HEADINGS, report, report_data, table_cells
from ..terminal import clean, table
from ._common import format_option, parse_day, project_option
from ._valid import load_valid


def render_table(data: dict[str, Any]) -> str:
    """The terminal form of :func:`generator.facts.metrics.report_data`."""
    head = f"{data['incidents']} incident(s)"
    if data["since"]:
        head += f" since {data['since']} ({data['zone']}); {data['left_out']} earlier or undated left out"
    if data["undated"]:
        head += f"; {data['undated']} with no known time"
    parts = [head + ". ~ marks values resting on approximate times; — means none measured."]
    sev_rows = [[g["key"], *table_cells(g)] for g in data["severities"]]
    sev_rows.append(["All", *table_cells(data["total"])])
    parts.append("By severity\n" + table(["Severity", *TABLE_HEADINGS], sev_rows))
    q_rows = [[g["key"], *table_cells(g)] for g in data["quarters"]]
    parts.append(
        f"By quarter of the earliest known time ({data['zone']})\n"
        + (table(["Quarter", *TABLE_HEADINGS], q_rows) if q_rows else "(no incidents)")
    )
    breaches = data["total"]["breaches"]
    lines = [
        f"#{b['number']:04d} {b['severity']}  {b['check']} {b['duration']} "
        f"(target {b['target']})  {clean(b['title'])}"
        for b in breaches
    ]
    parts.append("SLA breaches\n" + ("\n".join(lines) if lines else "(none)"))
    parts.append("Definitions\n" + "\n".join(f"- {text}" for text in data["definitions"].values()))
    return "\n\n".join(parts)


@click.command("stats")
@click.option(
    "--since",
    callback=parse_day,
    metavar="DATE",
    help="Only incidents that began on or after this day (policy time zone), e.g. 2024-10-01.",
)
@format_option("the numbers the metrics page shows, with stable keys.")
@project_option
def command(since: date | None, fmt: str, project_dir: Path | None) -> None:
    """Print incident counts, MTTA, MTTR and SLA results per severity and quarter.

    Every number is computed from the records' timestamps, with the definitions printed
    below the tables; the site's metrics page shows the same numbers. Incidents whose times
    are unknown are counted as excluded, never as zero; estimated times are marked ~.

    \b
    Example:
      playbook stats
      playbook stats --since 2024-10-01 --format json
    """
    project = load_valid(project_dir)
    assert project.policy is not None  # load_valid refuses a project without policy
    facts = all_facts(project.records, project.policy, as_of_now())
    data = report_data(report(facts, project.policy, since=since))
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
    else:
        click.echo(render_table(data))
