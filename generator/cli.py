"""The ``playbook`` command line: parse arguments, delegate, print.

Commands live one per module in :mod:`generator.commands` (``new_incident.py`` is
``playbook new-incident``); each module exposes ``command``. Modules are imported only
when their command runs, so ``playbook log`` does not pay for the site builder's imports.
This file only assembles the group and is the single boundary where the core's errors
(:mod:`generator.errors`, which know nothing of click) become messages and exit codes:
1 for :class:`~generator.errors.PlaybookError`, 2 for a usage problem.
"""

from __future__ import annotations

import errno
import importlib
import pkgutil
from typing import IO, Any

import click

from . import __version__, commands
from .errors import PlaybookError, TargetRefused, UsageProblem
from .terminal import visible_lines


class _LazyGroup(click.Group):
    """A group whose subcommands are found by module name and imported on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = (m.name for m in pkgutil.iter_modules(commands.__path__))
        return sorted(n.replace("_", "-") for n in names if not n.startswith("_"))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.list_commands(ctx):
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
    cli(prog_name="playbook")
