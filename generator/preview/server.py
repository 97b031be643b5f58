"""The preview's HTTP side: the built site, a reload signal, and the problems page.

Every request first applies what changed on disk (:meth:`Preview.refresh`, a few
milliseconds when nothing did), so a page asked for right after a save is already the new
one. Each HTML page carries a small script that waits on ``/.playbook-preview/wait`` and
reloads the page when a later version touched it; a watcher thread makes those versions
between requests. While a record has errors, every page is answered with the problems page
(``path:line:col: error: message (rule)``, as ``playbook validate`` prints them) and
status 500; the next good save brings the pages back. Only files inside the site folder
are served, and the server listens where ``--dev-addr`` says (127.0.0.1 by default).
"""

from __future__ import annotations

import html
import json
import logging
import mimetypes
import posixpath
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ..problems import Problem
from .engine import Preview

log = logging.getLogger("mkdocs.plugins.playbook.preview")

WAIT = "/.playbook-preview/wait"
#: How often the watcher looks at the disk between requests.
POLL_SECONDS = 0.2
#: How long a reload request is held open before the browser asks again.
HOLD_SECONDS = 20.0

_RELOAD = """<script>
(function () {
  var since = %(version)d, page = %(page)s;
  function wait() {
    fetch("%(wait)s?since=" + since + "&page=" + encodeURIComponent(page))
      .then(function (r) { return r.json(); })
      .then(function (d) { if (d.reload) { location.reload(); } else { wait(); } })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>"""

_PROBLEMS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Problems: the preview is waiting for a good save</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; color: #b00020; }
pre { background: #fff4f4; border-left: 4px solid #b00020; padding: 1rem;
      white-space: pre-wrap; overflow-wrap: anywhere; }
</style></head>
<body>
<h1 id="preview-problems">%(headline)s</h1>
<p>Fix and save; this page reloads by itself. The last good site is kept meanwhile.</p>
<pre id="problems">%(lines)s</pre>
%(reload)s
</body></html>
"""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    preview: Preview
    changed: threading.Condition


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return  # one line per request would drown the preview's own messages

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == WAIT:
            self._wait(parse_qs(url.query))
            return
        preview = self.server.preview
        if preview.refresh():
            _notify(self.server)
        path = unquote(url.path)
        if not path.startswith(preview.mount):
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
            return
        dest = path[len(preview.mount) :]
        if dest == "" or dest.endswith("/"):
            dest += "index.html"
        while preview.pending_for(dest) and preview.finish():
            _notify(self.server)
        with preview.lock:
            problems, message, version = preview.problems, preview.message, preview.version
        if (problems or message) and dest.endswith(".html"):
            self._send(
                HTTPStatus.INTERNAL_SERVER_ERROR, _problems_page(problems, message, version, dest)
            )
            return
        self._file(preview.site_dir, dest, version)

    def _file(self, site: Path, dest: str, version: int) -> None:
        found = _site_file(site, dest)
        if found is None:
            missing = _site_file(site, "404.html")
            body = b"not found" if missing is None else missing[1]
            self._send(HTTPStatus.NOT_FOUND, _with_reload(body, version, dest))
            return
        name, data = found
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = _with_reload(data, version, dest)
        self._send(HTTPStatus.OK, data, kind)

    def _wait(self, query: dict[str, list[str]]) -> None:
        try:
            since = int(query.get("since", ["0"])[0])
        except ValueError:
            since = 0
        page = query.get("page", ["index.html"])[0]
        deadline = time.monotonic() + HOLD_SECONDS
        preview = self.server.preview
        with self.server.changed:
            while True:
                newer = preview.changed_since(since, page)
                left = deadline - time.monotonic()
                if newer is not None or left <= 0:
                    break
                self.server.changed.wait(left)
        body = json.dumps({"reload": newer is not None, "version": preview.version})
        self._send(HTTPStatus.OK, body.encode(), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str = "text/html") -> None:
        self.send_response(status)
        self.send_header(
            "Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text") else kind
        )
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return


def _site_file(site: Path, dest: str) -> tuple[str, bytes] | None:
    """The name and bytes of the file at ``dest`` inside ``site`` (a folder's index.html), or None
    when there is none. The address is whatever the browser asked for: one no file can have
    (a NUL, a name longer than the system allows) or a file removed while it was being read
    is not there, never an error that drops the connection."""
    try:
        target = (site / posixpath.normpath(dest).lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(site.resolve()) or not target.is_file():
            return None
        return target.name, target.read_bytes()
    except (OSError, ValueError):
        return None


def _reload_script(version: int, dest: str) -> str:
    return _RELOAD % {"version": version, "page": script_string(dest), "wait": WAIT}


def script_string(text: str) -> str:
    """``text`` as a JavaScript string literal that is safe inside ``<script>``: the page's
    address comes from whatever URL the browser was sent to, and ``json.dumps`` leaves
    ``</script>`` (and ``<!--``) as they are, which would end the script and run the rest."""
    return (
        json.dumps(text)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _with_reload(data: bytes, version: int, dest: str) -> bytes:
    script = _reload_script(version, dest).encode()
    at = data.rfind(b"</body>")
    return data + script if at < 0 else data[:at] + script + data[at:]


def _problems_page(problems: list[Problem], message: str, version: int, dest: str) -> bytes:
    lines = "\n".join(html.escape(p.text()) for p in problems)
    if message:
        lines = html.escape(message)
        headline = "The site could not be built"
    else:
        files = len({p.path for p in problems})
        headline = f"{len(problems)} problem(s) in {files} file(s)"
    page = _PROBLEMS % {
        "headline": html.escape(headline),
        "lines": lines,
        "reload": _reload_script(version, dest),
    }
    return page.encode("utf-8")


def _notify(server: _Server) -> None:
    with server.changed:
        server.changed.notify_all()


def _watch(server: _Server, stop: threading.Event) -> None:
    preview = server.preview
    while not stop.wait(POLL_SECONDS):
        try:
            while not stop.is_set():
                # A newer save goes before what older ones left to do.
                if preview.refresh():
                    _notify(server)
                if not preview.finish():
                    break
                _notify(server)
        except Exception:  # the preview must outlive any one bad build
            log.exception("preview: update failed")


def serve(preview: Preview, *, ready: threading.Event | None = None) -> None:
    """Serve ``preview`` until interrupted (or until ``ready``'s server is shut down)."""
    server = make_server(preview)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(server, stop), daemon=True)
    watcher.start()
    log.info(f"Serving on http://{preview.host}:{server.server_address[1]}{preview.mount}")
    if ready is not None:
        ready.set()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()


def make_server(preview: Preview) -> _Server:
    server = _Server((preview.host, preview.port), _Handler)
    server.preview = preview
    server.changed = threading.Condition()
    return server
