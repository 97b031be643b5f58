"""Write a file so that readers see the old content or the new one, never half of it."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import PlaybookError


def write_atomic(file: Path, text: str, shown: str | None = None) -> None:
    """Replace ``file`` with ``text`` so that readers see the old file or the new one.

    A refusal (read-only folder, immutable file, full disk) names ``file`` as the user
    knows it (``shown``), not the temporary file the operating system complained about.
    """
    try:
        mode = stat.S_IMODE(file.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, file)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise PlaybookError(
                f"cannot write {shown or file}: {reason}; it is left as it was"
            ) from None
        raise
