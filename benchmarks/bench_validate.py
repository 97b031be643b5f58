"""How much does ``playbook validate`` cost on top of merely parsing the YAML?

Generates N synthetic, valid incident records (varied, each about the size of the shipped
0015 record) into a temporary project with the shipped policy, then times in one run:

(a) the floor: read every record and parse it with PyYAML's C loader, nothing else;
(b) ``playbook validate`` as a whole process (start-up, policy, records, rules, output);
(c) :func:`generator.check.load_checked` in this process;

(b) and (c) each without a parse cache (cold: a first run, or CI) and with the one the
cold run wrote (warm: what an author's second build or validate finds).

Target: (b) ≤ 3× (a), and 10,000 records well under 15 s on a 2-core machine.

Usage::

    python benchmarks/bench_validate.py [--records 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.check import load_checked  # noqa: E402

SERVICES = ["auth-api", "web-login", "checkout", "payments", "search", "cdn", "profile", "mailer"]
# (severity, workflows it may follow, approvals it needs, may skip staging)
SEVERITIES = [
    ("SEV1", ["hotfix", "rollback"], 1, True),
    ("SEV2", ["hotfix", "rollback"], 1, False),
    ("SEV3", ["normal", "hotfix"], 2, False),
    ("SEV4", ["normal"], 2, False),
]
STATUSES = ["open", "mitigated", "resolved", "closed"]


def _ts(moment: datetime, offset_hours: int) -> str:
    """A timestamp in a local offset, as real records mix UTC and local zones."""
    if offset_hours == 0:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    local = moment + timedelta(hours=offset_hours)
    sign = "+" if offset_hours > 0 else "-"
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{abs(offset_hours):02d}:00"


def record(number: int, rng: random.Random) -> str:
    """One valid record in the style of the shipped ones (flow and block style mixed)."""
    sev, workflows, approvals, skippable = rng.choice(SEVERITIES)
    workflow = rng.choice(workflows)
    status = rng.choice(STATUSES)
    services = rng.sample(SERVICES, rng.randint(1, 3))
    detected = datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 1_500_000))
    offset = rng.choice([0, 0, 0, -8, 1, 5])
    steps = [
        ("detected", 0, "First alert triggered"),
        ("communication", 2, "Posted in #incidents, status page updated"),
        ("acknowledged", 3, "On-call acknowledged"),
        ("root_cause", 10 + rng.randint(0, 30), "Root cause identified"),
        ("deployed", 45, "Fix deployed"),
        ("mitigated", 50, "Error rate back to normal"),
        ("verified", 55, "Verified fix in production"),
        ("resolved", 60 + rng.randint(0, 600), "All-clear declared"),
    ]
    keep = {"open": 4, "mitigated": 7, "resolved": 8, "closed": 8}[status]
    timeline = "\n".join(
        f'  - {{at: {_ts(detected + timedelta(minutes=m), offset)}, kind: {k}, text: "{t}"}}'
        for k, m, t in steps[:keep]
    )
    slug = f"{rng.choice(['hotfix', 'fix', 'outage'])}-{services[0]}-{number}"
    tasks = "\n".join(
        f"    - {{id: T-{i:03d}, text: Task number {i} for {services[0]}, done: {str(status != 'open').lower()}}}"
        for i in range(1, rng.randint(2, 5))
    )
    approvers = ", ".join(f'"@eng{rng.randint(1, 40)}"' for _ in range(approvals))
    related = (
        f"\nrelated: [{rng.randint(1, number - 1)}]" if number > 1 and rng.random() < 0.2 else ""
    )
    # Items ticked by hand in the shipped policy's checklist of each workflow.
    checklist = {
        "hotfix": "\nchecklist:\n  status-page-updated: true\n  critical-tests-pass: true\n",
        "rollback": "\nchecklist:\n  status-page-updated: true\n",
    }.get(workflow, "")
    postmortem = ""
    if status in ("resolved", "closed"):
        due = (detected + timedelta(days=7)).date().isoformat()
        postmortem = f"""
postmortem:
  scheduled: {(detected + timedelta(days=1)).date().isoformat()}
  summary: {services[0]} broken for a while; users saw errors until the fix was deployed.
  root_cause: |
    A configuration change in {services[0]} was not covered by tests.
    It reached production through the normal pipeline.
  impact:
    - {{label: users affected, value: {rng.randint(10, 5000)}, approximate: true}}
    - {{label: support tickets, value: {rng.randint(0, 900)}, approximate: true}}
  lessons:
    - Changes to {services[0]} need specific test cases
    - Canary deploys would have caught this
  action_items:
    - text: Add a regression test for {services[0]}
      owner: "@eng{rng.randint(1, 40)}"
      due: {due}
      done: true
    - text: Alert earlier on {services[0]} error rates
      owner: "@eng{rng.randint(1, 40)}"
      due: {due}
"""
    return f"""# yaml-language-server: $schema=../../schemas/incident.schema.json
number: {number}
slug: {slug}
title: "{workflow}: {services[0]} errors after deploy {number}"
severity: {sev}
status: {status}
workflow: {workflow}
services: [{", ".join(services)}]

assessment:
  impact: Users of {services[0]} cannot complete their requests
  symptoms: 500 errors on /api/{services[0]}
  hypothesis: Recent deploy broke {services[0]}
  communication:
    - "Posted in #incidents"
    - Status page updated

increment:
  problem: Users receive 500 errors from {services[0]} after a deploy.
  root_cause:
    text: A configuration change in {services[0]}.
    confirmed: {str(status != "open").lower()}
  fix: Revert the configuration change.
  tasks:
{tasks}

deployment:
  version: v1.{number % 50}.{number % 7}
  skipped_staging: {str(skippable and rng.random() < 0.5).lower()}
  approvers: [{approvers}]
  rollback_ready: true
  command: make deploy SERVICE={services[0]}

verification:
  - check: {services[0]} answers 200
    command: curl -s -o /dev/null -w "%{{http_code}}" https://api.example.com/{services[0]}
    expected: "200"
    result: passed

timeline:
{timeline}
{checklist}{related}{postmortem}"""


def generate(root: Path, count: int, seed: int = 15) -> list[Path]:
    shutil.copytree(ROOT / "playbooks" / "policy", root / "playbooks" / "policy")
    shutil.copytree(ROOT / "playbooks" / "workflows", root / "playbooks" / "workflows")
    incidents = root / "playbooks" / "incidents"
    incidents.mkdir(parents=True)
    rng = random.Random(seed)
    files = []
    for number in range(1, count + 1):
        text = record(number, rng)
        slug = text.split("\nslug: ", 1)[1].split("\n", 1)[0]
        file = incidents / f"{number:04d}-{slug}.yaml"
        file.write_text(text, encoding="utf-8")
        files.append(file)
    return files


def cpu() -> float:
    """CPU seconds used so far by this process and its finished children (worker pools
    included): on a shared machine this moves less than wall time does."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def floor(files: list[Path]) -> tuple[float, float]:
    start, used = time.perf_counter(), cpu()
    for file in files:
        yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, cpu() - used


def whole_process(root: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    start, used = time.perf_counter(), cpu()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--project", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - start, cpu() - used, done


def in_process(root: Path) -> tuple[float, float, int]:
    start, used = time.perf_counter(), cpu()
    project = load_checked(root)
    elapsed, spent = time.perf_counter() - start, cpu() - used
    if project.problems:
        for problem in project.problems[:10]:
            print("  ", problem.text(), file=sys.stderr)
        raise SystemExit(f"synthetic records are not valid: {len(project.problems)} problem(s)")
    return elapsed, spent, len(project.records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="Write the project here and keep it.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        # The parse cache of this run only (children inherit it): each "cold" row starts
        # with none, each "warm" row reads what the run before it wrote.
        cache = Path(tmp) / ".parse-cache"
        os.environ["PLAYBOOK_CACHE_DIR"] = str(cache)
        files = generate(root, args.records)
        size = sum(f.stat().st_size for f in files)
        print(f"{len(files)} records, {size / len(files):,.0f} bytes each on average")
        floor(files[:200])  # warm the page cache and imports so no run pays for them
        a, a_cpu = floor(files)
        rows = []
        for label in ("cold", "warm"):
            if label == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            b, b_cpu, done = whole_process(root)
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"playbook validate exited {done.returncode}")
            rows.append((f"(b) playbook validate, process, {label}:", b, b_cpu))
        for label in ("cold", "warm"):
            if label == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            c, c_cpu, count = in_process(root)
            assert count == len(files), f"only {count} of {len(files)} records loaded"
            rows.append((f"(c) load_checked, in process, {label}:", c, c_cpu))
        print(f"{'':40} wall          CPU (all processes)")
        print(f"{'(a) floor, read + yaml.CSafeLoader:':40}{a:6.2f} s          {a_cpu:6.2f} s")
        for name, wall, spent in rows:
            print(f"{name:40}{wall:6.2f} s {wall / a:5.2f}x   {spent:6.2f} s {spent / a_cpu:5.2f}x")
        print("cold: no parse cache (a first run, or CI); warm: the records parsed before")
        print(f"load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
