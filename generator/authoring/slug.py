"""Slugs from incident titles: short, readable, ASCII, safe as a file name.

The rule, so people can predict it: the title is lowercased, transliterated to ASCII
(``é`` → ``e``, ``ß`` → ``ss``, ``вход`` → ``vkhod``) and split into words; filler words
that say nothing about the incident (a, an, the, of, to, for, on, in, with, and, or, fix,
fixes, fixed, fixing, broken, issue) are dropped, and the first three words left make the
slug: ``"hotfix: fix auth token validation"`` → ``hotfix-auth-token``. A title with no
usable words (``"!!!"``, or one only in a script with no transliteration here, such as
Chinese) gives ``incident``.
"""

from __future__ import annotations

import re
import unicodedata

WORDS = 3
MAX_LENGTH = 40
FALLBACK = "incident"

FILLER = frozenset({
    "a", "an", "the", "of", "to", "for", "on", "in", "with", "and", "or",
    "fix", "fixes", "fixed", "fixing", "broken", "issue",
})  # fmt: skip

# Letters NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "ł": "l",
     "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "ı": "i"}
)  # fmt: skip
# Cyrillic, letter by letter (a simple scientific-style table); lower case is enough
# because titles are lowercased first.
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "_", "y", "_", "e", "yu", "ya", "i", "ye", "yi", "g"],
    strict=True,
))  # fmt: skip
_CYRILLIC["ъ"] = _CYRILLIC["ь"] = ""  # signs, not sounds


def ascii_words(title: str) -> list[str]:
    lowered = "".join(_CYRILLIC.get(ch, ch) for ch in title.lower())
    text = unicodedata.normalize("NFKD", lowered.translate(_SPECIAL))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.findall(r"[a-z0-9]+", text)


def slugify(title: str) -> str:
    """The slug for ``title`` by the rule above; never empty, always a valid slug."""
    words = ascii_words(title)
    kept = [w for w in words if w not in FILLER] or words
    slug = ""
    for word in kept[:WORDS]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LENGTH:
            break
        slug = candidate
    return slug or (kept[0][:MAX_LENGTH] if kept else FALLBACK)


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… when another record already uses it."""
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"
