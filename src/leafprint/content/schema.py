"""``leafprint schema``: JSON Schema for leaflet.yaml and the language files.

Editors with the YAML language server read the schema named in a file's first
line (``# yaml-language-server: $schema=…``) and offer completion and inline errors.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import LeafletMeta, Translation

SCHEMAS: dict[str, type[BaseModel]] = {
    "leaflet.schema.json": LeafletMeta,
    "language.schema.json": Translation,
}
SCHEMA_DIR = "schema"  # under the project root


def modeline(name: str) -> str:
    """The first line of a file made by ``leafprint new`` (relative to leaflets/<slug>/)."""
    return f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/{name}\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        path = out / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
