"""Recording a past incident from its write-up: times typed as sources give them.

These follow what happened when public post-mortems (published in PST/PT, with times
"around" an hour, days restored "on April 8th") were recorded with the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .authoring import run, small_project

RECORD = "playbooks/incidents/0001-chat-down.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = small_project(tmp_path, with_seed=False)
    code, out = run(root, "new-incident", "Chat down", "--severity", "SEV2", "--service", "chat",
                    "--backfill", "--detected-at", "~2021-01-04 07:00 America/Los_Angeles",
                    "--no-input")  # fmt: skip
    assert code == 0, out
    return root


def timeline(root: Path) -> list[str]:
    text = (root / RECORD).read_text()
    return [line for line in text[text.index("timeline:") :].splitlines()[1:] if "- {" in line]


def test_an_exact_event_logged_after_an_estimate_goes_in_time_order(root: Path) -> None:
    # The write-up: errors began around 06:00, the first alert fired at 06:45; the record
    # was opened with "detected around 07:00". The alert must come first, and be the
    # detection the numbers use.
    run(root, "log", "1", "Errors begin", "--kind", "started",
        "--at", "~2021-01-04 06:00 America/Los_Angeles")  # fmt: skip
    run(root, "log", "1", "First alert", "--kind", "detected",
        "--at", "2021-01-04 06:45 America/Los_Angeles")  # fmt: skip
    assert [line.split("text: ")[1] for line in timeline(root)] == [
        "Errors begin}",
        "First alert}",
        "Incident detected}",
    ]
    code, out = run(root, "show", "1")
    assert code == 0
    assert "time to detect: ~45m (started → detected)" in out, out


def test_a_clock_time_alone_on_a_backfilled_record_asks_for_the_date(root: Path) -> None:
    before = (root / RECORD).read_text()
    code, out = run(root, "log", "1", "Service back", "--kind", "mitigated", "--at", "09:40")
    assert code == 2
    assert out.endswith(
        "and this backfilled record's times are on other days; give the date too, like "
        "--at '2021-01-04 09:40'\n"
    ), out
    assert (root / RECORD).read_text() == before


def test_an_estimate_a_day_off_is_reported_not_published_as_a_negative_duration(
    root: Path,
) -> None:
    # Within an estimate's leeway nothing is said: paged ten minutes "before" detection.
    run(root, "log", "1", "Paged", "--kind", "acknowledged",
        "--at", "2021-01-04 06:50 America/Los_Angeles")  # fmt: skip
    code, out = run(root, "validate")
    assert (code, "milestone-order" in out) == (0, False), out
    run(root, "log", "1", "Service back", "--kind", "mitigated",
        "--at", "~2021-01-03 09:40 America/Los_Angeles")  # fmt: skip
    code, out = run(root, "validate")
    assert code == 0  # a warning: records that built before still build
    assert (
        "warning: mitigated (2021-01-03T09:40:00-08:00) is before acknowledged "
        "(2021-01-04T06:50:00-08:00); check the date and the offset of both (approximate, "
        "but 21h 10m off: its durations would be negative) (milestone-order)"
    ) in out, out


def test_an_estimate_hand_written_far_out_of_order_is_named(root: Path) -> None:
    path = root / RECORD
    path.write_text(
        path.read_text().replace(
            "timeline:\n",
            "timeline:\n  - {at: 2021-01-04T09:00:00-08:00, kind: note, text: Later}\n",
            1,
        )
    )
    code, out = run(root, "validate", str(path))
    assert code == 0
    assert ": warning: event is earlier than timeline[0] (2h before it), more than an " in out


def test_a_date_alone_is_refused_not_read_as_midnight(root: Path) -> None:
    code, out = run(root, "log", "1", "Restored", "--at", "2021-01-08")
    assert (code, out) == (
        2,
        "Error: --at '2021-01-08' has no time of day; add one (with ~ when the source gives "
        "only the day: '~2021-01-08 12:00')\n",
    )


@pytest.mark.parametrize(
    ("zone", "region"),
    [("PST", "America/Los_Angeles"), ("PT", "America/Los_Angeles"), ("edt", "America/New_York")],
)
def test_a_zone_abbreviation_names_the_region_to_write(root: Path, zone: str, region: str) -> None:
    code, out = run(root, "log", "1", "x", "--at", f"2021-01-04 10:40 {zone}")
    assert (code, out) == (
        2,
        f"Error: --at '2021-01-04 10:40 {zone}': {zone!r} is an abbreviation, not a time zone "
        f"name; write the region's zone, {region!r}, and the clock time as published (the "
        "offset of that day is then taken, summer time included)\n",
    )


def test_est_in_summer_is_read_as_written_with_a_caution(root: Path) -> None:
    code, out = run(root, "log", "1", "x", "--at", "2021-01-04 11:39 EST")
    assert code == 0 and "caution" not in out and "always" not in out, out
    code, out = run(root, "log", "1", "y", "--at", "2020-10-04 11:39 EST")
    assert code == 0, out
    # (The note's line; the record's other times are months later: a warning follows.)
    assert out.splitlines()[1].endswith(
        "read as 2020-10-04T11:39:00-05:00 (EST); EST is always -05:00; on that date "
        "America/New_York was -04:00 (EDT): write 'America/New_York' if the source meant "
        "local time"
    ), out


def test_the_second_reading_of_a_doubled_hour_is_offered_where_it_is_utc(root: Path) -> None:
    code, out = run(root, "log", "1", "x", "--at", "2020-10-25 01:30 Europe/London")
    assert code == 0, out
    note = out.splitlines()[1]
    assert note.endswith("the first reading is taken (write +00:00 for the second)"), out


def test_a_message_sent_on_a_backfilled_record_needs_its_time(root: Path) -> None:
    before = (root / RECORD).read_text()
    code, out = run(root, "comms", "1", "--template", "status-resolved", "--sent")
    assert code == 2
    assert out.endswith(
        f"Error: {RECORD} is a backfilled record: say when the message was sent with --at "
        "(as 'playbook log --at' takes it)\n"
    ), out
    assert (root / RECORD).read_text() == before
    code, out = run(root, "comms", "1", "--template", "status-resolved", "--sent",
                    "--at", "~2021-01-04 10:50 America/Los_Angeles")  # fmt: skip
    assert code == 0, out
    assert (
        "  - {at: 2021-01-04T10:50:00-08:00, approximate: true, kind: communication, "
        "text: 'Sent: Status page: resolved', message: status-resolved}"
    ) in timeline(root)
    assert run(root, "comms", "1", "--at", "10:00")[1] == (
        "Error: --at says when a message was sent: use it with --sent\n"
    )


def test_show_keeps_its_timeline_columns_for_long_kinds_and_offsets(root: Path) -> None:
    run(root, "log", "1", "Half the users back", "--kind", "partial_recovery",
        "--at", "2021-01-07 09:00 America/Los_Angeles")  # fmt: skip
    code, out = run(root, "show", "1")
    assert code == 0, out
    rows = out.split("Timeline\n")[1].split("\n\n")[0].splitlines()
    assert len(rows) == 2, rows
    # The event texts start in one column.
    texts = [row.index("Incident detected" if "Incident" in row else "Half the") for row in rows]
    assert len(set(texts)) == 1, rows
    assert rows[1].startswith("  +3d 2h   "), rows


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posix/Europe/Berlin", "right/UTC"])
def test_a_zone_that_depends_on_the_machine_is_refused(root: Path, zone: str) -> None:
    code, out = run(root, "log", "1", "x", "--at", f"2021-01-04 10:40 {zone}")
    assert (code, out) == (
        2,
        f"Error: --at '2021-01-04 10:40 {zone}': {zone!r} is not a time zone name; use one "
        "like UTC, Europe/Berlin or America/Los_Angeles\n",
    )


def test_digits_of_other_scripts_are_not_numbers_here(root: Path) -> None:
    assert run(root, "show", "١")[0] == 1
    code, out = run(root, "log", "1", "x", "--at", "٠٩:٣٠")
    assert code == 2 and "is not a time" in out, out


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("2017-02-28 9:37AM America/Los_Angeles", "2017-02-28T09:37:00-08:00"),
        ("2017-02-28 1:18 PM America/Los_Angeles", "2017-02-28T13:18:00-08:00"),
        ("~2017-02-28 1:54 p.m. America/Los_Angeles", "2017-02-28T13:54:00-08:00"),
        ("2017-02-28 12:05 am America/Los_Angeles", "2017-02-28T00:05:00-08:00"),
        ("2017-02-28 9:37 America/Los_Angeles", "2017-02-28T09:37:00-08:00"),
        ("2017-02-28T9:37Z", "2017-02-28T09:37:00Z"),
    ],
)
def test_a_clock_time_as_write_ups_print_it_is_read(root: Path, typed: str, written: str) -> None:
    # AWS's S3 summary: "At 9:37AM PST … By 1:18PM PST …".
    code, out = run(root, "log", "1", "Servers removed", "--at", typed)
    assert code == 0, out
    assert out.startswith(f"{RECORD}: logged note at {'~' * typed.startswith('~')}{written} ")


def test_a_12_hour_clock_past_12_is_refused(root: Path) -> None:
    before = (root / RECORD).read_text()
    code, out = run(root, "log", "1", "x", "--at", "2017-02-28 13:18 PM America/Los_Angeles")
    assert (code, out) == (
        2,
        "Error: --at '2017-02-28 13:18 PM America/Los_Angeles': '13:18 PM' is not a 12-hour "
        "clock time (1:00 to 12:59 AM or PM); drop the AM/PM for a 24-hour time\n",
    )
    assert (root / RECORD).read_text() == before


def test_a_resolved_event_of_unknown_time_is_named_not_asked_for_again(root: Path) -> None:
    # The write-up never says when the all-clear came: the user logged it as unknown.
    # "add a 'resolved' timeline event" sent them looking for the event they wrote.
    run(root, "log", "1", "Back online", "--kind", "mitigated",
        "--at", "2021-01-04 10:40 America/Los_Angeles")  # fmt: skip
    code, out = run(root, "log", "1", "All clear", "--kind", "resolved", "--at", "unknown")
    assert code == 0, out
    code, out = run(root, "validate")
    assert code == 0, out
    assert (
        f"\n{RECORD}:11:9: warning: status is 'resolved' but no resolution time is known; its "
        "'resolved' event (timeline[2]) has no time: give it an 'at' ('approximate: true' when "
        "the source gives it roughly) or state milestones.resolved (status-timeline)\n"
    ) in out, out


def test_the_new_records_heading_dates_it_in_the_project_zone(tmp_path: Path) -> None:
    # GitHub's 2018 outage was detected at 22:54 UTC on October 21: in a project kept in
    # Berlin time, every page dates it October 22, and so must the record's first line.
    root = small_project(tmp_path, with_seed=False)
    timing = root / "playbooks/policy/timing.yaml"
    timing.write_text(timing.read_text().replace("timezone: UTC", "timezone: Europe/Berlin"))
    code, out = run(root, "new-incident", "Git down", "--severity", "SEV1", "--service", "git",
                    "--backfill", "--detected-at", "2018-10-21T22:54:00Z", "--no-input")  # fmt: skip
    assert code == 0, out
    text = (root / "playbooks/incidents/0001-git-down.yaml").read_text()
    assert text.splitlines()[1] == (
        "# SEV1 incident, backfilled with `playbook new-incident --backfill` (2018-10-22)."
    )


def test_a_clock_time_with_a_zone_on_a_backfilled_record_asks_for_the_date(root: Path) -> None:
    before = (root / RECORD).read_text()
    code, out = run(root, "log", "1", "Service back", "--at", "0:00 UTC")
    assert code == 2
    assert out.endswith(
        "and this backfilled record's times are on other days; give the date too, like "
        "--at '2021-01-04 0:00 UTC'\n"
    ), out
    assert (root / RECORD).read_text() == before


@pytest.mark.parametrize(
    ("typed", "written", "read_in"),
    [
        ("Oct 21 2018 22:52 UTC", "2018-10-21T22:52:00Z", " (UTC)"),
        ("October 21, 2018 22:52 UTC", "2018-10-21T22:52:00Z", " (UTC)"),
        ("2018 October 21 22:52 UTC", "2018-10-21T22:52:00Z", " (UTC)"),
        ("21 Oct 2018 22:52", "2018-10-21T22:52:00Z", " (UTC, the project's time zone)"),
        ("Oct. 21, 2018, 22:52Z", "2018-10-21T22:52:00Z", ""),
        ("~Oct 22 2018 at 9:00 am", "2018-10-22T09:00:00Z", " (UTC, the project's time zone)"),
        ("2018-10-21 10:52 PM America/Los_Angeles", "2018-10-21T22:52:00-07:00",
         " (America/Los_Angeles)"),
        ("October 21, 2018 10:52 p.m. America/Los_Angeles", "2018-10-21T22:52:00-07:00",
         " (America/Los_Angeles)"),
        ("2018-10-21T10:52PM-07:00", "2018-10-21T22:52:00-07:00", ""),
    ],
)  # fmt: skip
def test_a_date_as_write_ups_print_it_is_read_and_shown_as_understood(
    root: Path, typed: str, written: str, read_in: str
) -> None:
    # GitHub's 2018 report: "At 22:52 UTC on October 21, …".
    run(root, "new-incident", "Git down", "--severity", "SEV1", "--service", "git",
        "--backfill", "--detected-at", "2018-10-21T22:54:00Z", "--no-input")  # fmt: skip
    code, out = run(root, "log", "2", "Link lost", "--at", typed)
    assert code == 0, out
    logged, note = out.splitlines()
    assert logged.startswith(
        f"playbooks/incidents/0002-git-down.yaml: logged note at {'~' * typed.startswith('~')}{written} "
    )
    assert note == f"note: --at {typed!r} read as {written}{read_in}"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10/21/2018 22:52", "'10/21/2018' is month-first in some places and day-first in "
         "others; write the date year first: 2018-10-21"),
        ("03.04.2018 10:00", "'03.04.2018' is month-first in some places and day-first in "
         "others; write the date year first: 2018-03-04 or 2018-04-03"),
        ("Feb 30 2018 10:00", "Feb 30 2018 is not a date"),
    ],
)  # fmt: skip
def test_a_date_that_could_be_misread_is_refused(root: Path, typed: str, message: str) -> None:
    before = (root / RECORD).read_text()
    assert run(root, "log", "1", "x", "--at", typed) == (2, f"Error: --at {typed!r}: {message}\n")
    assert (root / RECORD).read_text() == before


def test_a_printed_date_without_a_clock_asks_for_one_in_iso(root: Path) -> None:
    assert run(root, "log", "1", "x", "--at", "Oct 21 2018") == (
        2,
        "Error: --at 'Oct 21 2018' has no time of day; add one (with ~ when the source gives "
        "only the day: '~2018-10-21 12:00')\n",
    )


def test_a_message_sent_is_logged_with_its_offset_as_log_prints_it(root: Path) -> None:
    at = "2021-01-04 07:10 America/Los_Angeles"
    code, out = run(root, "comms", "1", "--template", "status-resolved", "--sent", "--at", at)
    assert code == 0, out
    assert out.splitlines()[-2:] == [
        f"{RECORD}: logged communication at 2021-01-04T07:10:00-08:00 (2021-01-04 15:10 UTC, "
        "+10m): Sent: Status page: resolved",
        f"note: --at '{at}' read as 2021-01-04T07:10:00-08:00 (America/Los_Angeles)",
    ]
    code, out = run(root, "log", "1", "Status page updated", "--kind", "communication", "--at", at)
    assert out.splitlines()[0] == (
        f"{RECORD}: logged communication at 2021-01-04T07:10:00-08:00 (2021-01-04 15:10 UTC, "
        "+10m): Status page updated"
    )
