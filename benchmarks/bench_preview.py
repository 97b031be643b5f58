"""``playbook serve`` at 1,000 incidents: how long after a save is the edited page served?

Synthesises the records as ``bench_validate.py`` does, starts ``playbook serve`` as a
whole process, and times in the same run:

* the floors: ``python -c pass`` (how loaded the machine is), MkDocs + Material building a
  one-page site from scratch as a whole process (the least a save could cost if every save
  rebuilt something with MkDocs), and fetching a page nothing changed (the round trip);
* the start-up full build (what every save cost when the preview rebuilt the whole site);
* save → served: a record's title is changed and written, then its page is fetched until
  the new title is in it (each fetch applies what changed on disk first);
* save → listed: the same edit until the incidents index shows it;
* a broken save until the page answers with its ``path:line:col`` problems, and the good
  save after it until the page is back.

Target: save → served ≤ 1 s.

    python benchmarks/bench_preview.py [--records 1000] [--edits 7]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import generate

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def until(check: Callable[[], bool], limit: float = 120.0) -> float:
    """Seconds until ``check()`` holds (polled as fast as the server answers)."""
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > limit:
            raise TimeoutError("the preview never showed the change")
    return time.perf_counter() - start


def whole_process(argv: list[str], cwd: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_page_site(folder: Path) -> Path:
    """A Material site with one trivial page, themed like the shipped mkdocs.yml."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs/index.md").write_text("# Hello\n\nOne paragraph.\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Floor\ntheme:\n  name: material\n  font: false\n", encoding="utf-8"
    )
    return folder


def save(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        project = Path(name) / "project"
        python_floor = whole_process([sys.executable, "-c", "pass"], Path(name), runs=7)
        mkdocs_floor = whole_process(
            [sys.executable, "-m", "mkdocs", "build", "-q"], one_page_site(Path(name) / "floor")
        )
        files = generate(project, options.records)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        (project / "docs").mkdir()
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            record = files[len(files) // 2]
            page = f"{base}incidents/{record.stem}/"
            index = f"{base}incidents/"

            def up() -> bool:
                try:
                    return fetch(page)[0] == 200
                except OSError:
                    time.sleep(0.2)
                    return False

            startup = until(up, limit=1800)
            original = record.read_text(encoding="utf-8")
            title = original.split('\ntitle: "', 1)[1].split('"', 1)[0]
            floor = statistics.median(until(lambda: fetch(page)[0] == 200) for _ in range(7))
            served, listed = [], []
            for i in range(options.edits):
                new = f"{title} (edit {i})"
                save(record, original.replace(f'title: "{title}"', f'title: "{new}"', 1))
                served.append(until(lambda n=new: n in fetch(page)[1]))
                listed.append(served[-1] + until(lambda n=new: n in fetch(index)[1]))
            save(record, original.replace("severity: ", "severity: NOPE", 1))
            broken = until(lambda: fetch(page)[0] == 500 and "(unknown-severity)" in fetch(page)[1])
            save(record, original)
            recovered = until(lambda: fetch(page)[0] == 200 and title in fetch(page)[1])
        finally:
            server.terminate()
            server.wait(timeout=60)
    served_median = statistics.median(served)
    print(f"{options.records} records, {options.edits} edits, one run")
    print(f"  floor: python -c pass                      {python_floor:8.3f} s")
    print(f"  floor: mkdocs build, one Material page     {mkdocs_floor:8.3f} s")
    print(f"  floor: fetch an unchanged page             {floor:8.3f} s")
    print(f"  start-up full build (every save, before)  {startup - floor:8.3f} s")
    print(
        f"  save -> edited page served   median {served_median:.3f} s  max {max(served):.3f} s"
        f"  ({served_median / mkdocs_floor:.2f}x the one-page build,"
        f" {served_median / python_floor:.1f}x python -c pass)"
    )
    print(f"  save -> incidents index      median {statistics.median(listed):.3f} s")
    print(f"  broken save -> problems page        {broken:.3f} s")
    print(f"  good save -> page back              {recovered:.3f} s")
    verdict = "ok" if served_median <= TARGET else "SLOW"
    print(f"edited page served in {served_median:.3f} s (target {TARGET} s): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
