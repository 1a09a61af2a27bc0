"""Shared text blocks: a passage written once and used by many leaflets.

A block lives in ``leaflets/blocks/<id>.yaml`` (for every brand) or
``leaflets/blocks/<brand>/<id>.yaml`` (for one brand's leaflets, before the shared one)::

    version: "1.0"
    source_language: nl
    text:
      nl: Bel direct met het ziekenhuis als u …
      en: Call the hospital straight away if you …

A section or box uses it with ``body: {block: call-at-once}``; inside any Markdown text
(a block's too) a line ``{block: call-at-once}`` stands for the block's text in the
leaflet's language. Blocks are expanded when a leaflet is loaded, so everything after
(rendering, readability, checks) reads the text a patient reads, while translation
status keeps following the reference, not the block's words. Each block keeps its own
translation status in ``leaflets/blocks/translations.lock``
(``leafprint blocks mark-current``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from leafprint.errors import ContentError, Problem
from leafprint.yamlsource import Location, TextOrigin, YamlDocument, load_yaml

from .formats import SHORT_VERSION
from .models import Language as LanguageCode
from .models import Section, Strict, Text, Translation, Version
from .validate import validate

FOLDER = "blocks"
LOCK_FILE = "translations.lock"
USE = re.compile(r"\{\s*block:\s*([a-z0-9][a-z0-9_-]*)\s*\}")  # in a YAML file as written
REFERENCE = re.compile(r"^[ \t]*\{block:[ \t]*([a-z0-9][a-z0-9_-]*)[ \t]*\}[ \t]*$", re.M)


class BlockFile(Strict):
    """``leaflets/blocks/[<brand>/]<id>.yaml``."""

    version: Version
    source_language: LanguageCode
    text: dict[LanguageCode, Text]


@dataclass(frozen=True, eq=False)  # one object per block file: compared by identity
class Block:
    id: str
    brand: str | None  # None: for every brand
    meta: BlockFile
    document: YamlDocument

    @property
    def path(self) -> Path:
        return self.document.path

    def fingerprint(self, language: str) -> str:
        normal = " ".join(self.meta.text[language].split())
        return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]

    def origin(self, language: str) -> TextOrigin:
        return TextOrigin(self.document, ("text", language))


@dataclass(frozen=True)
class Library:
    """Every block of a project, by (brand or None, id), from *folder*."""

    folder: Path
    blocks: dict[tuple[str | None, str], Block]

    def find(self, block_id: str, brand: str) -> Block | None:
        return self.blocks.get((brand, block_id)) or self.blocks.get((None, block_id))


def load_library(leaflets_dir: Path) -> Library:
    """The project's blocks (read once per version of their files)."""
    folder = leaflets_dir / FOLDER
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*/*.yaml"))
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _load_library(folder, stamp)


@functools.lru_cache(maxsize=8)
def _load_library(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> Library:
    blocks: dict[tuple[str | None, str], Block] = {}
    problems: list[Problem] = []
    for name, _, _ in stamp:
        path = Path(name)
        if path.name == LOCK_FILE:
            continue
        brand = path.parent.name if path.parent != folder else None
        try:
            document = load_yaml(path)
            meta = validate(document, BlockFile)
        except ContentError as error:
            problems += error.problems
            continue
        if meta.source_language not in meta.text:
            problems.append(
                document.problem(
                    ("text",), f"no text in the source language {meta.source_language}"
                )
            )
            continue
        blocks[brand, path.stem] = Block(path.stem, brand, meta, document)
    if problems:
        raise ContentError(problems)
    return Library(folder, blocks)


def references(text: str) -> list[str]:
    """The ids of the blocks *text* uses."""
    return REFERENCE.findall(text)


def expand(
    text: str, language: str, brand: str, library: Library, origin: TextOrigin
) -> tuple[str, list[Block], list[Problem]]:
    """*text* with every block reference replaced by the block's text in *language*; the
    blocks used and the problems (unknown block, no text in the language, a cycle), each
    located where the reference is written."""
    used: list[Block] = []
    problems: list[Problem] = []

    def replace(match: re.Match[str], chain: tuple[str, ...], where: TextOrigin) -> str:
        block_id = match.group(1)
        block = library.find(block_id, brand)
        raw = match.group(0).strip()
        if block is None:
            known = ", ".join(sorted({key for _, key in library.blocks})) or "none"
            problems.append(where.problem(f"no shared block '{block_id}' (known: {known})", raw))
            return ""
        if block_id in chain:
            cycle = " → ".join([*chain, block_id])
            problems.append(where.problem(f"block '{block_id}' includes itself: {cycle}", raw))
            return ""
        if language not in block.meta.text:
            have = ", ".join(block.meta.text)
            problems.append(
                where.problem(
                    f"block '{block_id}' has no {language} text (it has: {have}); add it to "
                    f"{block.path.name}",
                    raw,
                )
            )
            return ""
        used.append(block)
        inner = block.meta.text[language]
        return REFERENCE.sub(
            lambda m: replace(m, (*chain, block_id), block.origin(language)), inner
        )

    expanded = REFERENCE.sub(lambda m: replace(m, (), origin), text)
    return expanded, used, problems


def expand_translation(
    text: Translation, document: YamlDocument, language: str, brand: str, library: Library
) -> tuple[Translation, list[Block], list[Problem]]:
    """*text* with its section and box bodies expanded (see :func:`expand`)."""
    used: list[Block] = []
    problems: list[Problem] = []

    def body(value: str, loc: Location) -> str:
        if not REFERENCE.search(value):
            return value
        expanded, blocks, found = expand(value, language, brand, library, TextOrigin(document, loc))
        used.extend(blocks)
        problems.extend(found)
        return expanded

    def expanded(sections: list[Section], place: Location) -> list[Section]:
        done = []
        for index, section in enumerate(sections):
            loc: Location = (*place, index)
            callouts = [
                callout.model_copy(
                    update={"body": body(callout.body, (*loc, "callouts", number, "body"))}
                )
                for number, callout in enumerate(section.callouts)
            ]
            update = {"body": body(section.body, (*loc, "body")), "callouts": callouts}
            done.append(section.model_copy(update=update))
        return done

    update: dict[str, object] = {"sections": expanded(text.sections, ("sections",))}
    if text.dl:  # the DL short version's sections may use blocks too
        short = {"sections": expanded(text.dl.sections, (SHORT_VERSION, "sections"))}
        update[SHORT_VERSION] = text.dl.model_copy(update=short)
    return text.model_copy(update=update), used, problems


# --- translation status -------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockState:
    block: Block
    language: str
    marked: str | None  # the source fingerprint the translation was marked against

    @property
    def outdated(self) -> bool:
        source = self.block.meta.source_language
        return self.marked != self.block.fingerprint(source)


def block_states(library: Library) -> Iterator[BlockState]:
    """The state of every translation of every block."""
    for block in library.blocks.values():
        for language in block.meta.text:
            if language != block.meta.source_language:
                yield block_state(library, block, language)


def block_state(library: Library, block: Block, language: str) -> BlockState:
    marks = read_marks(library.folder)
    return BlockState(block, language, marks.get(_key(block), {}).get(language))


def block_users(leaflets_dir: Path) -> dict[str, list[str]]:
    """Which leaflets use each block id (read from the language files as written)."""
    files = sorted(leaflets_dir.glob("*/*.yaml"))
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    return _block_users(stamp)


@functools.lru_cache(maxsize=8)
def _block_users(stamp: tuple[tuple[str, int], ...]) -> dict[str, list[str]]:
    users: dict[str, set[str]] = {}
    for name, _ in stamp:
        path = Path(name)
        if path.name == "leaflet.yaml":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for block_id in USE.findall(text):
            users.setdefault(block_id, set()).add(path.parent.name)
    return {block_id: sorted(slugs) for block_id, slugs in users.items()}


def mark_current(library: Library, block_id: str, languages: list[str], today: dt.date) -> Path:
    """Record that the *languages* of *block_id* follow its source text as it is now."""
    blocks = [b for b in library.blocks.values() if b.id == block_id]
    if not blocks:
        known = ", ".join(sorted({key for _, key in library.blocks})) or "none"
        raise ContentError(Problem.at(FOLDER, "block", f"no block '{block_id}' (known: {known})"))
    folder = library.folder
    marks = read_marks(folder)
    for block in blocks:
        source = block.fingerprint(block.meta.source_language)
        chosen = [lang for lang in block.meta.text if lang != block.meta.source_language]
        wanted = chosen if languages == ["all"] else [lang for lang in languages if lang in chosen]
        entry = marks.setdefault(_key(block), {})
        entry.update({language: source for language in wanted})
    path = folder / LOCK_FILE
    header = (
        "# Written by `leafprint blocks mark-current`: the source text each block's\n"
        f"# translations follow (last marked {today.isoformat()}). Do not edit by hand.\n"
    )
    path.write_text(header + yaml.safe_dump(marks, sort_keys=True), encoding="utf-8")
    return path


def read_marks(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / LOCK_FILE
    if not path.is_file():
        return {}
    return _read_marks(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_marks(path: Path, mtime: int) -> dict[str, dict[str, str]]:
    data = load_yaml(path).data or {}
    try:
        return {str(k): {str(lang): str(f) for lang, f in v.items()} for k, v in data.items()}
    except AttributeError:
        raise ContentError(
            Problem.at(path, "(file)", "not a blocks lock; delete it and mark again")
        ) from None


def _key(block: Block) -> str:
    return f"{block.brand}/{block.id}" if block.brand else block.id
