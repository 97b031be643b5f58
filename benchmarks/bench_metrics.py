"""What do the metrics page, the action-item register and the exports add to a site build?

Generates N synthetic, valid incident records (the generator of ``bench_validate.py``) into a
temporary project, then in the same run builds the site alternately with the playbook plugin's
``reports`` option on and off (``mkdocs build`` as a whole process, median of the rounds), and
times in this process the cost of computing metrics and every export against loading the
records.

Target: build with reports ≤ 1.10 × build without.

Usage::

    python benchmarks/bench_metrics.py [--records 5000] [--rounds 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_validate import generate  # noqa: E402

import generator.site  # noqa: E402, F401  (imports the templating environment in order)
from generator import exports  # noqa: E402
from generator.check import load_checked  # noqa: E402
from generator.facts.actions import entries  # noqa: E402
from generator.facts.metrics import incident_metrics, report, report_data  # noqa: E402

CONFIG = """\
site_name: Bench
site_url: https://ops.example.com/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - playbook:
      reports: {reports}
"""


def build(root: Path, config: str) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", f"site-{config}"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"mkdocs build -f {config} failed:\n{done.stderr[-3000:]}")
    return elapsed


def in_process(root: Path) -> tuple[float, float, int]:
    """(load the project, compute metrics + register + every export, bytes of exports)."""
    start = time.perf_counter()
    project = load_checked(root)
    loaded = time.perf_counter() - start
    errors = [p for p in project.problems if p.level == "error"]
    if errors or project.policy is None:
        sys.exit(f"generated project has errors: {errors[:3]}")
    start = time.perf_counter()
    items = [incident_metrics(r.incident, project.policy) for r in project.records]
    report_data(report(items, project.policy))
    today = datetime.now(UTC).date()
    entries([m.incident for m in items], today)
    files = exports.site_files(items, exports.Links("https://ops.example.com/"), today)
    computed = time.perf_counter() - start
    return loaded, computed, sum(len(t.encode()) for t in files.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Build in this folder and keep it.")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-metrics-"))
    try:
        if not (root / "playbooks").exists():
            generate(root, args.records)
        (root / "docs").mkdir(exist_ok=True)
        (root / "on.yml").write_text(CONFIG.format(reports="true"), encoding="utf-8")
        (root / "off.yml").write_text(CONFIG.format(reports="false"), encoding="utf-8")

        loaded, computed, size = in_process(root)
        print(f"{args.records} records, in process:")
        print(f"  load + validate          {loaded:7.2f} s")
        print(f"  metrics + exports        {computed:7.2f} s  ({size / 1e6:.1f} MB of exports)")
        print(f"  ratio                    {(loaded + computed) / loaded:7.2f} ×")

        on: list[float] = []
        off: list[float] = []
        for i in range(args.rounds):
            # Alternate the order so caches and thermal drift favour neither build.
            for config, times in (("off.yml", off), ("on.yml", on))[:: 1 if i % 2 == 0 else -1]:
                times.append(build(root, config))
            print(f"  round {i + 1}: without {off[-1]:6.2f} s, with {on[-1]:6.2f} s")
        without, with_reports = statistics.median(off), statistics.median(on)
        print(f"{args.records} records, mkdocs build (median of {args.rounds}):")
        print(f"  without reports          {without:7.2f} s")
        print(f"  with reports             {with_reports:7.2f} s")
        print(f"  ratio                    {with_reports / without:7.3f} ×  (target ≤ 1.10)")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
