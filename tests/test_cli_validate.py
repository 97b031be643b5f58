from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.exports.schema import schema_texts

from .conftest import ROOT, edit


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_shipped_content_is_clean() -> None:
    code, out = run("validate", "--project", str(ROOT))
    assert code == 0, out
    assert out.startswith("ok: ")


def test_json_format_on_clean_project_is_empty_array() -> None:
    code, out = run("validate", "--project", str(ROOT), "--format", "json")
    assert code == 0
    assert json.loads(out) == []


def test_committed_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale: run 'playbook schema'"
        )


def test_errors_exit_1_with_positions(project: Path) -> None:
    record = project / "playbooks/incidents/0015-hotfix-auth-token.yaml"
    text = record.read_text().replace("severity: SEV1", "severity: SEV1\nseverity: SEV4", 1)
    record.write_text(text)
    code, out = run("validate", "--project", str(project))
    assert code == 1
    assert out.splitlines()[0] == (
        "playbooks/incidents/0015-hotfix-auth-token.yaml:7:1: error: duplicate key "
        "'severity' (first defined at line 6) (yaml-duplicate-key)"
    )


def test_usage_error_exits_2() -> None:
    code, _ = run("validate", "--format", "xml")
    assert code == 2


def test_line_fields_refuse_line_breaks(project: Path) -> None:
    record = project / "playbooks/incidents/0015-hotfix-auth-token.yaml"
    text = record.read_text().replace(
        'title: "hotfix: fix auth token validation"', 'title: "hotfix\\n0099-forged  SEV1 closed"'
    )
    record.write_text(text)
    code, out = run("validate", "--project", str(project))
    assert code == 1
    assert out.splitlines()[0] == (
        "playbooks/incidents/0015-hotfix-auth-token.yaml:5:8: error: title: must be a single "
        "line; use a text field for several lines (invalid-value)"
    )


def test_a_record_with_an_upper_case_extension_is_reported_not_skipped(project: Path) -> None:
    incidents = project / "playbooks/incidents"
    (incidents / "0015-hotfix-auth-token.yaml").rename(incidents / "0015-hotfix-auth-token.YAML")
    code, out = run("validate", "--project", str(project))
    assert code == 0
    assert out.splitlines() == [
        "playbooks/incidents/0015-hotfix-auth-token.YAML:1:1: warning: is not read: the "
        "extension must be .yaml or .yml, in lower case (file-ignored)",
        "0 error(s), 1 warning(s) in 1 file(s)",
    ]


def test_yaml_entries_that_are_not_files_are_reported_not_skipped(project: Path) -> None:
    incidents = project / "playbooks/incidents"
    (incidents / "0099-draft.yaml").mkdir()
    (incidents / "0098-moved.yaml").symlink_to("gone.yaml")
    code, out = run("validate", "--project", str(project))
    assert code == 0
    assert out.splitlines() == [
        "playbooks/incidents/0098-moved.yaml:1:1: warning: not a regular file (a folder, a "
        "pipe, a device or a broken link); it is ignored (file-ignored)",
        "playbooks/incidents/0099-draft.yaml:1:1: warning: not a regular file (a folder, a "
        "pipe, a device or a broken link); it is ignored (file-ignored)",
        "0 error(s), 2 warning(s) in 2 file(s)",
    ]
    assert run("validate", "--project", str(project), "--strict")[0] == 1


SEED_RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def validate_edited(project: Path, *edits: tuple[str, str]) -> tuple[int, str, str]:
    """Validate after replacing text in the seed record: (exit code, output, new text)."""
    record = project / SEED_RECORD
    for old, new in edits:
        edit(record, old, new)
    code, out = run("validate", "--project", str(project))
    return code, out, record.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if needle in t)


def test_a_time_in_the_future_is_an_error_at_its_place(project: Path) -> None:
    # A mistyped year on the all-clear: every duration would run for decades.
    code, out, text = validate_edited(
        project,
        ("{at: 2024-11-25T15:19:00Z, kind: resolved", "{at: 2071-11-25T15:19:00Z, kind: resolved"),
    )
    assert code == 1
    assert out.startswith(
        f"{SEED_RECORD}:{line_of(text, '2071-11-25T15:19')}:10: error: "
        "2071-11-25T15:19:00+00:00 is in the future (now "
    ), out
    assert out.splitlines()[0].endswith("); check the year and the offset (future-time)")


def test_one_event_typed_late_is_the_one_reported(project: Path) -> None:
    # root_cause typed as 15:12 instead of 14:42: only its line is wrong, not the three after.
    code, out, text = validate_edited(
        project,
        (
            "{at: 2024-11-25T14:42:00Z, kind: root_cause",
            "{at: 2024-11-25T15:12:00Z, kind: root_cause",
        ),
    )
    assert code == 1
    errors = [x for x in out.splitlines() if "(timeline-order)" in x]
    assert errors == [
        f"{SEED_RECORD}:{line_of(text, '15:12:00Z, kind: root_cause')}:10: error: event is "
        "later than timeline[4] (14m after it); keep the timeline in order (timeline-order)"
    ], out


def test_a_blank_or_bare_timeline_item_says_what_belongs_there(project: Path) -> None:
    code, out, text = validate_edited(project, ("timeline:\n", "timeline:\n  - \n  - just text\n"))
    assert code == 1
    first = line_of(text, "  - just text") - 1  # the blank item's line
    assert out.splitlines()[:2] == [
        f"{SEED_RECORD}:{first}:4: error: timeline[0]: expected a mapping of fields "
        "({text: …, at: …, approximate: …}), got nothing (invalid-value)",
        f"{SEED_RECORD}:{first + 1}:5: error: timeline[1]: expected a mapping of fields "
        "({text: …, at: …, approximate: …}), got str 'just text' (invalid-value)",
    ]


def test_a_policy_file_that_does_not_load_is_the_only_problem_reported(project: Path) -> None:
    # Roles live in roles.yaml: with it broken, no record's `roles:` or sent message is
    # "unknown" (the file's own error says what is wrong).
    (project / "playbooks/policy/roles.yaml").write_text("roles: [\n")
    code, out = run("validate", "--project", str(project))
    assert code == 1
    assert out.splitlines() == [
        "playbooks/policy/roles.yaml:2:1: error: YAML syntax error: while parsing a flow node "
        "did not find expected node content (yaml-syntax)",
        "1 error(s), 0 warning(s) in 1 file(s)",
    ]
