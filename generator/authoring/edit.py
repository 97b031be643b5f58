"""Change an incident record in place without disturbing what a person wrote.

The file is loaded with ruamel.yaml's round-trip mode, which keeps comments, key order,
quoting, flow or block style and blank lines; the change is applied to that tree; the
result is dumped to text and checked by the very validator ``playbook validate`` uses.
Only when the new text introduces no new error is it written, atomically (a temporary file
in the same folder, then ``os.replace``), so a reader never sees half a file and a refused
edit leaves the file byte-for-byte as it was.

Errors the record already had do not block an edit (a scribe must be able to log an event
on a record whose post-mortem is overdue); errors the edit would add always do.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from ..check.recordcheck import Checked, Context, check_text, read_text
from ..errors import PlaybookError, ProblemsFound
from ..facts.clock import stamp
from ..files import write_atomic
from ..load.project import Record, display_path
from ..problems import Problem
from .filelock import locked

_BOM = "\ufeff"


class Stamp(str):
    """A timestamp string written as a plain YAML scalar (``2024-11-25T14:32:00Z``), the
    way people type them, instead of the quoted form ruamel would otherwise choose."""

    __slots__ = ()

    @classmethod
    def of(cls, when: datetime) -> Stamp:
        return cls(stamp(when))


def _represent_stamp(representer: Any, value: Stamp) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", str(value))


_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(?:#.*)?$")
_DASH_LINE = re.compile(r"^( *)-( +)\S")
_CHILD_KEY = re.compile(r"^( *)[^\s#-]")


def _indentation(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the file already uses them.

    ruamel applies one indentation to the whole file it writes; using the file's own
    keeps every untouched line as it was.
    """
    mapping, sequence, offset = None, None, None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for before, line in itertools.pairwise(lines):
        parent = _KEY_LINE.match(before)
        if parent is None:
            continue
        base = len(parent.group(1))
        dash = _DASH_LINE.match(line)
        if dash and sequence is None and len(dash.group(1)) >= base:
            offset = len(dash.group(1)) - base
            sequence = offset + 1 + len(dash.group(2))
        elif not dash and mapping is None:
            child = _CHILD_KEY.match(line)
            if child and len(child.group(1)) > base:
                mapping = len(child.group(1)) - base
        if mapping is not None and sequence is not None:
            break
    return mapping or 2, sequence or 4, offset if offset is not None else 2


def round_trip(text: str) -> YAML:
    """A ruamel.yaml instance that writes ``text`` back exactly as it reads it."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # Never re-wrap a long line someone wrote on purpose.
    yaml.width = 100_000
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.representer.add_representer(Stamp, _represent_stamp)
    return yaml


def dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# --- Comments that belong after a block ------------------------------------------------
# ruamel attaches the blank lines and comments that follow a block to the last scalar in
# it. Appending after that scalar would leave them stranded above the new entry, so they
# move to the new last entry: "a: 1  # why\n\n# next section\n" keeps "# why" on a and
# gives the blank line and "# next section" to the entry that now ends the block.


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node) and not node.fa.flow_style()


def _take_tail(node: Any) -> str:
    """Detach and return the blank lines and comments after ``node``'s last line."""
    if not _is_block(node):
        return ""
    last: Any = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    if _is_block(node[last]):
        return _take_tail(node[last])
    if isinstance(node, CommentedSeq) and node.ca.end:
        # After a flow entry ({…}) in a block sequence, ruamel keeps them at the end.
        tail = "".join(str(token.value) for token in node.ca.end)
        node.ca.end = []
        return tail
    index = 2 if isinstance(node, CommentedMap) else 0
    entry = node.ca.items.get(last)
    if not entry or entry[index] is None:
        return ""
    head, sep, tail = str(entry[index].value).partition("\n")
    entry[index] = _token(head + sep) if head.strip() else None
    return tail


def _give_tail(node: Any, tail: str) -> None:
    """Put ``tail`` after ``node``'s last line (the inverse of :func:`_take_tail`)."""
    if not tail or not _is_block(node):
        return
    last: Any = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    if _is_block(node[last]):
        _give_tail(node[last], tail)
    else:
        entry = node.ca.items.setdefault(last, [None, None, None, None])
        index = 2 if isinstance(node, CommentedMap) else 0
        kept = entry[index].value if entry[index] is not None else "\n"
        entry[index] = _token(kept + tail)


def _token(text: str) -> CommentToken:
    return CommentToken(text, CommentMark(0), None)


def append_item(seq: CommentedSeq, item: Any) -> None:
    """Append to a block or flow sequence, keeping the comments that follow it in place."""
    tail = _take_tail(seq)
    seq.append(item)
    _give_tail(seq, tail)


def insert_item(seq: CommentedSeq, index: int, item: Any) -> None:
    if index >= len(seq):
        append_item(seq, item)
    else:
        seq.insert(index, item)


def set_key(mapping: CommentedMap, key: str, value: Any, *, section: bool = False) -> None:
    """Set ``key``; a new key goes last, keeping the comments that follow the mapping.

    A new ``section`` (a top-level block) is set off by a blank line, as sections are.
    """
    if key in mapping:
        mapping[key] = value
        return
    tail = _take_tail(mapping)
    if section:
        _give_tail(mapping, "\n")
        tail = tail if tail.startswith("\n") or not tail else "\n" + tail
        tail = tail.removeprefix("\n") if tail.strip() == "" else tail
    mapping[key] = value
    _give_tail(mapping, tail)


def set_key_after(mapping: CommentedMap, key: str, value: Any, after: tuple[str, ...]) -> None:
    """Set ``key``; a new key goes right after the first key of ``after`` the mapping has
    (``roles`` under ``services``, where people write it), else last.

    The blank lines and comments below that key belong to what follows it ("# Step 1 …"
    above ``assessment``), so they move below the new key.
    """
    if key in mapping:
        mapping[key] = value
        return
    prev = next((k for k in after if k in mapping), None)
    if prev is None or list(mapping)[-1] == prev:
        set_key(mapping, key, value)
        return
    tail = _take_entry_tail(mapping, prev)
    mapping.insert(list(mapping).index(prev) + 1, key, value)
    _give_entry_tail(mapping, key, tail)


def _take_entry_tail(mapping: CommentedMap, key: str) -> str:
    """Detach the blank lines and comments after ``key``'s entry (its own end-of-line
    comment stays)."""
    if _is_block(mapping[key]):
        return _take_tail(mapping[key])
    entry = mapping.ca.items.get(key)
    if not entry or entry[2] is None:
        return ""
    head, sep, tail = str(entry[2].value).partition("\n")
    entry[2] = _token(head + sep) if head.strip() else None
    return tail


def _give_entry_tail(mapping: CommentedMap, key: str, tail: str) -> None:
    if not tail:
        return
    if _is_block(mapping[key]):
        _give_tail(mapping[key], tail)
        return
    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    kept = entry[2].value if entry[2] is not None else "\n"
    entry[2] = _token(kept + tail)


def delete_key(mapping: CommentedMap, key: str) -> None:
    """Remove ``key``; if it was last, the comments after it stay where they were."""
    if key not in mapping:
        return
    last = list(mapping)[-1] == key
    tail = _take_tail(mapping) if last else ""
    del mapping[key]
    _give_tail(mapping, tail)


def like_siblings(seq: CommentedSeq, item: CommentedMap) -> CommentedMap:
    """Write ``item`` in flow style ``{a: 1}`` when the entries before it are; its text
    values quoted where a plain scalar would not read back as the same string."""
    if seq and isinstance(seq[-1], CommentedMap) and seq[-1].fa.flow_style():
        item.fa.set_flow_style()
    for key, value in item.items():
        if (
            isinstance(value, str)
            and not isinstance(value, Stamp | ScalarString)
            and not _reads_back(value, flow=bool(item.fa.flow_style()))
        ):
            item[key] = DoubleQuotedScalarString(value)
    return item


def _reads_back(text: str, *, flow: bool) -> bool:
    """Does ruamel's choice for ``text`` (plain or quoted) read back as ``text``? It writes
    "? unknown cause" or ": x" plain inside ``{…}``, which YAML readers refuse."""
    probe = CommentedMap(v=text)
    if flow:
        probe.fa.set_flow_style()
    out = io.StringIO()
    _PROBE.dump(CommentedSeq([probe]), out)
    try:
        back = yaml.load(out.getvalue(), Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return False
    return isinstance(back, list) and back[0] == {"v": text}


_PROBE = YAML()

#: Words and handles a plain YAML scalar holds as they are: ``alice``, ``Ana Li``.
_PLAIN = re.compile(r"^[A-Za-z0-9_][\w./+-]*(?: [\w./+-]+)*$")


def text_value(text: str) -> str:
    """``text`` as a value to write: plain where it can be, else double-quoted, as records
    write a handle (``"@alice"``) and as ``new-incident`` writes it."""
    return text if _PLAIN.match(text) else DoubleQuotedScalarString(text)


# --- The edit ----------------------------------------------------------------------------


@dataclass
class Edit:
    """The outcome of :func:`edit_record`."""

    path: Path
    before: Record
    after: Record
    changed: bool
    #: Warnings the new text has (post-mortem due soon, …): worth telling the user.
    warnings: list[Problem] = field(default_factory=list)


def _signature(problem: Problem) -> tuple[str, str]:
    return (problem.rule, problem.message)


def edit_record(
    ctx: Context,
    file: Path,
    change: Callable[[CommentedMap, Record], None],
    vet: Callable[[Checked], None] | None = None,
) -> Edit:
    """Apply ``change`` to the record's YAML tree and write it back if still valid.

    ``change`` receives the round-trip tree and the record as it is now (validated), so it
    can decide from typed values and write into the tree. ``vet`` sees the changed record
    checked, before anything is written, and may refuse it by raising.
    """
    display = display_path(ctx.root, file)
    # A record may be a link to a file elsewhere in the project (an archive folder): the
    # edit goes to that file. Writing the link's path would put a copy in its place, and
    # the two would drift apart. (Links out of the project are never loaded.)
    target = file.resolve() if file.is_symlink() else file
    with locked(target):
        original = read_text(file, display)
        bom = _BOM if original.startswith(_BOM) else ""
        text = original.removeprefix(_BOM)
        crlf = "\r\n" in text
        text = text.replace("\r\n", "\n")
        # Old Mac line ends (CR alone) are read as line ends and written back as such.
        cr = "\r" in text and "\n" not in text
        if cr:
            text = text.replace("\r", "\n")
        # A file saved without a final newline (many editors do) is edited as if it had
        # one: the YAML writer always ends with one, and the file gains it.
        if text and not text.endswith("\n"):
            text += "\n"
        before = check_text(ctx, text, file)
        if not before.parsed or before.record is None:
            raise ProblemsFound(before.errors, f"{display} has problems; fix them first")
        # The document's own markers (a "---" line on top, a "..." line at the end) stay
        # where they are; the YAML writer would drop or move them.
        head, body, tail = document_markers(text)
        yaml = round_trip(body)
        try:
            data = yaml.load(body)
        except YAMLError as exc:
            raise PlaybookError(f"{display} cannot be edited: {exc}") from None
        if dump(yaml, data) != body:
            raise PlaybookError(
                _reformat_message(display, body, dump(yaml, data), head.count("\n"))
            )
        change(data, before.record)
        new_text = head + dump(yaml, data) + tail
        if new_text == text:
            return Edit(file, before.record, before.record, False)
        after = check_text(ctx, new_text, file)
        if vet is not None:
            vet(after)
        known = {_signature(p) for p in before.errors}
        added = [p for p in after.errors if _signature(p) not in known]
        if added or after.record is None:
            raise ProblemsFound(added or after.errors, f"edit refused; {display} is unchanged")
        if crlf:
            new_text = new_text.replace("\n", "\r\n")
        elif cr:
            new_text = new_text.replace("\n", "\r")
        write_atomic(target, bom + new_text, display)
    known_warnings = {_signature(p) for p in before.problems}
    warnings = [
        p for p in after.problems if p not in after.errors and _signature(p) not in known_warnings
    ]
    return Edit(file, before.record, after.record, True, warnings)


#: A document marker on a line of its own, with at most a comment after it.
_START = re.compile(r"---[ \t]*(#.*)?\n")
_END = re.compile(r"\.\.\.[ \t]*(#.*)?\n")
#: Lines that are no part of the document's content: blank, or a comment.
_NOTHING = re.compile(r"[ \t]*(#.*)?\n")


def document_markers(text: str) -> tuple[str, str, str]:
    """``text`` as (head, body, tail): the head ends with the "---" line that starts the
    document, if it has one (with the comments above it); the tail starts with the "..."
    line that ends it, if any (with what follows). Otherwise head and tail are empty."""
    lines = text.splitlines(keepends=True)
    head = tail = 0
    for index, line in enumerate(lines):
        if _START.fullmatch(line):
            head = index + 1
            break
        if not _NOTHING.fullmatch(line):
            break
    for index in range(len(lines) - 1, head - 1, -1):
        if _END.fullmatch(lines[index]):
            tail = len(lines) - index
            break
        if not _NOTHING.fullmatch(lines[index]):
            break
    end = len(lines) - tail
    return "".join(lines[:head]), "".join(lines[head:end]), "".join(lines[end:])


def _reformat_message(display: str, text: str, again: str, above: int = 0) -> str:
    old, new = text.splitlines(), again.splitlines()
    line = above + next(
        (i + 1 for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)) + 1,
    )
    return (
        f"{display} cannot be edited without reformatting it (from line {line}); "
        "edit it by hand, or use consistent indentation so playbook can keep your layout"
    )
