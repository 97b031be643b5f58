"""What an incident page's HTML body costs to render, and how big it is.

Writes the same synthetic project as ``bench_build.py`` (N incident records, the shipped
policy), loads and checks it once, then times in one process:

* ``bodies``  — :meth:`Page.body` of every generated incident page (the Jinja page template,
  tables, messages to paste, highlighted commands and the two SVG pictures): the best of
  ``--runs`` passes, and the first pass alone (what a build pays, caches cold);
* ``pictures`` — the two pictures alone (timeline and phases), the share the diagrams take;
* ``floor``   — a trivial autoescaped Jinja template (a heading and a paragraph) rendered
  once per incident page: the least any templated page costs in this process.

It prints CPU milliseconds per incident body, the ratio to the floor, and the average size of
a body in KB (UTF-8). Loading the records is not timed. No numbers are asserted; the CI
smoke test runs it at a tiny size so it keeps working. From the repository root::

    python benchmarks/bench_bodies.py               # 1,000 incidents
    python benchmarks/bench_bodies.py --incidents 3 # smoke test
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_build import make_project  # noqa: E402

from generator.check import load_checked  # noqa: E402
from generator.site.build import build_pages  # noqa: E402
from generator.site.core import INCIDENT  # noqa: E402
from generator.site.options import SiteOptions  # noqa: E402
from generator.site.pictures import phases_picture, timeline_picture  # noqa: E402

FLOOR = "<h1>{{ title }}</h1>\n<p>One paragraph of text for {{ title }}, about nothing.</p>\n"


def best_of(runs: int, work: Callable[[], None]) -> float:
    """The least CPU time of ``runs`` runs of ``work()`` (seconds): CPU time rather than
    wall time, since a shared machine's other work stretches the wall clock, not this one."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="timings kept: the best of these")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bodies-") as tmp:
        project = load_checked(make_project(Path(tmp) / "project", args.incidents))
    ctx, all_pages = build_pages(project, SiteOptions())
    pages = [p for p in all_pages if p.kind == INCIDENT and p.markdown is None]
    count = len(pages)

    sizes: list[int] = []

    def bodies() -> None:
        sizes.clear()
        for page in pages:
            sizes.append(len(page.body().html.encode("utf-8")))

    def pictures() -> None:
        for facts in ctx.incidents:
            timeline_picture(facts)
            phases_picture(facts)

    template = jinja2.Environment(autoescape=True).from_string(FLOOR)

    def floor() -> None:
        for page in pages:
            template.render(title=page.title)

    # The first pass is what a build pays (each page once): it compiles the templates and
    # fills the caches. Later passes show the steady cost.
    first_s = best_of(1, bodies)
    body_s = best_of(args.runs, bodies)
    picture_s = best_of(args.runs, pictures)
    floor_s = best_of(args.runs, floor)
    per = 1000 / count
    print(f"{'incident pages':<16} {count:>8}")
    print(f"{'ms per body':<16} {body_s * per:>8.2f}")
    print(f"{'  first pass':<16} {first_s * per:>8.2f}")
    print(f"{'  of it pictures':<16} {picture_s * per:>8.2f}")
    print(f"{'floor ms':<16} {floor_s * per:>8.3f}")
    print(f"{'ratio to floor':<16} {body_s / floor_s:>8.1f}")
    print(f"{'KB per body':<16} {sum(sizes) / count / 1024:>8.1f}")


if __name__ == "__main__":
    main()
