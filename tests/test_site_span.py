"""The clock span beside a duration reads forwards even when events use different offsets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from generator.facts.timeline import Interval, Milestone
from generator.site.incidents import Span


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_span_ends_are_shown_in_the_start_zone() -> None:
    start = Milestone("detected", _at("2024-11-25T14:32:00+01:00"), False, "timeline", 0)
    end = Milestone("resolved", _at("2024-11-25T13:50:00+00:00"), False, "timeline", 5)
    span = Span(Interval("detected", "resolved", end.at - start.at, False), start, end)
    assert span.interval.duration == timedelta(minutes=18)
    assert span.clock == "14:32 → 14:50"


def test_span_across_midnight_in_the_start_zone_shows_dates() -> None:
    pst = timezone(timedelta(hours=-8))
    start = Milestone("detected", datetime(2025, 2, 10, 23, 52, tzinfo=pst), False, "stated")
    end = Milestone("resolved", _at("2025-02-11T11:30:00+00:00"), False, "stated")
    span = Span(Interval("detected", "resolved", end.at - start.at, False), start, end)
    assert span.clock == "2025-02-10 23:52 → 2025-02-11 03:30"
