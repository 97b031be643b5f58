from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.authoring.timeparse import read_time
from generator.errors import UsageProblem

from .authoring import run, small_project


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Checkout failing", "--severity", "SEV3",
        "--detected-at", "2024-11-25T14:32:00Z")  # fmt: skip
    return root


RECORD = "playbooks/incidents/0001-checkout-failing.yaml"


def timeline(root: Path) -> str:
    text = (root / RECORD).read_text()
    return text[text.index("timeline:") :]


def test_log_appends_in_the_files_style(root: Path) -> None:
    assert run(root, "log", "1", "On-call acknowledged", "--kind", "acknowledged",
               "--at", "2024-11-25T14:35:00Z") == (
        0,
        f"{RECORD}: logged acknowledged at 2024-11-25T14:35:00Z (+3m): On-call acknowledged\n",
    )  # fmt: skip
    assert timeline(root) == (
        "timeline:\n"
        "  - {at: 2024-11-25T14:32:00Z, kind: detected, text: Incident detected}\n"
        "  - {at: 2024-11-25T14:35:00Z, kind: acknowledged, text: On-call acknowledged}\n"
    )


def test_backfilled_event_goes_in_time_order(root: Path) -> None:
    run(root, "log", "1", "Fix deployed", "--kind", "deployed", "--at", "2024-11-25T14:58:00Z")
    run(root, "log", "0001", "Root cause: regex", "--kind", "root_cause",
        "--at", "2024-11-25T15:42:00+01:00")  # fmt: skip
    assert timeline(root) == (
        "timeline:\n"
        "  - {at: 2024-11-25T14:32:00Z, kind: detected, text: Incident detected}\n"
        "  - {at: 2024-11-25T15:42:00+01:00, kind: root_cause, text: 'Root cause: regex'}\n"
        "  - {at: 2024-11-25T14:58:00Z, kind: deployed, text: Fix deployed}\n"
    )


def test_default_time_is_now_and_kind_note(root: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    code, out = run(root, "log", "0001-checkout-failing", "Still investigating")
    assert code == 0, out
    stamp = out.split(" at ")[1].split(" ")[0]
    when = datetime.fromisoformat(stamp)
    assert before <= when <= datetime.now(UTC)
    assert f"  - {{at: {stamp}, kind: note, text: Still investigating}}\n" in timeline(root)


def test_clock_time_means_today_utc(root: Path) -> None:
    past = datetime.now(UTC) - timedelta(minutes=5)
    if past.date() != datetime.now(UTC).date():
        pytest.skip("just after midnight UTC")
    code, out = run(root, "log", "1", "Paged", "--at", past.strftime("%H:%M"))
    assert code == 0, out
    assert f"at {past.strftime('%Y-%m-%dT%H:%M')}:00Z" in out


def test_resolved_sets_status_and_mitigated_only_from_open(root: Path) -> None:
    assert run(root, "log", "1", "Errors gone", "--kind", "mitigated",
               "--at", "2024-11-25T14:50:00Z") == (
        0,
        f"{RECORD}: logged mitigated at 2024-11-25T14:50:00Z (+18m): Errors gone\n"
        "status: open → mitigated\n",
    )  # fmt: skip
    code, out = run(root, "log", "1", "All clear", "--kind", "resolved",
                    "--at", "2024-11-25T15:19:00Z")  # fmt: skip
    assert out.endswith("status: mitigated → resolved\n")
    assert "status: resolved\n" in (root / RECORD).read_text()
    code, out = run(root, "log", "1", "Flapped again", "--kind", "mitigated",
                    "--at", "2024-11-25T15:20:00Z")  # fmt: skip
    assert code == 0 and "status:" not in out


def test_a_clock_time_later_than_now_offers_yesterday() -> None:
    """At 00:10 in Kolkata the responder logs what happened at 23:55 the evening before."""
    now = datetime(2026, 12, 1, 18, 40, tzinfo=UTC)  # 00:10 on 2 December in Kolkata
    with pytest.raises(UsageProblem) as refused:
        read_time("~23:55", now, ZoneInfo("Asia/Kolkata"))
    assert str(refused.value) == (
        "--at '~23:55' is 2026-12-02T23:55:00+05:30, in the future: it is 00:10 now "
        "(Asia/Kolkata); for yesterday write --at '~2026-12-01 23:55'"
    )
    # What it suggests is taken as it stands.
    typed = read_time("~2026-12-01 23:55", now, ZoneInfo("Asia/Kolkata"))
    assert typed.when == datetime(2026, 12, 1, 18, 25, tzinfo=UTC) and typed.approximate


def test_far_from_utc_the_confirmation_reads_the_projects_clock(tmp_path: Path) -> None:
    """A Kolkata team at 02:33 sees its own clock beside the stamp the record keeps."""
    root = small_project(tmp_path)
    timing = root / "playbooks/policy/timing.yaml"
    timing.write_text(timing.read_text().replace("timezone: UTC", "timezone: Asia/Kolkata"))
    code, out = run(root, "new-incident", "Checkout 502", "--severity", "SEV1", "--no-input")
    assert code == 0, out
    record = next((root / "playbooks/incidents").glob("0016-*.yaml"))
    today = datetime.now(ZoneInfo("Asia/Kolkata")).date().isoformat()
    assert f"# SEV1 incident, opened {today} with `playbook new-incident`." in record.read_text()
    code, out = run(root, "log", "16", "Acked", "--kind", "acknowledged")
    assert code == 0, out
    assert re.search(
        r"logged acknowledged at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ "
        r"\(\d{4}-\d\d-\d\d \d\d:\d\d IST, \+\d+[sm]\): Acked$",
        out,
        re.M,
    ), out
    code, out = run(root, "comms", "16", "--sent")
    # With the offset from detection, as log prints it.
    assert re.search(
        r"logged communication at \S+Z \(\S+ \d\d:\d\d IST, \+\d+[sm]\): Sent: ", out
    ), out
    # A time typed in the project's zone is written with its offset, which says it already.
    code, out = run(root, "log", "16", "Earlier", "--at", "2026-01-05T10:00:00+05:30")
    assert "logged note at 2026-01-05T10:00:00+05:30 (" in out and "IST," not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "14:3x"], "Error: --at '14:3x' is not a time; use HH:MM (today), a date and "
         "time like 2024-11-25T14:35:00Z or '2024-11-25 06:35 America/Los_Angeles', or "
         "'unknown'\n"),
        (["--at", "2999-01-01T00:00:00Z"], "Error: --at '2999-01-01T00:00:00Z' is "
         "2999-01-01T00:00:00Z, in the future; give the full date for an earlier day\n"),
        (["--kind", "acknowledged", "--at", "2024-11-25T14:00:00Z"],
         f"{RECORD}:34:10: error: acknowledged (2024-11-25T14:00:00+00:00) is before detected "
         "(2024-11-25T14:32:00+00:00); check the date and the offset of both (milestone-order)\n"
         f"Error: edit refused; {RECORD} is unchanged: 1 error(s), 0 warning(s) in 1 file(s)\n"),
        (["--kind", "paged"], None),
    ],
)  # fmt: skip
def test_refusals_leave_the_file_unchanged(
    root: Path, args: list[str], message: str | None
) -> None:
    before = (root / RECORD).read_bytes()
    code, out = run(root, "log", "1", "Something", *args)
    if message is None:
        assert code == 2 and "Error: --kind 'paged' is not one of started, detected" in out
    elif message.startswith("Error: --at"):
        assert (code, out) == (2, message)  # a usage error, like any other
    else:
        assert (code, out) == (1, message)
    assert (root / RECORD).read_bytes() == before


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("99", "Error: no incident 99 in playbooks/incidents/\n"),
        ("0001-other", "Error: no incident 0001-other in playbooks/incidents/\n"),
        ("../x", "Error: '../x' is not an incident id; give its number (15, 0015) or its "
         "file name (0015-hotfix-auth-token)\n"),
    ],
)  # fmt: skip
def test_unknown_ids(root: Path, ident: str, message: str) -> None:
    assert run(root, "log", ident, "x") == (1, message)


def test_ambiguous_id(root: Path) -> None:
    text = (root / RECORD).read_text()
    (root / "playbooks/incidents/0001-other.yaml").write_text(
        text.replace("slug: checkout-failing", "slug: other")
    )
    assert run(root, "show", "1") == (
        1,
        "Error: incident 1 is ambiguous: 0001-checkout-failing.yaml, 0001-other.yaml; "
        "give the full name\n",
    )


@pytest.mark.parametrize(
    "text",
    ["? unknown cause", ": x", "?q", "Status page: updated, #incidents told", 'it\'s "done"'],
)
def test_text_that_starts_like_yaml_syntax_is_logged_as_typed(root: Path, text: str) -> None:
    code, out = run(root, "log", "1", text, "--kind", "note")
    assert code == 0, out
    from generator.load.yamlsource import load_text

    doc = load_text((root / RECORD).read_text(), RECORD)
    assert doc.problems == []
    assert doc.data["timeline"][-1]["text"] == text
    assert run(root, "validate")[0] == 0


def test_a_local_time_the_clocks_skipped_is_refused_and_a_doubled_one_is_named(
    root: Path,
) -> None:
    code, out = run(root, "log", "1", "x", "--at", "2024-03-31 02:30 Europe/Berlin")
    assert code == 2
    assert out == (
        "Error: --at '2024-03-31 02:30 Europe/Berlin': 2024-03-31 02:30 never happened in "
        "Europe/Berlin (the clocks went forward): type the time the clocks showed "
        "(2024-03-31 03:30 at the same moment) or give an offset\n"
    )
    code, out = run(root, "log", "1", "x", "--at", "2024-10-27 02:30 Europe/Berlin")
    assert code == 0, out
    assert (
        "note: --at '2024-10-27 02:30 Europe/Berlin' read as 2024-10-27T02:30:00+02:00 "
        "(Europe/Berlin); the clocks showed that time twice, the first reading is taken "
        "(write +01:00 for the second)\n" in out
    )


def test_started_logged_after_a_detection_of_the_same_minute_goes_first(root: Path) -> None:
    # The alert and the start of impact at the same minute, typed in the order remembered.
    code, out = run(root, "log", "1", "Errors begin", "--kind", "started", "--at",
                    "2024-11-25T14:32:00Z")  # fmt: skip
    assert code == 0, out
    assert timeline(root) == (
        "timeline:\n"
        "  - {at: 2024-11-25T14:32:00Z, kind: started, text: Errors begin}\n"
        "  - {at: 2024-11-25T14:32:00Z, kind: detected, text: Incident detected}\n"
    )


def test_a_clock_time_with_a_zone_means_today_in_that_zone(tmp_path: Path) -> None:
    # Write-ups give times like "22:52 UTC"; for a live record that is today, in that zone.
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Checkout failing", "--severity", "SEV3", "--no-input")
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Tokyo")).date()
    code, out = run(root, "log", "1", "Paged", "--at", "0:00 Asia/Tokyo")
    assert code == 0, out
    logged, note = out.splitlines()
    utc = (today - timedelta(days=1)).isoformat()  # Tokyo's midnight is 15:00 UTC the day before
    assert logged.startswith(f"{RECORD}: logged note at {today}T00:00:00+09:00 ({utc} 15:00 UTC, -")
    assert (
        note == f"note: --at '0:00 Asia/Tokyo' read as {today}T00:00:00+09:00 (today, Asia/Tokyo)"
    )
