"""Whole-process time of each authoring command with 1,000 records in the project.

Each command runs as ``python -m generator …`` in a fresh process (import time included,
as a person at a terminal would feel it). The records are synthesised like
``bench_validate.py``'s (varied severities, statuses, post-mortems with action items).
Runs are interleaved command by command (A B C … A B C …) so a burst of load on a shared
machine hits every row alike, and two floors are measured in the same run: ``python -c
pass`` (an interpreter starting) and ``python -c "import click"`` (the least any click
command can cost). Each row prints the median wall and CPU seconds and the ratio of its
CPU time to the floor's: on a busy machine the ratio moves far less than the seconds.

Target: every authoring command under 0.5 s wall on a quiet machine. The package is
byte-compiled first, as an installed copy is.

``--cache warm`` (the default) is what a person at a terminal meets: the run's own parse
cache and the project's ``.playbook-cache/`` stay from one command to the next, as they do
between commands typed during an incident. ``--cache cold`` is what a CI job meets: before
every command the project's ``.playbook-cache/`` is removed, and ``CI`` is set without
``PLAYBOOK_CACHE_DIR``, so no parse cache is read or written.

    python benchmarks/bench_commands.py [--records 1000] [--runs 7] [--cache warm|cold]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import generate

TARGET = 0.5
FLOORS = ("python -c pass", 'python -c "import click"')


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: list[str], cwd: Path, cold: bool = False) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + sys of the process and its children), exit code;
    ``cold``: with the project's caches removed first, as a fresh CI checkout has none."""
    if cold:
        shutil.rmtree(cwd / ".playbook-cache", ignore_errors=True)
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, _children_cpu() - cpu, done.returncode


def playbook(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def plan(tmp: Path, opened: str, one_file: str) -> list[tuple[str, Callable[[int], list[str]]]]:
    """Row name → the argv of its i-th run (editing commands alternate do and undo, so
    the record keeps its size and every run is a real edit)."""

    def alternate(*variants: list[str]) -> Callable[[int], list[str]]:
        return lambda i: variants[i % len(variants)]

    return [
        (FLOORS[0], alternate([sys.executable, "-c", "pass"])),
        (FLOORS[1], alternate([sys.executable, "-c", "import click"])),
        ("--help", alternate(playbook("--help"))),
        ("init", lambda i: playbook("init", str(tmp / f"init-{i}"))),
        ("new-incident", alternate(playbook("new-incident", "Bench", "--severity", "SEV2",
                                            "--no-input"))),
        ("log", alternate(playbook("log", opened, "Bench event"))),
        ("task", alternate(playbook("task", opened, "T-001"),
                           playbook("task", opened, "T-001", "--undo"))),
        ("check", alternate(playbook("check", opened, "status-page-updated"),
                            playbook("check", opened, "status-page-updated", "--undo"))),
        ("done (refused: open)", alternate(playbook("done", opened))),
        ("show", alternate(playbook("show", Path(one_file).name.split("-", 1)[0]))),
        ("list", alternate(playbook("list"))),
        ("list --format json", alternate(playbook("list", "--format", "json"))),
        ("actions", alternate(playbook("actions"))),
        ("validate <one file>", alternate(playbook("validate", one_file))),
        ("validate (whole project)", alternate(playbook("validate"))),
    ]  # fmt: skip


#: Rows that are not authoring commands: floors, help, and the whole-project check.
NOT_JUDGED = (*FLOORS, "--help", "validate (whole project)")


def bytecode() -> None:
    """Compile the package's modules as installing it does. A checkout run with
    ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile every module it imports on
    every run, which no installed copy does."""
    import compileall

    import generator

    compileall.compile_dir(Path(generator.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cache", choices=("warm", "cold"), default="warm")
    options = parser.parse_args()
    cold = options.cache == "cold"
    bytecode()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if cold:
            # As on a CI machine: no parse cache is read or written.
            os.environ.pop("PLAYBOOK_CACHE_DIR", None)
            os.environ["CI"] = "1"
        else:
            # This run's own parse cache (children inherit it), not the user's.
            os.environ["PLAYBOOK_CACHE_DIR"] = str(tmp / "parse-cache")
            os.environ.pop("CI", None)
        project = tmp / "project"
        files = generate(project, options.records)
        *_, code = timed(
            playbook("new-incident", "Bench", "--severity", "SEV2", "--no-input"), project
        )
        assert code == 0, "could not create the incident to edit"
        opened = str(options.records + 1)
        middle = files[len(files) // 2]
        rows = plan(tmp, opened, middle.relative_to(project).as_posix())
        # One warm-up of each (the list cache is written, files are in the page cache);
        # a single run is a smoke test of the benchmark itself, not a measurement.
        for _, argv in rows if options.runs > 1 else []:
            timed(argv(options.runs), project, cold)
        walls: dict[str, list[float]] = {name: [] for name, _ in rows}
        cpus: dict[str, list[float]] = {name: [] for name, _ in rows}
        codes: dict[str, set[int]] = {name: set() for name, _ in rows}
        for i in range(options.runs):
            for name, argv in rows:
                w, c, code = timed(argv(i), project, cold)
                walls[name].append(w)
                cpus[name].append(c)
                codes[name].add(code)
    floor = statistics.median(cpus[FLOORS[0]])
    click_floor = statistics.median(cpus[FLOORS[1]])
    print(
        f"{options.records} records, median of {options.runs} interleaved runs, whole process, "
        f"{options.cache} caches"
    )
    print(f"{'command':<28} {'wall s':>7} {'cpu s':>7} {'cpu/pass':>9} {'cpu/click':>10}  exit")
    worst = 0.0
    for name, _ in rows:
        w, c = statistics.median(walls[name]), statistics.median(cpus[name])
        judged = name not in NOT_JUDGED
        if judged:
            worst = max(worst, w)
        flag = ("ok" if w < TARGET else "SLOW") if judged else ""
        exits = ",".join(str(x) for x in sorted(codes[name]))
        print(
            f"{name:<28} {w:7.3f} {c:7.3f} {c / floor:8.1f}x {c / click_floor:9.1f}x  "
            f"{exits:<4} {flag}"
        )
    print(f"slowest authoring command: {worst:.3f} s wall (target {TARGET} s on a quiet machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
