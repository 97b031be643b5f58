"""JSON Schemas for editors, generated from the same pydantic models the validator uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..files import write_atomic
from ..model.incident import Incident
from ..model.playbook import Playbook
from ..model.policy import PolicyFile

#: File name → model. Records point at these with a ``yaml-language-server`` modeline.
SCHEMAS: dict[str, type[BaseModel]] = {
    "incident.schema.json": Incident,
    "policy.schema.json": PolicyFile,
    "playbook.schema.json": Playbook,
}


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_texts() -> dict[str, str]:
    """File name → schema JSON text (stable key order, trailing newline)."""
    return {
        name: json.dumps(schema_of(model), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        for name, model in SCHEMAS.items()
    }


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        target = out / name
        write_atomic(target, text, target.as_posix())
        written.append(target)
    return written
