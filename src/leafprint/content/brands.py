"""Brands: a look (CSS, logo, fonts, colours), default contact and online address."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from pathlib import Path

from leafprint.cache import folder_digest
from leafprint.errors import ContentError, Problem
from leafprint.languages import profile
from leafprint.yamlsource import YamlDocument, load_yaml

from .contacts import LoadedContacts, load_contacts
from .models import BrandMeta
from .validate import validate


@dataclass(frozen=True)
class Brand:
    """A loaded brand folder ``styles/<id>/``."""

    id: str
    folder: Path
    meta: BrandMeta
    contacts: LoadedContacts
    document: YamlDocument | None = None  # brand.yaml, for locating problems

    @property
    def stylesheet(self) -> Path:
        return self.folder / "leaflet.css"

    @property
    def logo(self) -> Path:
        return self.folder / self.meta.logo

    @property
    def templates(self) -> Path:
        return self.folder / "templates"

    @property
    def labels(self) -> Path:
        return self.folder / "labels"

    def word_lists(self, kind: str, language: str) -> list[Path]:
        """The word lists of *kind* (``plain-words``, ``advertising``) for *language*, the
        base styles' first, then the brand's: for ``fr-BE``, ``fr-BE.yaml`` else ``fr.yaml``."""
        files: list[Path] = []
        for folder in (self.folder.parent / "base" / kind, self.folder / kind):
            found = (folder / f"{tag}.yaml" for tag in profile(language).tags)
            files += [path for path in found if path.is_file()][:1]
        return files

    def name(self, language: str) -> str:
        names = self.meta.name
        return (
            next((names[tag] for tag in profile(language).tags if tag in names), None)
            or names.get(self.meta.fallback_language)
            or next(iter(names.values()))
        )


def unknown_brand(styles: Path, brand_id: str) -> str | None:
    """The message for a brand that is not a folder of *styles* with a brand.yaml, or None."""
    if (styles / brand_id / "brand.yaml").is_file():
        return None
    known = sorted(path.parent.name for path in styles.glob("*/brand.yaml"))
    return f"unknown brand '{brand_id}' (known: {', '.join(known) or 'none'})"


def load_brand(styles: Path, brand_id: str) -> Brand:
    """Load ``styles/<brand_id>/``; raise with every problem found."""
    folder = styles / brand_id
    unknown = unknown_brand(styles, brand_id)
    if unknown is not None:
        raise ContentError(Problem.at(folder / "brand.yaml", "brand", unknown))
    return _load_brand(folder, folder_digest(folder, fresh=True))  # edited files: read again


@functools.lru_cache(maxsize=16)
def _load_brand(folder: Path, digest: str) -> Brand:
    """The brand in *folder*, read once per version of its files (*digest*)."""
    brand_id = folder.name
    document = load_yaml(folder / "brand.yaml")
    meta = validate(document, BrandMeta)
    problems: list[Problem] = []
    for field, path in (("logo", folder / meta.logo), ("(file)", folder / "leaflet.css")):
        if not path.is_file():
            problems.append(
                document.problem((field,), f"file not found: {path.name}")
                if field == "logo"
                else Problem.at(path, field, "brand stylesheet not found")
            )
    mark = meta.quality_mark
    if mark and mark.image and not (folder / mark.image).is_file():
        loc = ("quality_mark", "image")
        problems.append(document.problem(loc, f"file not found: {mark.image}"))
    contacts = load_contacts(folder)
    if meta.contact not in contacts.book.contacts:
        problems.append(
            document.problem(("contact",), f"no contact '{meta.contact}' in contacts.yaml")
        )
    if problems:
        raise ContentError(problems)
    return Brand(brand_id, folder, meta, contacts, document)


def as_printed(brand: Brand, today: dt.date) -> Brand:
    """*brand* as its leaflets print it on *today*: a quality mark whose certification has
    ended is left out (LP631 says so)."""
    mark = brand.meta.quality_mark
    if mark is None or mark.certified_until >= today:
        return brand
    return replace(brand, meta=brand.meta.model_copy(update={"quality_mark": None}))
