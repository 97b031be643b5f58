"""What a record file holds is judged as written: links out of the project, positions of
syntax errors, every problem at once, invisible characters, the incident-number range and
offsets with seconds. Each test is one defect of the hostile run, closed as a class."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import edit

R12 = "playbooks/incidents/0012-footer-typo.yaml"
R15 = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def invoke(project: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


# --- 5: links out of the project ---------------------------------------------------------


@pytest.mark.parametrize(
    "folder", ["playbooks/incidents", "playbooks/policy", "playbooks/workflows"]
)
def test_a_link_out_of_the_project_is_an_error_and_is_not_read(
    project: Path, tmp_path: Path, folder: str
) -> None:
    secret = tmp_path.parent / f"{tmp_path.name}-secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    (project / folder / "0099-leak.yaml").symlink_to(secret)
    result = invoke(project, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == [
        f"{folder}/0099-leak.yaml:1:1: error: is a link to a file outside the project; it is "
        "not read (copy the file into the project instead) (file-outside-project)"
    ]
    assert "hunter2" not in result.output and "password" not in result.output


def test_a_link_inside_the_project_is_read(project: Path) -> None:
    shelf = project / "shared"
    shelf.mkdir()
    shutil.move(project / R12, shelf / "0012-footer-typo.yaml")
    os.symlink(shelf / "0012-footer-typo.yaml", project / R12)
    result = invoke(project, "validate")
    assert result.exit_code == 0, result.output


def test_editing_commands_refuse_a_link_out_of_the_project(project: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-0012.yaml"
    shutil.move(project / R12, outside)
    os.symlink(outside, project / R12)
    before = outside.read_bytes()
    result = invoke(project, "log", "12", "a note")
    assert result.exit_code == 1
    assert result.output == (
        "Error: playbooks/incidents/0012-footer-typo.yaml is a link to a file outside the "
        "project; playbook neither reads nor edits it\n"
    )
    assert outside.read_bytes() == before and (project / R12).is_symlink()


# --- 6: positions of syntax errors -------------------------------------------------------


def test_an_unterminated_quote_is_reported_where_it_opens(project: Path) -> None:
    with (project / R12).open("a", encoding="utf-8") as handle:
        handle.write('notes: "Left open\n\nstill open\n')
    result = invoke(project, "validate")
    assert result.stdout.splitlines()[:-1] == [
        f"{R12}:27:8: error: YAML syntax error: the quoted value opened here is never closed; "
        "parsing stopped at line 30, column 1: found unexpected end of stream (yaml-syntax)"
    ]


def test_an_unterminated_quote_in_the_middle_is_reported_where_it_opens(project: Path) -> None:
    edit(project / R12, "title: Typo in footer copyright line", 'title: "Typo in footer')
    result = invoke(project, "validate")
    assert result.stdout.splitlines()[:-1] == [
        f"{R12}:4:8: error: YAML syntax error: the quoted value opened here runs on to line 11; "
        "is its closing quote missing? (parsing stopped at line 11, column 39: did not find "
        "expected key) (yaml-syntax)"
    ]


def test_a_quote_closed_by_a_later_quote_is_reported_where_it_opens(project: Path) -> None:
    edit(project / R15, "slug: hotfix-auth-token", 'slug: "hotfix-auth-token')
    result = invoke(project, "validate")
    assert result.stdout.splitlines()[0] == (
        f"{R15}:4:7: error: YAML syntax error: the quoted value opened here runs on to line 5; "
        "is its closing quote missing? (parsing stopped at line 5, column 9: did not find "
        "expected key) (yaml-syntax)"
    )


def test_a_syntax_error_names_where_its_construct_opened(project: Path) -> None:
    edit(project / R12, "services: [web-frontend]", "services: [web-frontend")
    result = invoke(project, "validate")
    assert result.stdout.splitlines()[:-1] == [
        f"{R12}:10:11: error: YAML syntax error: while parsing a flow sequence (opened at line "
        "8, column 11): did not find expected ',' or ']' (yaml-syntax)"
    ]


# --- 8: every problem of a file at once --------------------------------------------------


def test_a_control_character_does_not_hide_the_other_problems(project: Path) -> None:
    edit(project / R12, "title: Typo in footer", "title: Typo\x1b[2J in footer")
    edit(project / R12, "status: resolved", "status: finished")
    edit(project / R12, "workflow: normal", "workflow: normal\nowner_team: web")
    result = invoke(project, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{R12}:4:12: error: control or bidi-override character U+001B is not allowed "
        "(text-control-char)",
        f"{R12}:6:9: error: status: Input should be 'open', 'mitigated', 'resolved' or 'closed' "
        "(invalid-value)",
        f"{R12}:8:1: error: unknown field 'owner_team' (unknown-field)",
        "3 error(s), 0 warning(s) in 1 file(s)",
    ]


def test_an_escaped_control_character_does_not_hide_the_other_problems(project: Path) -> None:
    edit(project / R12, "title: Typo in footer copyright line", 'title: "Typo\\e[2J"')
    edit(project / R12, "slug: footer-typo", "slug: Footer_Typo")
    lines = invoke(project, "validate").stdout.splitlines()
    assert lines[0] == (
        f"{R12}:3:7: error: slug: 'Footer_Typo' is not allowed here: use lower-case letters and "
        "digits in words joined by '-', like fix-auth-token (invalid-value)"
    )
    assert lines[1] == (
        f"{R12}:4:8: error: control or bidi-override character U+001B is not allowed "
        "(text-control-char)"
    )


def test_a_record_with_a_control_character_is_not_edited(project: Path) -> None:
    edit(project / R12, "title: Typo in footer", "title: Typo\x07 in footer")
    before = (project / R12).read_bytes()
    result = invoke(project, "log", "12", "note")
    assert result.exit_code == 1
    assert "has problems; fix them first" in result.output
    assert (project / R12).read_bytes() == before


# --- 7: invisible characters and NFC identities ------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "what"),
    [
        (
            'owner: "@bob"',
            'owner: "@b\u200bob"',
            "83:14: error: postmortem.action_items[1].owner",
            "U+200B ZERO WIDTH SPACE at character 3",
        ),
        (
            'owner: "@bob"',
            'owner: "@b\u00adob"',
            "83:14: error: postmortem.action_items[1].owner",
            "U+00AD SOFT HYPHEN at character 3",
        ),
        (
            'owner: "@bob"',
            'owner: "@bob\u200d"',
            "83:14: error: postmortem.action_items[1].owner",
            "U+200D ZERO WIDTH JOINER at character 5",
        ),
        (
            "services: [auth-api",
            "services: [auth\u2060-api",
            "9:12: error: services[0]",
            "U+2060 WORD JOINER at character 5",
        ),
    ],
    ids=["zwsp-owner", "soft-hyphen-owner", "joiner-owner", "wj-service"],
)
def test_invisible_characters_are_problems_at_their_position(
    project: Path, old: str, new: str, where: str, what: str
) -> None:
    edit(project / R15, old, new)
    result = invoke(project, "validate")
    assert result.exit_code == 1
    assert f"{R15}:{where}: holds an invisible character ({what}); delete it (invalid-value)" in (
        result.stdout.splitlines()
    )


@pytest.mark.parametrize(("char", "name"), [("\u2028", "line"), ("\u2029", "paragraph")])
def test_a_line_or_paragraph_separator_is_a_problem_where_it_sits(
    project: Path, char: str, name: str
) -> None:
    # YAML 1.1 reads it as a line break: refused at the YAML level, so no later line
    # number moves, in one-line fields and in prose alike.
    edit(project / R15, 'title: "hotfix: fix auth', f'title: "hotfix:{char}fix auth')
    result = invoke(project, "validate")
    assert result.exit_code == 1
    assert (
        f"{R15}:5:16: error: invisible {name} separator U+{ord(char):04X} is not allowed (YAML "
        "would read it as a line break); use a newline (text-control-char)"
    ) in result.stdout.splitlines()


def test_a_joiner_inside_a_title_is_text_not_a_problem(project: Path) -> None:
    # Persian needs the zero-width non-joiner; emoji sequences the joiner.
    edit(project / R12, "title: Typo in footer", "title: می\u200cخواهم 👩\u200d💻 Typo in footer")
    assert invoke(project, "validate").exit_code == 0


def test_owners_are_one_person_whatever_the_unicode_form(project: Path) -> None:
    edit(project / R15, 'owner: "@alice"', 'owner: "@Zoe\u0308"')
    edit(project / R15, 'owner: "@bob"', 'owner: "@Zo\u00eb"')
    assert invoke(project, "validate").exit_code == 0
    for typed in ("@Zo\u00eb", "@Zoe\u0308"):
        result = invoke(project, "actions", "--owner", typed, "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert len(data["items"]) == 2, typed
        assert [o["owner"] for o in data["owners"]] == ["@Zo\u00eb"]


# --- 9: one incident-number range every command accepts ----------------------------------


def test_five_digit_incident_numbers_work_in_every_command(project: Path) -> None:
    big = project / "playbooks/incidents/10000-footer-typo.yaml"
    shutil.move(project / R12, big)
    edit(big, "number: 12", "number: 10000")
    assert invoke(project, "validate").exit_code == 0
    shown = invoke(project, "show", "10000")
    assert shown.exit_code == 0, shown.output
    assert "Typo in footer copyright line" in shown.output
    logged = invoke(project, "log", "10000", "Checked again", "--at", "2024-11-14T10:00:00Z")
    assert logged.exit_code == 0, logged.output
    assert logged.output.startswith("playbooks/incidents/10000-footer-typo.yaml: logged note")
    assert invoke(project, "show", "10000-footer-typo").exit_code == 0
    listed = json.loads(invoke(project, "list", "--format", "json").stdout)
    assert 10000 in [row["number"] for row in listed]
    created = invoke(project, "new-incident", "Next one", "--severity", "SEV4", "--no-input")
    assert created.exit_code == 0, created.output
    assert created.output.startswith("playbooks/incidents/10001-next-one.yaml")


@pytest.mark.parametrize("typed", ["0", "100000", "000100000"])
def test_numbers_outside_the_range_are_refused_by_name(project: Path, typed: str) -> None:
    result = invoke(project, "show", typed)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {typed!r} is not an incident number; they run from 1 to 99999\n"
    )


def test_a_record_numbered_beyond_the_range_is_a_problem(project: Path) -> None:
    edit(project / R12, "number: 12", "number: 100000")
    lines = invoke(project, "validate").stdout.splitlines()
    assert (
        f"{R12}:2:9: error: number: Input should be less than or equal to 99999 (invalid-value)"
        in lines
    )


# --- 10: offsets with seconds -----------------------------------------------------------


def test_an_offset_with_seconds_is_displayed_with_its_seconds(
    project: Path, tmp_path: Path
) -> None:
    edit(
        project / R12,
        "2024-11-04T10:15:00Z, kind: detected",
        "2024-11-04T15:45:15+05:30:15, kind: detected",
    )
    assert invoke(project, "validate").exit_code == 0
    out = tmp_path / "pages"
    result = invoke(project, "generate", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "incidents" / "0012-footer-typo.md").read_text(encoding="utf-8")
    assert "2024-11-04 15:45 +05:30:15" in page
    assert "+05:3015" not in page


# --- text that draws nothing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "impact"),
    [
        ('"\\u3164"', '"\\u2800"'),
        ('"\\u2800 \\u200b"', '"\\uffa0\\t\\u3164"'),
        ('"\\u200d\\u3164"', '"\\u115f\\u1160"'),
    ],
)
def test_a_title_or_text_that_shows_nothing_is_an_error_at_it(
    project: Path, title: str, impact: str
) -> None:
    # A title of a Hangul filler passed every check and showed as an empty, unclickable link.
    edit(project / R15, 'title: "hotfix: fix auth token validation"', f"title: {title}")
    edit(project / R15, "  impact: All users cannot login", f"  impact: {impact}")
    result = invoke(project, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == [
        f"{R15}:5:8: error: title: has nothing visible in it; write the text, or leave the "
        "field out (invalid-value)",
        f"{R15}:12:11: error: assessment.impact: has nothing visible in it; write the text, "
        "or leave the field out (invalid-value)",
    ]


def test_text_in_any_script_with_its_joiners_still_shows(project: Path) -> None:
    edit(project / R15, 'title: "hotfix: fix auth token validation"', 'title: "می‌خواهم 한국어 ⠁"')
    assert invoke(project, "validate").exit_code == 0
