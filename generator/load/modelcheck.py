"""Validate a parsed YAML document against a pydantic model, with positions.

Pydantic reports an error ``loc`` such as ``('timeline', 3, 'at')``; the document's
:class:`~generator.load.yamlsource.SourceMap` turns that into ``line:col``. A missing field
points at its parent mapping, an unknown field at its key, anything else at its value.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..model.common import (
    IDENT_PATTERN,
    KIND_PATTERN,
    SLUG_PATTERN,
    TASK_ID_PATTERN,
    model_of,
)
from ..problems import ProblemSink, shorten
from .yamlsource import Document, Key

M = TypeVar("M", bound=BaseModel)


def _where(loc: Key) -> str:
    """``"timeline[3]: "`` prefix for a message, empty at the top level."""
    return f"{_path_text(loc)}: " if loc else ""


def _path_text(loc: Key) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{shorten(part)}" if out else shorten(part)
    return out or "(top level)"


def _real_loc(loc: tuple[Any, ...], doc: Document) -> Key:
    """Drop pydantic's internal loc parts (union tags, validator names) that are not keys."""
    kept: list[str | int] = []
    for part in loc:
        candidate = (*kept, part)
        if candidate in doc.source.values or candidate in doc.source.keys:
            kept.append(part)
        elif part == loc[-1] and not (isinstance(part, str) and "[" in part):
            # A missing field has no position, but it is still a real key.
            kept.append(part)
    return tuple(kept)


def _model_at(model: type[BaseModel], loc: Key) -> Any:
    """The model (or type) of the value ``loc`` points at; None past a field it lacks."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return None
        current = model_of(field.annotation)
    return current


def _field_names(model: type[BaseModel], loc: Key) -> list[str]:
    """Field names allowed where ``loc`` points, for "did you mean" hints."""
    return list(getattr(_model_at(model, loc), "model_fields", {}))


#: What each identifier pattern of the models allows, in words (pydantic would print the
#: regular expression).
PATTERN_WORDS = {
    IDENT_PATTERN: "letters, digits, '-' and '_' (up to 64, starting with a letter or digit), "
    "like auth-api or SEV1",
    SLUG_PATTERN: "lower-case letters and digits in words joined by '-', like fix-auth-token",
    KIND_PATTERN: "lower-case letters, digits and '_' (up to 40, starting with a letter), "
    "like partial_recovery",
    TASK_ID_PATTERN: "T- and three digits, like T-001",
}


def _example(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """`` ({text: …, at: …, kind: …})``: fields of the model expected at ``loc``, the
    required ones first."""
    fields = getattr(_model_at(model, loc), "model_fields", {})
    names = sorted(fields, key=lambda n: not fields[n].is_required())
    return f" ({{{', '.join(f'{n}: …' for n in names[:3])}}})" if names else ""


def check_model(doc: Document, model: type[M], sink: ProblemSink) -> M | None:
    """Return the model instance, or ``None`` after reporting every schema problem."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False, include_input=True, include_context=True):
            loc = _real_loc(tuple(err["loc"]), doc)
            kind = err["type"]
            if kind == "missing":
                sink.error(
                    doc.source.locate(loc[:-1]),
                    f"{_where(loc[:-1])}missing required field {loc[-1]!r}",
                    "missing-field",
                )
            elif kind == "extra_forbidden":
                name = str(loc[-1])
                hint = difflib.get_close_matches(name, _field_names(model, loc[:-1]), n=1)
                suffix = f"; did you mean {hint[0]!r}?" if hint else ""
                sink.error(
                    doc.source.locate(loc, key=True),
                    f"{_where(loc[:-1])}unknown field {shorten(name)!r}{suffix}",
                    "unknown-field",
                )
            elif kind == "int_parsing_size":
                # Digits beyond what any count needs (the YAML reader keeps them as text).
                sink.error(
                    doc.source.locate(loc),
                    f"{_where(loc)}number is out of range (far too many digits)",
                    "invalid-value",
                )
            elif kind == "model_type":
                # "Input should be a valid dictionary or instance of Event": a blank item
                # (`- `) or a bare line where a mapping of fields belongs.
                value = err.get("input")
                got = (
                    "nothing"
                    if value is None
                    else f"{type(value).__name__} {shorten(str(value))!r}"
                )
                sink.error(
                    doc.source.locate(loc),
                    f"{_where(loc)}expected a mapping of fields{_example(model, loc)}, got {got}",
                    "invalid-value",
                )
            elif kind == "string_pattern_mismatch" and (
                words := PATTERN_WORDS.get(str((err.get("ctx") or {}).get("pattern")))
            ):
                value = err.get("input")
                shown = (
                    f"{shorten(value)!r} is not allowed here: " if isinstance(value, str) else ""
                )
                sink.error(
                    doc.source.locate(loc), f"{_where(loc)}{shown}use {words}", "invalid-value"
                )
            else:
                message = str(err["msg"]).removeprefix("Value error, ")
                sink.error(doc.source.locate(loc), f"{_where(loc)}{message}", "invalid-value")
        return None
