"""The Atom feed holds the most recent post-mortems only; the JSON export keeps them all."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from generator.check import load_checked
from generator.exports import Links, site_files
from generator.facts.metrics import incident_metrics
from tests.sitebuild import make_project, run_build

from .conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_keeps_the_newest_entries_and_the_api_keeps_every_incident() -> None:
    project = load_checked(ROOT)
    items = [incident_metrics(r.incident, project.policy) for r in project.records]
    links = Links("https://runbooks.example.com/", site_name="Ops")
    full = site_files(items, links, date(2026, 12, 1))
    everything = ET.fromstring(full["feed.xml"]).findall(f"{ATOM}entry")
    assert len(everything) > 2  # the shipped project has more post-mortems than the limit below
    short = site_files(items, links, date(2026, 12, 1), feed_entries=2)
    entries = ET.fromstring(short["feed.xml"]).findall(f"{ATOM}entry")
    # The same two first entries as the full feed, newest first.
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        e.findtext(f"{ATOM}id") for e in everything[:2]
    ]
    assert len(json.loads(short["api/incidents.json"])["incidents"]) == len(items)


def test_the_plugin_option_sets_how_many_entries_the_feed_holds(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - playbook\n", "  - playbook:\n      feed_entries: 1\n"
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = run_build(root, "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    entries = ET.fromstring((site / "feed.xml").read_bytes()).findall(f"{ATOM}entry")
    assert len(entries) == 1


@pytest.mark.parametrize(
    ("option", "value"), [("feed_entries", "-1"), ("recent", "true"), ("feed_entries", "'5'")]
)
def test_a_count_that_is_not_a_whole_number_of_0_or_more_is_refused(
    tmp_path: Path, option: str, value: str
) -> None:
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - playbook\n", f"  - playbook:\n      {option}: {value}\n"
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = run_build(root, "--site-dir", str(site))
    assert result.exit_code == 1, result.output
    shown = {"-1": "-1", "true": "True", "'5'": "'5'"}[value]
    assert (
        f"Plugin 'playbook' option '{option}': expected a whole number, 0 or more; got {shown}"
    ) in result.output
    assert not site.exists()
