"""MkDocs adapter: ``plugins: [playbook]`` adds the playbook pages to any MkDocs site.

Pages are handed to MkDocs in memory (``File.generated``); nothing is written into
``docs/``. The project is loaded and validated in ``on_pre_build``, before MkDocs cleans the
site folder, so invalid records stop the build with the same ``path:line:col`` lines as
``playbook validate`` and the previous site stays. Warnings are logged under
``mkdocs.plugins.playbook``, where ``mkdocs build --strict`` counts them.

Pages reach MkDocs with their big HTML blocks as slot markers (see
:class:`generator.site.core.Slot`): searchable blocks are filled in ``on_page_content``,
before Material's search reads the page in ``on_page_context``; pictures are filled in
``on_post_page``, after it, so the index holds no SVG labels.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .check import load_checked
from .errors import PlaybookError
from .load.project import CONTENT_DIR
from .problems import Level
from .site import Site, SiteOptions, Slot, build_site
from .site.assets import SCRIPTS, STYLESHEETS
from .site.core import fill
from .site.templating import TEMPLATES_DIR

log = logging.getLogger("mkdocs.plugins.playbook")

NavEntry = dict[str, "str | list[NavEntry]"]

# Links inside raw HTML blocks (sanitised record prose, page headers) are not rewritten by
# MkDocs, which only walks Markdown links; these are the relative `.md` ones we rewrite.
_MD_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?]+\.md)(#[^"]*)?"')


class PlaybookConfig(base.Config):  # type: ignore[no-untyped-call]
    project = c.Optional(c.Dir(exists=True))
    """Folder that holds ``playbooks/``. Default: the folder of ``mkdocs.yml``."""

    prefix = c.Type(str, default="")
    """Folder of the site the pages go under, e.g. ``runbooks`` in an existing site."""

    nav = c.Type(bool, default=True)
    """Add the pages to the nav. With no ``nav`` in mkdocs.yml they lead it; with one, they are
    appended as a section titled ``nav_title``."""

    nav_title = c.Type(str, default="Incident Playbooks")
    """Title of the nav section when mkdocs.yml has its own ``nav``."""

    recent = c.Type(int, default=10)
    """How many recent post-mortems the home page lists."""

    reports = c.Type(bool, default=True)
    """Build the metrics page, the action-item register and the exports (``api/``,
    ``incidents.csv``, ``feed.xml``, ``action-items.ics``, ``schemas/``)."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):  # type: ignore[no-untyped-call]
    """Render policy, playbooks and incident records into pages of the MkDocs site."""

    def __init__(self) -> None:
        self._site: Site | None = None
        self._root: Path | None = None
        self._user_nav: Any = None
        self._generated: set[str] = set()
        self._slots: dict[str, Mapping[str, Slot]] = {}

    # -- hooks -------------------------------------------------------------------------

    def on_config(self, config: Any) -> Any:
        self._root = self._resolve_root(config)
        self._user_nav = config.nav
        prefix = self._prefix()
        for path in STYLESHEETS:
            if prefix + path not in config.extra_css:
                config.extra_css.append(prefix + path)
        for path in SCRIPTS:
            if prefix + path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(prefix + path)
        return config

    def on_pre_build(self, *, config: Any) -> None:
        assert self._root is not None
        project = load_checked(self._root)
        for problem in project.problems:
            if problem.level is Level.WARNING:
                log.warning(problem.text())
        try:
            base = config.site_url
            options = SiteOptions(
                recent=self.config.recent,
                site_url=base.rstrip("/") + "/" + self._prefix() if base else None,
                site_name=config.site_name,
                directory_urls=config.use_directory_urls,
                reports=self.config.reports,
            )
            self._site = build_site(project, options)
        except PlaybookError as exc:
            details = exc.details()
            raise PluginError(
                f"playbook: {exc.message}" + (f"\n{details}" if details else "")
            ) from exc

    def on_files(self, files: Files, *, config: Any) -> Files:
        assert self._site is not None
        prefix = self._prefix()
        self._generated = set()
        self._slots = {}
        for page in self._site.pages:
            uri = prefix + page.path
            self._claim(files, uri)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=page.markdown, inclusion=inclusion))
            self._generated.add(uri)
            if page.slots:
                self._slots[uri] = page.slots
        for asset in self._site.assets:
            uri = prefix + asset.path
            self._claim(files, uri)
            files.append(File.generated(config, uri, content=asset.content))
        if self.config.nav:
            config.nav = self._resolve_nav(files)
        return files

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        uri = page.file.src_uri
        if uri not in self._generated:
            return html
        slots = self._slots.get(uri)
        if slots:
            html = self._fill(html, uri, slots, indexed=True)
        return _MD_HREF.sub(lambda m: self._rewrite_link(m, page.file, files), html)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        slots = self._slots.get(page.file.src_uri)
        if not slots:
            return output
        return self._fill(output, page.file.src_uri, slots, indexed=False)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        assert self._root is not None
        server.watch(str(self._root / CONTENT_DIR))
        server.watch(str(TEMPLATES_DIR))
        return server

    # -- helpers -------------------------------------------------------------------------

    def _resolve_root(self, config: Any) -> Path:
        if self.config.project:
            return Path(self.config.project).resolve()
        return Path(config.config_file_path or ".").resolve().parent

    def _prefix(self) -> str:
        prefix = self.config.prefix.strip().strip("/")
        if prefix and not re.fullmatch(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*", prefix):
            raise PluginError(f"playbook: prefix {prefix!r} must be a relative folder path")
        return f"{prefix}/" if prefix else ""

    def _claim(self, files: Files, uri: str) -> None:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(
                f"playbook: docs/{uri} has the same path as a generated page; "
                "move it or set the plugin's 'prefix' option"
            )

    def _resolve_nav(self, files: Files) -> list[Any]:
        assert self._site is not None
        prefix = self._prefix()
        ours: list[Any] = []
        for title, target in self._site.nav():
            if isinstance(target, str):
                ours.append({html.escape(title): prefix + target})
            else:
                ours.append({html.escape(title): [{html.escape(t): prefix + p} for t, p in target]})
        if self._user_nav:
            return [*self._user_nav, {html.escape(self.config.nav_title): ours}]
        # No nav of their own: ours first, then their own pages in MkDocs' usual order.
        theirs = [
            f.src_uri
            for f in files.documentation_pages()
            if f.src_uri not in self._generated and not f.inclusion.is_not_in_nav()  # type: ignore[no-untyped-call]
        ]
        return ours + theirs

    def _fill(self, html: str, uri: str, slots: Mapping[str, Slot], *, indexed: bool) -> str:
        for marker, slot in slots.items():
            if slot.indexed is indexed and marker not in html:
                # Another plugin rewrote the HTML before us: say so rather than drop a block.
                log.warning(f"{uri}: a generated block could not be placed in the page")
        return fill(html, slots, indexed=indexed)

    def _rewrite_link(self, match: re.Match[str], source: File, files: Files) -> str:
        target, fragment = match.group(1), match.group(2) or ""
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), target))
        found = files.get_file_from_path(path)
        if found is None:
            log.warning(f"{source.src_uri}: link to '{target}' matches no page")
            return match.group(0)
        return f'href="{html.escape(found.url_relative_to(source))}{fragment}"'
