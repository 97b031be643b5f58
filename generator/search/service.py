"""One pagefind process, fed pages as they are written and told to write its bundle.

``pagefind --service`` reads requests on its standard input and answers on its standard
output, each a base64-encoded JSON message followed by a comma. Pages are sent as the build
writes them, without waiting for each answer: pagefind reads a page while the build renders
the next, and no page is written to disk for it to read back. A thread drains the answers,
so neither side ever waits on a full pipe, and keeps the first error pagefind reports.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..errors import PlaybookError


class Pagefind:
    """A running ``pagefind --service`` holding one in-memory index."""

    def __init__(self, binary: Path, config: dict[str, Any], timeout: float) -> None:
        self._timeout = timeout
        # What pagefind writes to stderr, for the message if it stops; lives as long as it.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
            )
        except OSError as exc:
            self._log.close()
            raise PlaybookError(f"search index: pagefind could not run: {exc}") from exc
        self._sent = 0
        self._asked = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._waiting: set[int] = set()
        self._error: str | None = None
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self._reader.start()
        answer = self._wait(self._send({"type": "NewIndex", "config": config}))
        self._index = answer["index_id"]

    def add(self, url: str, html: str) -> None:
        """Index ``html`` as the page at ``url`` (answered later; an error is kept)."""
        self._send({"type": "AddFile", "index_id": self._index, "url": url,
                    "file_contents": html, "file_path": None}, keep=False)  # fmt: skip

    def ask_files(self) -> None:
        """Ask for the bundle of every page added; the build goes on while pagefind builds
        it. (Pagefind can write the files itself, but answers before its last writes are
        done: the files are taken as the answer and written here.)"""
        self._asked = self._send({"type": "GetFiles", "index_id": self._index})

    def files(self) -> list[tuple[str, bytes]]:
        """The bundle :meth:`ask_files` asked for, as (path in the bundle, bytes); then
        the process ends. Raises :class:`PlaybookError` with pagefind's words if any page
        or the bundle failed."""
        try:
            answer = self._wait(self._asked)
            if self._error is not None:
                raise PlaybookError(f"search index: pagefind failed: {self._error}")
            return [(f["path"], base64.b64decode(f["content"])) for f in answer["files"]]
        finally:
            self.stop()

    def stop(self) -> None:
        """End the process now (a failed build, or the bundle is taken)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._reader.join()  # the process is gone: its output ends
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):  # the pipe broke as the process died
                    stream.close()
        self._log.close()

    # -- the protocol --------------------------------------------------------------------

    def _send(self, payload: dict[str, Any], *, keep: bool = True) -> int:
        self._sent += 1
        if keep:
            with self._arrived:
                self._waiting.add(self._sent)
        message = json.dumps({"message_id": self._sent, "payload": payload})
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            if keep:
                self._process.stdin.flush()  # an answer is awaited: the request must go now
        except OSError as exc:  # pagefind stopped: what it said is more useful than EPIPE
            raise PlaybookError(f"search index: pagefind stopped: {self._said(exc)}") from exc
        return self._sent

    def _wait(self, message_id: int) -> dict[str, Any]:
        with self._arrived:
            if not self._arrived.wait_for(
                lambda: message_id in self._answers or not self._reader.is_alive(),
                timeout=self._timeout,
            ):
                raise PlaybookError(f"search index: pagefind gave no answer in {self._timeout:g} s")
            answer = self._answers.pop(message_id, None)
        if answer is None:
            raise PlaybookError(f"search index: pagefind stopped: {self._said(None)}")
        if answer.get("type") == "Error":
            raise PlaybookError(f"search index: pagefind failed: {answer.get('message')}")
        return answer

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        # A bundle comes as one message of megabytes: its pieces are kept in a list and
        # joined once its comma arrives, not added to a growing string read by read.
        pending: list[bytes] = []
        while chunk := os.read(stream.fileno(), 1 << 16):
            if b"," not in chunk:
                pending.append(chunk)
                continue
            first, *messages, rest = chunk.split(b",")
            for message in (b"".join([*pending, first]), *messages):
                self._take(json.loads(base64.b64decode(message)))
            pending = [rest] if rest else []
        with self._arrived:
            self._arrived.notify_all()  # the process ended: no answer will come

    def _take(self, message: dict[str, Any]) -> None:
        payload = message.get("payload") or {}
        message_id = message.get("message_id")
        with self._arrived:
            if payload.get("type") == "Error" and self._error is None:
                self._error = str(payload.get("message"))
            if message_id in self._waiting:
                self._waiting.discard(message_id)
                self._answers[message_id] = payload
                self._arrived.notify_all()

    def _said(self, exc: OSError | None) -> str:
        self._process.poll()
        self._log.seek(0)
        said = self._log.read().decode("utf-8", "replace").strip()
        return said or (str(exc) if exc else f"exit status {self._process.returncode}")
