"""``playbook serve`` as an author uses it: save a record, look at the page.

One real ``playbook serve`` process on a free local port over a copy of the shipped
project; every step edits a file on disk and reads pages over HTTP as a browser would.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import edit
from .preview_server import eventually, fetch, serving

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"
PAGE = "incidents/0015-hotfix-auth-token/"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    project = tmp_path_factory.mktemp("serve")
    with serving(project) as base:
        yield project, base


def test_an_edit_is_served_at_once_and_listed_after(served: tuple[Path, str]) -> None:
    project, base = served
    code, before = fetch(base + PAGE)
    assert code == 200 and "hotfix: fix auth token validation" in before
    edit(
        project / RECORD,
        'title: "hotfix: fix auth token validation"',
        'title: "hotfix: token fix, take two"',
    )
    # The very next request after the save already has it: no waiting for a rebuild.
    code, after = fetch(base + PAGE)
    assert code == 200
    assert "<title>0015: hotfix: token fix, take two - Incident Playbooks</title>" in after
    assert "hotfix: fix auth token validation" not in after
    code, index = fetch(base + "incidents/")
    assert code == 200 and "hotfix: token fix, take two" in index


def test_a_broken_record_shows_its_problems_until_a_good_save(served: tuple[Path, str]) -> None:
    project, base = served
    record = project / RECORD
    good = record.read_text(encoding="utf-8")
    edit(record, "severity: SEV1", "severity: SEV9")
    code, page = fetch(base + PAGE)
    assert code == 500
    assert (
        f"{RECORD}:6:11: error: unknown severity &#x27;SEV9&#x27; "
        "(policy defines SEV1, SEV2, SEV3, SEV4) (unknown-severity)"
    ) in page
    # Every page says so while the record is broken, not only the record's own.
    assert fetch(base + "incidents/")[0] == 500
    # Broken YAML is a problem like any other, with its place.
    record.write_text(good.replace("number: 15\n", "number: [15\n", 1), encoding="utf-8")
    eventually(lambda: "(yaml-syntax)" in fetch(base + PAGE)[1])
    code, page = fetch(base + PAGE)
    assert code == 500 and f"{RECORD}:" in page
    record.write_text(good, encoding="utf-8")
    code, page = fetch(base + PAGE)
    assert code == 200 and "<title>0015: " in page
    assert fetch(base + "incidents/")[0] == 200


def test_the_browser_is_told_to_reload_the_edited_page(served: tuple[Path, str]) -> None:
    project, base = served
    code, page = fetch(base + PAGE)
    assert code == 200
    since = int(page.split("var since = ", 1)[1].split(",", 1)[0])
    edit(project / RECORD, "symptoms:", "symptoms:  ")
    wait = f"{base}.playbook-preview/wait?since={since}&page={PAGE}index.html"
    start = time.monotonic()
    assert json.loads(fetch(wait)[1])["reload"] is True
    assert time.monotonic() - start < 10


def test_a_new_record_rebuilds_the_site(served: tuple[Path, str]) -> None:
    project, base = served
    new = project / "playbooks/incidents/0077-token-fix-again.yaml"
    text = (project / RECORD).read_text(encoding="utf-8")
    new.write_text(
        text.replace("number: 15\n", "number: 77\n", 1).replace(
            "slug: hotfix-auth-token\n", "slug: token-fix-again\n", 1
        ),
        encoding="utf-8",
    )
    code, page = fetch(base + "incidents/0077-token-fix-again/")
    assert code == 200 and "<title>0077: " in page


def test_a_record_saved_while_another_is_broken_shows_once_all_are_good(
    served: tuple[Path, str],
) -> None:
    project, base = served
    other = project / "playbooks/incidents/0016-orders-db-failover.yaml"
    edit(project / RECORD, "severity: SEV1", "severity: SEV9")
    assert fetch(base + PAGE)[0] == 500
    edit(other, "title: Orders database primary out of disk space", "title: Orders DB full")
    assert fetch(base + "incidents/0016-orders-db-failover/")[0] == 500
    edit(project / RECORD, "severity: SEV9", "severity: SEV1")
    code, page = fetch(base + "incidents/0016-orders-db-failover/")
    assert code == 200 and "<title>0016: Orders DB full - Incident Playbooks</title>" in page


def test_an_address_holding_markup_is_never_run_by_the_page(served: tuple[Path, str]) -> None:
    # Any site could send the developer to this address: the page names it in a script.
    _, base = served
    attack = "%3C/script%3E%3Cscript%3Ealert(document.domain)%3C/script%3E"
    status, page = fetch(f"{base}/{attack}/")
    assert status == 404
    assert "<script>alert(" not in page
    assert "</script><script>" not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(document.domain)" in page


@pytest.mark.parametrize("address", ["%00", "incidents%00/", "a" * 5000, "a/" * 3000])
def test_an_address_no_file_can_have_is_not_found(served: tuple[Path, str], address: str) -> None:
    # A NUL or a name longer than the system allows once ended the request in a traceback
    # (in the terminal running serve) and dropped the connection.
    _, base = served
    status, page = fetch(base + address)
    assert status == 404
    assert "<title>" in page
    assert fetch(base + PAGE)[0] == 200
