"""How much the playbook plugin adds to an MkDocs build, at 100, 1,000 and 5,000 incidents.

For each size it writes a project of synthetic incident records, then times, in fresh
processes:

* ``plugin`` — ``mkdocs build`` with the playbook plugin (load, validate, render, build);
* ``bare``   — ``mkdocs build`` of the same pages already written as Markdown files by
  ``playbook generate`` (every block inline, SVG pictures included: what a site without the
  plugin would have to build), same mkdocs.yml — theme, extensions, search and tags plugins —,
  nav and assets, no playbook plugin.

It prints both wall times, their ratio (the plugin's overhead), the same for CPU time (build
process plus its finished children: steadier when other jobs share the machine) and each
build's peak memory (``ru_maxrss`` of the build process). Run from the repository root::

    python benchmarks/bench_build.py            # 100, 1000, 5000
    python benchmarks/bench_build.py 100 1000   # chosen sizes
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEVERITIES = [  # (id, skip staging allowed, approvers needed)
    ("SEV1", True, 1),
    ("SEV2", False, 1),
    ("SEV3", False, 2),
]
SERVICES = ["auth-api", "web-login", "checkout-api", "payments", "search-api", "orders-db"]


def record(n: int) -> str:
    """A closed hotfix incident the size of the seed's example, varied by ``n``."""
    sev, skip, approvals = SEVERITIES[n % len(SEVERITIES)]
    start = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(hours=7 * n)
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


def make_project(where: Path, count: int) -> Path:
    (where / "playbooks" / "incidents").mkdir(parents=True)
    for folder in ("policy", "workflows"):
        shutil.copytree(ROOT / "playbooks" / folder, where / "playbooks" / folder)
    for n in range(1, count + 1):
        path = where / "playbooks" / "incidents" / f"{n:04d}-synthetic-{n}.yaml"
        path.write_text(record(n), encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    (where / "docs").mkdir()
    return where


def bare_config(project: Path, pages: Path) -> Path:
    """The plugin's mkdocs.yml without the plugin, over the generated pages, same nav."""
    sys.path.insert(0, str(ROOT))
    from generator.check import load_checked
    from generator.site import build_site

    site = build_site(load_checked(project))
    nav = [
        {title: target if isinstance(target, str) else [{t: p} for t, p in target]}
        for title, target in site.nav()
    ]
    text = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("  - playbook\n", "")
    config = {
        "docs_dir": str(pages),
        "nav": nav,
        "not_in_nav": "/incidents/[0-9]*.md",
        "extra_css": ["assets/playbook.css"],
        "extra_javascript": ["assets/playbook.js"],
        "exclude_docs": ".playbook-generated",
    }
    path = project / "mkdocs-bare.yml"
    path.write_text(
        text.replace("docs_dir: docs\n", "")
        + "\n"
        + "\n".join(f"{k}: {json.dumps(v)}" for k, v in config.items())
        + "\n",
        encoding="utf-8",
    )
    return path


def one(config: Path, site: Path) -> dict[str, float]:
    """Run one build in this process; called in a fresh child for each measurement."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start, cpu_start = time.perf_counter(), _cpu()
    build(load_config(config_file=str(config), site_dir=str(site)))
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the record-parsing pool):
    steadier than wall time on a machine other jobs share."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def measure(config: Path, site: Path) -> dict[str, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, __file__, "--one", str(config), str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(sizes: list[int]) -> None:
    print(
        f"{'incidents':>9} {'plugin s':>9} {'bare s':>8} {'ratio':>6}"
        f" {'plugin cpu':>11} {'bare cpu':>9} {'cpu ratio':>9} {'plugin MB':>10} {'bare MB':>8}"
    )
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{count}-") as tmp:
            project = make_project(Path(tmp) / "project", count)
            pages = Path(tmp) / "pages"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "generate",
                    "--project",
                    str(project),
                    "--out",
                    str(pages),
                ],
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
            bare = bare_config(project, pages)
            plugin = measure(project / "mkdocs.yml", Path(tmp) / "site-plugin")
            plain = measure(bare, Path(tmp) / "site-bare")
            ratio = plugin["seconds"] / plain["seconds"]
            cpu_ratio = plugin["cpu"] / plain["cpu"]
            print(
                f"{count:>9} {plugin['seconds']:>9.2f} {plain['seconds']:>8.2f} {ratio:>6.2f}"
                f" {plugin['cpu']:>11.2f} {plain['cpu']:>9.2f} {cpu_ratio:>9.2f}"
                f" {plugin['peak_mb']:>10.0f} {plain['peak_mb']:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        import logging

        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        print(json.dumps(one(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [100, 1000, 5000])
