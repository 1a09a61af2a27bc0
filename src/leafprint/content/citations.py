"""Citations: ``[@key]`` in any text of a leaflet, checked against its references
(:mod:`leafprint.content.references`), numbered in order of first use across a whole leaflet
language, compressed to ranges (``1–3, 6``) and linked to the reference list
(:mod:`leafprint.content.bibliography`); the Markdown plugin that renders them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from leafprint.errors import Problem
from leafprint.languages import profile
from leafprint.yamlsource import Location, TextOrigin, YamlDocument

from .bibliography import BibliographyEntry, entry_html, format_references
from .references import KEY, ReferenceLibrary

CitationStyle = Literal["superscript", "brackets"]

CITATION = re.compile(r"\[(@" + KEY + r"(?:,[^;\]\n]*)?(?:;\s*@" + KEY + r"(?:,[^;\]\n]*)?)*)\]")
ITEM = re.compile(r"@(" + KEY + r")(?:,\s*([^;]*))?")


@dataclass(frozen=True)
class CitedItem:
    key: str
    locator: str | None


def parse_citation(inner: str) -> list[CitedItem]:
    """``@a, p. 3; @b`` → the cited keys with their locators."""
    return [
        CitedItem(match.group(1), (match.group(2) or "").strip() or None)
        for match in ITEM.finditer(inner)
    ]


def find_citations(text: str) -> Iterator[tuple[str, list[CitedItem]]]:
    """Every ``[@…]`` in *text*: the raw citation text and its items."""
    for match in CITATION.finditer(text):
        yield match.group(0), parse_citation(match.group(1))


# --- the reference library ---------------------------------------------------------------------


# --- checks across a leaflet -------------------------------------------------------------------


def check_citations(
    library: ReferenceLibrary,
    documents: dict[str, YamlDocument],
    blocks: dict[str, list[tuple[TextOrigin, str]]] | None = None,
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for a leaflet: unknown keys; unused and unevenly cited references.
    *blocks* are the texts of the shared blocks each language uses, with their places."""
    errors: list[Problem] = []
    cited: dict[str, set[str]] = {}
    for language, document in documents.items():
        cited[language] = set()
        texts = [(TextOrigin(document, loc), text) for loc, text in walk_strings(document.data)]
        for where, text in [*texts, *(blocks or {}).get(language, [])]:
            for raw, items in find_citations(text):
                for item in items:
                    cited[language].add(item.key)
                    if item.key not in library.items:
                        problem = where.problem(_unknown(item.key, library), raw)
                        errors.append(replace(problem, code="LP616"))
    warnings: list[Problem] = []
    everywhere = set().union(*cited.values()) if cited else set()
    for key, origin in library.origins.items():
        if key not in everywhere and key not in library.shared:
            message = f"reference '{key}' is never cited"
            warnings.append(replace(origin, message=message, code="LP617"))
    for key in sorted(everywhere & set(library.items)):
        having = [lang for lang in cited if key in cited[lang]]
        lacking = [lang for lang in cited if key not in cited[lang]]
        if lacking:
            message = f"'{key}' is cited in {', '.join(having)} but not in {', '.join(lacking)}"
            warnings.append(replace(library.origins[key], message=message, code="LP618"))
    return errors, warnings


def _unknown(key: str, library: ReferenceLibrary) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(library.items), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown reference '{key}'{hint}"


def walk_strings(data: Any, loc: Location = ()) -> Iterator[tuple[Location, str]]:
    """Every text in the YAML *data*, with its place."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk_strings(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_strings(value, (*loc, index))


# --- numbering and rendering -------------------------------------------------------------------


def compress_numbers(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted, distinct *numbers* as maximal runs: [1, 2, 3, 6] → [(1, 3), (6, 6)]."""
    runs: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


class CitationRegistry:
    """Numbers the references of one leaflet language in order of first citation."""

    def __init__(
        self, library: ReferenceLibrary, language: str, style: CitationStyle = "superscript"
    ) -> None:
        self.library = library
        self.language = language
        self.style = style
        self.numbers: dict[str, int] = {}
        self.problems: list[Problem] = []

    @property
    def cited(self) -> list[str]:
        return sorted(self.numbers, key=self.numbers.__getitem__)

    def cite(self, items: list[CitedItem], raw: str, origin: TextOrigin | None) -> str:
        """The HTML for one citation; unknown keys are recorded as problems."""
        numbers: dict[int, str | None] = {}
        for item in items:
            if item.key not in self.library.items:
                if origin is not None:
                    problem = origin.problem(_unknown(item.key, self.library), raw)
                    self.problems.append(replace(problem, code="LP616"))
                continue
            number = self.numbers.setdefault(item.key, len(self.numbers) + 1)
            numbers[number] = numbers.get(number) or item.locator
        if not numbers:
            return html.escape(raw)
        parts = []
        for first, last in compress_numbers(numbers):
            text = _link(first) if first == last else f"{_link(first)}–{_link(last)}"
            if last - first == 1:
                text = f"{_link(first)}, {_link(last)}"
            locators = [numbers[n] for n in range(first, last + 1) if numbers[n]]
            parts.append(text + "".join(f" ({html.escape(str(loc))})" for loc in locators))
        inner = ", ".join(parts)
        if self.style == "brackets":
            return f'<span class="citation citation-brackets">[{inner}]</span>'
        return f'<sup class="citation">{inner}</sup>'

    def bibliography(self) -> list[BibliographyEntry]:
        """One formatted Vancouver entry per cited reference, in number order."""
        if not self.numbers:
            return []
        languages = {key: self.entry_language(self.library.items[key]) for key in self.cited}
        texts: dict[str, str] = {}
        for language in dict.fromkeys(languages.values()):
            keys = [key for key in self.cited if languages[key] == language]
            items = [self.library.items[key] for key in keys]
            texts.update(zip(keys, format_references(items, language), strict=True))
        entries = []
        for number, key in enumerate(self.cited, 1):
            item, language = self.library.items[key], languages[key]
            entries.append(
                BibliographyEntry(number, key, entry_html(texts[key], item, language), language)
            )
        return entries

    def entry_language(self, item: dict[str, Any]) -> str:
        """The language a reference is formatted in: the leaflet's, except in a right-to-left
        leaflet, where a reference keeps its own (CSL ``language``, English when not given)
        so that its dates and terms match its Latin-script text."""
        if profile(self.language).direction != "rtl":
            return self.language
        return profile(str(item.get("language") or "en")).language


def _link(number: int) -> str:
    return f'<a href="#ref-{number}">{number}</a>'


# --- the Markdown plugin -----------------------------------------------------------------------


def citations_plugin(md: MarkdownIt) -> None:
    """Parse ``[@key]`` citations; render them with ``env["citations"]``."""
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = CITATION.match(state.src, state.pos)
    if match is None or match.end() > state.posMax:
        return False
    if not silent:
        # Superscripts hug the word before them; brackets get the space back when rendered.
        spaced = state.pending.endswith((" ", "\t"))
        state.pending = state.pending.rstrip(" \t")
        token = state.push("citation", "", 0)
        token.content = match.group(0)
        token.meta = {"items": parse_citation(match.group(1)), "spaced": spaced}
    state.pos = match.end()
    return True


def _render_citation(
    self: RendererProtocol, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    registry: CitationRegistry | None = env.get("citations")
    space = " " if token.meta["spaced"] else ""
    if registry is None:
        return space + html.escape(token.content)
    rendered = registry.cite(token.meta["items"], token.content, env.get("origin"))
    return (
        rendered
        if registry.style == "superscript" and rendered.startswith("<")
        else space + rendered
    )
