"""Roles and communications: records name who held each role, ``playbook comms`` prints a
message filled from the record, and checklist rules see roles and sent messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.check.rules import run_all
from generator.cli import cli
from generator.facts.checklists import fill
from generator.load.project import load_project

from .authoring import SEED, small_project
from .conftest import edit, write
from .sitebuild import build_site_dir, make_project, run_build

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return small_project(tmp_path)


def invoke(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--project", str(root)])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result


def test_closed_seed_gets_the_resolved_status_page_message(root: Path) -> None:
    result = invoke(root, "comms", "15")
    assert result.exit_code == 0
    assert result.stdout == (
        "Resolved — Fix auth token validation\n"
        "This incident has been resolved; auth-api, web-login are working normally again.\n"
        "Thank you for your patience.\n"
    )
    assert result.stderr == (
        "other messages: status-investigating, status-identified, status-monitoring, "
        "internal-update, customer-email (--template ID)\n"
    )


def test_customer_email_is_filled_from_the_record(root: Path) -> None:
    result = invoke(root, "comms", "15", "--template", "customer-email")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Subject: Service incident: Fix auth token validation\n\n"
        "Hello,\n\n"
        "Between 2024-11-25 14:32 UTC and 2024-11-25 15:19 UTC (47m), auth-api, web-login did "
        "not work as expected: All users cannot login\n\n"
        # The post-mortem's root cause, written after the analysis, over the increment's.
        # Wrapped in the YAML, one paragraph here as on the page.
        "What happened: Regex pattern in token validation was changed in PR #423. "
        "Change was not tested with tokens containing dashes.\n"
        "What we did: Revert token validation to previous behavior.\n\n"
        "We are sorry for the disruption. If you still see problems, reply to this email.\n"
    )


def test_customer_email_gives_the_customer_impact_window_in_the_policy_zone(root: Path) -> None:
    # Impact began 12 minutes before the first alert and users were fine again 19 minutes
    # before the all-clear: the window is started → mitigated, as "Duration" says.
    record = root / RECORD
    edit(
        record,
        "  - {at: 2024-11-25T14:32:00Z, kind: detected",
        "  - {at: 2024-11-25T14:20:00Z, kind: started, text: Bad deploy went out}\n"
        "  - {at: 2024-11-25T14:32:00Z, kind: detected",
    )
    edit(
        record,
        "  - {at: 2024-11-25T15:05:00Z, kind: verified",
        "  - {at: 2024-11-25T15:00:00Z, kind: mitigated, text: Logins work again}\n"
        "  - {at: 2024-11-25T15:05:00Z, kind: verified",
    )
    edit(root / "playbooks/policy/timing.yaml", "timezone: UTC", "timezone: America/Los_Angeles")
    result = invoke(root, "comms", "15", "--template", "customer-email")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (
        "Between 2024-11-25 06:20 PST and 2024-11-25 07:00 PST (40m), auth-api, web-login did "
        "not work as expected: " in result.stdout
    )
    show = invoke(root, "show", "15")
    assert "40m" in show.stdout  # the page's and show's Duration: the same window


def test_an_estimated_window_reads_in_words_to_customers(root: Path) -> None:
    edit(
        root / RECORD,
        "  - {at: 2024-11-25T14:32:00Z, kind: detected",
        "  - {at: 2024-11-25T14:10:00Z, approximate: true, kind: started, text: Errors begin}\n"
        "  - {at: 2024-11-25T14:32:00Z, kind: detected",
    )
    result = invoke(root, "comms", "15", "--template", "customer-email")
    assert (
        "Between around 2024-11-25 14:10 UTC and 2024-11-25 15:19 UTC (about 1h 9m), "
        in result.stdout
    ), result.stdout


def test_a_finished_incidents_messages_are_filled_as_of_its_resolution(
    root: Path, tmp_path: Path
) -> None:
    # Not "next update by" half an hour after today: the seed was resolved at 15:19.
    result = invoke(root, "comms", "15", "--template", "internal-update")
    assert result.stdout.endswith("Next update by 2024-11-25 15:49 UTC.\n"), result.stdout
    site = build_site_dir(tmp_path / "shipped")
    page = (site / "incidents/0015-hotfix-auth-token/index.html").read_text()
    assert "Filled from this record as of 2024-11-25 15:19 UTC, when it was resolved" in page
    assert page.count("Next update by 2024-11-25 15:49 UTC.") == 4


def test_every_milestone_time_is_a_placeholder_and_a_misspelt_one_is_refused(
    root: Path,
) -> None:
    timing = root / "playbooks/policy/timing.yaml"
    comms = root / "playbooks/policy/communications.yaml"
    edit(
        comms,
        "        Next update by {next_update}.\n",
        "        Next update by {next_update}. Acked {acknowledged}, partly back "
        "{partial_recovery}.\n",
    )
    result = invoke(root, "comms", "15", "--template", "status-investigating")
    assert result.exit_code == 0, result.output
    assert "Acked 2024-11-25 14:35 UTC, partly back [partial recovery not recorded]." in (
        result.stdout
    )
    # Without its declaration in timing.yaml, {partial_recovery} names nothing.
    text = timing.read_text(encoding="utf-8")
    start = text.index("milestones:")
    timing.write_text(text[:start] + text[text.index("# Each interval") :], encoding="utf-8")
    result = invoke(root, "validate")
    assert result.exit_code == 1
    assert "unknown placeholder {partial_recovery}" in result.output


def test_fields_not_recorded_yet_are_marked_and_named(root: Path) -> None:
    invoke(
        root, "new-incident", "Checkout fails", "--severity", "SEV2", "--service",
        "checkout-api", "--commander", "@alice", "--no-input",
    )  # fmt: skip
    result = invoke(root, "comms", "16", "--template", "internal-update")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "[SEV2] #0016 Checkout fails — open",
        "Impact: [impact not recorded]",
        "Services: checkout-api",
        "Commander: @alice · Liaison: [liaison not recorded]",
        "Root cause: [root cause not recorded]",
    ]
    assert lines[5].startswith("Next update by ") and lines[5].endswith(" UTC.")
    assert result.stderr == (
        "note: not in the record yet: impact, liaison, root cause; fill them in before sending\n"
    )


def test_open_record_stage_follows_the_timeline(root: Path) -> None:
    invoke(root, "new-incident", "Search down", "--severity", "SEV1", "--no-input")
    assert invoke(root, "comms", "16").stdout.startswith("Investigating — Search down\n")
    invoke(root, "log", "16", "Cause found", "--kind", "root_cause")
    assert invoke(root, "comms", "16").stdout.startswith("Identified — Search down\n")
    invoke(root, "log", "16", "Error rate normal", "--kind", "mitigated")
    assert invoke(root, "comms", "16").stdout.startswith("Monitoring — Search down\n")


def test_a_logged_root_cause_fills_the_message_that_announces_it(root: Path) -> None:
    invoke(root, "new-incident", "Checkout 502", "--severity", "SEV1", "--no-input")
    invoke(root, "log", "16", "Guess: the deploy", "--kind", "root_cause")
    invoke(root, "log", "16", "Payment timeout cut to 100ms in v2.4.0", "--kind", "root_cause")
    # The status page now says "identified"; the internal update names what was found.
    assert invoke(root, "comms", "16").stdout.startswith("Identified — Checkout 502\n")
    result = invoke(root, "comms", "16", "--template", "internal-update")
    assert "Root cause: Payment timeout cut to 100ms in v2.4.0\n" in result.stdout
    assert "root cause" not in result.stderr
    # What the increment states wins over the timeline's note.
    record = next((root / "playbooks/incidents").glob("0016-*.yaml"))
    record.write_text(
        record.read_text().replace("  root_cause:\n", "  root_cause: {text: Timeout constant}\n")
    )
    result = invoke(root, "comms", "16", "--template", "internal-update")
    assert "Root cause: Timeout constant\n" in result.stdout, result.output


def test_sent_logs_an_event_that_a_checklist_rule_sees(root: Path) -> None:
    invoke(
        root, "new-incident", "Search down", "--severity", "SEV1", "--workflow", "rollback",
        "--commander", "@alice", "--role", "scribe=@bob", "--no-input",
    )  # fmt: skip
    path = root / "playbooks/incidents/0016-search-down.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'services: []\nroles: {commander: "@alice", scribe: "@bob"}\n' in text
    # A policy rule that needs the status page message to have been sent.
    checklists = root / "playbooks/policy/checklists.yaml"
    head, rollback = checklists.read_text(encoding="utf-8").split("title: Rollback Checklist")
    rollback = rollback.replace(
        "            text: Status page updated\n",
        "            text: Status page updated\n            rule: {sent: status-investigating}\n",
        1,
    )
    checklists.write_text(f"{head}title: Rollback Checklist{rollback}", encoding="utf-8")

    def ticks() -> dict[str, bool]:
        project = load_project(root)
        assert [p.text() for p in project.problems] == []
        record = project.record(16)
        assert record is not None and project.policy is not None
        checklist = project.policy.checklist_for(record.incident.workflow)
        assert checklist is not None and checklist.id == "rollback"
        filled = fill(checklist, record.incident)
        return {t.id: t.done for s in filled.sections for t in s.items}

    before = ticks()
    assert before["commander-named"] is True
    assert before["status-page-updated"] is False

    result = invoke(root, "comms", "16", "--template", "status-investigating", "--sent")
    assert result.exit_code == 0
    assert result.stdout.startswith("Investigating — Search down\n")
    assert "playbooks/incidents/0016-search-down.yaml: logged communication at " in result.stderr
    assert "kind: communication, text: 'Sent: Status page: investigating', message: " in (
        path.read_text(encoding="utf-8")
    )
    assert ticks()["status-page-updated"] is True
    listing = invoke(root, "comms", "16", "--list").stdout.splitlines()
    assert listing[0].split() == ["status-investigating", "status_page", "sent", "Status", "page:", "investigating"]  # fmt: skip


def test_unknown_template_and_role_are_refused(root: Path) -> None:
    result = invoke(root, "comms", "15", "--template", "tweet")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown template 'tweet'; policy defines status-")
    before = sorted(p.name for p in (root / "playbooks/incidents").iterdir())
    result = invoke(
        root, "new-incident", "x", "--severity", "SEV1", "--role", "captain=@x", "--no-input"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown role 'captain'; policy defines commander, deputy, scribe, liaison, sme\n"
    )
    result = invoke(
        root, "new-incident", "x", "--severity", "SEV1", "--role", "scribe", "--no-input"
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --role 'scribe' must be ROLE=PERSON, like scribe=@bob\n",
    )
    assert sorted(p.name for p in (root / "playbooks/incidents").iterdir()) == before


def test_record_roles_and_messages_are_checked_against_policy(root: Path) -> None:
    text = (root / SEED).read_text(encoding="utf-8")
    text = text.replace(
        "services: [auth-api, web-login]\n",
        "services: [auth-api, web-login]\nroles: {commander: '@lead', captain: '@x'}\n",
    ).replace(
        'text: "Posted in #incidents, status page updated"}',
        'text: "Posted in #incidents, status page updated", message: tweet}',
    )
    write(root, {RECORD: text})
    result = invoke(root, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"{RECORD}:10:29: error: unknown role 'captain' (policy defines commander, deputy, "
        "scribe, liaison, sme) (unknown-role)",
        f"{RECORD}:53:113: error: unknown message template 'tweet' (policy defines "
        "status-investigating, status-identified, status-monitoring, status-resolved, "
        "internal-update, customer-email) (unknown-message)",
    ]


def test_policy_without_roles_or_communications_stays_valid(root: Path) -> None:
    (root / "playbooks/policy/roles.yaml").unlink()
    (root / "playbooks/policy/communications.yaml").unlink()
    # The rollback checklist's role rule goes with the roles section.
    checklists = root / "playbooks/policy/checklists.yaml"
    checklists.write_text(
        checklists.read_text(encoding="utf-8").replace("            rule: {role: commander}\n", ""),
        encoding="utf-8",
    )
    project = load_project(root)
    assert run_all(project) == [] and project.problems == []
    result = invoke(root, "comms", "15")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: policy has no communications section; add message templates to playbooks/policy/\n",
    )


def test_init_writes_roles_and_communications(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    policy = tmp_path / "new/playbooks/policy"
    assert (
        "  - id: commander\n    name: Incident commander\n" in (policy / "roles.yaml").read_text()
    )
    assert "    - id: status-investigating\n" in (policy / "communications.yaml").read_text()
    shutil.rmtree(tmp_path / "new")


def test_code_in_a_root_cause_keeps_its_lines_in_a_message(root: Path) -> None:
    edit(
        root / RECORD,
        "    Change was not tested with tokens containing dashes.\n",
        "    Change was not tested with tokens\n    containing dashes:\n\n"
        "    ```yaml\n    pool:\n      size: 1\n    ```\n",
    )
    result = invoke(root, "comms", "15", "--template", "customer-email")
    assert result.exit_code == 0, result.output
    # Prose wrapped for the editor reads as one paragraph; the code block keeps its lines.
    assert (
        "Change was not tested with tokens containing dashes:\n\n```yaml\npool:\n  size: 1\n```\n"
        in result.stdout
    )


def test_a_finished_incident_with_no_all_clear_time_is_filled_as_of_its_last_known_time(
    tmp_path: Path,
) -> None:
    # A write-up that says when the site came back but never when the all-clear was given
    # (GitLab, 2017-01-31): its messages must not read "next update" half an hour after
    # today's build, and its page must not change from build to build.
    root = make_project(tmp_path / "project")
    new = invoke(root, "new-incident", "Database deleted", "--severity", "SEV1",
                 "--service", "web", "--backfill", "--detected-at", "2017-01-31 18:00 UTC")  # fmt: skip
    assert new.exit_code == 0, new.output
    number = new.stdout.split("/")[-1][:4]
    for args in (
        ("Back online", "--kind", "mitigated", "--at", "2017-02-01 18:14 UTC"),
        ("All clear", "--kind", "resolved", "--at", "unknown"),
    ):
        assert invoke(root, "log", number, *args).exit_code == 0
    result = invoke(root, "comms", number, "--template", "internal-update")
    assert result.stdout.endswith("Next update by 2017-02-01 18:44 UTC.\n"), result.stdout
    site = tmp_path / "site"
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    (page,) = site.glob(f"incidents/{number}-*/index.html")
    text = page.read_text()
    assert (
        "Filled from this record as of 2017-02-01 18:14 UTC, its last known time: when it was "
        'resolved is not recorded (<a href="../../communications/">all templates</a>)'
    ) in text
    assert text.count("Next update by 2017-02-01 18:44 UTC.") == 4


@pytest.mark.parametrize(
    ("title", "public"),
    [
        ("hotfix: fix auth token validation", "Fix auth token validation"),
        ("Rollback - search index v7", "Search index v7"),
        ("Hotfixes pending for login", "Hotfixes pending for login"),
        ("normal:", "normal:"),
    ],
)
def test_customers_read_the_title_without_the_teams_workflow_word(
    root: Path, title: str, public: str
) -> None:
    # The record names no public_title: status pages and emails drop the 'hotfix:' the
    # team put in front for itself; the internal update keeps the title as written.
    record = root / SEED
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace('title: "hotfix: fix auth token validation"', f"title: {title!r}"),
        encoding="utf-8",
    )
    assert invoke(root, "comms", "15").stdout.startswith(f"Resolved — {public}\n")
    internal = invoke(root, "comms", "15", "--template", "internal-update").stdout
    assert internal.startswith(f"[SEV1] #0015 {title} — closed\n"), internal


def test_a_public_title_is_what_customers_read(root: Path) -> None:
    edit(
        root / SEED,
        'title: "hotfix: fix auth token validation"',
        'title: "hotfix: fix auth token validation"\npublic_title: Users cannot log in',
    )
    assert invoke(root, "comms", "15").stdout.startswith("Resolved — Users cannot log in\n")
    email = invoke(root, "comms", "15", "--template", "customer-email").stdout
    assert email.startswith("Subject: Service incident: Users cannot log in\n")
