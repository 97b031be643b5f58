"""Dates as write-ups print them, rewritten to ISO 8601 before a time is read.

Post-mortems write "Oct 21 2018 22:52 UTC", "October 21, 2018 at 22:52", "21 Oct 2018" or
"2018 October 21": a month name leaves no doubt which number is the day, so these are
rewritten to ``2018-10-21`` and read as that. All-number dates (``10/21/2018``) are
month-first in one country and day-first in the next: they are refused with the ISO date
to write, never guessed.
"""

from __future__ import annotations

import re
from datetime import date

from ..errors import UsageProblem

_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
#: Full names, three-letter abbreviations and "Sept", lower case → month number.
MONTHS = {
    **{name: n for n, name in enumerate(_NAMES, 1)},
    **{name[:3]: n for n, name in enumerate(_NAMES, 1)},
    "sept": 9,
}

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
#: What may separate the date from its clock time: a comma, "at", or a space.
_REST = r"(?:,?\s+(?:at\s+)?(?P<rest>\S.*)|,?)$"
_PRINTED = tuple(
    re.compile(rf"^{form}{_REST}", re.ASCII | re.IGNORECASE)
    for form in (
        rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # Oct 21 2018, October 21, 2018
        rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",  # 21 Oct 2018
        rf"{_YEAR}\s+{_MONTH}\s+{_DAY}",  # 2018 October 21
    )
)
#: 10/21/2018, 21.10.2018, 3-4-18: the same separator twice.
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?=[\sT]|$)", re.ASCII)


def iso_date(value: str, option: str, text: str) -> tuple[str, bool]:
    """``value`` with a printed date at its start written ``YYYY-MM-DD``, and whether it
    was rewritten. Raise :class:`UsageProblem` for an all-number date."""
    _refuse_numeric(value, option, text)
    for pattern in _PRINTED:
        found = pattern.match(value)
        if found is None:
            continue
        month = MONTHS.get(found["month"].lower())
        if month is None:
            return value, False  # "Sun 21 …": not a month, and not a time either
        try:
            day = date(int(found["year"]), month, int(found["day"]))
        except ValueError:
            raise UsageProblem(
                f"{option} {text!r}: {found['month']} {int(found['day'])} {found['year']} "
                "is not a date"
            ) from None
        rest = found["rest"]
        return day.isoformat() + (f" {rest}" if rest else ""), True
    return value, False


def _refuse_numeric(value: str, option: str, text: str) -> None:
    found = _NUMERIC.match(value)
    if found is None:
        return
    first, _, second, year = found.groups()
    if len(year) == 2:
        year = f"20{year}"
    readings = []
    for month, day in ((first, second), (second, first)):
        try:
            readings.append(date(int(year), int(month), int(day)).isoformat())
        except ValueError:
            continue
    ways = " or ".join(dict.fromkeys(readings)) or "YYYY-MM-DD"
    raise UsageProblem(
        f"{option} {text!r}: {found.group(0)!r} is month-first in some places and day-first "
        f"in others; write the date year first: {ways}"
    )
