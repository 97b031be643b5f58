"""``playbook export``: every incident with its computed facts, as JSON or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ..exports import Links, incidents_csv, incidents_json
from ..facts.actions import judged_day
from ..facts.incident import all_facts, as_of_now
from ..files import write_atomic
from ..mkdocs_config import setting
from ._common import project_option
from ._output import check_file_target
from ._valid import load_valid


def configured_site_url(root: Path) -> str | None:
    """``site_url`` from the project's mkdocs.yml, or None when absent or unreadable."""
    url = setting(root / "mkdocs.yml", "site_url")
    return url if isinstance(url, str) and url.strip() else None


#: How every export begins. A rerun may replace its own earlier file; a mistyped --out
#: naming a record, mkdocs.yml or someone's notes is refused instead of overwritten.
_EXPORT_STARTS = (b'{"version":', b"number,ident,")


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    required=True,
    help="json: every record plus computed facts (api/incidents.json); csv: one row each.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: print to standard output).",
)
@click.option(
    "--site-url",
    metavar="URL",
    default=None,
    help="Base of incident links (default: site_url from mkdocs.yml; else links are relative).",
)
@project_option
def command(fmt: str, out: Path | None, site_url: str | None, project_dir: Path | None) -> None:
    """Export all incident records with their computed durations, SLA results and links.

    The formats and their keys are documented in the README ("Export formats"); the built
    site carries the same files under api/incidents.json and incidents.csv.

    \b
    Example:
      playbook export --format json --out incidents.json
      playbook export --format csv > incidents.csv
    """
    project = load_valid(project_dir)
    if out is not None:
        out = check_file_target(
            out, root=project.root, starts=_EXPORT_STARTS, what="an earlier playbook export"
        )
    links = Links(site_url or configured_site_url(project.root))
    assert project.policy is not None  # load_valid refuses a project without policy
    as_of = as_of_now()
    items = all_facts(project.records, project.policy, as_of)
    today = judged_day(as_of, project.policy.zone())
    text = (
        incidents_json(items, links, today) if fmt == "json" else incidents_csv(items, links, today)
    )
    if out is None:
        # As bytes: an export is UTF-8 whatever the terminal's encoding (a CSV redirected
        # from a latin-1 locale must not hold escapes in place of its text).
        click.echo(text.encode("utf-8"), nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, text)
        click.echo(f"wrote {len(items)} incident(s) to {out}", err=True)
