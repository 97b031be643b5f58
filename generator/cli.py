"""The ``playbook`` command line: parse arguments, delegate, print.

Commands live one per module in :mod:`generator.commands` (``new_incident.py`` is
``playbook new-incident``); each module exposes ``command``. Modules are imported only
when their command runs, so ``playbook log`` does not pay for the site builder's imports,
and ``playbook --help`` lists them from :data:`SUMMARIES` without importing any.
This file only assembles the group and is the single boundary where the core's errors
(:mod:`generator.errors`, which know nothing of click) become messages and exit codes:
1 for :class:`~generator.errors.PlaybookError`, 2 for a usage problem.
"""

from __future__ import annotations

import errno
import importlib
import io
import os
import signal
import sys
from typing import IO, Any

import click

from . import __version__, commands
from .errors import PlaybookError, TargetRefused, UsageProblem
from .terminal import visible_lines

#: Each command's name and the first paragraph of its help, as ``playbook --help`` lists
#: them. Listing from here spares importing every command module (and so the record models,
#: the YAML editor and the site builder) just to print a line each: half a second. A test
#: keeps this equal to the commands' own help and to the modules in generator/commands/.
SUMMARIES = {
    "actions": "List post-mortem action items across all incidents: owner, due day, overdue.",
    "build": "Build the published site: severity levels, playbooks, incidents, post-mortems.",
    "check": "Tick a checklist item by hand (or remove the tick, with --undo).",
    "comms": "Print a status-page, internal or customer message filled from the record.",
    "done": "Close an incident: set its status to closed if policy allows.",
    "export": "Export all incident records with their computed durations, SLA results and links.",
    "generate": "Write the pages MkDocs would build as Markdown files, for any site engine.",
    "init": "Create a runbook repository: default policy, playbooks, an example incident, "
    "mkdocs.yml, a CI workflow, JSON Schemas and a README.",
    "list": "List incidents, oldest first, with status and computed duration.",
    "log": "Add an event to an incident's timeline.",
    "new-incident": "Create the next incident record and print its path.",
    "role": "Hand an incident role to someone (or clear it), and log the handover.",
    "rules": "List every rule: its id, level and what it checks.",
    "schema": "Write JSON Schemas for incident records, policy files and playbooks.",
    "severity": "Raise or lower an incident's severity, and log the change.",
    "serve": "Serve the site locally and update it as files under playbooks/ change.",
    "show": "Show an incident: computed duration, SLA results, timeline, tasks, checklist.",
    "stats": "Print incident counts, MTTA, MTTR and SLA results per severity and quarter.",
    "task": "Mark a task of the incident's increment done (or not, with --undo).",
    "validate": "Check policy, playbooks and incident records; report every problem.",
}


class _LazyGroup(click.Group):
    """A group whose subcommands are found by module name and imported on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUMMARIES)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, laid out as click's own but without importing
        each command to read its help."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)
        # A bare command with the same help shortens it exactly as the real one would.
        rows = [(n, click.Command(n, help=SUMMARIES[n]).get_short_help_str(limit)) for n in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in SUMMARIES:
            return None
        module = importlib.import_module(f"{commands.__name__}.{cmd_name.replace('-', '_')}")
        command = getattr(module, "command", None)
        return command if isinstance(command, click.Command) else None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            # click itself quiets a closed pipe (`playbook list | head`).
            if exc.errno == errno.EPIPE:
                raise
            raise _Failure(PlaybookError(os_message(exc))) from None
        except UsageProblem as exc:
            # No usage banner: the message names the option and how to write it.
            raise click.UsageError(visible_lines(exc.message)) from None
        except TargetRefused as exc:
            raise _Refused(exc) from None
        except PlaybookError as exc:
            raise _Failure(exc) from None


class _Failure(click.ClickException):
    """A core error as click prints it: its details, then ``Error: message``."""

    def __init__(self, error: PlaybookError) -> None:
        # Messages name files and echo what was typed: a control character in either shows
        # as its escape instead of moving the cursor or starting a forged CI log line.
        super().__init__(visible_lines(error.message))
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        details = self.error.details()
        if details:
            click.echo(details, file=file, err=file is None)
        click.echo(f"Error: {self.message}", file=file, err=file is None)


class _Refused(_Failure):
    """A write target refused before anything was touched: exit 2, like a usage error."""

    exit_code = 2


def os_message(exc: OSError) -> str:
    """A read-only folder, a full disk, a symlink loop: the file and the reason."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename is not None else reason


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="playbook")
def cli() -> None:
    """Incident playbooks as code: validate policy and incident records, build the site.

    \b
    Example:
      playbook validate
      playbook new-incident "hotfix: fix auth token validation" --severity SEV1
      playbook build --strict
    """


def main() -> None:
    # pydantic looks for plugins (observability hooks) by scanning every installed
    # package's entry points the first time it builds a validator: importing
    # importlib.metadata and reading the metadata costs a short command a seventh of its
    # run, and no plugin has any use for a command line tool's record checks. Someone who
    # sets the variable themselves keeps their setting.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    signal.signal(signal.SIGTERM, _terminated)
    _never_fail_printing()
    cli(prog_name="playbook")


def _never_fail_printing() -> None:
    """Record text goes to a terminal whose encoding may not hold it (``PYTHONIOENCODING=
    latin-1``, a legacy locale): printing "→" there raised UnicodeEncodeError after ``log``
    had written the event, so a retry logged it twice. A character the terminal cannot show
    is printed as its escape (``\\u2192``) instead."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (a CI step's timeout, ``kill``) unwinds like Ctrl-C: the half-built site
    and the work folders beside it are removed, the previous site stays. The forked
    copies go first, so none writes into a folder being removed."""
    from .forked import stop_all

    stop_all()
    raise SystemExit(128 + signum)
