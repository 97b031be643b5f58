"""Bounds shared by the models and the light modules that must not import them.

Kept free of imports so that ``playbook list`` and the lookup of an incident by number can
use the same range as the validator without loading pydantic.
"""

from __future__ import annotations

#: Incident numbers run from 1 to this: the file name's NNNN part, up to five digits.
MAX_INCIDENT = 99_999
