"""Short commands load only what they use: the start-up an author waits for on every
``playbook list`` or ``show`` during an incident.

Each case runs the real command in a fresh interpreter and then looks at which modules it
imported, so a stray top-level import that would put the record models (pydantic), the
Markdown parser or every page builder back on a command's path fails here rather than in
a benchmark nobody runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.list import STATUSES
from generator.exports.schema import schema_texts
from generator.model.incident import Status

from .authoring import small_project

PROBE = """
import sys
from generator.cli import cli
try:
    cli(sys.argv[1:], prog_name="playbook")
except SystemExit as exc:
    code = exc.code
print("\\n" + __import__("json").dumps(sorted(sys.modules)))
"""


def loaded(cwd: Path, *args: str) -> set[str]:
    """Modules a fresh ``playbook ARGS`` process imported (the command must succeed)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.rsplit("\n", 2)[-2]))


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


def test_list_from_its_cache_loads_no_record_model(root: Path) -> None:
    loaded(root, "list")  # fills the cache
    modules = loaded(root, "list", "--format", "json")
    assert not tops(modules) & {"pydantic", "yaml", "jinja2", "markdown_it", "ruamel"}
    assert "generator.load.project" not in modules


def test_show_loads_no_markdown_and_no_page_builder(root: Path) -> None:
    modules = loaded(root, "show", "15")
    assert not tops(modules) & {"markdown_it", "nh3", "ruamel", "mkdocs"}
    assert not {"generator.site.build", "generator.site.incidents", "generator.exports"} & modules


def test_init_copies_files_without_the_models(tmp_path: Path) -> None:
    modules = loaded(tmp_path, "init", "runbooks")
    assert not tops(modules) & {"pydantic", "yaml", "markdown_it", "ruamel"}
    # What it copied instead of generating is what the validator's models say.
    for name, text in schema_texts().items():
        assert (tmp_path / "runbooks/schemas" / name).read_text(encoding="utf-8") == text


def test_list_status_choices_are_the_record_statuses() -> None:
    assert tuple(s.value for s in Status) == STATUSES


def test_help_imports_no_command(tmp_path: Path) -> None:
    modules = loaded(tmp_path, "--help")
    assert not {m for m in modules if m.startswith("generator.commands.")}
    assert not tops(modules) & {"pydantic", "yaml", "jinja2", "ruamel"}


#: Runs the installed entry point (``main``), then says whether pydantic scanned the
#: installed packages for plugins.
PLUGIN_PROBE = """
import sys
from generator.cli import main
sys.argv = ["playbook", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
from pydantic.plugin import _loader
print("\\nscanned" if _loader._plugins is not None else "\\nnot scanned")
"""


def plugin_scan(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PLUGIN_PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.rsplit("\n", 2)[-2]


def test_record_commands_skip_pydantics_plugin_scan(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading every installed package's entry points is no part of checking a record."""
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    env = dict(os.environ)
    assert plugin_scan(root, env, "show", "15") == "not scanned"
    # Someone who sets the variable keeps their setting (here: plugins on).
    assert plugin_scan(root, {**env, "PYDANTIC_DISABLE_PLUGINS": ""}, "show", "15") == "scanned"
