"""Real-browser harness: one site build, one local HTTP server, one Chromium per session.

The site is built from the shipped project plus the hostile fixture record with
``playbook build --site-dir``, served on 127.0.0.1 and read by Debian's Chromium through
Playwright with every other host blocked: a runbook must work while CDNs are down, so
anything the page tries to fetch from elsewhere is recorded and aborted.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Route,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
HOSTILE_RECORD = HOSTILE / "incidents" / "0666-hostile-input.yaml"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The pages a reader lands on, by the URLs the site promises (links, bookmarks, search).
PAGES = {
    "home": "",
    "severity": "severity-levels/",
    "workflows": "workflows/",
    "hotfix": "workflows/hotfix/",
    "incidents": "incidents/",
    "incident": "incidents/0015-hotfix-auth-token/",
    "hostile": "incidents/0666-hostile-input/",
}

# Playwright waits 30 s by default; on a local static site anything slower is a hang.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip (never fail) the browser tests on a machine without Debian's Chromium."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: apt-get install -y chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# --- the site -----------------------------------------------------------------------------


def _assemble_project(target: Path) -> None:
    """The shipped project plus the hostile record, laid out as a user's repository."""
    shutil.copytree(ROOT / "playbooks", target / "playbooks")
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if (ROOT / "docs").is_dir():
        shutil.copytree(ROOT / "docs", target / "docs")
    # The fixture mirrors playbooks/ (incidents/0666-….yaml), so it lands beside the others.
    shutil.copytree(HOSTILE, target / "playbooks", dirs_exist_ok=True)


#: The search index of the browser tests' site is built in parts of this many bytes of
#: articles and merged (generator/search/bundle.py), as a big site's is: every search test
#: then reads a merged index in a real pagefind loader.
PART_BYTES = 20_000
_BUILD = (
    "from generator.search import index; "
    f"index.PART_BYTES = {PART_BYTES}; "
    "from generator.cli import main; main()"
)


def _build(project: Path, site: Path) -> None:
    cmd = [sys.executable, "-c", _BUILD, "build", "--site-dir", str(site)]
    result = subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not (site / "index.html").is_file():
        pytest.fail(
            f"`playbook build` failed (exit {result.returncode}) in {project}:\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The built site; under pytest-xdist the workers share one build behind a file lock."""
    if worker_id == "master":
        base = tmp_path_factory.mktemp("browser-site")
    else:
        base = tmp_path_factory.getbasetemp().parent / "browser-site"
        base.mkdir(exist_ok=True)
    site = base / "site"
    with (base / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / "built").exists():
            project = base / "project"
            shutil.rmtree(project, ignore_errors=True)
            _assemble_project(project)
            _build(project, site)
            (base / "built").touch()
    return site


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    """xdist's worker id ("gw0", ...) or "master"; defined here so plain pytest works too."""
    workerinput = getattr(request.config, "workerinput", None)
    return "master" if workerinput is None else str(workerinput["workerid"])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would bury the test output


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` serving the built site, on a port the OS picked."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """One browser context on the local site, and everything it tried that it should not."""

    base_url: str
    page: Page
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def open(self, path: str = "") -> Page:
        """Load a page (diagrams are inline SVG: nothing left to wait for after ``load``)."""
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None and response.status == 200, f"{path}: {response}"
        return self.page


def _open_context(browser: Browser, base_url: str, **options: Any) -> tuple[BrowserContext, Visit]:
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    visit = Visit(base_url=base_url, page=page)
    origin = urlsplit(base_url)[:2]

    def gate(route: Route) -> None:
        if urlsplit(route.request.url)[:2] == origin:
            route.continue_()
        else:
            visit.blocked.append(route.request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            visit.console_errors.append(f"{message.text} @ {message.location}")

    def on_dialog(dialog: Dialog) -> None:
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", gate)
    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    return context, visit


def _visit_fixture(browser: Browser, base_url: str, **options: Any) -> Iterator[Visit]:
    context, visit = _open_context(browser, base_url, **options)
    try:
        yield visit
    finally:
        context.close()
    # Every page of the site, hostile or not: nothing may pop up and no script may crash.
    assert visit.dialogs == [], f"a dialog fired: {visit.dialogs}"
    assert visit.page_errors == [], f"uncaught script errors: {visit.page_errors}"


@pytest.fixture
def visit(browser: Browser, base_url: str) -> Iterator[Visit]:
    """A fresh desktop browser context (1280×900) with the network gate and recorders."""
    yield from _visit_fixture(browser, base_url, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Visit]:
    """A fresh phone-sized context (390×844, touch) with the same gate."""
    yield from _visit_fixture(
        browser,
        base_url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``test-artifacts/`` at the repository root (git-ignored), for screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
