from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .authoring import run, small_project


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = small_project(tmp_path)
    run(root, "new-incident", "Checkout failing", "--severity", "SEV2", "--service", "payments",
        "--detected-at", "2024-12-01T09:00:00Z")  # fmt: skip
    return root


def test_list_table(root: Path) -> None:
    assert run(root, "list") == (
        0,
        "ID                      SEV   STATUS  DURATION  TITLE\n"
        "0015-hotfix-auth-token  SEV1  closed  47m       hotfix: fix auth token validation\n"
        "0016-checkout-failing   SEV2  open    -         Checkout failing\n",
    )


def test_list_filters(root: Path) -> None:
    assert run(root, "list", "--status", "open")[1].splitlines()[1:] == [
        "0016-checkout-failing  SEV2  open    -         Checkout failing"
    ]
    assert run(root, "list", "--service", "auth-api")[1].count("\n") == 2
    assert run(root, "list", "--severity", "SEV3") == (0, "no incidents match\n")


def test_list_json(root: Path) -> None:
    code, out = run(root, "list", "--format", "json", "--severity", "SEV1")
    assert code == 0
    assert json.loads(out) == [
        {
            "number": 15,
            "id": "0015-hotfix-auth-token",
            "title": "hotfix: fix auth token validation",
            "severity": "SEV1",
            "status": "closed",
            "workflow": "hotfix",
            "services": ["auth-api", "web-login"],
            "opened": "2024-11-25T14:32:00Z",
            "detected": "2024-11-25T14:32:00Z",
            "resolved": "2024-11-25T15:19:00Z",
            "duration": {
                "interval": "detected → resolved",
                "label": "Duration",
                "definition": "Customer impact: first known of started, detected → first "
                "known of mitigated, resolved.",
                "start": "detected",
                "end": "resolved",
                "seconds": 2820,
                "iso": "PT47M",
                "text": "47m",
                "approximate": False,
                "start_fallback": True,
                "end_fallback": True,
            },
            "path": "playbooks/incidents/0015-hotfix-auth-token.yaml",
        }
    ]


def test_list_counts_unreadable_records(root: Path) -> None:
    (root / "playbooks/incidents/0020-broken.yaml").write_text("number: [\n")
    code, out = run(root, "list", "--status", "closed")
    assert code == 0
    assert out.endswith("warning: 1 record(s) could not be read; run playbook validate\n")


def test_show_seed(root: Path) -> None:
    code, out = run(root, "show", "0015-hotfix-auth-token")
    assert code == 0
    lines = out.splitlines()
    assert lines[:11] == [
        "0015-hotfix-auth-token  hotfix: fix auth token validation",
        "SEV1 (System down) · closed · hotfix workflow · auth-api, web-login",
        "playbooks/incidents/0015-hotfix-auth-token.yaml",
        "Times in UTC; as of " + lines[3].split("as of ", 1)[-1],
        "",
        "Duration   47m (detected → resolved; no started, mitigated time recorded)",
        "SLA        time to acknowledge: 3m (target 15m): met",
        "           time to resolve: 47m (target 4h): met",
        # The other intervals timing.yaml defines, known or not.
        "Also       time to detect: unknown (started → detected: from the moment impact began "
        "to the first alert or report.)",
        "           time to mitigate: 47m (detected → resolved; no mitigated time recorded)",
        "",
    ]
    assert "  +10m     2024-11-25 14:42 UTC   root_cause     Root cause identified" in lines
    assert "Tasks 4/4" in lines and "Checklist 12/12 (Hotfix Checklist)" in lines
    assert "    [x] status-page-updated        Status page updated (ticked by hand)" in lines
    assert lines[-4:] == [
        "Post-mortem: complete",
        "Open action items 2",
        # Past due as of today, as `playbook actions` and the page say.
        "  [ ] Add auth-specific test coverage requirements (@bob, due 2024-12-09, OVERDUE)",
        "  [ ] Implement canary deployment for auth changes (@carol, due 2025-01-15, OVERDUE)",
    ]


def test_show_open_incident(root: Path) -> None:
    code, out = run(root, "show", "16")
    assert code == 0
    # Impact still going on reads as the incident page says it: how long so far, since when.
    assert re.search(
        r"^Duration   ongoing: \d+d(?: \d+h)?(?: \d+m)? so far, since 2024-12-01 09:00 UTC "
        r"\(no end recorded yet\)$",
        out,
        re.M,
    )
    # Detected on 2024-12-01 09:00 and still open: judged as of now, long past both targets
    # (a part that is zero at this minute is left out: "729d 21h").
    assert re.search(
        r"^SLA        time to acknowledge: \d+d(?: \d+h)?(?: \d+m)? so far \(target 2h\): "
        r"breached \(still open\)$",
        out,
        re.M,
    )
    # Every interval it is still in reads the same way, not as its definition.
    assert re.search(
        r"^           time to mitigate: ongoing: \d+d(?: \d+h)?(?: \d+m)? so far, since "
        r"2024-12-01 09:00 UTC \(no end recorded yet\)$",
        out,
        re.M,
    )
    assert "Checklist 0/12 (Hotfix Checklist)\n" in out
    assert "Post-mortem: not written (required for SEV2)\n" in out


def test_show_duration_with_no_start_names_the_missing_end(root: Path) -> None:
    record = root / "playbooks/incidents/0016-checkout-failing.yaml"
    text = record.read_text().replace("kind: detected", "kind: note")
    record.write_text(text.replace("status: open", "status: resolved"))
    _code, out = run(root, "show", "16")
    assert "Duration   unknown: no start time recorded (Customer impact: " in out


def test_show_never_prints_terminal_escapes(root: Path) -> None:
    record = root / "playbooks/incidents/0016-checkout-failing.yaml"
    record.write_text(record.read_text().replace("Checkout failing", "Checkout \x1b[2J failing"))
    code, out = run(root, "show", "16")
    assert "\x1b" not in out
    # Shown as validate reads it, the character replaced, with the problem counted once.
    assert code == 0
    assert out.startswith("0016-checkout-failing  Checkout \ufffd[2J failing\n"), out
    assert (
        "\n1 problem(s) in this record: run playbook validate "
        "playbooks/incidents/0016-checkout-failing.yaml\n\nDuration"
    ) in out
    assert out.count("Times in ") == 1


def test_clean_replaces_control_characters() -> None:
    from generator.terminal import clean

    assert clean("a\x1b[2Jb\u202ec") == "a\ufffd[2Jb\ufffdc"


def test_zero_length_incident_lists_0m_not_unknown(project: Path) -> None:
    record = project / "playbooks/incidents/0012-footer-typo.yaml"
    text = record.read_text()
    for stamp in (
        "2024-11-04T16:00:00Z",
        "2024-11-13T09:00:00Z",
        "2024-11-13T09:20:00Z",
        "2024-11-13T09:30:00Z",
    ):
        text = text.replace(stamp, "2024-11-04T10:15:00Z")
    record.write_text(text)
    result = CliRunner().invoke(cli, ["list", "--project", str(project), "--format", "json"])
    row = next(r for r in json.loads(result.stdout) if r["number"] == 12)
    assert row["duration"]["seconds"] == 0
    assert row["duration"]["text"] == "0m"
