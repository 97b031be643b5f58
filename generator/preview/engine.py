"""The preview's site: built once through MkDocs, then kept and updated page by page.

A full build runs MkDocs' own build steps (:func:`_full_build` mirrors
``mkdocs.commands.build.build``) and keeps what they produce: the configuration with its
plugins, the files, the nav and the theme's Jinja environment. When only incident records
were edited, each is checked alone with validate's rules
(:func:`generator.check.recordcheck.check_text`); a good one replaces its predecessor in the
loaded project, the page list is rebuilt (pages render lazily, so that is cheap), and MkDocs
renders the record's own page at once (``_populate_page`` + ``_build_page``, as the build
does). The pages that list records (home, index, action items, metrics, …), the pages of
related records and the exports follow in :meth:`Preview.finish`, so the page being edited
is on screen first. Anything else that changed means a full build.

One lock serialises all of it: MkDocs and Jinja are not meant to render from two threads.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..check.recordcheck import Context, check_text, collection_problems, read_text
from ..errors import PlaybookError, ProblemsFound
from ..load.layout import CONTENT_DIR
from ..load.project import Project, Record
from ..problems import Level, Problem
from ..site.core import INCIDENT, Asset, Page, Site
from ..site.templating import TEMPLATES_DIR
from .changes import Stamps, compare, snapshot

log = logging.getLogger("mkdocs.plugins.playbook.preview")

#: The plugin's name in ``mkdocs.yml``.
PLUGIN = "playbook"


@dataclass
class _Built:
    """What a full build leaves for page-by-page updates."""

    config: Any
    files: Any
    nav: Any
    env: Any
    doc_files: Any
    plugin: Any
    #: Page path (``incidents/0015-….md``) → the core's page, as last rendered.
    pages: dict[str, Page] = field(default_factory=dict)
    ctx: Any = None


@dataclass
class Update:
    """What one look at the disk did: the version it made and the site files it rewrote
    (``None``: every page, as after a full build or a change of error state)."""

    version: int
    dests: set[str] | None


class Preview:
    """The site in ``site_dir``, kept in step with the project on every :meth:`refresh`."""

    def __init__(self, root: Path, config_file: Path, dev_addr: str | None = None) -> None:
        self.root = root
        self.config_file = config_file
        self.dev_addr = dev_addr
        self.site_dir = Path(tempfile.mkdtemp(prefix="playbook-preview-"))
        self.lock = threading.RLock()
        #: Rises with every change a browser should reload for.
        self.version = 0
        self.updates: list[Update] = []
        #: While not empty the site is not up to date and the browser shows these.
        self.problems: list[Problem] = []
        self.message = ""
        self.host = "127.0.0.1"
        self.port = 8000
        self.mount = "/"
        self._built: _Built | None = None
        self._stamps: Stamps = {}
        self._broken: dict[str, list[Problem]] = {}
        #: Counts full builds: exports computed before one are not written after it.
        self._generation = 0
        #: Good records saved since the site was last rendered (path → record).
        self._edited: dict[str, Record] = {}
        #: Work left after an edit's own page: page paths to render, exports to rewrite.
        self._pending: list[str] = []
        self._assets_pending = False
        self._watched: list[Path] = [root / CONTENT_DIR, config_file, TEMPLATES_DIR]

    # -- public -----------------------------------------------------------------------

    def start(self) -> None:
        """The first full build (problems, if any, are kept for the browser)."""
        with self.lock:
            self._rebuild(snapshot(self.root, self._watched))

    def refresh(self) -> bool:
        """Apply what changed on disk since the last look; True when anything did."""
        with self.lock:
            stamps = snapshot(self.root, self._watched)
            changes = compare(self._stamps, stamps)
            if not changes:
                return False
            if changes.others or self._built is None:
                log.info(f"preview: {', '.join(changes.others[:3]) or 'site'} changed; rebuilding")
                self._rebuild(stamps)
            else:
                self._update(changes.records, stamps)
            return True

    def finish(self) -> bool:
        """Render one piece of what an edit left for later (a listing page, then the
        exports); True if there was one. One page per call, so that a newer save waits
        for at most one page before its own is rendered; the exports, the longest piece
        (a file per incident), are computed without holding the lock at all."""
        with self.lock:
            built = self._built
            if built is None:
                return False
            if self._pending:
                self._bump({self._render(built, self._pending.pop(0))})
                return True
            if not self._assets_pending:
                return False
            self._assets_pending = False
            generation, ctx = self._generation, built.ctx
        from ..site.build import site_assets

        # The context is of the project as it was: a newer edit sets the flag again.
        assets = site_assets(ctx)
        with self.lock:
            if generation == self._generation:
                self._write_assets(built, assets)
        return True

    def pending_for(self, dest: str) -> bool:
        """Is the site file ``dest`` (``incidents/index.html``) still to be rewritten?"""
        built = self._built
        if built is None:
            return False
        return any(self._dest(built, path) == dest for path in list(self._pending))

    def changed_since(self, version: int, dest: str) -> int | None:
        """The newest version after ``version`` that touched ``dest``, if any."""
        for update in reversed(self.updates):
            if update.version <= version:
                break
            if update.dests is None or dest in update.dests:
                return update.version
        return None

    def close(self) -> None:
        if self._built is not None:
            self._built.config.plugins.on_shutdown()
        shutil.rmtree(self.site_dir, ignore_errors=True)

    # -- full build -------------------------------------------------------------------

    def _rebuild(self, stamps: Stamps) -> None:
        from mkdocs.exceptions import MkDocsException

        from .. import mkdocs_config as _mkdocs

        self._stamps = stamps
        self._generation += 1
        self._pending, self._assets_pending, self._broken, self._edited = [], False, {}, {}
        overrides: dict[str, Any] = {"site_dir": str(self.site_dir)}
        if self.dev_addr:
            overrides["dev_addr"] = self.dev_addr
        try:
            config = _mkdocs.load(self.config_file, **overrides)
            self.host, self.port = config.dev_addr.host, config.dev_addr.port
            self.mount = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
            config.site_url = f"http://{self.host}:{self.port}{self.mount}"
            docs = Path(config.docs_dir)
            if docs not in self._watched:
                self._watched.append(docs)
                self._stamps = snapshot(self.root, self._watched)
            config.plugins.on_startup(command="serve", dirty=False)
            self._built = _full_build(config)
            self.problems, self.message = [], ""
        except (MkDocsException, PlaybookError, OSError) as exc:
            self._fail(exc, locals().get("config"))
        self._bump(None)

    def _fail(self, exc: Exception, config: Any) -> None:
        """Keep the last good site on disk and the problems for the browser."""
        self._built = None
        plugin = _plugin(config) if config is not None else None
        project = getattr(plugin, "project", None)
        errors = [p for p in project.problems if p.level is Level.ERROR] if project else []
        self.problems = errors
        self.message = "" if errors else str(getattr(exc, "message", None) or exc)
        log.error(f"preview: the site could not be built: {self.message or 'invalid records'}")

    # -- one record at a time ---------------------------------------------------------

    def _update(self, paths: list[str], stamps: Stamps) -> None:
        built = self._built
        assert built is not None
        project: Project = built.plugin.project
        assert project.policy is not None
        ctx = Context(self.root, project.policy, set(project.playbooks))
        self._stamps = stamps
        for path in paths:
            checked = self._check(ctx, path)
            if checked is not None:
                self._edited[path] = checked[0]
                _replace(project, *checked)
        was_broken = bool(self.problems)
        self.problems = sorted(p for problems in self._broken.values() for p in problems)
        if self.problems:
            log.error(f"preview: {len(self.problems)} problem(s) in {', '.join(self._broken)}")
            self._bump(None)
            return
        # Records saved while another was broken are rendered now, with this one.
        edited, self._edited = list(self._edited.values()), {}
        old_tags = {path: built.pages[path].tags for path in built.pages}
        try:
            self._use(built, project)
        except (PlaybookError, KeyError) as exc:
            # A page appeared or vanished (a new related link, a renamed record): rebuild.
            log.info(f"preview: the page list changed ({exc}); rebuilding")
            self._rebuild(stamps)
            return
        by_number = {f.incident.number: f.path for f in built.ctx.incidents}
        own = [by_number[r.incident.number] for r in edited]
        if any(built.pages[p].tags != old_tags.get(p) for p in own):
            # Tags are collected by Material's tags plugin across every page: rebuild.
            self._rebuild(stamps)
            return
        dests = {self._render(built, path) for path in own}
        self._bump(None if was_broken else dests)
        later = [p for p in _listing(built, edited) if p not in own]
        self._pending = [p for p in self._pending if p not in own and p not in later] + later
        self._assets_pending = True

    def _check(self, ctx: Context, path: str) -> tuple[Record, list[Problem]] | None:
        """The record in ``path`` and its warnings if it has no errors; else its problems
        are kept for the browser."""
        file = self.root / path
        try:
            text = read_text(file, path)
        except ProblemsFound as found:
            self._broken[path] = found.problems
            return None
        checked = check_text(ctx, text.removeprefix("\ufeff"), file)
        errors = checked.errors
        if checked.record is not None and not errors:
            # A clash the rules put on the other record (the later file) is this edit's.
            errors = [
                p
                for p in collection_problems(ctx, checked.record, file)
                if p.level is Level.ERROR and p.path != path
            ]
        if errors or checked.record is None:
            self._broken[path] = errors
            return None
        self._broken.pop(path, None)
        return checked.record, [p for p in checked.problems if p.path == path]

    def _use(self, built: _Built, project: Project) -> None:
        from ..site.build import build_pages

        ctx, pages = build_pages(project, built.plugin.site_options(built.config))
        built.plugin.use_site(Site(pages=pages, assets=built.plugin._site.assets))
        built.pages = {p.path: p for p in pages}
        built.ctx = ctx

    def _render(self, built: _Built, path: str) -> str:
        """Have MkDocs render one generated page into the site again; its site file."""
        from mkdocs.commands.build import _build_page, _populate_page

        page = built.pages[path]
        file = built.files.get_file_from_path(built.plugin._prefix() + path)
        content = page.front_matter() + (page.markdown or "")
        if file.content_string != content:
            file.content_string = content
        _populate_page(file.page, built.config, built.files)
        _build_page(file.page, built.config, built.doc_files, built.nav, built.env)
        return str(file.dest_uri)

    def _dest(self, built: _Built, path: str) -> str:
        file = built.files.get_file_from_path(built.plugin._prefix() + path)
        return str(file.dest_uri) if file is not None else ""

    def _write_assets(self, built: _Built, assets: list[Asset]) -> None:
        prefix = built.plugin._prefix()
        for asset in assets:
            target = self.site_dir / (prefix + asset.path)
            data = asset.content.encode("utf-8")
            try:
                if target.read_bytes() == data:
                    continue
            except OSError:
                pass
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def _bump(self, dests: set[str] | None) -> None:
        self.version += 1
        self.updates = [*self.updates[-200:], Update(self.version, dests)]


def _replace(project: Project, record: Record, problems: list[Problem]) -> None:
    """``record`` in place of the one loaded from the same file; its warnings likewise."""
    project.records = [record if r.path == record.path else r for r in project.records]
    project.problems = [p for p in project.problems if p.path != record.path] + problems


def _listing(built: _Built, edited: list[Record]) -> list[str]:
    """Pages that may show an edited record: every page that is not one incident's
    (home, index, action items, metrics, policy pages — a handful), and the pages of the
    incidents related to or from it. Not the tags page (see :meth:`Preview._update`)."""
    numbers = {r.incident.number for r in edited}
    related = {n for r in edited for n in r.incident.related}
    out = [p.path for p in built.pages.values() if p.kind != INCIDENT and p.markdown is None]
    for facts in built.ctx.incidents:
        inc = facts.incident
        if inc.number in related or numbers & set(inc.related):
            out.append(facts.path)
    return out


def _plugin(config: Any) -> Any:
    return config.plugins.get(PLUGIN) if config is not None else None


def _full_build(config: Any) -> _Built:
    """``mkdocs.commands.build.build`` for a preview, keeping its state."""
    from mkdocs import utils
    from mkdocs.commands.build import (
        _build_extra_template,
        _build_page,
        _build_theme_template,
        _populate_page,
    )
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page as MkPage

    inclusion: Callable[[Any], bool] = InclusionLevel.is_in_serve
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    utils.clean_directory(config.site_dir)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    for file in files.documentation_pages(inclusion=inclusion):
        if file.page is None:
            MkPage(None, file, config)
        _populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    files.copy_static_files(inclusion=inclusion)
    for template in config.theme.static_templates:
        _build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        _build_extra_template(template, files, config, nav)
    doc_files = files.documentation_pages(inclusion=inclusion)
    for file in doc_files:
        _build_page(file.page, config, doc_files, nav, env)
    config.plugins.on_post_build(config=config)
    plugin = _plugin(config)
    if plugin is None:
        raise PlaybookError(f"mkdocs.yml does not list the '{PLUGIN}' plugin")
    built = _Built(config, files, nav, env, doc_files, plugin)
    assert plugin._site is not None and plugin.project is not None
    built.pages = {p.path: p for p in plugin._site.pages}
    from ..site.context import SiteContext

    built.ctx = SiteContext(plugin.project, plugin.project.policy, plugin.site_options(config))
    return built
