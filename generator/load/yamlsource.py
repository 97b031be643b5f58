"""Read one YAML file safely, keeping the source position of every value.

Why not ``yaml.safe_load``: it silently keeps the last of two duplicate keys, applies
YAML 1.1 implicit typing (``NO`` → False, ``0015`` → 13, ``10:30`` → 630), expands alias
bombs, and forgets where each value came from. Here libyaml's C parser composes the node
tree (fast, and it caps nesting depth itself), and :func:`_Builder` turns nodes into
plain Python values with YAML 1.2 core-schema scalars, recording ``(line, column)`` for
every path so schema errors can point at the exact place. Every failure becomes a
:class:`~generator.problems.Problem`; nothing here raises on bad input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..problems import Level, Problem, ProblemSink, shorten

#: Files above this size are refused before parsing: a record is a few KB.
MAX_FILE_BYTES = 1_000_000
#: Deeper structures are refused; no record needs more than a handful of levels.
MAX_DEPTH = 40

Pos = tuple[int, int]
Key = tuple[str | int, ...]

#: The UTF-8 byte order mark some editors write first; it is not part of the text.
BOM = b"\xef\xbb\xbf"
#: What a forbidden character is read as once reported, so the rest of the file is still
#: checked: one character for one, so every later column stays where the editor shows it.
_REPLACEMENT = "\ufffd"
# C0 controls except tab/newline/CR, DEL, C1 controls, and the bidi embedding/override/
# isolate characters that can make displayed text read differently from its bytes.
# U+2028/U+2029 too: invisible, and YAML 1.1 (libyaml) counts them as line breaks, so every
# later line number would differ from the editor's. U+FFFE/U+FFFF: libyaml refuses them
# with no usable position.
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]"
)

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
# Only scalars starting with one of these can be anything but text; most are text.
_MAYBE_TYPED = frozenset("-+.0123456789~nNtTfF")

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_ALLOWED_TAGS |= {f"{_TAG}timestamp", "tag:playbook:plain"}


class _Loader(yaml.CSafeLoader):
    """libyaml composer with no implicit resolvers: every plain scalar arrives tagged
    ``str`` and :func:`resolve_plain` applies YAML 1.2 core rules instead of 1.1's."""


_PLAIN = "tag:playbook:plain"
_STR, _SEQ, _MAP = f"{_TAG}str", f"{_TAG}seq", f"{_TAG}map"


def _resolve(self: Any, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
    # Called by libyaml's composer for every untagged node. PyYAML's own resolver walks
    # regex tables in Python for each one; this is the whole of what we need, and it tags
    # every plain scalar as such so that an explicit `!!str 0015` stays distinct.
    if kind is yaml.ScalarNode:
        return _PLAIN if implicit[0] else _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


def _nothing(*_: Any) -> None:
    return None


_Loader.resolve = _resolve  # type: ignore[method-assign]
_Loader.descend_resolver = _nothing  # type: ignore[method-assign,assignment]
_Loader.ascend_resolver = _nothing  # type: ignore[method-assign,assignment]


class WrittenInt(int):
    """An int that remembers how it was written.

    A text field given ``0015`` or ``1.10`` unquoted must keep exactly that, not the
    ``15`` or ``1.1`` a number prints as; pydantic turns numbers into text with ``str()``.
    """

    text: str

    def __str__(self) -> str:
        return self.text


class WrittenFloat(float):
    """A float that remembers how it was written (see :class:`WrittenInt`)."""

    text: str

    def __str__(self) -> str:
        return self.text


def _written(kind: type[WrittenInt] | type[WrittenFloat], value: float, text: str) -> Any:
    number = kind(value)
    number.text = text
    return number


#: Integers at or beyond this magnitude stay text: no field counts that high, and Python
#: refuses to convert decimal text of more than 4,300 digits at all. An integer field then
#: reports the value as out of range at its position; a text field keeps it as written.
INT_LIMIT = 2**63


def _int(text: str, digits: str, base: int) -> Any:
    if len(digits) > 64 or abs(value := int(digits, base)) >= INT_LIMIT:
        return text
    return _written(WrittenInt, -value if text.startswith("-") else value, text)


def resolve_plain(text: str) -> Any:
    """Type a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if not text:
        return None
    if text[0] not in _MAYBE_TYPED:
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return _int(text, text.lstrip("+-").lstrip("0") or "0", 10)
    if _INT8.match(text):
        return _int(text, text[2:], 8)
    if _INT16.match(text):
        return _int(text, text[2:], 16)
    if _FLOAT.match(text):
        return _written(WrittenFloat, float(text), text)
    if _INF.match(text):
        return _written(WrittenFloat, float("-inf" if text.startswith("-") else "inf"), text)
    if _NAN.match(text):
        return _written(WrittenFloat, float("nan"), text)
    return text


class SourceMap:
    """Where each value (and each mapping key) of a document starts.

    Positions are only needed when something is wrong, and recording one per node is most
    of the cost of loading a valid file. So a map made with ``text=`` stays empty until
    it is first asked, then parses that text once more and fills itself in.
    """

    __slots__ = ("_keys", "_text", "_values")

    def __init__(
        self,
        values: dict[Key, Pos] | None = None,
        keys: dict[Key, Pos] | None = None,
        *,
        text: str | None = None,
    ) -> None:
        self._values = values if values is not None else {}
        self._keys = keys if keys is not None else {}
        self._text = text

    def _fill(self) -> None:
        text, self._text = self._text, None
        node = None if text is None else yaml.compose(text, Loader=_Loader)
        if node is not None:
            # The text parsed cleanly once already, so this cannot report anything new.
            _Builder(ProblemSink(""), self).build(node, (), 0)

    @property
    def values(self) -> dict[Key, Pos]:
        self._fill()
        return self._values

    @property
    def keys(self) -> dict[Key, Pos]:
        self._fill()
        return self._keys

    def locate(self, loc: Key, *, key: bool = False) -> Pos:
        """Position of ``loc``, falling back to its nearest ancestor that exists.

        A missing field has no position of its own; it is reported at its parent, as
        users expect ("this mapping lacks X").
        """
        values, keys = self.values, self.keys
        table = keys if key else values
        path = tuple(loc)
        while path:
            if path in table:
                return table[path]
            if not key and path in keys:
                return keys[path]
            path = path[:-1]
        return values.get((), (1, 1))


@dataclass
class Document:
    """A parsed YAML file: its data (``None`` when unusable), positions and problems."""

    path: str
    data: Any
    source: SourceMap
    problems: list[Problem]
    text: str = ""

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.problems

    @property
    def sound(self) -> bool:
        """Is the data fit for schema and rule checks despite the problems found so far?

        After a duplicate key the first value is kept, a control character is read as U+FFFD
        (its position reported), and warnings lose nothing, so checking goes on and the user
        sees every problem of the file at once; any other parse problem leaves nothing sound
        to check.
        """
        return self.data is not None and all(
            p.rule in _CHECKABLE or p.level is Level.WARNING for p in self.problems
        )

    @property
    def editable(self) -> bool:
        """Sound, and its text is what the data says: no control character was replaced."""
        return self.sound and not any(p.rule == "text-control-char" for p in self.problems)


#: Parse problems after which the data is still worth checking (see :attr:`Document.sound`).
_CHECKABLE = frozenset({"yaml-duplicate-key", "text-control-char"})


def forbidden(code: int) -> str:
    """Why the character ``code`` is refused, in words."""
    if code in (0x2028, 0x2029):
        name = "line" if code == 0x2028 else "paragraph"
        return (
            f"invisible {name} separator U+{code:04X} is not allowed (YAML would read it as a "
            "line break); use a newline"
        )
    if code in (0xFFFE, 0xFFFF):
        return f"noncharacter U+{code:04X} is not allowed"
    return f"control or bidi-override character U+{code:04X} is not allowed"


def _pos(mark: Any) -> Pos:
    return (mark.line + 1, mark.column + 1)


def _offset_pos(text: str, offset: int) -> Pos:
    line = text.count("\n", 0, offset) + 1
    return (line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _escaped_control(node: yaml.Node) -> bool:
    """A double-quoted scalar that spells a forbidden character as an escape (``"\\e[2J"``,
    ``"\\u202E"``): the raw-text scan cannot see it, the value would carry it."""
    return getattr(node, "style", None) == '"' and _FORBIDDEN_CHARS.search(node.value) is not None


class _Unsound(Exception):
    """Raised by :func:`_fast` at the first thing that needs a positioned problem."""


_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _fast(node: yaml.Node, seen: set[int], depth: int) -> Any:
    """Node tree to values for the common case: no positions, no problems.

    It gives up (:class:`_Unsound`) at anything :class:`_Builder` would report, and the
    caller then runs the builder, which reports it properly. Kept lean on purpose: it is
    the per-node cost of every valid file.
    """
    if id(node) in seen or depth > MAX_DEPTH:
        raise _Unsound
    seen.add(id(node))
    tag, kind = node.tag, node.__class__
    if kind is _ScalarNode:
        if tag == _PLAIN:
            return resolve_plain(node.value)
        if tag == _STR and not _escaped_control(node):
            return node.value
    elif kind is _MappingNode and tag == _MAP:
        depth += 1
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if (
                key_node.__class__ is not _ScalarNode
                or key in result
                or key.strip() != key
                or _escaped_control(key_node)
            ):
                raise _Unsound
            result[key] = _fast(value_node, seen, depth)
        return result
    elif kind is _SequenceNode and tag == _SEQ:
        depth += 1
        return [_fast(item, seen, depth) for item in node.value]
    raise _Unsound


class _Builder:
    """Turns a composed node tree into Python values, recording positions."""

    def __init__(self, sink: ProblemSink, source: SourceMap) -> None:
        self.sink = sink
        self.source = source
        self.values = source._values
        self.keys = source._keys
        self.seen: set[int] = set()
        self.aliased = False

    def build(self, node: yaml.Node, path: Key, depth: int) -> Any:
        if id(node) in self.seen:
            # libyaml resolves `*alias` to the very node object of its anchor; seeing a
            # node twice means an alias. Refusing them keeps alias bombs linear. The
            # alias itself has no mark here; :func:`_alias_problems` reports each one.
            self.aliased = True
            return None
        self.seen.add(id(node))
        self.values[path] = _pos(node.start_mark)
        if depth > MAX_DEPTH:
            self.sink.error(
                _pos(node.start_mark), f"nesting deeper than {MAX_DEPTH} levels", "yaml-depth"
            )
            return None
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            self.sink.error(
                _pos(node.start_mark), f"tag {shorten(_short_tag(tag))} is not allowed", "yaml-tag"
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, tag)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self._mapping(node, path, depth)

    def _scalar(self, node: yaml.ScalarNode, tag: str) -> Any:
        value: str = node.value
        if tag == _PLAIN:
            return resolve_plain(value)
        if tag in (_STR, f"{_TAG}timestamp"):
            if _escaped_control(node):
                self._control_char(node)
                return _FORBIDDEN_CHARS.sub(_REPLACEMENT, value)
            return value
        typed = resolve_plain(value)
        expected: dict[str, Callable[[Any], bool]] = {
            f"{_TAG}int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            f"{_TAG}float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            f"{_TAG}bool": lambda v: isinstance(v, bool),
            f"{_TAG}null": lambda v: v is None,
            _SEQ: lambda v: False,
            _MAP: lambda v: False,
        }
        if not expected[tag](typed):
            self.sink.error(
                _pos(node.start_mark),
                f"{shorten(value)!r} is not a valid {_short_tag(tag)}",
                "yaml-tag",
            )
            return None
        return float(typed) if tag.endswith("float") else typed

    def _control_char(self, node: yaml.ScalarNode) -> None:
        code = ord(_FORBIDDEN_CHARS.findall(node.value)[0])
        self.sink.error(
            _pos(node.start_mark),
            forbidden(code),
            "text-control-char",
        )

    def _mapping(self, node: yaml.MappingNode, path: Key, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.sink.error(
                    _pos(key_node.start_mark), "mapping keys must be plain text", "yaml-key"
                )
                continue
            key = str(key_node.value)
            if _escaped_control(key_node):
                # A key is echoed in messages ("checklist.<key>: …"): never let it carry
                # an escape sequence to the reader's terminal.
                self._control_char(key_node)
                key = _FORBIDDEN_CHARS.sub(_REPLACEMENT, key)
            if key != key.strip():
                # Models strip text: " commander" would become a second "commander" after
                # the duplicate check, and silently replace the first one's value.
                self.sink.error(
                    _pos(key_node.start_mark),
                    f"key {shorten(key)!r} has white space around it; write {key.strip()!r}",
                    "yaml-key",
                )
                continue
            child = (*path, key)
            if key in result or child in self.keys:
                first = self.keys[child][0]
                self.sink.error(
                    _pos(key_node.start_mark),
                    f"duplicate key {shorten(key)!r} (first defined at line {first})",
                    "yaml-duplicate-key",
                )
                continue
            self.keys[child] = where = _pos(key_node.start_mark)
            result[key] = self.build(value_node, child, depth + 1)
            if not isinstance(value_node, yaml.ScalarNode) and not value_node.flow_style:
                # A block mapping or list starts on the line below its key, at its first
                # entry; "root_cause: missing 'text'" belongs on the `root_cause:` line.
                self.values[child] = where
        return result


def _alias_problems(text: str, sink: ProblemSink) -> None:
    """One problem at each ``*alias``, naming the line of its anchor."""
    anchors: dict[str, int] = {}
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            continue
        if isinstance(event, yaml.AliasEvent):
            where = (
                f" (anchor &{shorten(anchor)} at line {anchors[anchor]})"
                if anchor in anchors
                else ""
            )
            sink.error(
                _pos(event.start_mark),
                f"alias *{shorten(anchor)} is not allowed in playbook files; write the value out{where}",
                "yaml-alias",
            )
        else:
            anchors[anchor] = _pos(event.start_mark)[0]


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


# ` #word` with no space after `#`: in YAML that starts a comment, but people write it as
# text ("Posted in #incidents") and the channel name silently disappears.
_MAYBE_LOST_TEXT = re.compile(r"[ \t]#[^\s#!]")
_LOST_TEXT = re.compile(r"[ \t]+(#[^\s#!][^\s,]*)")


def _lost_text_warnings(text: str, root: yaml.Node, sink: ProblemSink) -> None:
    """Warn where a comment glued to a plain scalar looks like text that was meant to stay.

    Only files the cheap regex flags are looked at (it also flags ``"Posted in #incidents"``
    in quotes, which most records hold), and then only where each plain scalar of the
    composed tree ends, which costs little next to scanning the text again token by token.
    """
    ends: list[tuple[int, str]] = []
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        kind = node.__class__
        if kind is _ScalarNode:
            # A plain scalar is never empty; an empty node is a value left out (`key:`).
            if not getattr(node, "style", None) and node.value:
                ends.append((node.end_mark.index, node.value))
        elif kind is _MappingNode:
            stack.extend(part for pair in node.value for part in pair)
        else:
            stack.extend(node.value)
    for end, value in sorted(ends):
        match = _LOST_TEXT.match(text, end)
        if match is None:
            continue
        sink.warning(
            _offset_pos(text, match.start(1)),
            f"{match.group(1)!r} starts a YAML comment, so it is left out of the value "
            f"{shorten(value)!r}; quote the whole value to keep it",
            "yaml-comment-in-text",
        )


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[Pos, str]:
    """Where to report a syntax error, and a message naming both ends of the trouble.

    libyaml marks where parsing stopped (``problem_mark``) and often where the construct it
    was reading opened (``context_mark``). A quote left open is the common case where the
    stop is far from the mistake: the scanner runs on to the end of the file, or to the next
    quote, lines below. It is reported where the quote opens.
    """
    stop = exc.problem_mark or exc.context_mark
    stop_pos = _pos(stop) if stop is not None else (1, 1)
    problem = str(exc.problem or "invalid YAML")
    opened = _pos(exc.context_mark) if exc.context_mark is not None else None
    unclosed = "end of stream" in problem or "document" in problem
    if exc.context and "quoted scalar" in exc.context and opened is not None and unclosed:
        return opened, (
            f"the quoted value opened here is never closed; parsing stopped at line "
            f"{stop_pos[0]}, column {stop_pos[1]}: {problem}"
        )
    runaway = _runaway_quote(text, stop_pos)
    if runaway is not None:
        return runaway, (
            f"the quoted value opened here runs on to line {stop_pos[0]}; is its closing quote "
            f"missing? (parsing stopped at line {stop_pos[0]}, column {stop_pos[1]}: {problem})"
        )
    if exc.context and opened is not None and opened != stop_pos:
        where = f"line {opened[0]}, column {opened[1]}"
        return stop_pos, f"{exc.context} (opened at {where}): {problem}"
    return stop_pos, " ".join(str(part) for part in (exc.context, exc.problem) if part)


def _runaway_quote(text: str, stop: Pos) -> Pos | None:
    """Start of a quoted value that spans lines and ends on the line where parsing stopped:
    the sign of a missing closing quote that the next quote in the file "closed"."""
    found: Pos | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line
                and token.end_mark.line + 1 == stop[0]
            ):
                found = _pos(token.start_mark)
    except yaml.YAMLError:
        pass
    return found


def load_text(text: str, path: str, *, fast: bool = True) -> Document:
    """Parse YAML text already decoded; ``path`` is used in problems only.

    ``fast=False`` skips the fast path (tests check both paths agree on every fixture).
    """
    sink = ProblemSink(path)
    source = SourceMap()
    original = text
    for match in _FORBIDDEN_CHARS.finditer(text):
        sink.error(
            _offset_pos(text, match.start()),
            forbidden(ord(match.group())),
            "text-control-char",
        )
    if sink.problems:
        # Reported; now read past them so every other problem of the file shows too.
        text = _FORBIDDEN_CHARS.sub(_REPLACEMENT, text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        pos, message = _syntax_error(text, exc)
        sink.error(pos, f"YAML syntax error: {message}", "yaml-syntax")
        return Document(path, None, source, sink.problems, original)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        sink.error((1, 1), f"YAML syntax error: {str(exc)[:200]}", "yaml-syntax")
        return Document(path, None, source, sink.problems, original)
    if node is None:
        sink.error((1, 1), "file is empty; expected a mapping of fields", "file-empty")
        return Document(path, None, source, sink.problems, original)
    try:
        if not fast:
            raise _Unsound
        data = _fast(node, set(), 0)
        source = SourceMap(text=text)
    except _Unsound:
        builder = _Builder(sink, source)
        data = builder.build(node, (), 0)
        if builder.aliased:
            _alias_problems(text, sink)
    if _MAYBE_LOST_TEXT.search(text):
        _lost_text_warnings(text, node, sink)
    if not isinstance(data, dict):
        if all(p.rule in _CHECKABLE or p.level is Level.WARNING for p in sink.problems):
            kind = "a list" if isinstance(data, list) else "a single value"
            sink.error(
                _pos(node.start_mark),
                f"top level is {kind}; expected a mapping of fields",
                "file-not-mapping",
            )
        data = None
    return Document(path, data, source, sink.problems, original)


def load_file(file: Path, display: str) -> Document:
    """Read, size-check and strictly decode ``file``; ``display`` is its shown path."""
    sink = ProblemSink(display)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            sink.error(
                (1, 1),
                f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                "file-too-large",
            )
            return Document(display, None, SourceMap(), sink.problems)
        raw = file.read_bytes()
    except OSError as exc:
        sink.error((1, 1), f"cannot read file: {exc.strerror}", "file-unreadable")
        return Document(display, None, SourceMap(), sink.problems)
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # Columns count characters, as editors do, not bytes.
        start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        # Windows editors save "Unicode" as UTF-16, which starts with its own mark.
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        sink.error(
            (line, col),
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
            + ("; it is UTF-16: save it as UTF-8" if utf16 else ""),
            "file-encoding",
        )
        return Document(display, None, SourceMap(), sink.problems)
    return load_text(text, display)
