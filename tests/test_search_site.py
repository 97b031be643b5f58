"""`playbook build` writes a pagefind search index and the header box that reads it; a site
that lists Material's `search` plugin keeps Material's search instead."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import material
import pytest

from generator.search import THEME_DIR
from tests.pagefind_index import read_index
from tests.sitebuild import make_project, run_build

MATERIAL_HEADER = Path(material.__file__).parent / "templates" / "partials" / "header.html"
OUR_HEADER = THEME_DIR / "partials" / "header.html"


def _build(where: Path, *, mkdocs_yml: str | None = None) -> Path:
    root = make_project(where / "project")
    if mkdocs_yml is not None:
        (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    site = where / "site"
    result = run_build(root, "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("search"))


def _article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<article class="md-content__inner md-typeset"[^>]*>', html)
    assert found, page
    return found.group(0)


def test_the_build_writes_a_chunked_index_and_no_unused_ui(site: Path) -> None:
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(language["page_count"] for language in entry["languages"].values())
    built = len(list(site.glob("**/index.html")))
    # Every page but the tag page (it lists every incident under each of its tags).
    assert pages == built - 1, (pages, built)
    assert len(list((bundle / "index").iterdir())) >= 1
    assert (bundle / "pagefind.js").is_file()
    assert not (bundle / "pagefind-ui.js").exists()
    # Material's search is off: no whole-site index for the browser to download.
    assert not (site / "search" / "search_index.json").exists()


def test_pages_carry_their_kind_and_weight(site: Path) -> None:
    assert 'data-pagefind-meta="kind:Policy"' in _article(site, "severity-levels")
    assert 'data-pagefind-meta="kind:Playbook"' in _article(site, "workflows/hotfix")
    incident = _article(site, "incidents/0015-hotfix-auth-token")
    assert 'data-pagefind-meta="kind:Incident"' in incident
    assert 'data-pagefind-weight="0.5"' in incident
    assert 'data-pagefind-ignore="all"' in _article(site, "tags")


def test_the_header_has_the_search_box(site: Path) -> None:
    html = (site / "incidents/0015-hotfix-auth-token/index.html").read_text(encoding="utf-8")
    assert 'data-pb-search="../../pagefind/"' in html
    assert 'src="../../assets/playbook-search.js?v=' in html
    assert (site / "assets" / "playbook-search.js").is_file()
    # Not the names Material's script looks for, which would start its search worker.
    assert '<form class="md-search__form" name="search">' not in html
    # The field is in the page (the header is laid out before any script runs); the clear
    # button and the result list, the same on every page, come with the script.
    assert 'class="md-search__input"' in html
    assert "md-search-result__list" not in html and 'type="reset"' not in html
    inside = _box_inside(site)
    assert 'class="md-search-result__list"' in inside and 'type="reset"' in inside


def test_our_scripts_and_styles_addresses_change_with_their_content(site: Path) -> None:
    # A browser that cached an earlier build's script or stylesheet must not pair it with
    # these pages: each address ends in a digest of the file's content.
    html = (site / "incidents/0015-hotfix-auth-token/index.html").read_text(encoding="utf-8")
    for name in ("playbook-search.js", "playbook-search.css", "playbook.js", "playbook.css"):
        digest = hashlib.sha256((site / "assets" / name).read_bytes()).hexdigest()[:10]
        found = re.findall(rf'"../../assets/{re.escape(name)}(\?v=[0-9a-f]+)?"', html)
        assert found == [f"?v={digest}"], name


def _box_inside(site: Path) -> str:
    """What the build wrote into the box's script for the box to add once in use."""
    script = (site / "assets" / "playbook-search.js").read_text(encoding="utf-8")
    found = re.search(r"^  var BOX = (.*);$", script, flags=re.M)
    assert found, "the box's inside is not in the script"
    inside = json.loads(found.group(1))
    assert isinstance(inside, str)
    return inside


def test_the_box_speaks_the_sites_language(tmp_path: Path) -> None:
    shipped = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    site = _build(
        tmp_path, mkdocs_yml=shipped.replace("  font: false\n", "  font: false\n  language: de\n")
    )
    assert 'title="Zurücksetzen"' in _box_inside(site)
    assert 'placeholder="Suche"' in (site / "index.html").read_text(encoding="utf-8")
    # The words for a count of results come with the result list, once for the site.
    assert 'data-pb-none="Keine Suchergebnisse"' in _box_inside(site)
    assert "data-pb-none" not in (site / "index.html").read_text(encoding="utf-8")


def test_our_header_is_materials_plus_the_search_box() -> None:
    """Material upgrades its header now and then; this fails until the copy is redone."""
    ours = OUR_HEADER.read_text(encoding="utf-8")
    theirs = MATERIAL_HEADER.read_text(encoding="utf-8")
    ours = re.sub(r"\A\{#-.*?-#\}\n", "", ours, count=1, flags=re.S)
    ours = re.sub(r"\s*\{#- playbook:.*?-#\}", "", ours, flags=re.S)
    ours = ours.replace('    {% else %}\n      {% include "partials/playbook-search.html" %}\n', "")
    theirs = re.sub(r"\A\{#-.*?-#\}\n", "", theirs, count=1, flags=re.S)
    assert ours == theirs


def test_listing_search_in_mkdocs_yml_keeps_materials_search(tmp_path: Path) -> None:
    shipped = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    site = _build(tmp_path, mkdocs_yml=shipped.replace("plugins:\n", "plugins:\n  - search\n"))
    assert (site / "search" / "search_index.json").is_file()
    assert not (site / "pagefind").exists()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'name="search"' in html and "data-pb-search" not in html
    # Material's search reads its worker and strings from the page's settings: all kept.
    app = _app_config(html)
    assert str(app["search"]).endswith(".min.js")
    assert "search.result.none" in app["translations"]  # type: ignore[operator]
    # Its index keeps the words of neighbouring table rows apart too.
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Incident commander not named Deputy not named" in index
    assert "namedDeputy" not in index


def test_a_docs_page_can_opt_out_of_search(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "docs" / "oncall.md").write_text(
        "---\nsearch:\n  exclude: true\n---\n# Who is on call\n\nPager rota.\n", encoding="utf-8"
    )
    (root / "docs" / "runbook.md").write_text(
        "---\nsearch:\n  boost: 4\n---\n# Restart the queue\n\nDrain first.\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    assert 'data-pagefind-ignore="all"' in _article(site, "oncall")
    assert 'data-pagefind-weight="4"' in _article(site, "runbook")


def test_a_missing_indexer_fails_the_build_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    # What an earlier build leaves: build replaces only a folder it wrote itself.
    (site / ".playbook-generated").write_text("", encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = run_build(root, "--site-dir", str(site))
    assert result.exit_code == 1
    assert "search index: the pagefind program is missing" in result.output
    assert "Traceback" not in result.output
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"


def _app_config(html: str) -> dict[str, object]:
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)
    assert found, "no __config block"
    return dict(json.loads(found.group(1)))


def test_pages_carry_materials_settings_less_what_only_its_search_reads(site: Path) -> None:
    for page in ("index.html", "incidents/0015-hotfix-auth-token/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        app = _app_config(html)
        assert "search" not in app
        assert app["translations"] == {
            "clipboard.copied": "Copied to clipboard",
            "clipboard.copy": "Copy to clipboard",
            "select.version": "Select version",
        }
        assert app["features"] and app["base"]
        assert '<script id="__config" type="application/json">{"annotate":null,' in html


def test_content_tab_scripts_come_only_with_content_tabs(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "docs" / "tabs.md").write_text(
        "# Tabs\n\n"
        '<div class="tabbed-set" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" '
        'name="__tabbed_1" type="radio"><label for="__tabbed_1_1">A</label></div>\n',
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert run_build(root, "--site-dir", str(site)).exit_code == 0
    script = 'target.name.startsWith("__tabbed_")'
    assert script in (site / "tabs" / "index.html").read_text(encoding="utf-8")
    for page in ("index.html", "incidents/0015-hotfix-auth-token/index.html"):
        assert script not in (site / page).read_text(encoding="utf-8")


#: Material's inline colour script, which partials/javascripts/palette.html stands in for.
MATERIAL_PALETTE = MATERIAL_HEADER.parent / "javascripts" / "palette.html"


def test_our_colour_script_reads_what_materials_own_reads() -> None:
    """Ours must read the choice as Material keeps it and set what Material's script sets;
    a Material release that changes either fails here (tests/browser/test_reader_layout.py
    runs ours)."""
    theirs = MATERIAL_PALETTE.read_text(encoding="utf-8")
    ours = (THEME_DIR / "partials" / "javascripts" / "palette.html").read_text(encoding="utf-8")
    for used in (
        '__md_get("__palette")',
        '"(prefers-color-scheme)"',
        'matchMedia("(prefers-color-scheme: light)")',
        "[data-md-color-media='(prefers-color-scheme: ",
        '"data-md-color-"+',
    ):
        assert used in theirs and used in ours, used
    for field in ("media", "scheme", "primary", "accent"):
        assert f'getAttribute("data-md-color-{field}")' in theirs
        assert f'"{field}"' in ours
    # Theirs has one script and nothing else to stand in for.
    assert theirs.count("<script>") == 1 and theirs.rstrip().endswith("</script>")


def test_indexed_text_keeps_the_words_of_neighbouring_blocks_apart(site: Path) -> None:
    # Pages carry no line break between a table's rows or a list's items
    # (generator/site/tighten.py); what pagefind reads still parts their words.
    pages = read_index(site / "pagefind")["en"]["pages"]
    content = pages["/incidents/0015-hotfix-auth-token/"][1]["content"]
    assert "(what each role does) Incident commander" in content
    assert "Deputy not named. Scribe not named." in content


def test_an_incidents_tasks_are_found_by_their_words(site: Path) -> None:
    # Pagefind drops what is inside a <label> (form text), so task items carry their words
    # as the item's own text.
    pages = read_index(site / "pagefind")["en"]["pages"]
    content = pages["/incidents/0015-hotfix-auth-token/"][1]["content"]
    assert "T-001 Identify breaking change" in content


def test_the_repository_link_keeps_the_space_between_its_icon_and_name(tmp_path: Path) -> None:
    # Material shows the icon and the name as inline blocks: the break between them is
    # drawn as a space, so the header's and the drawer's copies keep it.
    shipped = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    repo = "repo_url: https://example.org/team/playbook\nrepo_name: team/playbook\n"
    site = _build(tmp_path, mkdocs_yml=shipped + repo)
    for page in ("index.html", "incidents/0015-hotfix-auth-token/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert html.count('</div>\n<div class="md-source__repository">') == 2, page


def test_an_incidents_tags_are_named_as_its_own_in_what_search_shows(site: Path) -> None:
    # Glued to the last related incident's title, the chips read as that incident's.
    pages = read_index(site / "pagefind")["en"]["pages"]
    content = pages["/incidents/0016-orders-db-failover/"][1]["content"]
    assert content.rstrip().endswith("Tags: SEV1 checkout-api orders-db"), content[-200:]
