"""The YAML reader: YAML 1.2 scalars, positions, and the fast path agreeing with the slow."""

from __future__ import annotations

import concurrent.futures
import shutil
import threading
from pathlib import Path

import pytest

from generator.load import parsepool
from generator.load.project import Project, load_project
from generator.load.yamlsource import load_text
from generator.model.incident import Incident

from .test_bad_input import BAD, INCIDENTS

TRAPS = """\
number: 0015
slug: yaml-traps
title: NO
severity: SEV1
services: [On, off, y]
deployment:
  version: 1.10
  command: !!str 0015
verification:
  - check: 10:30
    expected: 0x1F
"""


def test_yaml_1_1_traps_stay_what_they_look_like() -> None:
    doc = load_text(TRAPS, "t.yaml")
    assert doc.problems == []
    incident = Incident.model_validate(doc.data)
    assert incident.number == 15
    assert type(incident.number) is int
    assert incident.title == "NO"
    assert incident.services == ["On", "off", "y"]
    assert incident.deployment is not None
    # Numbers in text fields keep their digits as written: not 1.1, not 15, not 31.
    assert incident.deployment.version == "1.10"
    assert incident.deployment.command == "0015"
    assert incident.verification[0].check == "10:30"
    assert incident.verification[0].expected == "0x1F"


def test_core_schema_values() -> None:
    doc = load_text(
        "a: true\nb: false\nc: ~\nd: null\ne: 12\nf: -1.5e3\ng: 0o17\nh: .inf\ni: ''\nj: yes\n",
        "t.yaml",
    )
    assert doc.data == {
        "a": True,
        "b": False,
        "c": None,
        "d": None,
        "e": 12,
        "f": -1500.0,
        "g": 15,
        "h": float("inf"),
        "i": "",
        "j": "yes",
    }


def test_positions_are_computed_on_demand_and_exact() -> None:
    doc = load_text(
        "number: 15\nincrement:\n  tasks:\n    - {id: T-001, text: Fix}\ntimeline:\n"
        "  - at: 2024-11-25T14:32:00Z\n    text: x\n",
        "t.yaml",
    )
    source = doc.source
    assert source.locate(("number",)) == (1, 9)
    assert source.locate(("number",), key=True) == (1, 1)
    # A block section is located at its key, a flow item at its value.
    assert source.locate(("increment",)) == (2, 1)
    assert source.locate(("increment", "tasks", 0, "id")) == (4, 12)
    assert source.locate(("timeline", 0)) == (6, 5)
    assert source.locate(("timeline", 0, "at")) == (6, 9)
    # Missing things fall back to their nearest existing parent.
    assert source.locate(("timeline", 0, "kind")) == (6, 5)
    assert source.locate(("postmortem", "summary")) == (1, 1)


def test_duplicate_keys_keep_the_first_value_and_the_positions() -> None:
    doc = load_text("severity: SEV1\ntitle: x\nseverity: SEV4\n", "t.yaml")
    assert doc.data == {"severity": "SEV1", "title": "x"}
    assert [(p.line, p.column, p.rule) for p in doc.problems] == [(3, 1, "yaml-duplicate-key")]
    assert doc.source.locate(("title",)) == (2, 8)


def test_recursive_alias_does_not_hang() -> None:
    doc = load_text("a: &x [1, *x]\n", "t.yaml")
    assert [(p.line, p.column, p.rule) for p in doc.problems] == [(1, 11, "yaml-alias")]


@pytest.mark.parametrize(
    "text",
    ["a: !!map x\n", "a: !!seq x\n", "a: !!float x\n", "a: !!bool 1\n", "a: !!null x\n"],
)
def test_core_tags_that_do_not_fit_their_value(text: str) -> None:
    doc = load_text(text, "t.yaml")
    assert [(p.line, p.column, p.rule) for p in doc.problems] == [(1, 4, "yaml-tag")]


def _many_records_and_a_pool(project: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """Add 30 broken records to ``project``, load it in this process, and from then on let
    a load use a pool for as few as two files; the serial load."""
    for file in sorted(BAD.glob("*.yaml"))[:30]:
        shutil.copy(file, project / INCIDENTS / file.name)
    serial = load_project(project)
    monkeypatch.setattr(parsepool, "POOL_MIN_FILES", 2)
    # The loader parses in-process while other threads run (forking then can hang); a
    # test worker may still hold the browser suite's idle server thread, so pretend to be
    # alone to exercise the pool deterministically.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    return serial


def test_many_records_give_the_same_result_with_or_without_a_pool(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _many_records_and_a_pool(project, monkeypatch)
    used: list[int] = []
    pool = concurrent.futures.ProcessPoolExecutor

    def counting(*args: object, **kwargs: object) -> object:
        used.append(1)
        return pool(*args, **kwargs)  # type: ignore[arg-type]

    # The pool is imported where it is used, so patch it where it comes from.
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting)
    pooled = load_project(project)
    assert used == [1]
    assert pooled.problems == serial.problems
    assert [r.path for r in pooled.records] == [r.path for r in serial.records]
    assert [r.incident for r in pooled.records] == [r.incident for r in serial.records]
    # Records from workers locate positions like those parsed here.
    assert [r.source.locate(("severity",)) for r in pooled.records] == [
        r.source.locate(("severity",)) for r in serial.records
    ]


def test_a_parse_started_early_is_what_the_load_uses(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _many_records_and_a_pool(project, monkeypatch)
    # As `playbook build` does before importing MkDocs: the pool starts parsing now.
    parsepool.prefetch(project / INCIDENTS, INCIDENTS)
    early = parsepool._early
    assert early is not None
    started = parsepool.start
    monkeypatch.setattr(parsepool, "start", lambda *a: pytest.fail("a second pool"))
    loaded = load_project(project)
    assert parsepool._early is None  # taken
    assert loaded.problems == serial.problems
    assert [r.incident for r in loaded.records] == [r.incident for r in serial.records]
    # An early parse of other files is not used, and is stopped.
    monkeypatch.setattr(parsepool, "start", started)
    (project / "other").mkdir()
    shutil.copy(project / INCIDENTS / "0015-hotfix-auth-token.yaml", project / "other")
    shutil.copy(project / INCIDENTS / "0016-orders-db-failover.yaml", project / "other")
    parsepool.prefetch(project / "other", "other")
    assert parsepool._early is not None
    assert load_project(project).problems == serial.problems
    assert parsepool._early is None


def test_hash_glued_to_text_is_reported_as_a_dropped_comment() -> None:
    text = (
        "title: fix #42 for login\n"
        "note: keep this  # an ordinary comment\n"
        "quoted: 'Posted in #incidents'\n"
        "body: |\n"
        "  Posted in #incidents\n"
        "list:\n"
        "  - Posted in #incidents\n"
    )
    doc = load_text(text, "f.yaml")
    assert doc.data is not None
    assert doc.data["list"] == ["Posted in"]
    assert [p.text() for p in doc.problems] == [
        "f.yaml:1:12: warning: '#42' starts a YAML comment, so it is left out of the value "
        "'fix'; quote the whole value to keep it (yaml-comment-in-text)",
        "f.yaml:7:15: warning: '#incidents' starts a YAML comment, so it is left out of the "
        "value 'Posted in'; quote the whole value to keep it (yaml-comment-in-text)",
    ]


def test_escape_sequences_in_keys_are_refused_and_never_printed() -> None:
    text = 'checklist:\n  "\\e[2J\\e[31mFORGED\\rX": notabool\n'
    doc = load_text(text, "f.yaml")
    assert [p.text() for p in doc.problems] == [
        "f.yaml:2:3: error: control or bidi-override character U+001B is not allowed "
        "(text-control-char)"
    ]
    # Whatever reaches a message, the printed line holds no control character.
    from generator.problems import Level, Problem

    line = Problem("f.yaml", 1, 1, Level.ERROR, "key '\x1b[2J\rX' is odd", "r").text()
    assert "\x1b" not in line and "\r" not in line


def test_comment_in_text_is_found_once_per_plain_value_and_never_in_quotes() -> None:
    """Every plain value is looked at once (an anchored one too), a quoted one and an
    empty value before an ordinary comment never."""
    text = (
        "a: plain #x\n"
        "b: 'q #y'\n"
        "c:  #z\n"
        "list:\n"
        "  - item #3\n"
        '  - "quoted #4"\n'
        "ref: &A anchored #6\n"
        "again: *A\n"
    )
    assert [p.text() for p in load_text(text, "f.yaml").problems] == [
        "f.yaml:8:8: error: alias *A is not allowed in playbook files; write the value out "
        "(anchor &A at line 7) (yaml-alias)",
        "f.yaml:1:10: warning: '#x' starts a YAML comment, so it is left out of the value "
        "'plain'; quote the whole value to keep it (yaml-comment-in-text)",
        "f.yaml:5:10: warning: '#3' starts a YAML comment, so it is left out of the value "
        "'item'; quote the whole value to keep it (yaml-comment-in-text)",
        "f.yaml:7:18: warning: '#6' starts a YAML comment, so it is left out of the value "
        "'anchored'; quote the whole value to keep it (yaml-comment-in-text)",
    ]
