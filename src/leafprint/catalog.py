"""The catalog: ``dist/catalog.json`` lists every PDF of the last build."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol


class CatalogEntry(Protocol):
    @property
    def slug(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def edition(self) -> str | None: ...
    @property
    def path(self) -> Path: ...
    @property
    def title(self) -> str: ...


def write_catalog(out: Path, outputs: Sequence[CatalogEntry]) -> Path | None:
    """Merge *outputs* into ``out/catalog.json`` (entries of other builds are kept)."""
    if not outputs:
        return None
    path = out / "catalog.json"
    entries: dict[str, dict[str, Any]] = {}
    if path.is_file():
        try:
            entries = {e["file"]: e for e in json.loads(path.read_text())["leaflets"]}
        except (ValueError, KeyError, TypeError):
            entries = {}
    for output in outputs:
        name = output.path.relative_to(out).as_posix()
        entries[name] = {
            "file": name,
            "slug": output.slug,
            "language": output.language,
            "format": output.format,
            "edition": output.edition or "general",
            "title": output.title,
        }
    entries = {name: e for name, e in entries.items() if (out / name).is_file()}
    document = {"leaflets": [entries[name] for name in sorted(entries)]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
