"""The theme's icons are drawn from one sprite file: each page references it, and the sprite
holds exactly what Material's own icon files draw."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest

from generator import mkdocs_icons
from generator.search import THEME_DIR
from tests.sitebuild import make_project, run_build

MATERIAL = Path(material.__file__).parent / "templates"
_USE = re.compile(r'<svg viewBox="([^"]*)"><use href="([^"#]*)#([^"]*)"/></svg>')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("icons")
    root = make_project(where / "project")
    result = run_build(root, "--strict", "--site-dir", str(where / "site"))
    assert result.exit_code == 0, result.output
    return where / "site"


def test_each_override_keeps_the_box_of_materials_icon() -> None:
    names = mkdocs_icons.overridden(THEME_DIR)
    assert "material/menu" in names and "material/arrow-up" in names
    assert len({mkdocs_icons.icon_id(name) for name in names}) == len(names)
    for name in names:
        theirs = (MATERIAL / ".icons" / f"{name}.svg").read_text(encoding="utf-8")
        ours = (THEME_DIR / ".icons" / f"{name}.svg").read_text(encoding="utf-8")
        box = re.search(r'viewBox="[^"]*"', theirs)
        assert box is not None and f"<svg {box.group(0)}><use " in ours, name
        assert f"#{mkdocs_icons.icon_id(name)}" in ours, name


def test_the_sprite_draws_what_material_draws(site: Path) -> None:
    sprite = (site / mkdocs_icons.SPRITE).read_text(encoding="utf-8")
    for name in mkdocs_icons.overridden(THEME_DIR):
        theirs = (MATERIAL / ".icons" / f"{name}.svg").read_text(encoding="utf-8")
        inner = re.search(r"<svg[^>]*>(.*)</svg>", theirs, re.S)
        assert inner is not None
        assert f'id="{mkdocs_icons.icon_id(name)}" viewBox="0 0 24 24">{inner.group(1)}<' in (
            sprite
        )


@pytest.mark.parametrize("page", ["index.html", "incidents/0015-hotfix-auth-token/index.html"])
def test_pages_reference_the_sprite_instead_of_inlining_icons(site: Path, page: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    sprite = (site / mkdocs_icons.SPRITE).read_text(encoding="utf-8")
    uses = _USE.findall(html)
    # Logo (header and drawer), menu, two palette toggles, search (button, field, back),
    # back to top.
    assert len(uses) == 9
    for _box, href, ident in uses:
        assert (site / Path(page).parent / href).resolve() == (site / mkdocs_icons.SPRITE)
        assert f'<symbol id="{ident}" ' in sprite
    assert 'viewBox="0 0 24 24"><path' not in html


def test_the_search_box_script_references_the_sprite_from_the_site_root(site: Path) -> None:
    # What the box adds once in use travels in its script, its links from the root (the
    # script resolves them against the site's address): the clear button's icon.
    script = (site / "assets" / "playbook-search.js").read_text(encoding="utf-8")
    box = json.loads(script.split("var BOX = ", 1)[1].split(";\n", 1)[0])
    sprite = (site / mkdocs_icons.SPRITE).read_text(encoding="utf-8")
    uses = _USE.findall(box)
    assert [ident for _box, _href, ident in uses] == ["close"]
    for _box, href, ident in uses:
        assert href == mkdocs_icons.SPRITE
        assert f'<symbol id="{ident}" ' in sprite


def test_a_site_that_chooses_another_icon_draws_it_inline(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  font: false\n", "  font: false\n  icon:\n    logo: material/fire\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert run_build(root, "--strict", "--site-dir", str(tmp_path / "site")).exit_code == 0
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    fire = (MATERIAL / ".icons" / "material" / "fire.svg").read_text(encoding="utf-8")
    assert html.count(fire.strip()) == 2  # header and drawer
    assert "#library" not in html
