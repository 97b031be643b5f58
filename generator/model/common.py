"""Field types shared by policy and record models.

Timestamps accept only text (or datetimes) with a UTC offset: pydantic would otherwise take
an integer as seconds since 1970, which is how a YAML ``10:30`` once became a date in 1970.

Every value has a range the facts can compute with, checked here so that a wild value is a
problem at its own line and column instead of a crash three stages later (README, "Ranges"):

- timestamps lie between :data:`FIRST_INSTANT` and :data:`LAST_INSTANT` once converted to UTC
  (years 1970–2999), dates between :data:`FIRST_DAY` and :data:`LAST_DAY`;
- durations are at most :data:`MAX_DURATION` (3650 days);
- incident numbers are 1 to :data:`MAX_INCIDENT`; numbers are finite (no ``.nan``/``.inf``);
- one-line fields hold no line or paragraph separator and no invisible format character
  (Unicode category Cf), identities (owners, approvers) not even a joiner, and identities are
  compared in NFC form.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
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
from .limits import MAX_INCIDENT


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors (typos must not pass silently)."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        frozen=False,
        hide_input_in_errors=True,
        # `.nan` and `.inf` are YAML floats but no count or amount: they would make the JSON
        # exports invalid and every sum meaningless.
        allow_inf_nan=False,
        defer_build=True,
    )


def _text_only(kind: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, datetime | date | str):
            return value
        raise ValueError(f"{kind} must be written as text like {_EXAMPLES[kind]}")

    return check


_EXAMPLES = {"timestamp": "2024-11-25T14:32:00Z", "date": "2024-12-02"}

#: Times and dates outside these years are refused: far enough apart for any real record,
#: close enough that adding a policy target or padding a chart never leaves what
#: ``datetime`` can hold (years 1–9999).
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2999, 12, 31)
FIRST_INSTANT = datetime.combine(FIRST_DAY, time(), UTC)
LAST_INSTANT = datetime.combine(LAST_DAY, time(23, 59, 59), UTC)
#: Policy targets and deadlines longer than this are typing mistakes.
MAX_DURATION = timedelta(days=3650)


def check_timestamp_range(moment: datetime) -> str | None:
    """Why ``moment`` is outside the range playbook computes with, or None when it is fine.

    Judged in UTC: ``0001-01-01T00:00:00+14:00`` is a valid ISO text whose UTC instant does
    not exist in ``datetime`` at all.
    """
    try:
        utc = moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    except OverflowError:
        utc = None
    if utc is None or not FIRST_INSTANT <= utc <= LAST_INSTANT:
        return f"is out of range; times must lie between {FIRST_DAY.year} and {LAST_DAY.year} (UTC)"
    return None


def check_day_range(day: date) -> str | None:
    """Why ``day`` is outside :data:`FIRST_DAY`–:data:`LAST_DAY`, or None."""
    if not FIRST_DAY <= day <= LAST_DAY:
        return f"is out of range; dates must lie between {FIRST_DAY} and {LAST_DAY}"
    return None


def _day_in_range(value: date) -> date:
    reason = check_day_range(value)
    if reason is not None:
        raise ValueError(f"{value.isoformat()} {reason}")
    return value


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
    if parsed.tzinfo is not None:
        reason = check_timestamp_range(parsed)
        if reason is not None:
            raise ValueError(f"{parsed.isoformat()} {reason}")
    return parsed


Timestamp = Annotated[
    AwareDatetime,
    BeforeValidator(_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Day = Annotated[
    date,
    BeforeValidator(_text_only("date")),
    AfterValidator(_day_in_range),
    WithJsonSchema({"type": "string", "format": "date"}),
]

_DIGIT_RUN = re.compile(r"0*(\d+)")


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        parsed = value
    elif not isinstance(value, str):
        raise ValueError("duration must be text like 15m, 4h, 1h30m or 5d")
    else:
        # Ten significant digits in any unit already exceed the limit; refusing them before
        # parsing keeps huge ones (5,000 digits, 99999999999999w) from overflowing timedelta.
        too_long = any(len(m.group(1)) > 9 for m in _DIGIT_RUN.finditer(value))
        try:
            parsed = MAX_DURATION * 2 if too_long else parse_duration(value)
        except OverflowError:
            parsed = MAX_DURATION * 2
    if parsed > MAX_DURATION:
        shown = value if isinstance(value, timedelta) or len(value) <= 40 else value[:40] + "…"
        raise ValueError(
            f"{shown!r} is out of range; a duration is at most {MAX_DURATION.days}d (10 years)"
        )
    return parsed


Duration = Annotated[
    timedelta,
    BeforeValidator(_duration),
    PlainSerializer(duration_text, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?$"}),
]

#: Joiners that scripts (Persian, Indic) and emoji sequences need inside visible text.
_JOINERS = frozenset("\u200c\u200d")


def invisible_char(value: str, *, allow_joiners: bool = False) -> str | None:
    """``"U+200B ZERO WIDTH SPACE at character 4"`` for the first invisible format character
    (Unicode Cf: zero-width space, soft hyphen, word joiner, BOM…) or line/paragraph separator
    in ``value``; None when there is none."""
    if value.isascii():
        # No ASCII character is a format character or a separator (Cf, Zl, Zp), and most
        # record text is ASCII: this spares the per-character loop below, which was more
        # than half of validating a record.
        return None
    for index, char in enumerate(value, 1):
        kind = unicodedata.category(char)
        if kind in ("Cf", "Zl", "Zp") and not (allow_joiners and char in _JOINERS):
            name = unicodedata.name(char, "format character")
            return f"U+{ord(char):04X} {name} at character {index}"
    return None


#: Letters that draw nothing: the Hangul fillers and the blank Braille pattern (a "blank"
#: title made of them passed every check and showed as an empty link).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _something_shows(value: str) -> str:
    """``value`` unless nothing in it is drawn (spaces, joiners, blank letters only)."""
    if value.isascii() and not value.isspace():
        return value
    for char in value:
        if not (char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) == "Cf"):
            return value
    raise ValueError("has nothing visible in it; write the text, or leave the field out")


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line; use a text field for several lines")
    _something_shows(value)
    found = invisible_char(value, allow_joiners=True)
    if found is not None:
        # A line separator forges a row in terminal tables; a zero-width space makes two
        # strings that read alike differ. Neither is something a person typed on purpose.
        raise ValueError(f"holds an invisible character ({found}); delete it")
    return value


def _identity(value: str) -> str:
    """Names that group and filter (owners, approvers): no joiner either, and NFC form, so
    ``Zoë`` typed with a combining diaeresis is the same person as ``Zoë`` typed precomposed."""
    found = invisible_char(value)
    if found is not None:
        raise ValueError(f"holds an invisible character ({found}); delete it")
    return unicodedata.normalize("NFC", value)


def _no_invisible(value: Any) -> Any:
    # Ids and slugs are ASCII by pattern; say *why* one that looks right fails it.
    if isinstance(value, str):
        found = invisible_char(value)
        if found is not None:
            raise ValueError(f"holds an invisible character ({found}); delete it")
    return value


#: Titles, labels, list items: shown in tables and terminal rows, so never several lines
#: (a line break in a title could forge an extra row in `playbook list`).
Line = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_one_line)]
#: A person or team named in a record; compared with others, so held in one normal form.
Identity = Annotated[Line, AfterValidator(_identity)]
#: The identifier patterns of the models, named once: the load's messages say in words what
#: each allows (generator.load.modelcheck.PATTERN_WORDS).
IDENT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: An event kind or a milestone's id: ``partial_recovery``.
KIND_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
TASK_ID_PATTERN = r"^T-\d{3}$"
#: Short identifiers used in file names, anchors and URLs: they must not escape a folder.
Ident = Annotated[
    str,
    StringConstraints(pattern=IDENT_PATTERN),
    BeforeValidator(_no_invisible),
]
Slug = Annotated[
    str, StringConstraints(pattern=SLUG_PATTERN, max_length=80), BeforeValidator(_no_invisible)
]
Text = Annotated[
    str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(_something_shows)
]
Markdown = Text


#: An incident number, in a record's ``number`` or in ``related``.
IncidentNumber = Annotated[int, Field(ge=1, le=MAX_INCIDENT)]


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
    "Identity",
    "IncidentNumber",
    "Line",
    "Markdown",
    "Slug",
    "Strict",
    "Text",
    "Timestamp",
]
