"""The clock span beside a duration reads in the page's one display zone, whatever offsets the
record's events were written in."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from generator.facts.timeline import Interval, Milestone
from generator.site import templating
from generator.site.incidents import Span


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _interval(start: Milestone, end: Milestone) -> Interval:
    return Interval("impact", "Duration", "…", start.name, end.name, end.at - start.at, False)


def test_span_ends_are_shown_in_the_display_zone() -> None:
    start = Milestone("detected", _at("2024-11-25T14:32:00+01:00"), False, "timeline", 0)
    end = Milestone("resolved", _at("2024-11-25T13:50:00+00:00"), False, "timeline", 5)
    span = Span(_interval(start, end), start, end)
    assert span.interval.duration == timedelta(minutes=18)
    assert span.clock == "13:32 → 13:50"  # UTC, the default display zone


def test_span_across_midnight_in_a_named_zone_shows_dates() -> None:
    pst = timezone(timedelta(hours=-8))
    start = Milestone("detected", datetime(2025, 2, 10, 23, 52, tzinfo=pst), False, "stated")
    end = Milestone("resolved", _at("2025-02-11T11:30:00+00:00"), False, "stated")
    token = templating.display_zone.set(ZoneInfo("America/Los_Angeles"))
    try:
        span = Span(_interval(start, end), start, end)
        assert span.clock == "2025-02-10 23:52 → 2025-02-11 03:30"
        assert templating.when(start.at) == "2025-02-10 23:52 PST"
    finally:
        templating.display_zone.reset(token)
