"""Fixed colours, each with at least 3:1 contrast against both Material's light (white)
and dark (slate, #1e2129) backgrounds, so a mark is visible in either scheme. Text never
sits on these fills; it uses ``currentColor``."""

from __future__ import annotations

import re
from functools import lru_cache

SERIES = (
    "#3b82f6",  # blue
    "#ea580c",  # orange
    "#16a34a",  # green
    "#8b5cf6",  # violet
    "#db2777",  # pink
    "#0d9488",  # teal
    "#b58900",  # yellow
    "#64748b",  # slate
)

SEVERITY = {
    "SEV1": "#dc2626",
    "SEV2": "#ea580c",
    "SEV3": "#b58900",
    "SEV4": "#3b82f6",
}

KIND = {
    "started": "#64748b",
    "detected": "#dc2626",
    "acknowledged": "#ea580c",
    "root_cause": "#8b5cf6",
    "deployed": "#3b82f6",
    "mitigated": "#b58900",
    "verified": "#0891b2",
    "resolved": "#16a34a",
    "communication": "#db2777",
    "note": "#78716c",
}
OTHER = "#64748b"

_CLASS_UNSAFE = re.compile(r"[^a-z0-9]+")


def css_name(text: str) -> str:
    """A class-name-safe form of a key (``root_cause`` → ``root-cause``)."""
    return _CLASS_UNSAFE.sub("-", text.lower()).strip("-") or "x"


def series(name: str, index: int) -> tuple[str, str]:
    """Colour and class for a series: severities keep their colour wherever they appear."""
    key = name.strip().upper()
    if key in SEVERITY:
        return SEVERITY[key], f"pb-series-{index} pb-{key.lower()}"
    return SERIES[index % len(SERIES)], f"pb-series-{index}"


#: The classes the stylesheet colours (``.pb-kind-detected { --pb-kind: #dc2626 }`` in
#: playbook.css, which a test keeps equal to :data:`KIND`), with their colour.
KIND_CLASSES = {f"pb-kind-{css_name(name)}": colour for name, colour in KIND.items()}


@lru_cache(maxsize=256)
def kind(name: str) -> tuple[str, str]:
    """Colour and class for a timeline event kind. The class decides the colour, as it does
    in the stylesheet: any other kind is :data:`OTHER`."""
    cls = f"pb-kind-{css_name(name)}"
    return KIND_CLASSES.get(cls, OTHER), cls
