"""What a reader's search costs on a big site: bytes per query and time to the first result.

For each size it writes a project of synthetic incident records (the same records as
``bench_build.py``), builds it with ``playbook build`` (pagefind index included), serves the
site on 127.0.0.1 and types queries into the header search box of Debian's Chromium, every
request to another host blocked. It prints, per query:

* ``bytes`` — bytes the server sent for that query (headers and bodies): the first query
  pays for pagefind's loader and wasm, later ones for their index chunks and previews only;
* ``raw`` — the same without compression, for a host that does not gzip (GitHub Pages
  gzips JavaScript, CSS and HTML; pagefind's index files are gzipped already);
* ``first`` — milliseconds from the last key typed to the first result on screen;
* ``top`` — the page ranked first.

The floor for comparison is the index Material's own search plugin would make of the same
site: the browser downloads all of it (``search/search_index.json``) before a first result.
Its size is read from a build of the same project with ``search`` listed in mkdocs.yml.

Targets (issue "Scale"): first query ≤ 170 KB, each later query ≤ 20 KB, first result
< 1 s, at 10,000 incidents. Run from the repository root::

    python benchmarks/bench_search.py              # 10000
    python benchmarks/bench_search.py 300 10000    # chosen sizes
    python benchmarks/bench_search.py --no-floor   # skip the Material build (saves minutes)
    python benchmarks/bench_search.py 10000 --keep /tmp/s10k   # build there, or reuse it
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_project

CHROMIUM = "/usr/bin/chromium"
#: A policy word, a playbook word, the start of an incident, then what a responder types
#: about a live problem: a service, an error code, a word of a root cause.
QUERIES = ["SEV1", "hotfix", "new incident", "rollback", "auth", "502", "regex", "checkout"]
#: Milliseconds between keys: a quick typist (~120 words a minute).
TYPING_MS = 80
#: What GitHub Pages and most static hosts compress on the fly.
COMPRESSED = (".js", ".css", ".html", ".json", ".svg", ".xml", ".txt")


class Meter:
    """Bytes sent by the server, both as sent (gzip) and as they would be without it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent = 0
        self.raw = 0
        self.paths: list[str] = []

    def add(self, path: str, sent: int, raw: int) -> None:
        with self.lock:
            self.sent += sent
            self.raw += raw
            self.paths.append(path)

    def take(self) -> tuple[int, int, list[str]]:
        with self.lock:
            out = (self.sent, self.raw, self.paths)
            self.sent, self.raw, self.paths = 0, 0, []
            return out


class _Counted:
    """The connection's write side, counting what goes out."""

    def __init__(self, wfile: Any) -> None:
        self.wfile = wfile
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return int(self.wfile.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wfile, name)  # flush, closed, …


class Handler(http.server.SimpleHTTPRequestHandler):
    """A static server like a Pages host: gzip for text types, bytes counted per request."""

    meter: Meter

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.wfile = _Counted(self.wfile)  # type: ignore[assignment]

    def do_GET(self) -> None:
        out: _Counted = self.wfile  # type: ignore[assignment]
        before = out.count
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            super().do_GET()
            self.meter.add(urlsplit(self.path).path, out.count - before, out.count - before)
            return
        data = file.read_bytes()
        raw = len(data)
        gzipped = file.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            data = gzip.compress(data, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(data)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(data)
        sent = out.count - before
        self.meter.add(urlsplit(self.path).path, sent, sent - len(data) + raw)


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, Meter]]:
    meter = Meter()
    handler = type("Counting", (Handler,), {"meter": meter})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", meter
    finally:
        server.shutdown()
        server.server_close()


def build(project: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
        cwd=project,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def material_index_bytes(project: Path, where: Path) -> tuple[int, int]:
    """Size (raw, gzipped) of the index Material's search plugin makes of the same site."""
    config = project / "mkdocs-material-search.yml"
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("plugins:\n", "plugins:\n  - search\n", 1), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "-f", str(config), "--site-dir", str(where)],
        cwd=project,
        check=True,
        capture_output=True,
    )
    data = (where / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, 6))


def run_queries(base_url: str, meter: Meter) -> list[dict[str, Any]]:
    """Type each query into a fresh box on one page, as a reader would, and measure it."""
    from playwright.sync_api import Route, sync_playwright

    rows: list[dict[str, Any]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        blocked: list[str] = []

        def gate(route: Route) -> None:
            if route.request.url.startswith(base_url):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", gate)
        page = context.new_page()
        page.goto(base_url + "/", wait_until="load")
        page.wait_for_timeout(300)
        meter.take()  # the page itself is not the search's cost
        box = page.locator("[data-pb-search] .md-search__input")
        for query in QUERIES:
            page.keyboard.press("/")  # opening the box loads the engine: the first query's cost
            box.fill("")
            page.wait_for_function("!document.querySelector('.md-search-result__item')")
            box.press_sequentially(query, delay=TYPING_MS)
            typed = time.perf_counter()
            # The first result of this query (not of a word on the way to it) on screen.
            page.wait_for_function(
                "q => { const box = document.querySelector('[data-pb-search]');"
                " return box.getAttribute('data-pb-query') === q"
                " && !!box.querySelector('.md-search-result__item'); }",
                arg=query,
                polling="raf",
            )
            first_ms = (time.perf_counter() - typed) * 1000
            # Wait for the query to settle (every preview of the first screen fetched).
            page.wait_for_selector("[data-pb-search][data-pb-state=done]")
            page.wait_for_timeout(150)
            sent, raw, paths = meter.take()
            if "-v" in sys.argv:
                print(query, paths)
            top = page.locator("[data-pb-search] a.md-search-result__link").first
            rows.append(
                {
                    "query": query,
                    "bytes": sent,
                    "raw": raw,
                    "requests": len(paths),
                    "first_ms": first_ms,
                    "top": urlsplit(top.get_attribute("href") or "").path,
                }
            )
            page.keyboard.press("Escape")
        browser.close()
    if blocked:
        raise SystemExit(f"the search tried other hosts: {blocked}")
    return rows


def main(sizes: list[int], floor: bool, keep: Path | None) -> None:
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-search-{count}-") as tmp:
            where = keep / str(count) if keep else Path(tmp)
            project, site = where / "project", where / "site"
            if not (site / "pagefind").is_dir():
                shutil.rmtree(where, ignore_errors=True)
                make_project(project, count)
                seconds = build(project, site)
                print(f"\n{count} incidents: built in {seconds:.1f} s", end="; ")
            else:
                print(f"\n{count} incidents: reusing {site}", end="; ")
            index_kb = sum(f.stat().st_size for f in (site / "pagefind").rglob("*")) / 1024
            print(f"pagefind/ {index_kb:,.0f} KB")
            if floor:
                raw, packed = material_index_bytes(project, where / "site-material")
                print(
                    f"floor: Material's search index {raw / 1024:,.0f} KB raw,"
                    f" {packed / 1024:,.0f} KB gzipped, all fetched before a first result"
                )
            with serve(site) as (base_url, meter):
                rows = run_queries(base_url, meter)
            print(f"{'query':<14} {'KB':>7} {'raw KB':>7} {'reqs':>5} {'first ms':>9}  top")
            for row in rows:
                print(
                    f"{row['query']:<14} {row['bytes'] / 1024:>7.1f} {row['raw'] / 1024:>7.1f}"
                    f" {row['requests']:>5} {row['first_ms']:>9.0f}  {row['top']}"
                )
            later = rows[1:]
            print(
                f"first query {rows[0]['bytes'] / 1024:.1f} KB (target ≤ 170);"
                f" later ≤ {max(r['bytes'] for r in later) / 1024:.1f} KB (target ≤ 20);"
                f" first result ≤ {max(r['first_ms'] for r in rows):.0f} ms (target < 1000)"
            )
            if floor:
                print(f"first query / Material's index (gzipped): {rows[0]['bytes'] / packed:.2f}")


if __name__ == "__main__":
    argv = sys.argv[1:]
    keep = Path(argv.pop(argv.index("--keep") + 1)) if "--keep" in argv else None
    sizes = [int(a) for a in argv if not a.startswith("-")]
    main(sizes or [10_000], floor="--no-floor" not in argv, keep=keep)
