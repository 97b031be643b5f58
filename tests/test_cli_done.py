"""``done`` and the seed's whole flow, as an incident commander runs it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from .authoring import run, small_project

RECORD = "playbooks/incidents/0001-hotfix-auth-token.yaml"

POSTMORTEM = """
postmortem:
  scheduled: {day}
  summary: Login broken for all users for 47 minutes.
  root_cause: "Regex pattern in token validation was changed in PR #423."
  impact:
    - {{label: users affected, value: 2000, approximate: true}}
  lessons:
    - Token validation changes need specific test cases
  action_items:
    - {{text: Add regression test for dash-containing tokens, owner: "@alice"}}
"""


def stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_seed_flow_from_new_incident_to_done(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    t0 = (datetime.now(UTC) - timedelta(hours=2)).replace(second=0, microsecond=0)

    def at(minutes: int) -> str:
        return stamp(t0 + timedelta(minutes=minutes))

    assert run(root, "new-incident", "hotfix: fix auth token validation", "--severity", "SEV1",
               "--service", "auth-api", "--detected-at", at(0)) == (0, f"{RECORD}\n")  # fmt: skip
    for minutes, kind, text in [
        (2, "communication", "Posted in #incidents, status page updated"),
        (3, "acknowledged", "On-call acknowledged"),
        (10, "root_cause", "Root cause identified"),
        (26, "deployed", "Fix deployed"),
        (33, "verified", "Verified fix in production"),
    ]:
        code, out = run(root, "log", "1", text, "--kind", kind, "--at", at(minutes))
        assert (code, out) == (
            0,
            f"{RECORD}: logged {kind} at {at(minutes)} (+{minutes}m): {text}\n",
        )
    code, out = run(root, "log", "1", "All-clear declared", "--kind", "resolved", "--at", at(47))
    assert out.splitlines()[:2] == [
        f"{RECORD}: logged resolved at {at(47)} (+47m): All-clear declared",
        "status: open → resolved",
    ]
    due = (t0 + timedelta(minutes=47) + timedelta(days=5)).date().isoformat()
    assert out.splitlines()[2] == (
        f"{RECORD}:10:9: warning: SEV1 needs a post-mortem once resolved (due {due}); "
        "add a 'postmortem' section (postmortem-missing)"
    )
    code, out = run(root, "task", "1", "T-001")
    assert out == "T-001 Identify breaking change: done (1/4 tasks done)\n"
    assert run(root, "check", "1", "status-page-updated")[0] == 0
    assert run(root, "check", "1", "critical-tests-pass")[0] == 0

    record = root / RECORD
    before = record.read_bytes()
    assert run(root, "done", "1") == (
        1,
        "Error: 0001-hotfix-auth-token cannot be closed yet:\n"
        "  - task T-002 'Implement fix' is not done (playbook task 1 T-002)\n"
        "  - task T-003 'Add regression test' is not done (playbook task 1 T-003)\n"
        "  - task T-004 'Deploy to production' is not done (playbook task 1 T-004)\n"
        "  - SEV1 needs a post-mortem once closed (due " + due + "); add a 'postmortem' section\n",
    )
    assert record.read_bytes() == before

    for task in ("T-002", "T-003", "T-004"):
        assert run(root, "task", "1", task)[0] == 0
    # The human writes the assessment, the increment and the post-mortem by hand.
    text = record.read_text()
    for field, value in [
        ("impact", "All users cannot login"),
        ("symptoms", "500 error on /api/auth/login"),
        ("problem", "Users receiving 500 error on login after v1.2.3 deploy."),
        ("fix", "Revert token validation to previous behavior."),
    ]:
        text = text.replace(f"  {field}:\n", f"  {field}: {value}\n", 1)
    record.write_text(text + POSTMORTEM.format(day=t0.date().isoformat()))
    assert run(root, "done", "1") == (
        0,
        "0001-hotfix-auth-token closed: resolved → closed; duration 47m (detected → resolved)\n",
    )
    assert "status: closed\n" in record.read_text()
    assert run(root, "done", "1") == (0, "0001-hotfix-auth-token is already closed\n")
    assert run(root, "validate")[0] == 0
    code, out = run(root, "show", "1")
    assert "Duration   47m (detected → resolved; no started, mitigated time recorded)\n" in out
    assert "Checklist 12/12 (Hotfix Checklist)\n" in out


def test_done_lists_unverified_fix_and_unknown_resolution(tmp_path: Path) -> None:
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Typo in footer", "--severity", "SEV4",
        "--detected-at", "2024-11-25T14:32:00Z")  # fmt: skip
    for n in range(1, 6):
        run(root, "task", "1", f"T-00{n}")
    assert run(root, "done", "1") == (
        1,
        "Error: 0001-typo-footer cannot be closed yet:\n"
        "  - the fix is not verified: no 'verified' event "
        '(playbook log 1 "Verified fix in production" --kind verified)\n'
        "  - status is 'closed' but no resolution time is known; add a 'resolved' timeline "
        "event or milestones.resolved\n",
    )
    run(root, "log", "1", "Checked", "--kind", "verified", "--at", "2024-11-25T15:00:00Z")
    run(root, "log", "1", "Fixed", "--kind", "resolved", "--at", "2024-11-25T15:10:00Z")
    # SEV4 needs no post-mortem.
    assert run(root, "done", "1") == (
        0,
        "0001-typo-footer closed: resolved → closed; duration 38m (detected → resolved)\n",
    )


def test_a_backfilled_record_closes_on_what_its_source_published(tmp_path: Path) -> None:
    # Many write-ups never say when the all-clear came: the record closes, and says so.
    root = small_project(tmp_path, with_seed=False)
    run(root, "new-incident", "Typo in footer", "--severity", "SEV4", "--backfill",
        "--detected-at", "2017-01-31T18:00:00Z", "--source", "https://example.com/pm")  # fmt: skip
    run(root, "log", "1", "Back online", "--kind", "resolved", "--at", "unknown")
    code, out = run(root, "done", "1")
    assert code == 0
    assert out.startswith("0001-typo-footer closed: resolved → closed; duration unknown"), out
    assert out.endswith(
        "playbooks/incidents/0001-typo-footer.yaml:11:9: warning: status is 'closed' but no "
        "resolution time is known; its 'resolved' event (timeline[1]) has no time: give it an "
        "'at' ('approximate: true' when the source gives it roughly) or state "
        "milestones.resolved (status-timeline)\n"
    ), out
    # The README says so, where it lists what closing needs.
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `playbook done`")[1].split("\n### ")[0]
    assert "A backfilled record (`historical: true`) closes on what its source" in section
