"""MkDocs adapter: ``plugins: [playbook]`` adds the playbook pages to any MkDocs site.

Pages are handed to MkDocs in memory (``File.generated``); nothing is written into
``docs/``. The project is loaded and validated in ``on_pre_build``, before MkDocs cleans the
site folder, so invalid records stop the build with the same ``path:line:col`` lines as
``playbook validate`` and the previous site stays. Warnings are logged under
``mkdocs.plugins.playbook``, where ``mkdocs build --strict`` counts them.

Generated pages reach MkDocs' theme as finished HTML, with no Python-Markdown pass: the core
(:mod:`generator.site`) renders each page's body and table of contents itself. Each page is
a generated file holding only its front matter (title, tags, hide), so MkDocs reads the
page's metadata as for any page and its Markdown step has nothing to convert. The body is
rendered in ``on_page_context`` — the last moment before the theme template needs
``page.content`` and ``page.toc`` — and dropped again in ``on_post_page``: MkDocs renders
every page's Markdown before it writes any page, so filling ``page.content`` earlier would
keep the HTML of every page of a 10,000-incident site in memory at once. ``on_page_context``
runs first among plugins (priority 100) so a plugin that reads the content there (a search
plugin) sees the real body. The one page whose content belongs to the engine (the tags page,
filled by Material's tags plugin) goes through MkDocs' Markdown as before.

Links in the HTML are relative ``.md`` links (``../severity-levels.md#sev1``); they are
rewritten to the pages' URLs here, as MkDocs does for Markdown links.

Search (:mod:`generator.search`): the article of each page is marked with its kind and
search weight as it is written, and the site is indexed with pagefind after the build.

Speed on big sites: a build writes half of the pages from a second process
(:mod:`generator.mkdocs_split`, forked in ``on_env`` once every page has been read), and the
theme parts that every page of a folder outside the navigation shares (sidebar, search box,
configuration, scripts, footer) are rendered once per folder (:mod:`generator.mkdocs_partials`).
"""

from __future__ import annotations

import html
import itertools
import logging
import posixpath
import re
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import (
    gcpolicy,
    mkdocs_exports,
    mkdocs_icons,
    mkdocs_partials,
    mkdocs_shell,
    mkdocs_split,
    search,
)
from .check import load_checked
from .errors import PlaybookError
from .load.project import CONTENT_DIR, Project
from .problems import Level
from .site import Page, Site, SiteOptions, TocEntry
from .site.assets import SCRIPTS, STYLESHEETS, assets, version
from .site.build import build_pages, write_exports
from .site.reports import EXPORTS
from .site.templating import TEMPLATES_DIR, environment
from .site.tighten import outside_text_blocks, spaced

log = logging.getLogger("mkdocs.plugins.playbook")

NavEntry = dict[str, "str | list[NavEntry]"]

# The core links pages and files with relative links in its HTML (`../severity-levels.md#sev1`,
# `action-items.ics`), which MkDocs (rewriting only Markdown links) leaves alone; these are
# rewritten to the URLs of the pages and files they name.
_MD_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?]+)(#[^"]*)?"')


# The opening tag of Material's article element, where search attributes go.


def _toc_token(entry: TocEntry) -> Any:
    """A heading as the token MkDocs builds its TableOfContents from (what the toc extension
    of Python-Markdown would have produced)."""
    return {
        "level": entry.level,
        "id": entry.id,
        "name": entry.title,
        "children": [_toc_token(child) for child in entry.children],
    }


def _render_nothing(page: Any, config: Any, files: Any) -> None:
    """Stands in for Page.render on a generated page: no Markdown to convert."""
    page.content = ""
    page.toc = get_toc([])
    # Not known until the body renders; None tells MkDocs not to check links to this
    # page's anchors rather than call each of them missing.
    page.present_anchor_ids = None


_WS = " \t\r"


def squeeze(html: str) -> str:
    """A page with every run of whitespace that holds a line break cut to one line break
    (outside ``pre``, ``script`` and ``textarea``): a browser shows both the same, and the
    theme's indentation is a tenth of each page."""
    return outside_text_blocks(html, _squeeze_text)


def _squeeze_text(text: str) -> str:
    # Line by line rather than one regular expression: a pattern that may start at any
    # space is tried at every space of the page, which cost more than the rest of this hook.
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    inner = [line.strip(_WS) for line in lines[1:-1]]
    return "\n".join(
        [lines[0].rstrip(_WS), *[line for line in inner if line], lines[-1].lstrip(_WS)]
    )


class _Count(c.Type):  # type: ignore[type-arg]
    """A number of things to list: a whole number, 0 or more (``true`` is not one, and a
    negative count silently listed all but the last few)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise base.ValidationError(f"expected a whole number, 0 or more; got {value!r}")
        return value


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

    recent = _Count(default=10)
    """How many recent post-mortems the home page lists."""

    feed_entries = _Count(default=50)
    """How many of the most recent post-mortems ``feed.xml`` holds (all of them are in
    ``api/incidents.json``)."""

    reports = c.Type(bool, default=True)
    """Build the metrics page, the action-item register and the exports (``api/``,
    ``incidents.csv``, ``feed.xml``, ``action-items.ics``, ``schemas/``)."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):  # type: ignore[no-untyped-call]
    """Render policy, playbooks and incident records into pages of the MkDocs site."""

    def __init__(self) -> None:
        self._site: Site | None = None
        #: The project of the last build, which the preview updates record by record.
        self.project: Project | None = None
        self._root: Path | None = None
        self._user_nav: Any = None
        self._serving = False
        #: src_uri → generated page.
        self._generated: dict[str, Page] = {}
        #: The generated pages whose HTML body the core renders (all but the tags page).
        self._bodies: set[str] = set()
        #: The site's files as MkDocs hands them to on_page_content, for link rewriting.
        self._files: Files | None = None
        #: The second process writing half of the pages (big sites, not while serving).
        self._split: mkdocs_split.SplitWriter | None = None
        #: The context of each page of the split this process took, until it is rendered.
        self._taken: dict[str, Any] = {}
        #: Writes the exports beside the pages (not through MkDocs).
        self._exports: mkdocs_exports.ExportWriter | None = None
        self._export_paths: set[str] = set()
        #: Fewer garbage collections while a build runs (:mod:`generator.gcpolicy`).
        self._collector = gcpolicy.BuildCollector()
        self._nav: Any = None
        #: Pagefind search for this build (False when the site keeps Material's search).
        self._search = False
        #: The articles pagefind indexes, kept as the pages are written.
        self._source: search.SearchSource | None = None

    # -- hooks -------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config: Any) -> Any:
        self._root = self._resolve_root(config)
        self._search = search.configure(config)
        self._user_nav = config.nav
        prefix = self._prefix()
        # Linked by addresses that change with their content: a reader's browser never
        # pairs a page of this build with a stylesheet or script cached from an earlier one.
        versions = {asset.path: version(asset.content.encode("utf-8")) for asset in assets()}
        ours = {prefix + path for path in (*STYLESHEETS, *SCRIPTS)}
        config.extra_css[:] = [s for s in config.extra_css if str(s).split("?")[0] not in ours]
        config.extra_css.extend(prefix + path + versions[path] for path in STYLESHEETS)
        config.extra_javascript[:] = [
            s for s in config.extra_javascript if str(s).split("?")[0] not in ours
        ]
        config.extra_javascript.extend(prefix + path + versions[path] for path in SCRIPTS)
        return config

    def on_pre_build(self, *, config: Any) -> None:
        assert self._root is not None
        if self._serving:
            environment.cache_clear()  # pick up edited templates on each rebuild
        else:
            self._collector.start()
        project = load_checked(self._root)
        self.project = project
        for problem in project.problems:
            if problem.level is Level.WARNING:
                log.warning(problem.text())
        try:
            ctx, pages = build_pages(project, self.site_options(config))
        except PlaybookError as exc:
            details = exc.details()
            raise PluginError(
                f"playbook: {exc.message}" + (f"\n{details}" if details else "")
            ) from exc
        self._site = Site(pages=pages, assets=assets())
        self._collector.loaded()
        self._drop_source()
        if self._search:
            self._source = search.SearchSource(Path(config.site_dir))
        self._stop_exports()
        self._exports = mkdocs_exports.ExportWriter(partial(write_exports, ctx), self._prefix())
        self._export_paths = {
            *EXPORTS,
            *(f"api/incidents/{f.incident.ident}.json" for f in ctx.incidents),
        }
        big = len(ctx.incidents) >= mkdocs_exports.MIN_INCIDENTS
        self._exports.start(Path(config.site_dir), background=big and not self._serving)

    def on_files(self, files: Files, *, config: Any) -> Files:
        assert self._site is not None
        prefix = self._prefix()
        self._generated = {}
        self._bodies = set()
        for page in self._site.pages:
            uri = prefix + page.path
            self._claim(files, uri)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # Front matter only: the body comes from the core in on_page_context.
            content = page.front_matter() + (page.markdown or "")
            files.append(File.generated(config, uri, content=content, inclusion=inclusion))
            self._generated[uri] = page
            if page.markdown is None:
                self._bodies.add(uri)
        for asset in self._site.assets:
            uri = prefix + asset.path
            self._claim(files, uri)
            files.append(File.generated(config, uri, content=asset.content))
        dirs = [str(d) for d in config.theme.dirs]
        if str(search.THEME_DIR) in dirs:  # our overrides draw the theme's icons from a sprite
            self._claim(files, mkdocs_icons.SPRITE)
            sprite = mkdocs_icons.sprite(search.THEME_DIR, dirs)
            files.append(File.generated(config, mkdocs_icons.SPRITE, content=sprite))
        if self.config.reports:
            self._claim_exports(files)
        if self.config.nav:
            config.nav = self._resolve_nav(files)
        self._files = files
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self._nav = nav
        return nav

    @event_priority(-100)  # last: after every plugin has finished preparing the pages
    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        self._stop_split()
        dirs = [str(d) for d in config.theme.dirs]
        if str(search.THEME_DIR) in dirs:  # our overrides are in the theme: partials/nav.html
            env.loader = jinja2.ChoiceLoader(
                [env.loader, mkdocs_partials.below_loader(dirs, str(search.THEME_DIR))]
            )
            nav_urls = {page.url for page in self._nav.pages} if self._nav else set()
            folders = mkdocs_partials.PartialCache(nav_urls)
            env.globals[mkdocs_partials.GLOBAL] = folders
            env.filters.update(search.FILTERS)
            if self._search:
                # What the header box adds once in use travels in its script (the theme's
                # files are written after on_env); pages link the script and its style
                # sheet by addresses that change with their content.
                script = files.get_file_from_path(search.SCRIPT)
                if script is not None:
                    box = squeeze(search.render_box(env, config))
                    script.content_string = search.box_script(script.content_string, box)
                versions = {
                    path: version(found.content_bytes)
                    for path in (search.SCRIPT, search.STYLESHEET)
                    if (found := files.get_file_from_path(path)) is not None
                }
                env.globals["playbook_version"] = lambda path: versions.get(path, "")
            shell = (
                mkdocs_shell.shell_template(env, folders)
                if mkdocs_split.page_events_safe(config)
                else None
            )
            if shell is not None:
                for uri in self._bodies:
                    if not self._generated[uri].in_nav:
                        found = files.get_file_from_path(uri)
                        if found is not None and found.page is not None:
                            found.page.meta["template"] = shell
        if self._serving:
            return env
        # The pages MkDocs is about to write, in its order (a build writes the included ones).
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = [f.page for f in doc_files if f.page is not None]
        if mkdocs_split.usable(config, len(pages)):
            # One page of each kind is written before the fork (a page of the nav and an
            # incident page), so both processes start with every template compiled.
            incidents = (
                p
                for p in pages[1:]
                if p.file.src_uri in self._bodies and not self._generated[p.file.src_uri].in_nav
            )
            first = [pages[0], *itertools.islice(incidents, 1)]
            rest = [p for p in pages if p not in first]
            done = self._source.finish if self._source is not None else None
            split = mkdocs_split.SplitWriter(rest, first, done)
            if split.start(config, doc_files, self._nav, env):
                self._split = split
        return env

    def on_pre_page(self, page: Any, *, config: Any, files: Files) -> Any:
        if page.file.src_uri in self._bodies:
            # The page's Markdown is its front matter only: skip building a Python-Markdown
            # instance for it. The body comes in on_page_context.
            page.render = partial(_render_nothing, page)
        return page

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        uri = page.file.src_uri
        self._files = files
        if uri in self._generated and uri not in self._bodies:
            return _MD_HREF.sub(lambda m: self._rewrite_link(m, page.file, files), html)
        return html

    @event_priority(100)
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        uri = page.file.src_uri
        if self._split is not None and uri in self._split.uris:
            if not self._split.takes(uri):
                return context  # the second process writes this page, or it is written
            # Its template is an empty one while the split runs: on_post_page renders it.
            self._taken[uri] = context
        if uri in self._bodies:
            generated = self._generated[uri]
            body = generated.body()
            html = body.html if self._search else spaced(body.html)  # see tighten.spaced
            page.content = self._finish(generated, html)
            page.toc = get_toc([_toc_token(entry) for entry in body.toc])
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        uri = page.file.src_uri
        if not output:
            taken = self._taken.pop(uri, None)
            if taken is None or self._split is None:
                return output  # a page the second process writes
            output = self._split.render(uri, taken)
        generated = self._generated.get(uri)
        if generated is not None and uri in self._bodies:
            page.content = ""  # written out; keep no page's HTML alive
        if self._search:
            path = uri.removeprefix(self._prefix())
            kind = search.kind_of(path, generated.kind if generated else None)
            output = search.annotate(output, kind, page.meta)
        output = squeeze(output)
        if self._source is not None:
            self._source.add(page.file.dest_uri, output)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        self._collector.restore()
        self._stop_split()
        self._stop_exports()
        self._drop_source()

    def on_post_build(self, *, config: Any) -> None:
        try:
            self._finish_build(config)
        finally:
            self._collector.restore()

    def _finish_build(self, config: Any) -> None:
        if self._source is not None:
            # This process's pages are written: its last part's bundle is taken while the
            # other process still writes pages or waits on its own pagefind.
            self._source.finish()
        if self._split is not None:
            failed = self._split.finish()
            self._split = None
            if failed:
                raise PluginError(f"playbook: writing pages failed: {failed}")
        if self._exports is not None:
            exports, self._exports = self._exports, None
            try:
                exports.finish(Path(config.site_dir))
            except PlaybookError as exc:
                raise PluginError(f"playbook: {exc.message}") from exc
        if self._source is not None:
            try:
                search.build_index(Path(config.site_dir), self._source)
            except PlaybookError as exc:
                raise PluginError(exc.message) from exc
            finally:
                self._drop_source()

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        assert self._root is not None
        server.watch(str(self._root / CONTENT_DIR))
        server.watch(str(TEMPLATES_DIR))
        return server

    # -- preview (playbook serve, generator.preview) -------------------------------------

    def site_options(self, config: Any) -> SiteOptions:
        base = config.site_url
        return SiteOptions(
            recent=self.config.recent,
            site_url=base.rstrip("/") + "/" + self._prefix() if base else None,
            site_name=config.site_name,
            directory_urls=config.use_directory_urls,
            reports=self.config.reports,
            feed_entries=self.config.feed_entries,
        )

    def use_site(self, site: Site) -> None:
        """Take pages rebuilt from an edited project in place of the last build's; the
        preview then has MkDocs render just the pages it names. Page paths must be the
        same (a record added or removed is a full build)."""
        prefix = self._prefix()
        for page in site.pages:
            uri = prefix + page.path
            if uri not in self._generated:
                raise KeyError(uri)
            self._generated[uri] = page
        self._site = site

    # -- helpers -------------------------------------------------------------------------

    def _finish(self, page: Page, html: str) -> str:
        """A body with its links pointing at the built pages."""
        files = self._files
        assert files is not None
        source = files.get_file_from_path(self._prefix() + page.path)
        assert source is not None
        return _MD_HREF.sub(lambda m: self._rewrite_link(m, source, files), html)

    def _drop_source(self) -> None:
        if self._source is not None:
            self._source.remove()
            self._source = None

    def _stop_exports(self) -> None:
        if self._exports is not None:
            self._exports.stop()
            self._exports = None

    def _stop_split(self) -> None:
        self._taken.clear()
        if self._split is not None:
            self._split.stop()
            self._split = None

    def _resolve_root(self, config: Any) -> Path:
        if self.config.project:
            return Path(self.config.project).resolve()
        return Path(config.config_file_path or ".").resolve().parent

    def _prefix(self) -> str:
        prefix = self.config.prefix.strip().strip("/")
        if prefix and (
            not re.fullmatch(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*", prefix)
            # '..' (or '.') parts would put pages and exports outside the site folder,
            # over the project's own files.
            or any(part in (".", "..") for part in prefix.split("/"))
        ):
            raise PluginError(
                f"playbook: prefix {prefix!r} must be a relative folder path inside the site "
                "(letters, digits, '.', '_', '-' and '/'; no '.' or '..' parts)"
            )
        return f"{prefix}/" if prefix else ""

    def _claim(self, files: Files, uri: str) -> None:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(
                f"playbook: docs/{uri} has the same path as a generated page; "
                "move it or set the plugin's 'prefix' option"
            )

    def _claim_exports(self, files: Files) -> None:
        """The exports are written after MkDocs' files, so a file of the docs folder at the
        path of one of them would be silently replaced: refused, as for pages."""
        prefix = self._prefix()
        for file in files:
            if (
                file.generated_by is None
                and file.src_uri.removeprefix(prefix) in self._export_paths
            ):
                raise PluginError(
                    f"playbook: docs/{file.src_uri} has the same path as an export file; "
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

    def _rewrite_link(self, match: re.Match[str], source: File, files: Files) -> str:
        target, fragment = match.group(1), match.group(2) or ""
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), target))
        found = files.get_file_from_path(path)
        if found is None and path.removeprefix(self._prefix()) in self._export_paths:
            # An export: written beside the pages, not one of MkDocs' files.
            return f'href="{html.escape(get_relative_url(path, source.url))}{fragment}"'
        if found is None:
            if target.endswith(".md"):
                log.warning(f"{source.src_uri}: link to '{target}' matches no page")
            # Anything else is a link a record wrote (a relative URL of its own): as written.
            return match.group(0)
        return f'href="{html.escape(found.url_relative_to(source))}{fragment}"'
