"""Values written into YAML by hand-made text (scaffolds): a scalar that reads back as the
same string, whatever it holds."""

from __future__ import annotations

import json
import re

# A plain scalar may not start with "@" (reserved in YAML), so "@alice" is quoted.
_PLAIN_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/()@+-]*[A-Za-z0-9.)]$|^[A-Za-z]$")
# YAML 1.1 readers (other tools in a pipeline) still read these as booleans.
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off"}


def yaml_scalar(value: object) -> str:
    """``value`` as a YAML scalar that reads back as the same string, whatever it holds.

    Plain when that is unambiguous (``Implement fix``), otherwise double-quoted with JSON
    escaping, which is valid YAML: ``x: {y}`` or a quote cannot break the file.
    """
    # Imported here: the one Jinja environment registers this filter, and `init` renders
    # through that environment without ever reading YAML.
    from .yamlsource import resolve_plain

    text = str(value)
    if (
        _PLAIN_SAFE.match(text)
        and resolve_plain(text) == text
        and text.lower() not in _YAML11_WORDS
        and ": " not in text
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)
