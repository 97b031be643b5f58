"""The plugin with MkDocs' own theme: pages and exports are built (the page shells, the
Material overrides and the pagefind box are Material's and stay out of the way)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import mkdocs_exports, mkdocs_split
from tests.sitebuild import make_project, run_build

PLAIN = """site_name: Plain theme
site_url: http://127.0.0.1:8000/
theme:
  name: mkdocs
plugins:
  - playbook
markdown_extensions:
  - toc:
      permalink: true
"""


@pytest.mark.parametrize("big", [False, True], ids=["one process", "two processes"])
def test_the_plain_mkdocs_theme_builds_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, big: bool
) -> None:
    if big:  # what a big site does: pages from two processes, exports from a third
        monkeypatch.setattr(mkdocs_split, "MIN_PAGES", 1)
        monkeypatch.setattr(mkdocs_exports, "MIN_INCIDENTS", 1)
    root = make_project(tmp_path / "project")
    (root / "mkdocs.yml").write_text(PLAIN)
    site = tmp_path / "site"
    result = run_build(root, "--strict", "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    records = sorted((root / "playbooks" / "incidents").glob("*.yaml"))
    for record in records:
        page = (site / "incidents" / record.stem / "index.html").read_text()
        assert "- Plain theme</title>" in page
        assert 'class="pb-header"' in page  # the incident's own body
    assert (site / "api" / "incidents.json").is_file()
    assert not (site / "pagefind").exists()  # MkDocs' theme keeps its own search
