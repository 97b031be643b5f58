"""Every export is written strict: JSON without NaN, an Atom feed and a calendar that parse,
whatever reaches them (record text, a site_url from mkdocs.yml)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import icalendar
import pytest

from generator.exports import Links, calendar, feed, incidents_json
from generator.exports.records import incident_document
from generator.facts.metrics import incident_metrics
from generator.load.project import load_project

TODAY = date(2025, 1, 10)


def items(project: Path) -> list:  # type: ignore[type-arg]
    loaded = load_project(project)
    assert not loaded.problems
    return [incident_metrics(r.incident, loaded.policy) for r in loaded.records]


def test_a_site_url_with_control_characters_still_gives_a_feed_that_parses(
    project: Path,
) -> None:
    links = Links(site_url="https://runbooks.example/\x01\x1b[2J/")
    root = ET.fromstring(feed(items(project), links, TODAY))
    hrefs = [e.get("href") for e in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all("\x01" not in str(h) and "\x1b" not in str(h) for h in hrefs)


def test_the_calendar_parses_with_a_hostile_site_url(project: Path) -> None:
    links = Links(site_url="https://runbooks.example/a,b;c\\d/")
    parsed = icalendar.Calendar.from_ical(calendar(items(project), links, TODAY).encode())
    assert len(parsed.walk("VEVENT")) >= 1


def test_json_exports_refuse_to_write_nan() -> None:
    """The model refuses .nan; should a NaN ever slip through, the export fails loudly
    instead of writing `NaN`, which strict JSON parsers reject."""
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        incident_document({"ident": "0001-x", "computed": {"ratio": float("nan")}}, TODAY)


def test_the_json_export_of_the_shipped_project_is_strict(project: Path) -> None:
    def refuse(constant: str) -> None:
        raise AssertionError(constant)

    data = json.loads(incidents_json(items(project), Links(), TODAY), parse_constant=refuse)
    assert data["count"] == 8
