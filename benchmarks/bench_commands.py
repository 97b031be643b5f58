"""Whole-process time of each authoring command with 1,000 records in the project.

Each command runs as ``python -m generator …`` in a fresh process (import time included,
as a person at a terminal would feel it); the median of several runs is reported.
Target: under 0.5 s each.

    python benchmarks/bench_commands.py [--records 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "playbooks/incidents/0015-hotfix-auth-token.yaml"
TARGET = 0.5


def make_project(folder: Path, records: int) -> None:
    """Policy and playbooks from the repository plus ``records`` closed incidents."""
    shutil.copytree(ROOT / "playbooks/policy", folder / "playbooks/policy")
    shutil.copytree(ROOT / "playbooks/workflows", folder / "playbooks/workflows")
    incidents = folder / "playbooks/incidents"
    incidents.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for n in range(1, records + 1):
        slug = f"synthetic-incident-{n}"
        text = seed.replace("number: 15\n", f"number: {n}\n").replace(
            "slug: hotfix-auth-token\n", f"slug: {slug}\n"
        )
        (incidents / f"{n:04d}-{slug}.yaml").write_text(text, encoding="utf-8")


def timed(args: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True
    )
    return time.perf_counter() - start, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        make_project(project, options.records)
        opened = str(options.records + 1)
        first_code = timed(["new-incident", "Bench", "--severity", "SEV2", "--no-input"], project)
        assert first_code[1] == 0, "could not create the incident to edit"
        counter = iter(range(10_000))

        def fresh_dir() -> str:
            return str(Path(tmp) / f"init-{next(counter)}")

        plan: list[tuple[str, list[list[str]]]] = [
            ("(startup only: --help)", [["--help"]]),
            ("new-incident", [["new-incident", "Bench", "--severity", "SEV2", "--no-input"]]),
            ("log", [["log", opened, "Bench event"]]),
            ("task", [["task", opened, "T-001"], ["task", opened, "T-001", "--undo"]]),
            ("check", [["check", opened, "status-page-updated"],
                       ["check", opened, "status-page-updated", "--undo"]]),
            ("done (refused)", [["done", opened]]),
            ("list", [["list"]]),
            ("list --format json", [["list", "--format", "json"]]),
            ("show", [["show", "15"]]),
            ("init", []),
            ("validate (whole project)", [["validate"]]),
        ]  # fmt: skip
        print(f"{options.records} records, median of {options.runs} runs, whole process")
        worst = 0.0
        for name, variants in plan:
            times = []
            for i in range(options.runs):
                args = ["init", fresh_dir()] if name == "init" else variants[i % len(variants)]
                seconds, _ = timed(args, project)
                times.append(seconds)
            median = statistics.median(times)
            if not name.startswith(("validate", "(")):
                worst = max(worst, median)
            flag = "ok" if median < TARGET else "SLOW"
            print(f"  {name:<26} {median:6.3f} s  {flag}")
        print(f"slowest authoring command: {worst:.3f} s (target {TARGET} s)")
        return 0 if worst < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
