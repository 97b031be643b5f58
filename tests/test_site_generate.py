"""``playbook generate`` writes the same pages as plain files, and never into a stranger's folder."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from tests.sitebuild import make_project


def test_generate_writes_pages_and_refuses_a_foreign_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    out = tmp_path / "pages"
    result = CliRunner().invoke(cli, ["generate", "--project", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "incidents/0015-hotfix-auth-token.md").read_text(encoding="utf-8")
    assert "# 0015: hotfix&#58; fix auth token validation" in page
    assert (
        "<strong>47m</strong> (detected → resolved; no started, mitigated time recorded), 14:32 → 15:19"
        in page
    )
    # Other engines get every block inline: the pictures as SVG, no placeholder left.
    assert '<figure class="pb-diagram pb-timeline"><svg ' in page
    assert 'aria-label="Phases of incident 0015"' in page
    assert "data-pb-slot" not in page
    hotfix = (out / "workflows/hotfix.md").read_text(encoding="utf-8")
    assert 'aria-label="Hotfix Workflow: overview"' in hotfix and "data-pb-slot" not in hotfix
    assert (out / "workflows/hotfix.md").is_file() and (out / "assets/playbook.css").is_file()

    again = CliRunner().invoke(cli, ["generate", "--project", str(root), "--out", str(out)])
    assert again.exit_code == 0, "a folder written by generate may be replaced"

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("keep me")
    refused = CliRunner().invoke(cli, ["generate", "--project", str(root), "--out", str(mine)])
    assert refused.exit_code == 2
    assert "is not empty and was not written by playbook" in refused.output
    assert (mine / "notes.md").read_text() == "keep me"
