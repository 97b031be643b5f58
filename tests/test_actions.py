"""The action-item register: overdue judged against a given day, owners, filters."""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.facts.actions import entries, per_owner, register_data, select
from generator.model.incident import Incident


def incident(number: int, items: list[dict[str, Any]]) -> Incident:
    return Incident.model_validate(
        {
            "number": number,
            "slug": f"case-{number}",
            "title": f"Case {number}",
            "severity": "SEV2",
            "postmortem": {"action_items": items},
        }
    )


TODAY = date(2025, 1, 10)
RECORDS = [
    incident(
        1,
        [
            {"text": "Past due", "owner": "@alice", "due": "2025-01-09"},
            {"text": "Due today", "owner": "@Alice", "due": "2025-01-10"},
            {"text": "Done late", "owner": "@bob", "due": "2024-12-01", "done": True},
        ],
    ),
    incident(
        2,
        [
            {"text": "No date", "owner": None},
            {"text": "Later", "owner": "@bob", "due": "2025-03-01"},
        ],
    ),
    Incident.model_validate(
        {"number": 3, "slug": "no-pm", "title": "No post-mortem", "severity": "SEV4"}
    ),
]


def test_overdue_means_open_and_due_before_today() -> None:
    got = {e.text: e.overdue for e in entries(RECORDS, TODAY)}
    assert got == {
        "Past due": True,
        "Due today": False,
        "Done late": False,
        "No date": False,
        "Later": False,
    }


def test_ordered_by_due_day_with_undated_last_and_source_kept() -> None:
    items = entries(RECORDS, TODAY)
    assert [e.text for e in items] == ["Done late", "Past due", "Due today", "Later", "No date"]
    assert [(e.number, e.index, e.uid) for e in items][-1] == (2, 1, "0002-case-2-action-1")


def test_filters_combine_and_owner_matches_without_case_or_at() -> None:
    items = entries(RECORDS, TODAY)
    assert [e.text for e in select(items, owner="alice")] == ["Past due", "Due today"]
    assert [e.text for e in select(items, owner="@BOB", open_only=True)] == ["Later"]
    assert [e.text for e in select(items, overdue=True)] == ["Past due"]
    assert select(items, owner="nobody") == []


def test_counts_per_owner_merge_spellings_put_overdue_first_and_no_owner_last() -> None:
    counts = per_owner(entries(RECORDS, TODAY))
    assert [(c.owner, c.total, c.open, c.overdue, c.done) for c in counts] == [
        ("@alice", 2, 2, 1, 0),
        ("@bob", 2, 1, 0, 1),
        (None, 1, 1, 0, 0),
    ]


def test_register_data_totals() -> None:
    data = register_data(entries(RECORDS, TODAY), TODAY)
    assert (data["today"], data["total"], data["open"], data["overdue"]) == ("2025-01-10", 5, 4, 1)
    assert data["items"][1] == {
        "incident": 1,
        "ident": "0001-case-1",
        "incident_title": "Case 1",
        "severity": "SEV2",
        "index": 1,
        "text": "Past due",
        "owner": "@alice",
        "due": "2025-01-09",
        "done": False,
        "overdue": True,
        "state": "overdue",
        "link": None,
    }
