"""A hurried or hostile user at the command line: what they do must never cost them a file,
print a traceback, or let record text forge what the terminal shows."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator import files
from generator.cli import cli

from .conftest import write

RECORD = "playbooks/incidents/0015-hotfix-auth-token.yaml"


def run(project: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


# --- export --out never replaces a file it did not write --------------------------------


def test_export_refuses_to_overwrite_a_record(project: Path) -> None:
    before = (project / RECORD).read_bytes()
    result = run(project, "export", "--format", "json", "--out", str(project / RECORD))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: --out {project / RECORD} lies inside the project's playbooks/ folder, "
        f"{project / 'playbooks'}; writing there would replace sources. "
        "Nothing was written; choose another folder\n"
    )
    assert (project / RECORD).read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_replaces_its_own_earlier_export(
    project: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Open incidents are judged as of the run; a fixed "as of" makes two runs comparable.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    out = project / f"out/incidents.{fmt}"
    assert run(project, "export", "--format", fmt, "--out", str(out)).exit_code == 0
    first = out.read_bytes()
    again = run(project, "export", "--format", fmt, "--out", str(out))
    assert again.exit_code == 0, again.output
    assert again.output == f"wrote 8 incident(s) to {out}\n"
    assert out.read_bytes() == first
    # Readable by the people the file is shared with, like any file the user creates.
    assert out.stat().st_mode & 0o044 == 0o044 & ~_umask()


def _export_refused(project: Path, out: Path) -> str:
    """``export --out out`` in a real process (a hang fails the test, not the run): its
    refusal, after checking that it exited 2 and printed nothing else."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "export", "--format", "csv", "--out", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    return done.stderr


def test_export_never_replaces_a_device(project: Path, tmp_path: Path) -> None:
    """Run as root with ``--out /dev/null``, an export once replaced the system's /dev/null
    with a regular file: a device reads as empty. (Never the real one here: a node of our own.)"""
    node = tmp_path / "mynull"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    assert _export_refused(project, node) == (
        f"Error: --out {node} is a character device, not a regular file; nothing was "
        "written; choose another file\n"
    )
    assert stat.S_ISCHR(node.lstat().st_mode)


def test_export_never_writes_through_a_link(project: Path, tmp_path: Path) -> None:
    kept = tmp_path / "keep"
    kept.write_bytes(b"")
    link = tmp_path / "l.json"
    link.symlink_to(kept)
    assert _export_refused(project, link) == (
        f"Error: --out {link} is a symbolic link, not a regular file; nothing was written; "
        "choose another file\n"
    )
    assert link.is_symlink() and kept.read_bytes() == b""


def test_export_never_replaces_an_empty_file(project: Path) -> None:
    keep = project / ".gitkeep"
    keep.write_bytes(b"")
    assert _export_refused(project, Path(".gitkeep")) == (
        f"Error: --out {keep} exists and is not an earlier playbook export (it is empty); "
        "nothing was written; choose another file or delete it first\n"
    )
    assert keep.read_bytes() == b""


def test_export_never_opens_a_named_pipe(project: Path) -> None:
    """Reading the first bytes of a FIFO waits for a writer: the export hung for ever."""
    fifo = project / "f.json"
    os.mkfifo(fifo)
    assert _export_refused(project, fifo) == (
        f"Error: --out {fifo} is a named pipe (FIFO), not a regular file; nothing was "
        "written; choose another file\n"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_export_refuses_someone_elses_file(project: Path) -> None:
    notes = project / "notes.csv"
    notes.write_text("mine\n")
    assert _export_refused(project, notes) == (
        f"Error: --out {notes} exists and is not an earlier playbook export; nothing was "
        "written; choose another file or delete it first\n"
    )
    assert notes.read_text() == "mine\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- the file system says no: an Error line, never a traceback ---------------------------


def test_symlink_loop_in_incidents_does_not_break_lookups(project: Path) -> None:
    folder = project / "playbooks/incidents"
    (folder / "0044-loop.yaml").symlink_to("0045-loop.yaml")
    (folder / "0045-loop.yaml").symlink_to("0044-loop.yaml")
    shown = run(project, "show", "15")
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("0015-hotfix-auth-token  hotfix: fix auth token validation\n")
    missing = run(project, "show", "44")
    assert (missing.exit_code, missing.output) == (
        1,
        "Error: no incident 44 in playbooks/incidents/\n",
    )


def test_read_only_incidents_folder_is_an_error_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, for whom chmod 555 does not stop a write; the folder's
    # refusal is what the operating system would raise.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(kwargs.get("dir")))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    listing = sorted(p.name for p in (project / "playbooks/incidents").iterdir())
    result = run(project, "new-incident", "Login fails", "--severity", "SEV3", "--no-input")
    assert (result.exit_code, result.output) == (
        1,
        "Error: cannot write playbooks/incidents/0019-login-fails.yaml: Permission denied; "
        "nothing was created\n",
    )
    assert sorted(p.name for p in (project / "playbooks/incidents").iterdir()) == listing


# --- record text cannot hide control characters behind YAML escapes ---------------------


@pytest.mark.parametrize(
    ("escaped", "code"), [(r"\e[2J", "001B"), (r"\u202Eevil", "202E"), (r"\x9b", "009B")]
)
def test_escaped_control_character_is_reported(project: Path, escaped: str, code: str) -> None:
    text = (project / RECORD).read_text(encoding="utf-8")
    text = text.replace('title: "hotfix: fix auth token validation"', f'title: "{escaped}"')
    assert escaped in text
    write(project, {RECORD: text})
    line = text.splitlines().index(f'title: "{escaped}"') + 1
    result = run(project, "validate")
    assert result.exit_code == 1
    assert result.output == (
        f"{RECORD}:{line}:8: error: control or bidi-override character U+{code} "
        "is not allowed (text-control-char)\n"
        "1 error(s), 0 warning(s) in 1 file(s)\n"
    )


def test_new_incident_refuses_an_escape_sequence_in_the_title(project: Path) -> None:
    listing = sorted(p.name for p in (project / "playbooks/incidents").iterdir())
    result = run(project, "new-incident", "\x1b[31mred", "--severity", "SEV3", "--no-input")
    assert result.exit_code == 1
    assert "U+001B is not allowed (text-control-char)" in result.output
    assert result.output.endswith(
        "Error: the new record would not validate; nothing created: "
        "1 error(s), 0 warning(s) in 1 file(s)\n"
    )
    assert sorted(p.name for p in (project / "playbooks/incidents").iterdir()) == listing


# --- a line break in a title cannot forge a row of a table -------------------------------


def test_line_break_in_a_title_is_refused_and_nothing_is_created(project: Path) -> None:
    forged = "x\n0099-forged            SEV1  closed     1m        all fine"
    before = sorted(p.name for p in (project / "playbooks/incidents").iterdir())
    result = run(project, "new-incident", forged, "--severity", "SEV3", "--no-input")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "playbooks/incidents/0019-x-0099-forged.yaml:8:8: error: title: must be a single line; "
        "use a text field for several lines (invalid-value)"
    )
    assert sorted(p.name for p in (project / "playbooks/incidents").iterdir()) == before
    listing = run(project, "list")
    assert len(listing.output.splitlines()) == 1 + 8


# --- log --at with an empty value is not "now" -------------------------------------------


def test_log_at_empty_is_refused(project: Path) -> None:
    before = (project / RECORD).read_bytes()
    result = run(project, "log", "15", "note", "--at", "")
    assert (result.exit_code, result.output) == (
        2,
        "Error: --at '' is not a time; use HH:MM (today), a date and time like "
        "2024-11-25T14:35:00Z or '2024-11-25 06:35 America/Los_Angeles', or 'unknown'\n",
    )
    assert (project / RECORD).read_bytes() == before


# --- init tells a path with spaces in a form the shell can run ---------------------------


def test_init_next_step_quotes_a_path_with_spaces(tmp_path: Path) -> None:
    target = tmp_path / "run books"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"next: cd '{target.as_posix()}' && playbook validate"


def test_record_that_cannot_be_replaced_is_named_and_kept(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What an immutable record (chattr +i) or a read-only mount makes the final rename say.
    def refuse(src: Any, dst: Any) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(src), None, str(dst))

    before = (project / RECORD).read_bytes()
    listing = sorted(p.name for p in (project / "playbooks/incidents").iterdir())
    monkeypatch.setattr(os, "replace", refuse)
    result = run(project, "log", "15", "note")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write {RECORD}: Operation not permitted; it is left as it was\n",
    )
    assert (project / RECORD).read_bytes() == before
    assert sorted(p.name for p in (project / "playbooks/incidents").iterdir()) == listing


# --- a record that is not UTF-8: the validator's own line, from every command ------------


@pytest.mark.parametrize("args", [["show", "42"], ["log", "42", "note"], ["task", "42", "T-001"]])
def test_non_utf8_record_is_reported_like_validate_does(project: Path, args: list[str]) -> None:
    record = project / "playbooks/incidents/0042-latin1.yaml"
    record.write_bytes(b"number: 42\ntitle: caf\xe9\n")
    result = run(project, *args)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "playbooks/incidents/0042-latin1.yaml:2:11: error: file is not valid UTF-8 "
        "(byte 0xe9) (file-encoding)"
    )
    assert record.read_bytes() == b"number: 42\ntitle: caf\xe9\n"


def test_symlink_loop_does_not_empty_the_list(project: Path) -> None:
    folder = project / "playbooks/incidents"
    (folder / "0044-loop.yaml").symlink_to("loop.yaml")
    (folder / "loop.yaml").symlink_to("0044-loop.yaml")
    result = run(project, "list")
    assert result.exit_code == 0
    rows = result.output.splitlines()
    assert rows[0].startswith("ID ")
    assert [r.split()[0] for r in rows[1:]] == [
        p.name.removesuffix(".yaml") for p in sorted(folder.glob("00*.yaml")) if p.is_file()
    ]
    assert len(rows) == 9
