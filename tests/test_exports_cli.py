"""``playbook export``: JSON and CSV on standard output or into a file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import load_checked
from generator.cli import cli
from generator.model.incident import Incident

from .conftest import write


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_on_stdout_round_trips(project: Path) -> None:
    code, out, _ = run("export", "--project", str(project), "--format", "json")
    assert code == 0
    data = json.loads(out)
    records = {r.incident.number: r.incident for r in load_checked(project).records}
    assert data["count"] == len(records)
    for entry in data["incidents"]:
        assert Incident.model_validate(entry["record"]) == records[entry["record"]["number"]]
        assert entry["url"] == f"incidents/{entry['ident']}/"


def test_csv_into_a_file_with_site_url_from_mkdocs_yml(project: Path) -> None:
    write(
        project,
        {"mkdocs.yml": "site_name: X\nsite_url: https://ops.example.org/\nextra: !ENV [HOME]\n"},
    )
    target = project / "out" / "incidents.csv"
    code, out, err = run(
        "export", "--project", str(project), "--format", "csv", "--out", str(target)
    )
    assert code == 0
    assert out == ""
    assert err == f"wrote 8 incident(s) to {target}\n"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    seed = next(r for r in rows if r["number"] == "15")
    assert seed["url"] == "https://ops.example.org/incidents/0015-hotfix-auth-token/"
    assert (seed["time_to_resolve_seconds"], seed["resolve_sla"]) == ("2820", "met")


def test_site_url_option_wins(project: Path) -> None:
    code, out, _ = run(
        "export", "--project", str(project), "--format", "json", "--site-url", "https://a.example/x"
    )
    assert code == 0
    assert json.loads(out)["incidents"][0]["url"].startswith("https://a.example/x/incidents/")


def test_format_is_required(project: Path) -> None:
    code, _, err = run("export", "--project", str(project))
    assert code == 2
    assert "Missing option '--format'" in err


def test_site_url_from_an_env_tag_as_mkdocs_reads_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"mkdocs.yml": 'site_url: !ENV [PLAYBOOK_SITE_URL, "http://127.0.0.1:8000/"]\n'})
    monkeypatch.delenv("PLAYBOOK_SITE_URL", raising=False)
    url = json.loads(run("export", "--project", str(project), "--format", "json")[1])["incidents"][
        0
    ]["url"]
    assert url == "http://127.0.0.1:8000/incidents/0003-checkout-payment-timeouts/"
    monkeypatch.setenv("PLAYBOOK_SITE_URL", "https://acme.github.io/runbooks")
    url = json.loads(run("export", "--project", str(project), "--format", "json")[1])["incidents"][
        0
    ]["url"]
    assert url == "https://acme.github.io/runbooks/incidents/0003-checkout-payment-timeouts/"
