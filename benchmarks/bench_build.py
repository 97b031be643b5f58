"""``playbook build`` against the floor: MkDocs + Material building as many trivial pages.

For each size (100, 1,000 and, with ``--sizes 10000``, 10,000 synthetic incidents) it writes
a project of synthetic incident records and, in fresh processes, times:

* ``ours``  — ``playbook build`` of the project (load, validate, facts, pages, exports, MkDocs
  with the playbook and tags plugins, atomic swap), with Material's ``search`` plugin removed
  from mkdocs.yml: the site's search is a pagefind index built afterwards. It runs as a CI
  job does (``CI=1``: no parse cache left by an earlier run of the same records);
* ``floor`` — ``mkdocs build`` of the same number of trivial one-paragraph pages, out of the
  nav, with the same theme, Markdown extensions and tags plugin: the least any MkDocs +
  Material site of that many pages costs;
* ``floor+search`` — the same with Material's ``search`` plugin, as a team gets by default.

It prints wall times and the ratios ours / floor, CPU times (process and its children:
steadier on a shared machine) and their ratio, the peak RSS of the largest process of each
build — and for ours, sampled from /proc, the largest Python process (the build and the
processes it forks) apart from the largest other program (pagefind) — the size of our site
and the average size of an incident page. No numbers are
asserted; the CI smoke test runs it at a tiny size so it keeps working. From the repository
root::

    python benchmarks/bench_build.py                     # 100 and 1,000 incidents
    python benchmarks/bench_build.py --sizes 10000       # the big one (minutes)
    python benchmarks/bench_build.py --sizes 5 --no-search-floor   # smoke test
    python benchmarks/bench_build.py --sizes 1000 --runs 3         # medians of three turns

Memory columns are the largest of the runs; the site and page sizes are the last run's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = Path(sys.executable).with_name("playbook")
SEVERITIES = [  # (id, skip staging allowed, approvers needed)
    ("SEV1", True, 1),
    ("SEV2", False, 1),
    ("SEV3", False, 2),
]
SERVICES = ["auth-api", "web-login", "checkout-api", "payments", "search-api", "orders-db"]


def record(n: int) -> str:
    """A closed hotfix incident the size of the seed's example, varied by ``n``."""
    sev, skip, approvals = SEVERITIES[n % len(SEVERITIES)]
    # Seven hours apart, wrapping within eight years that are all in the past: a time
    # after the clock is an error (future-time), and 10,000 steps of 7 h run to 2029.
    start = datetime(2016, 1, 1, tzinfo=UTC) + timedelta(hours=(7 * n) % 70_000)
    at = [start + timedelta(minutes=m) for m in (0, 2, 3 + n % 5, 10 + n % 9, 26, 33, 47 + n % 50)]
    stamp = [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in at]
    services = f"[{SERVICES[n % 6]}, {SERVICES[(n + 1) % 6]}]"
    approvers = ", ".join(f'"@lead{i}"' for i in range(approvals))
    return f"""number: {n}
slug: synthetic-{n}
title: "Synthetic incident {n}: error 5{n % 100:02d} on /api/{SERVICES[n % 6]}"
severity: {sev}
status: closed
workflow: hotfix
services: {services}
assessment:
  impact: Users of {SERVICES[n % 6]} see errors (synthetic {n})
  symptoms: "HTTP 5{n % 100:02d} on `/api/{SERVICES[n % 6]}/v1` after deploy"
  hypothesis: Recent deploy broke request validation
  communication: ["Posted in incidents channel", Status page updated]
increment:
  problem: Requests failing after v{n}.0 deploy.
  root_cause: {{text: "Validation regex changed in commit {n:07x}.", confirmed: true}}
  fix: Revert the validation change.
  tasks:
    - {{id: T-001, text: Identify breaking change, done: true}}
    - {{id: T-002, text: Implement fix, done: true}}
    - {{id: T-003, text: Add regression test, done: {str(n % 2 == 0).lower()}}}
deployment:
  version: v{n}.1
  skipped_staging: {str(skip).lower()}
  approvers: [{approvers}]
  rollback_ready: true
  command: npm run deploy:production --hotfix
verification:
  - {{check: Endpoint answers 200, command: "curl -s https://api.example.com/health", result: passed}}
timeline:
  - {{at: {stamp[0]}, kind: detected, text: First alert triggered}}
  - {{at: {stamp[1]}, kind: communication, text: Posted in incidents channel}}
  - {{at: {stamp[2]}, kind: acknowledged, text: On-call acknowledged}}
  - {{at: {stamp[3]}, kind: root_cause, text: Root cause identified}}
  - {{at: {stamp[4]}, kind: deployed, text: Fix deployed}}
  - {{at: {stamp[5]}, kind: verified, text: Verified fix in production}}
  - {{at: {stamp[6]}, kind: resolved, text: All-clear declared}}
checklist: {{status-page-updated: true, critical-tests-pass: true}}
postmortem:
  scheduled: {(at[6] + timedelta(days=1)).date().isoformat()}
  summary: Requests to {SERVICES[n % 6]} failed for a while (synthetic {n}).
  root_cause: The validation regex was changed without a test for dashes.
  impact:
    - {{label: users affected, value: {100 * (n % 40 + 1)}, approximate: true}}
  lessons: [Validation changes need specific test cases, Canary deploys catch this]
  action_items:
    - {{text: Add regression test, owner: "@alice", due: {(at[6] + timedelta(days=7)).date().isoformat()}, done: true}}
"""


def without_search(config: str) -> str:
    """mkdocs.yml with Material's search plugin taken out (pagefind replaces it)."""
    return config.replace("  - search\n", "")


def make_project(where: Path, count: int) -> Path:
    (where / "playbooks" / "incidents").mkdir(parents=True)
    for folder in ("policy", "workflows"):
        shutil.copytree(ROOT / "playbooks" / folder, where / "playbooks" / folder)
    for n in range(1, count + 1):
        path = where / "playbooks" / "incidents" / f"{n:04d}-synthetic-{n}.yaml"
        path.write_text(record(n), encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (where / "mkdocs.yml").write_text(without_search(config), encoding="utf-8")
    (where / "docs").mkdir()
    return where


def make_floor(where: Path, count: int, *, search: bool) -> Path:
    """``count`` one-paragraph pages out of the nav, the shipped theme and extensions, no
    playbook plugin; Material's search plugin only when ``search``."""
    docs = where / "docs"
    (docs / "pages").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nA trivial site.\n", encoding="utf-8")
    for n in range(1, count + 1):
        (docs / "pages" / f"page-{n}.md").write_text(
            f"# Page {n}\n\nOne paragraph of text for page {n}, about nothing.\n",
            encoding="utf-8",
        )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("  - playbook\n", "")
    if not search:
        config = without_search(config)
    config += "nav: [index.md]\nnot_in_nav: /pages/*.md\n"
    (where / "mkdocs.yml").write_text(config, encoding="utf-8")
    return where


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    #: Peak RSS of the largest Python process of the build (ours and MkDocs'), and of the
    #: largest other program it ran (pagefind), sampled from /proc; 0 where not sampled.
    python_mb: float = 0.0
    other_mb: float = 0.0


class _Sampler(threading.Thread):
    """Samples the resident memory of every process under ``root`` (Linux /proc)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.done = threading.Event()
        self.python_kb = 0
        self.other_kb = 0

    def run(self) -> None:
        while not self.done.wait(0.1):
            for _pid, name, rss in _tree(self.root):
                if "python" in name or "playbook" in name or "mkdocs" in name:
                    self.python_kb = max(self.python_kb, rss)
                else:
                    self.other_kb = max(self.other_kb, rss)


def _tree(root: int) -> list[tuple[int, str, int]]:
    """(pid, command name, RSS in KiB) of ``root`` and its descendants."""
    parents: dict[int, int] = {}
    info: dict[int, tuple[str, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        parents[pid] = int(fields.get("PPid", "0").strip())
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        info[pid] = (fields.get("Name", "").strip(), rss)
    ours = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in ours and pid not in ours:
                ours.add(pid)
                changed = True
    return [(pid, *info[pid]) for pid in ours if pid in info]


def measure(command: list[str], cwd: Path) -> Run:
    """Wall time, CPU time and peak RSS (largest process of the tree) of one build."""
    # As a CI job builds: no parse cache from an earlier run (the records here are the same
    # from run to run, and a team's CI machine starts without one).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "1"}
    env.pop("PLAYBOOK_CACHE_DIR", None)
    start = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sampler = _Sampler(child.pid)
    if Path("/proc/self/status").exists():
        sampler.start()
    # Read what it prints while it runs: a build that prints more than a pipe holds (a
    # failing one, every record's error) would otherwise wait on the pipe forever.
    printed: list[str] = []
    reader = threading.Thread(
        target=lambda: printed.append(child.stdout.read() if child.stdout else ""), daemon=True
    )
    reader.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    sampler.done.set()
    reader.join()
    output = "".join(printed)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    # ru_maxrss of a waited child is the peak of the largest process in its tree (KiB).
    return Run(
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        sampler.python_kb / 1024,
        sampler.other_kb / 1024,
    )


def tree_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def incident_page_sizes(site: Path) -> list[int]:
    return [
        page.stat().st_size
        for page in (site / "incidents").glob("*/index.html")
        if page.parent.name[:1].isdigit()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument(
        "--no-search-floor", action="store_true", help="skip the floor with Material's search"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="builds of each kind, taken in turn (ours, floor, floor with search); "
        "times are medians and each ratio the median of the runs' own ratios",
    )
    args = parser.parse_args()
    head = (
        f"{'incidents':>9} {'ours s':>7} {'floor s':>8} {'ratio':>6}"
        f" {'ours cpu':>8} {'floor cpu':>9} {'cpu ratio':>9}"
        f" {'+search s':>9} {'ratio':>6} {'ours MB':>8} {'python':>7} {'index':>6} {'floor MB':>8}"
        f" {'site MB':>8} {'page KB':>8}"
    )
    print(head)
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{count}-") as tmp:
            base = Path(tmp)
            project = make_project(base / "project", count)
            floor_dir = make_floor(base / "floor", count, search=False)
            search_dir = (
                None
                if args.no_search_floor
                else make_floor(base / "floor-search", count, search=True)
            )
            site = base / "site"
            ours_runs: list[Run] = []
            floor_runs: list[Run] = []
            search_runs: list[Run] = []
            # In turn, so that a burst of load on a shared machine falls on all three alike.
            for _ in range(max(1, args.runs)):
                shutil.rmtree(site, ignore_errors=True)
                ours_runs.append(
                    measure([str(PLAYBOOK), "build", "--site-dir", str(site)], project)
                )
                floor_runs.append(
                    measure([sys.executable, "-m", "mkdocs", "build", "-q"], floor_dir)
                )
                if search_dir is not None:
                    search_runs.append(
                        measure([sys.executable, "-m", "mkdocs", "build", "-q"], search_dir)
                    )
            ratios = [o.seconds / f.seconds for o, f in zip(ours_runs, floor_runs, strict=True)]
            cpu_ratios = [o.cpu / f.cpu for o, f in zip(ours_runs, floor_runs, strict=True)]
            searched = [o.seconds / f.seconds for o, f in zip(ours_runs, search_runs, strict=False)]
            pages = incident_page_sizes(site)
            average_kb = sum(pages) / len(pages) / 1024 if pages else 0.0
            with_search = (
                f"{statistics.median([r.seconds for r in search_runs]):>9.2f} {statistics.median(searched):>6.2f}"
                if search_runs
                else f"{'-':>9} {'-':>6}"
            )
            print(
                f"{count:>9} {statistics.median([r.seconds for r in ours_runs]):>7.2f}"
                f" {statistics.median([r.seconds for r in floor_runs]):>8.2f} {statistics.median(ratios):>6.2f}"
                f" {statistics.median([r.cpu for r in ours_runs]):>8.2f}"
                f" {statistics.median([r.cpu for r in floor_runs]):>9.2f} {statistics.median(cpu_ratios):>9.2f}"
                f" {with_search} {max(r.peak_mb for r in ours_runs):>8.0f}"
                f" {max(r.python_mb for r in ours_runs):>7.0f}"
                f" {max(r.other_mb for r in ours_runs):>6.0f}"
                f" {max(r.peak_mb for r in floor_runs):>8.0f}"
                f" {tree_size(site) / 2**20:>8.1f} {average_kb:>8.1f}",
                flush=True,
            )
            if len(ratios) > 1:
                print(
                    f"{'':>9} ratio by run: {' '.join(f'{r:.2f}' for r in ratios)}"
                    + (
                        f"; with search: {' '.join(f'{r:.2f}' for r in searched)}"
                        if searched
                        else ""
                    ),
                    flush=True,
                )


if __name__ == "__main__":
    main()
