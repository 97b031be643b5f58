"""The command and preview benchmarks still run, at a smoke size (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


def bench(name: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("cache", ["warm", "cold"])
def test_bench_commands_prints_every_row_against_its_floors(cache: str) -> None:
    out = bench("bench_commands.py", "--records", "5", "--runs", "1", "--cache", cache)
    assert out.splitlines()[0].endswith(f"{cache} caches")
    rows = {line.split("  ")[0].strip() for line in out.splitlines()[2:-1]}
    assert {"python -c pass", "init", "show", "list --format json", "actions"} <= rows
    # Every command did what it was asked (the refused `done` aside).
    for line in out.splitlines()[2:-1]:
        assert " 0 " in line or line.startswith("done (refused: open)"), line


def test_bench_preview_sees_each_change() -> None:
    out = bench("bench_preview.py", "--records", "5", "--edits", "1")
    assert "save -> edited page served" in out
    assert "broken save -> problems page" in out


def test_bench_bodies_prints_time_and_size_per_incident_body() -> None:
    out = bench("bench_bodies.py", "--incidents", "3", "--runs", "1")
    rows = dict(line.rsplit(None, 1) for line in out.splitlines())
    assert rows["incident pages"] == "3"
    for name in (
        "ms per body",
        "  first pass",
        "  of it pictures",
        "floor ms",
        "ratio to floor",
        "KB per body",
    ):
        assert float(rows[name]) > 0, (name, out)
