"""Property-based fuzz: whatever is in the files, every command succeeds or reports problems.

Hypothesis writes random values into every scalar of the shipped records and policy, mutates
their YAML text, names files with hostile characters, and passes random arguments to the
editing commands. For each example the real commands run (``validate`` in all three formats,
``export`` as JSON and CSV, ``log``, ``task``, ``check``, ``done``, ``new-incident``, and on a
small project ``build``), and these properties must hold:

- no traceback and no hang: a command exits 0, 1 or 2 through click, within a time limit;
- no output line starts a GitHub workflow command (``::``) except our own annotations, whose
  properties carry no unescaped ``:`` or ``,``;
- every export parses strictly (JSON without NaN, CSV with one cell per column, the site's
  Atom feed as XML and its calendar as iCalendar);
- an edit that is refused leaves every record byte-for-byte as it was.

CI runs a bounded number of examples. A longer run is one variable away::

    PLAYBOOK_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py -n 2

(the build property runs a tenth as many: each example is a real MkDocs build).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
INCIDENTS = "playbooks/incidents"
RECORDS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / INCIDENTS).glob("*.yaml"))
POLICY = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "playbooks/policy").glob("*.yaml"))
#: The hostile record of the site tests: markup, scripts and look-alikes in every field.
HOSTILE = "tests/fixtures/hostile/incidents/0666-hostile-input.yaml"
WORKFLOWS = sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "playbooks/workflows").glob("*.yaml")
)

_ENV = os.environ.get("PLAYBOOK_FUZZ_EXAMPLES")
#: Seconds one command may take before the example counts as a hang.
HANG_SECONDS = 60


def examples(default: int, share: float = 1.0) -> Any:
    """Settings with ``default`` examples, or ``share`` of ``PLAYBOOK_FUZZ_EXAMPLES``."""
    count = max(1, int(int(_ENV) * share)) if _ENV else default
    return settings(
        max_examples=count,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- running commands and checking what they print ---------------------------------------

# Our own annotation: level, then exactly the four properties, none holding ':' or ','.
_OURS = re.compile(r"^::(error|warning) file=[^:,]*,line=\d+,col=\d+,title=[a-z0-9-]+::")


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def hang(signum: int, frame: Any) -> None:
        raise TimeoutError(f"a command ran longer than {seconds}s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(project: Path, *args: str, github: bool = False) -> Result:
    """Run one command in-process; fail on a traceback, a hang or a forged workflow command."""
    with time_limit(HANG_SECONDS):
        result = CliRunner().invoke(cli, [*args, "--project", str(project)])
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        raise AssertionError(f"playbook {args!r} raised {exc!r}") from exc
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    event(f"{args[0]} exit {result.exit_code}")
    for line in result.output.splitlines():
        if line.startswith("::"):
            assert github and _OURS.match(line), f"forged workflow command from {args!r}: {line!r}"
    if github:
        assert all(_OURS.match(line) for line in result.stdout.splitlines()), result.stdout
    return result


def strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise AssertionError(f"JSON holds {constant}")

    return json.loads(text, parse_constant=refuse)


def check_csv(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows and all(len(row) == len(rows[0]) for row in rows), "ragged CSV"


def snapshot(project: Path) -> dict[str, bytes]:
    folder = project / INCIDENTS
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def exercise(project: Path, number: str | None) -> None:
    """Every checking and exporting command, then every editing command on ``number``."""
    text = run(project, "validate")
    run(project, "validate", "--format", "github", github=True)
    problems = strict_json(run(project, "validate", "--format", "json").stdout)
    assert (text.exit_code == 0) is not any(p["level"] == "error" for p in problems)
    exported = run(project, "export", "--format", "json")
    if exported.exit_code == 0:
        strict_json(exported.stdout)
        check_csv(run(project, "export", "--format", "csv").stdout)
        strict_json(run(project, "list", "--format", "json").stdout)
        run(project, "stats")
        run(project, "actions")
    if number is not None:
        run(project, "show", number)
    if number is None:
        return
    for args in (
        ("log", number, "Fuzzed note", "--at", "2024-11-25T15:00:00Z"),
        ("task", number, "T-001"),
        ("check", number, "status-page-updated"),
        ("done", number),
    ):
        edit(project, *args)
    edit(project, "new-incident", "Fuzz follow-up", "--severity", "SEV3", "--no-input")


def edit(project: Path, *args: str) -> Result:
    before = snapshot(project)
    result = run(project, *args)
    if result.exit_code != 0:
        assert snapshot(project) == before, f"refused {args!r} changed a record"
    return result


@contextmanager
def fresh_project(*, site: bool = False) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="playbook-fuzz-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT / "playbooks", root / "playbooks")
        if site:
            shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
            (root / "docs").mkdir()
        yield root


# --- what goes into the files ------------------------------------------------------------

_OFFSETS = st.builds(
    lambda minutes, seconds: timezone(timedelta(minutes=minutes, seconds=seconds)),
    st.integers(-1439, 1439),
    st.sampled_from([0, 0, 0, 15, 59]),
)
_TIMES = st.builds(
    lambda at, tz: at.replace(tzinfo=tz).isoformat(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    _OFFSETS,
)
_NASTY_CHARS = st.sampled_from(
    list(
        "\x00\x07\x1b\x7f\x85\u00ad\u200b\u200d\u2028\u2029\u202e\u2066\ufeff\ufffd\n\r\t%:,#&*!|>'\"[]{}\\"
    )
)
_TEXT = st.text(st.one_of(st.characters(codec="utf-8"), _NASTY_CHARS), min_size=0, max_size=40)

#: Source text of one YAML scalar: numbers at and past every bound, times and dates in and
#: out of range, durations, hostile text quoted every way YAML allows, and plain junk.
SCALARS = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "9" * 5000,
            "-" + "9" * 400,
            "0x" + "f" * 40,
            "0o777",
            ".nan",
            ".inf",
            "-.inf",
            "1e999",
            "-0",
            "0",
            "99999",
            "100000",
            "~",
            "null",
            "true",
            "no",
            "10:30",
            "2024-11-25",
            "9999-12-31",
            "0001-01-01",
            "1969-12-31",
            "2999-12-31",
            "3000-01-01",
            "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+14:00",
            "2024-11-25T14:32:00+05:30:15",
            "99999999999999w",
            "3650d",
            "3651d",
            "0m",
            "15m",
            "'it''s'",
            "[]",
            "{}",
            "[1, [2, [3]]]",
            "!!python/object:os.system x",
            "&a x",
            "*a",
            "|\n  block",
            '"\\e[2J\\a"',
            '"\\u202e\\u200b\\u2028"',
            '"::error::forged"',
        ]
    ),
    _TIMES,
    st.dates(min_value=datetime(1, 1, 1).date()).map(lambda d: d.isoformat()),
    st.builds(lambda n, u: f"{n}{u}", st.integers(0, 10**16), st.sampled_from("wdhms")),
    _TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)),
    _TEXT.map(lambda t: json.dumps(t)),
    _TEXT.filter(lambda t: "\n" not in t and "\r" not in t),
)


_IN_RANGE_TIMES = st.builds(
    lambda at, tz: at.replace(tzinfo=tz).isoformat(),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2999, 12, 30)),
    _OFFSETS,
)
#: Text a one-line field accepts, full of what must stay text: markup, workflow commands,
#: formula starts, percent signs, scripts from every plane.
_LEGAL_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Co"]),
        st.sampled_from(list("<>&'\"%:,#=+-@|*_`[]{}")),
    ),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() != "")
_LEGAL_WORDS = st.sampled_from(
    ["::error::forged", "<script>alert(1)</script>", '=HYPERLINK("x")', "%0A", "**bold**"]
)


def legal_value(original: str) -> st.SearchStrategy[str]:
    """A value of the same kind as ``original`` that the model may well accept."""
    if re.match(r"^\d{4}-\d\d-\d\dT", original):
        return _IN_RANGE_TIMES
    if re.match(r"^\d{4}-\d\d-\d\d$", original):
        return st.dates(datetime(1970, 1, 1).date(), datetime(2999, 12, 31).date()).map(
            lambda d: d.isoformat()
        )
    if re.match(r"^(\d+[wdhms])+$", original):
        return st.builds(lambda n, u: f"{n}{u}", st.integers(1, 500), st.sampled_from("dhm"))
    if re.match(r"^-?\d+(\.\d+)?$", original):
        return st.one_of(st.integers(1, 99999).map(str), st.floats(0, 1e12).map(repr))
    if original in ("true", "false"):
        return st.sampled_from(["true", "false"])
    if re.match(r"^[A-Za-z0-9_-]+$", original) and len(original) < 30:
        return st.just(original)  # ids, slugs, enum values: kept, so the record stays valid
    return st.one_of(_LEGAL_TEXT, _LEGAL_WORDS).map(lambda t: json.dumps(t, ensure_ascii=False))


@st.composite
def legal_rewrite(draw: st.DrawFn, text: str) -> str:
    """``text`` with up to four scalars replaced by values of their own kind."""
    spans = scalar_spans(text)
    picks = draw(st.lists(st.integers(0, len(spans) - 1), min_size=1, max_size=4, unique=True))
    for index in sorted(picks, reverse=True):
        start, end = spans[index]
        text = text[:start] + draw(legal_value(text[start:end])) + text[end:]
    return text


def scalar_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of every scalar in ``text`` (keys and values)."""
    return [
        (t.start_mark.index, t.end_mark.index)
        for t in yaml.scan(text, Loader=yaml.CSafeLoader)
        if isinstance(t, yaml.ScalarToken)
    ]


def write_text(file: Path, text: str) -> None:
    file.write_bytes(text.encode("utf-8", "surrogatepass"))


def number_of(rel: str) -> str | None:
    match = re.match(r"^(\d+)-", rel.rsplit("/", 1)[-1])
    return match.group(1) if match else None


# --- the properties ----------------------------------------------------------------------


@examples(15)
@given(
    file=st.sampled_from(RECORDS + POLICY + WORKFLOWS),
    picks=st.lists(st.tuples(st.integers(0, 10**6), SCALARS), min_size=1, max_size=3),
)
def test_random_values_in_every_field(file: str, picks: list[tuple[int, str]]) -> None:
    """Any scalar of a record, policy or playbook file replaced by a random value."""
    text = (ROOT / file).read_text(encoding="utf-8")
    spans = scalar_spans(text)
    for index, value in sorted(((i % len(spans), v) for i, v in picks), reverse=True):
        start, end = spans[index]
        text = text[:start] + value + text[end:]
    with fresh_project() as project:
        write_text(project / file, text)
        exercise(project, number_of(file) if file.startswith(INCIDENTS) else "15")


_SNIPPETS = st.one_of(
    _NASTY_CHARS,
    st.sampled_from(["\n", "\n  ", ": ", "- ", "  ", '"', "'", "[", "{", "#", "\t", "---\n"]),
    _TEXT,
)
_MUTATION = st.tuples(
    st.sampled_from(["insert", "delete", "replace", "duplicate-line", "drop-line"]),
    st.integers(0, 10**6),
    st.integers(1, 40),
    _SNIPPETS,
)


def mutate(text: str, mutation: tuple[str, int, int, str]) -> str:
    kind, where, size, snippet = mutation
    at = where % (len(text) + 1)
    if kind == "insert":
        return text[:at] + snippet + text[at:]
    if kind == "delete":
        return text[:at] + text[at + size :]
    if kind == "replace":
        return text[:at] + snippet + text[at + len(snippet) :]
    lines = text.splitlines(keepends=True)
    line = where % max(1, len(lines))
    if kind == "duplicate-line":
        return "".join(lines[: line + 1] + lines[line:])
    return "".join(lines[:line] + lines[line + 1 :])


@examples(15)
@given(
    file=st.sampled_from(RECORDS + POLICY),
    mutations=st.lists(_MUTATION, min_size=1, max_size=4),
)
def test_random_yaml_mutations_of_the_shipped_files(
    file: str, mutations: list[tuple[str, int, int, str]]
) -> None:
    text = (ROOT / file).read_text(encoding="utf-8")
    for mutation in mutations:
        text = mutate(text, mutation)
    with fresh_project() as project:
        write_text(project / file, text)
        exercise(project, number_of(file) if file.startswith(INCIDENTS) else "15")


_NAME_CHARS = st.one_of(
    st.characters(codec="utf-8", exclude_characters="/\x00"),
    # \udcff: a byte that is not UTF-8, as the file system hands it over (PEP 383).
    st.sampled_from(list("\n\r\x1b\x07,:%=\u202e\u200b\u2028\udcff")),
)


@examples(12)
@given(
    stem=st.text(_NAME_CHARS, min_size=1, max_size=30),
    prefix=st.sampled_from(["", "0019-", "0015-", "10000-", "::error::", "\n::warning::"]),
    record=st.sampled_from(RECORDS),
)
def test_random_file_names(stem: str, prefix: str, record: str) -> None:
    name = f"{prefix}{stem}.yaml"
    # The file system's own limits (a name of 255 bytes) are not playbook's to judge.
    assume_ok = len(name.encode("utf-8", "surrogatepass")) <= 255 and name not in (".yaml",)
    if not assume_ok:
        return
    with fresh_project() as project:
        try:
            shutil.copy(ROOT / record, project / INCIDENTS / name)
        except (OSError, UnicodeEncodeError):
            return
        exercise(project, number_of(name) or "15")


@examples(15)
@given(
    text=_TEXT,
    at=st.one_of(
        _IN_RANGE_TIMES,
        _TIMES,
        st.sampled_from(["14:32", "25:00", "now", "yesterday 10:00"]),
        _TEXT,
    ),
    kind=st.sampled_from(["note", "detected", "acknowledged", "mitigated", "resolved"]),
    task=st.one_of(st.sampled_from(["T-001", "T-999", "T-1"]), _TEXT),
    title=_TEXT,
    slug=st.one_of(st.none(), _TEXT),
    service=st.one_of(st.none(), _TEXT),
    number=st.sampled_from(["15", "0015", "12", "0", "99999", "100000", "15-x", "abc"]),
)
def test_random_arguments_to_the_editing_commands(
    text: str,
    at: str,
    kind: str,
    task: str,
    title: str,
    slug: str | None,
    service: str | None,
    number: str,
) -> None:
    with fresh_project() as project:
        edit(project, "log", number, text, "--at", at, "--kind", kind)
        edit(project, "task", number, task)
        edit(project, "check", number, text)
        new = ["new-incident", title, "--severity", "SEV2", "--no-input", "--detected-at", at]
        new += ["--slug", slug] if slug is not None else []
        new += ["--service", service] if service is not None else []
        edit(project, *new)
        # Whatever the edits did, the project still validates or reports problems.
        exercise(project, None)


@examples(4, share=0.1)
@given(
    data=st.data(),
    record=st.sampled_from(
        [f"{INCIDENTS}/0012-footer-typo.yaml", f"{INCIDENTS}/0015-hotfix-auth-token.yaml", HOSTILE]
    ),
)
def test_build_on_a_small_project_with_random_values(data: st.DataObject, record: str) -> None:
    """A one-record project whose values are random but of the right kind, so that most
    builds succeed and their exports are checked."""
    text = data.draw(legal_rewrite((ROOT / record).read_text(encoding="utf-8")))
    with fresh_project(site=True) as project:
        for other in (project / INCIDENTS).iterdir():
            other.unlink()
        write_text(project / INCIDENTS / Path(record).name, text)
        site = project.parent / "site"
        result = run(project, "build", "--site-dir", str(site))
        if result.exit_code != 0:
            assert not site.exists()
            return
        strict_json((site / "api/incidents.json").read_text(encoding="utf-8"))
        for one in (site / "api/incidents").glob("*.json"):
            strict_json(one.read_text(encoding="utf-8"))
        check_csv((site / "incidents.csv").read_text(encoding="utf-8"))
        ET.fromstring((site / "feed.xml").read_bytes())
        icalendar.Calendar.from_ical((site / "action-items.ics").read_bytes())


@examples(15)
@given(data=st.data(), file=st.sampled_from([*RECORDS, *POLICY, HOSTILE]))
def test_random_values_of_the_right_kind(data: st.DataObject, file: str) -> None:
    """Values that fit their fields (times in range, text with markup and workflow-command
    look-alikes), so exports and edits run on records that validate."""
    text = data.draw(legal_rewrite((ROOT / file).read_text(encoding="utf-8")))
    rel = f"{INCIDENTS}/{Path(file).name}" if file == HOSTILE else file
    with fresh_project() as project:
        write_text(project / rel, text)
        exercise(project, number_of(rel) if rel.startswith(INCIDENTS) else "15")


def test_the_fuzz_sees_the_shipped_files() -> None:
    """The strategies draw from the shipped files: an empty list would fuzz nothing."""
    assert len(RECORDS) >= 5 and len(POLICY) >= 5 and len(WORKFLOWS) >= 3
    assert all(len(scalar_spans((ROOT / f).read_text(encoding="utf-8"))) > 20 for f in RECORDS)


@pytest.mark.parametrize("offset", ["+05:30:15", "-23:59:59"])
def test_offset_strategy_covers_seconds(offset: str) -> None:
    """Offsets with seconds are among the generated times (defect 10 came from one)."""
    parsed = datetime.fromisoformat(f"2024-01-01T00:00:00{offset}")
    assert parsed.utcoffset() is not None and parsed.astimezone(UTC).year in (2023, 2024)
