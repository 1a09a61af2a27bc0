"""Translation freshness, section by section.

``leafprint translations mark-current SLUG LANG`` records, in the leaflet's
``translations.lock``, a fingerprint and the text of every source section the
translation follows. A translation is then outdated exactly where the source
text changed since, whether or not the version number was raised, and
``leafprint translations diff`` shows those changes. ``leafprint translations
accept SLUG --lang LANG`` records that the source changes since need no translation
work (a typo fixed, a word changed): the translation stays current.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from leafprint.errors import ContentError, Problem
from leafprint.yamlsource import Location, field_path, load_yaml

from .leaflets import Leaflet
from .models import Callout, ImageText, Link, Question, Section, Translation

LOCK_FILE = "translations.lock"
LOCK_HEADER = (
    "# Written by `leafprint translations mark-current` and `accept`: the source sections\n"
    "# each translation follows. Do not edit by hand.\n"
)


@dataclass(frozen=True)
class Segment:
    """One part of a text that is translated as a unit (a section, a key point …)."""

    loc: Location
    text: str

    @property
    def key(self) -> str:
        return field_path(self.loc)

    @property
    def fingerprint(self) -> str:
        normal = " ".join(self.text.split())
        return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def segments(text: Translation) -> dict[str, Segment]:
    """Every translatable unit of *text*, keyed by its field path."""
    found: list[Segment] = [Segment(("title",), text.title), Segment(("summary",), text.summary)]
    if text.subtitle:
        found.append(Segment(("subtitle",), text.subtitle))
    lists: list[tuple[str, list[Any]]] = [
        ("key_points", text.key_points),
        ("sections", text.sections),
        ("questions", text.questions),
        ("faq", text.faq),
        ("more_information", text.more_information),
    ]
    for name, items in lists:
        found += [Segment((name, i), _plain(item)) for i, item in enumerate(items)]
    found += [Segment(("images", key), _plain(value)) for key, value in text.images.items()]
    return {segment.key: segment for segment in found}


def _plain(item: object) -> str:
    if isinstance(item, Section):
        parts = [item.heading, item.body, *(_plain(c) for c in item.callouts)]
        return "\n\n".join(parts)
    if isinstance(item, Callout):
        return "\n\n".join(p for p in (item.title, item.body) if p)
    if isinstance(item, Question):
        return f"{item.question}\n\n{item.answer}"
    if isinstance(item, Link):
        return "\n".join(p for p in (item.title, item.url, item.description) if p)
    if isinstance(item, ImageText):
        return "\n".join(p for p in (item.alt, item.caption) if p)
    return str(item)


@dataclass(frozen=True)
class Marked:
    """What a translation was marked current against."""

    version: str
    date: str
    sections: dict[str, tuple[str, str]]  # key → (fingerprint, source text)


@dataclass
class TranslationState:
    """How a translation stands against its source."""

    language: str
    version: str  # the source version it was made from
    source_version: str
    marked: Marked | None
    changed: list[str] = field(default_factory=list)  # source keys changed since marked

    @property
    def version_behind(self) -> bool:
        return self.version != self.source_version

    @property
    def outdated(self) -> bool:
        return bool(self.changed) or (self.marked is None and self.version_behind)


def read_lock(folder: Path) -> dict[str, Marked]:
    """The marks recorded for *folder*'s translations (none without a lock file)."""
    path = folder / LOCK_FILE
    if not path.is_file():
        return {}
    return _read_lock(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _read_lock(path: Path, mtime: int) -> dict[str, Marked]:
    """Parsed once per version of the file."""
    data = load_yaml(path).data or {}
    try:
        return {
            str(language): Marked(
                str(entry["version"]),
                str(entry.get("date", "")),
                {
                    str(key): (str(value["fingerprint"]), str(value["text"]))
                    for key, value in (entry.get("sections") or {}).items()
                },
            )
            for language, entry in data.items()
        }
    except (KeyError, TypeError, AttributeError):
        raise ContentError(
            Problem.at(path, "(file)", "not a translations lock; delete it and mark again")
        ) from None


def translation_state(leaflet: Leaflet, language: str) -> TranslationState | None:
    """The state of *language* (None for the source language or a missing file)."""
    version = leaflet.versions.get(language)
    if version is None or language == leaflet.meta.source_language:
        return None
    origin = version.text.translated_from
    made_from = origin.version if origin else leaflet.meta.version
    marked = read_lock(leaflet.folder).get(language)
    state = TranslationState(language, made_from, leaflet.meta.version, marked)
    if marked is not None:
        current = segments(leaflet.source.written)
        keys = list(dict.fromkeys([*current, *marked.sections]))
        state.changed = [
            key
            for key in keys
            if key not in current
            or key not in marked.sections
            or marked.sections[key][0] != current[key].fingerprint
        ]
    return state


def mark_current(leaflet: Leaflet, language: str, today: dt.date) -> Path:
    """Record that *language* now follows every source section; update its translated_from."""
    path = _record(leaflet, language, today)
    _rewrite_origin(leaflet, language, today)
    return path


def accept(leaflet: Leaflet, language: str, today: dt.date) -> list[str]:
    """Record that the source changes since *language* was marked need no translation
    work; return the source keys accepted (``version`` for a version number only).

    The translation's ``translated_from`` follows the source's version but keeps its date:
    its text was not brought up to date."""
    _check_translation(leaflet, language)
    state = translation_state(leaflet, language)
    assert state is not None
    accepted = state.changed if state.marked is not None else []
    if state.version_behind and not accepted:
        accepted = ["version"]
    if accepted:
        _record(leaflet, language, today)
    if state.version_behind:
        origin = leaflet.versions[language].text.translated_from
        _rewrite_origin(leaflet, language, origin.date if origin else None)
    return accepted


def _check_translation(leaflet: Leaflet, language: str) -> None:
    if language == leaflet.meta.source_language or language not in leaflet.versions:
        raise ContentError(
            leaflet.document.problem(
                ("languages",),
                f"'{language}' is not a translation of this leaflet "
                f"(translations: {', '.join(translations_of(leaflet)) or 'none'})",
            )
        )


def _record(leaflet: Leaflet, language: str, today: dt.date) -> Path:
    """Write the current source sections to the lock as those *language* follows."""
    _check_translation(leaflet, language)
    path = leaflet.folder / LOCK_FILE
    lock = load_yaml(path).data if path.is_file() else None
    lock = lock if isinstance(lock, dict) else {}
    lock[language] = {
        "source": leaflet.meta.source_language,
        "version": leaflet.meta.version,
        "date": today.isoformat(),
        "sections": {
            key: {"fingerprint": s.fingerprint, "text": s.text}
            for key, s in segments(leaflet.source.written).items()
        },
    }
    dumped = yaml.dump(lock, Dumper=_LockDumper, allow_unicode=True, sort_keys=True, width=100)
    path.write_text(LOCK_HEADER + dumped, encoding="utf-8")
    return path


class _LockDumper(yaml.SafeDumper):
    """Writes texts of several lines as literal blocks, readable in a diff."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LockDumper.add_representer(str, _text)


def translations_of(leaflet: Leaflet) -> list[str]:
    """The leaflet's translations (its languages but the source)."""
    return [lang for lang in leaflet.versions if lang != leaflet.meta.source_language]


def _rewrite_origin(leaflet: Leaflet, language: str, day: dt.date | None) -> None:
    """Set ``translated_from`` to the source's current version and *day*, in place."""
    document = leaflet.versions[language].document
    meta = leaflet.meta
    date = f", date: {day.isoformat()}" if day else ""
    line = f'translated_from: {{language: {meta.source_language}, version: "{meta.version}"{date}}}'
    text = document.text
    span = document.span(("translated_from",))
    if span is None:
        text = line + "\n" + text
    else:
        key_line, _ = document.position(("translated_from",), key=True)
        start = sum(len(row) for row in text.splitlines(keepends=True)[: key_line - 1])
        rest = text[span[1] :]
        text = text[:start] + line + ("" if rest.startswith("\n") else "\n") + rest
    document.path.write_text(text, encoding="utf-8")


def diff(leaflet: Leaflet, language: str) -> str:
    """The source changes since *language* was marked current, as a unified diff."""
    state = translation_state(leaflet, language)
    if state is None:
        raise ContentError(
            leaflet.document.problem(("languages",), f"'{language}' is not a translation")
        )
    if state.marked is None:
        return (
            f"{language} has not been marked current yet; after checking it against the "
            f"source, run: leafprint translations mark-current {leaflet.slug} {language}\n"
        )
    source = leaflet.meta.source_language
    current = segments(leaflet.source.written)
    chunks: list[str] = []
    for key in state.changed:
        old = state.marked.sections.get(key, ("", ""))[1]
        new = current[key].text if key in current else ""
        chunks += difflib.unified_diff(
            (old + "\n").splitlines(keepends=True) if old else [],
            (new + "\n").splitlines(keepends=True) if new else [],
            f"{source}.yaml {key} (version {state.marked.version}, {state.marked.date})",
            f"{source}.yaml {key} (now)",
        )
    return "".join(chunks)
