"""Field types shared by policy and record models.

Timestamps accept only text (or datetimes) with a UTC offset: pydantic would otherwise take
an integer as seconds since 1970, which is how a YAML ``10:30`` once became a date in 1970.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from .durations import duration_text, parse_duration


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors (typos must not pass silently)."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        frozen=False,
        hide_input_in_errors=True,
    )


def _text_only(kind: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, datetime | date | str):
            return value
        raise ValueError(f"{kind} must be written as text like {_EXAMPLES[kind]}")

    return check


_EXAMPLES = {"timestamp": "2024-11-25T14:32:00Z", "date": "2024-12-02"}


def _timestamp(value: Any) -> Any:
    """Parse here rather than in pydantic, so a bad time gets a message that says how to
    write it (pydantic says "input is too short" for ``10:30``)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"{shown!r} is not a timestamp; write date, time and UTC offset "
                f"like {_EXAMPLES['timestamp']}"
            ) from None
        if parsed.tzinfo is None:
            raise ValueError(
                f"{shown!r} has no UTC offset; add Z for UTC or the local one like +01:00"
            )
    else:
        raise ValueError(f"timestamp must be written as text like {_EXAMPLES['timestamp']}")
    return parsed


Timestamp = Annotated[
    AwareDatetime,
    BeforeValidator(_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Day = Annotated[
    date,
    BeforeValidator(_text_only("date")),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise ValueError("duration must be text like 15m, 4h, 1h30m or 5d")
    return parse_duration(value)


Duration = Annotated[
    timedelta,
    BeforeValidator(_duration),
    PlainSerializer(duration_text, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?$"}),
]

#: Short identifiers used in file names, anchors and URLs: they must not escape a folder.
Ident = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line; use a text field for several lines")
    return value


#: Titles, labels, list items: shown in tables and terminal rows, so never several lines
#: (a line break in a title could forge an extra row in `playbook list`).
Line = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_one_line)]
Markdown = Text


def model_of(annotation: Any) -> Any:
    """The pydantic model inside an annotation (``X | None``, ``list[X]``), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = model_of(arg)
        if found is not None:
            return found
    return None


SLUG_RE = re.compile(SLUG_PATTERN)

__all__ = [
    "Day",
    "Duration",
    "Field",
    "Ident",
    "Line",
    "Markdown",
    "Slug",
    "Strict",
    "Text",
    "Timestamp",
]
