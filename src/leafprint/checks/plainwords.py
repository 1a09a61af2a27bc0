"""Plain-words lists: medical terms a brand wants explained in everyday words.

A list is a YAML mapping of term → plain alternative (or a list of alternatives),
one file per language: ``styles/base/plain-words/<lang>.yaml`` for everyone and
``styles/<brand>/plain-words/<lang>.yaml`` for a brand, whose entries add to and
replace the base ones. A term ending in ``*`` matches any ending (``metastas*``);
an alternative matches as the start of a word (``uitzaaiing`` also finds
``uitzaaiingen``). A term must be explained where the reader first meets it: when
none of its uses in that part of the leaflet (a section with its heading, the title
with the summary …) has an alternative within a few words
(``readability.nearby_words`` in brand.yaml, 20 by default), warning PL102 points
at the first use, at its exact line and column. Later uses need no explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leafprint.errors import ContentError, Problem
from leafprint.yamlsource import Location, YamlDocument, field_path, load_yaml

from .formulas import WORD, ZWNJ
from .textparts import reader_groups

if TYPE_CHECKING:
    from leafprint.content.brands import Brand
    from leafprint.content.leaflets import LanguageVersion


@dataclass(frozen=True)
class PlainWord:
    """A listed term and the plain words that explain it."""

    term: str
    plain: tuple[str, ...]
    pattern: re.Pattern[str]
    alternatives: tuple[re.Pattern[str], ...]


def load_plain_words(brand: Brand, language: str) -> list[PlainWord]:
    """The merged list for *brand* and *language*; raise with every mistake in the files."""
    entries: dict[str, PlainWord] = {}
    problems: list[Problem] = []
    for path in brand.word_lists("plain-words", language):
        document = load_yaml(path)
        for entry in _entries(document, problems):
            entries[entry.term.lower()] = entry
    if problems:
        raise ContentError(problems)
    return list(entries.values())


def _entries(document: YamlDocument, problems: list[Problem]) -> list[PlainWord]:
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        problems.append(document.problem((), "expected a mapping of term: plain alternative"))
        return []
    found: list[PlainWord] = []
    for key, value in data.items():
        term = str(key)
        plain = [value] if isinstance(value, str) else value
        if (
            not isinstance(plain, list)
            or not plain
            or not all(isinstance(word, str) and word.strip() for word in plain)
        ):
            problems.append(
                document.problem((term,), "write the plain alternative as text or a list of texts")
            )
        elif not re.fullmatch(rf"[^\W\d_][\w'’{ZWNJ} -]*\*?", term):
            problems.append(
                document.problem(
                    (term,), f"'{term}' is not a term: use letters, and * only at the end", key=True
                )
            )
        else:
            found.append(_compile(term, [word.strip() for word in plain]))
    return found


def _compile(term: str, plain: list[str]) -> PlainWord:
    stem = term.removesuffix("*")
    ending = rf"[\w'’{ZWNJ}-]*" if term.endswith("*") else rf"(?![\w'’{ZWNJ}-])"
    pattern = re.compile(rf"(?<![\w@/#.{ZWNJ}-])" + _words(stem) + ending, re.IGNORECASE)
    alternatives = tuple(re.compile(rf"(?<![\w{ZWNJ}])" + _words(w), re.IGNORECASE) for w in plain)
    return PlainWord(term, tuple(plain), pattern, alternatives)


def _words(text: str) -> str:
    """A pattern for *text* that also matches across line breaks and indentation."""
    return r"\s+".join(re.escape(word) for word in text.split())


def plain_word_problems(version: LanguageVersion, brand: Brand) -> list[Problem]:
    """PL102 for every listed term that is not explained where the reader first meets it."""
    words = load_plain_words(brand, version.language)
    nearby = brand.meta.readability.nearby_words
    groups = list(reader_groups(version.text))
    problems: list[Problem] = []
    for word in words:
        problem = _first_use_problem(version.document, groups, word, nearby)
        if problem is not None:
            problems.append(problem)
    return sorted(problems)


def _first_use_problem(
    document: YamlDocument, groups: list[list[Location]], word: PlainWord, nearby: int
) -> Problem | None:
    """A problem at the term's first use, unless one of its uses in that part (the
    heading and its section, the title and summary …) has a plain word nearby."""
    for group in groups:
        uses = [use for loc in group for use in _uses(document, loc, word, nearby)]
        if not uses:
            continue
        if any(explained for _, _, explained in uses):
            return None
        loc, offset, _ = uses[0]
        line, column = document.offset_position(offset)
        plain = " or ".join(f"'{alternative}'" for alternative in word.plain)
        message = (
            f"'{_matched(document, offset, word)}' is a medical term many readers do not "
            f"know: where it first appears, write {plain}, or explain it with that word nearby"
        )
        return Problem.at(document.path, field_path(loc), message, line, column, code="PL102")
    return None


def _uses(
    document: YamlDocument, loc: Location, word: PlainWord, nearby: int
) -> list[tuple[Location, int, bool]]:
    """Each use of *word* in the value at *loc*: field, file offset, plain word nearby."""
    span = document.span(loc)
    if span is None:
        return []
    start, end = span
    source = document.text[start:end]
    matches = list(word.pattern.finditer(source))
    if not matches:
        return []
    tokens = [match.span() for match in WORD.finditer(source)]
    uses: list[tuple[Location, int, bool]] = []
    for match in matches:
        window = _window(source, tokens, match.start(), match.end(), nearby)
        explained = any(alternative.search(window) for alternative in word.alternatives)
        uses.append((loc, start + match.start(), explained))
    return uses


def _matched(document: YamlDocument, offset: int, word: PlainWord) -> str:
    match = word.pattern.match(document.text, offset)
    return " ".join(match.group().split()) if match else word.term


def _window(source: str, tokens: list[tuple[int, int]], start: int, end: int, nearby: int) -> str:
    """The text from *nearby* words before the term to *nearby* words after it."""
    before = [index for index, (s, _) in enumerate(tokens) if s < start]
    after = [index for index, (_, e) in enumerate(tokens) if e > end]
    first = tokens[max(before[-1] - nearby + 1, 0)][0] if before and nearby else start
    last = tokens[min(after[0] + nearby - 1, len(tokens) - 1)][1] if after and nearby else end
    return source[first:start] + " " + source[end:last]
