"""``playbook generate`` writes the same pages as plain files, and never into a stranger's folder."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt

from generator.cli import cli
from tests.sitebuild import make_project


def test_generate_writes_pages_and_refuses_a_foreign_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    out = tmp_path / "pages"
    result = CliRunner().invoke(cli, ["generate", "--project", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "incidents/0015-hotfix-auth-token.md").read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "0015: hotfix: fix auth token validation"\ntags:\n')
    assert ">0015: hotfix: fix auth token validation<" in page
    assert (
        "<strong>47m</strong> (detected → resolved; no started, mitigated time recorded), "
        "14:32 → 15:19" in page
    )
    assert (
        '<figure class="pb-diagram pb-timeline" tabindex="0" role="group" '
        'aria-label="Timeline of incident 0015" data-pagefind-ignore><svg ' in page
    )
    assert 'aria-label="Phases of incident 0015"' in page
    hotfix = (out / "workflows/hotfix.md").read_text(encoding="utf-8")
    assert 'aria-label="Hotfix Workflow: overview"' in hotfix
    # Another engine builds the page as it is: the body is one raw HTML block, which a
    # blank line would end (the rest would then be read as Markdown).
    for written in out.rglob("*.md"):
        if written.name != "tags.md":  # Markdown for the engine's tags plugin
            body = written.read_text(encoding="utf-8").split("---\n", 2)[2].lstrip()
            assert MarkdownIt("commonmark").render(body) == body, written
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


def test_template_syntax_in_a_record_is_not_run_by_another_engine(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    record = root / "playbooks/incidents/0015-hotfix-auth-token.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace(
            "fix: Revert token validation to previous behavior.",
            'fix: "{{ site.github }} {% raw %} Revert token validation"',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "pages"
    result = CliRunner().invoke(cli, ["generate", "--project", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "incidents/0015-hotfix-auth-token.md").read_text(encoding="utf-8")
    body = page.split("---\n", 2)[2]
    # Liquid (Jekyll) and mkdocs-macros find nothing to run; a browser shows the braces.
    assert "{{" not in body and "{%" not in body
    assert "&#123;&#123; site.github &#125;&#125; &#123;% raw %&#125;" in body
