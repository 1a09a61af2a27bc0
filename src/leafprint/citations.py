"""Citations: references kept once per leaflet, cited as ``[@key]`` in any text.

References are CSL-JSON items (inline in ``leaflet.yaml`` under ``references``, or in
``references.json``, ``references.yaml`` or ``references.bib`` beside it). Citations
are numbered in order of first use across a whole leaflet language, compressed to
ranges (``1–3, 6``) and linked to a Vancouver reference list that citeproc-py
formats with the project's own CSL style in the leaflet's language.
"""

from __future__ import annotations

import functools
import html
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from .errors import ContentError, Problem
from .languages import profile
from .textfile import read_text
from .yamlsource import Location, TextOrigin, YamlDocument, load_yaml

CitationStyle = Literal["superscript", "brackets"]
STYLE_FILE = Path(__file__).resolve().parent / "csl" / "vancouver.csl"  # package data

# [@key], [@a; @b], [@key, p. 12]: keys as pandoc allows them.
KEY = r"[\w][\w:.#$%&+?<>~/-]*(?<![.:?])"
CITATION = re.compile(r"\[(@" + KEY + r"(?:,[^;\]\n]*)?(?:;\s*@" + KEY + r"(?:,[^;\]\n]*)?)*)\]")
ITEM = re.compile(r"@(" + KEY + r")(?:,\s*([^;]*))?")

CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "book", "chapter",
    "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "legislation",
    "manuscript", "pamphlet", "paper-conference", "post", "post-weblog", "report", "review",
    "software", "speech", "standard", "thesis", "webpage",
}  # fmt: skip


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


@dataclass
class ReferenceLibrary:
    """CSL-JSON items by id, with where each was defined.

    *shared* are the ids that come from the project's library
    (``leaflets/references.yaml``, ``.json`` or ``.bib``), read from *files*.
    """

    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[str, Problem] = field(default_factory=dict)
    shared: set[str] = field(default_factory=set)
    files: list[Path] = field(default_factory=list)


REFERENCE_FILES = ("references.yaml", "references.json", "references.bib")


def load_references(folder: Path, meta: YamlDocument) -> ReferenceLibrary:
    """Collect references from leaflet.yaml and the reference files beside it, then the
    project's library (``leaflets/references.*``) for the ids the leaflet does not define."""
    library = ReferenceLibrary()
    problems: list[Problem] = []
    inline = (meta.data or {}).get("references") or []
    if inline == "on_request":  # no list in print: "available on request"
        inline = []
    sources = [
        (inline, lambda loc: meta.problem(("references", *loc), "")),
        *_sources(folder, problems),
    ]
    for items, where in sources:
        for index, item in enumerate(items):
            problems += _add(library, item, index, where)
    try:
        shared = project_library(folder.parent)
    except ContentError as error:
        problems += error.problems
        shared = ReferenceLibrary()
    for key, item in shared.items.items():
        if key not in library.items:
            library.items[key] = item
            library.origins[key] = shared.origins[key]
            library.shared.add(key)
    library.files = shared.files
    if problems:
        raise ContentError(problems)
    return library


def project_library(leaflets: Path) -> ReferenceLibrary:
    """The references every leaflet of the project may cite (``leaflets/references.*``)."""
    files = [leaflets / name for name in REFERENCE_FILES if (leaflets / name).is_file()]
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _project_library(leaflets, stamp)


@functools.lru_cache(maxsize=8)
def _project_library(leaflets: Path, stamp: tuple[tuple[str, int, int], ...]) -> ReferenceLibrary:
    library = ReferenceLibrary(files=[Path(name) for name, _, _ in stamp])
    problems: list[Problem] = []
    for items, where in _sources(leaflets, problems):
        for index, item in enumerate(items):
            problems += _add(library, item, index, where)
    if problems:
        raise ContentError(problems)
    return library


def _sources(folder: Path, problems: list[Problem]) -> list[tuple[list[Any], Any]]:
    """The items of the reference files in *folder*, each with how to locate an item; what
    cannot be read goes to *problems*."""
    sources: list[tuple[list[Any], Any]] = []
    yaml_file = folder / "references.yaml"
    if yaml_file.is_file():
        document = load_yaml(yaml_file)
        data = document.data or []
        if not isinstance(data, list):
            problems.append(document.problem((), "expected a list of references"))
            data = []
        sources.append((data, lambda loc, d=document: d.problem(loc, "")))
    json_file = folder / "references.json"
    if json_file.is_file():
        sources.append(_json_items(json_file, problems))
    bib_file = folder / "references.bib"
    if bib_file.is_file():
        try:
            sources.append((_bibtex_items(bib_file), lambda loc: Problem.at(bib_file, "", "")))
        except ContentError as error:
            problems += error.problems
    return sources


def _json_items(path: Path, problems: list[Problem]) -> tuple[list[Any], Any]:
    try:
        text = read_text(path)
    except ContentError as error:
        problems += error.problems
        return [], None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(
            Problem.at(path, "(syntax)", f"invalid JSON: {error.msg}", error.lineno, error.colno)
        )
        data = []
    if not isinstance(data, list):
        problems.append(Problem.at(path, "(document)", "expected a list of CSL-JSON items"))
        data = []

    def where(loc: Location) -> Problem:
        # JSON has no position index here: point at the item's id in the text.
        item = data[int(loc[0])]
        item_id = item.get("id") if isinstance(item, dict) else None
        offset = text.find(f'"{item_id}"') if item_id else -1
        line = text.count("\n", 0, offset) + 1 if offset >= 0 else 1
        column = offset - text.rfind("\n", 0, offset) if offset >= 0 else 1
        return Problem.at(path, "", "", line, column)

    return data, where


def _bibtex_items(path: Path) -> list[dict[str, Any]]:
    from citeproc.source.bibtex import BibTeX

    text = read_text(path)  # size, encoding and control characters, with their place
    try:  # from the text read: on a syntax error the parser leaves a file it opened open
        source = BibTeX(io.StringIO(text))
    except Exception as error:  # citeproc-py's BibTeX parser raises many kinds
        raise ContentError(
            Problem.at(path, "(syntax)", f"cannot read this BibTeX file: {_reason(error)}")
        ) from None
    items = []
    for key, reference in source.items():
        item: dict[str, Any] = {"id": key, "type": str(reference.type)}
        for name, value in reference.items():
            if name in {"key", "type"}:
                continue
            item[name.replace("_", "-")] = _from_citeproc(value)
        items.append(item)
    return items


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _from_citeproc(value: Any) -> Any:
    from citeproc.source import Date, Name

    if isinstance(value, list) and value and isinstance(value[0], Name):
        return [{k: str(v) for k, v in name.items()} for name in value]
    if isinstance(value, Date):
        parts = [value.get(part) for part in ("year", "month", "day")]
        return {"date-parts": [[int(p) for p in parts if p is not None]]}
    if isinstance(value, dict):  # pages: {'first': .., 'last': ..}
        return "-".join(str(v) for v in value.values())
    return str(value)


def _add(library: ReferenceLibrary, item: Any, index: int, where: Any) -> list[Problem]:
    def problem(loc: tuple[int | str, ...], message: str, code: str = "LP614") -> Problem:
        place: Problem = where((index, *loc))
        return Problem(
            place.path,
            place.line,
            place.column,
            f"references[{index + 1}]" + "".join(f".{part}" for part in loc),
            message,
            code,
        )

    if not isinstance(item, dict):
        return [problem((), "a reference must be a mapping of CSL-JSON fields")]
    problems = []
    key = item.get("id")
    if not isinstance(key, str) or not re.fullmatch(KEY, key):
        return [problem(("id",), "every reference needs an id such as 'smith2020'")]
    if item.get("type") not in CSL_TYPES:
        problems.append(
            problem(
                ("type",),
                f"'{item.get('type')}' is not a CSL type such as "
                "'article-journal', 'webpage', 'book' or 'report'",
            )
        )
    if not item.get("title"):
        problems.append(problem(("title",), "required field is missing"))
    for name in ("author", "editor"):
        if name in item and not _valid_names(item[name]):
            problems.append(
                problem((name,), "names must be a list of {family, given} or {literal}")
            )
    for name in ("issued", "accessed"):
        if name in item and not _valid_date(item[name]):
            problems.append(
                problem(
                    (name,),
                    "dates must look like {date-parts: [[2020, 3, 15]]} "
                    "(year, month 1–12, day 1–31)",
                )
            )
    if "DOI" in item and not re.fullmatch(r"10\.\d{4,9}/\S+", str(item["DOI"])):
        problems.append(problem(("DOI",), f"'{item['DOI']}' is not a DOI such as '10.1056/…'"))
    if "URL" in item and not re.fullmatch(r"https?://\S+", str(item["URL"])):
        problems.append(problem(("URL",), f"'{item['URL']}' is not a web address"))
    if key in library.items:
        first = library.origins[key]
        problems.append(
            problem(
                ("id",),
                f"reference id '{key}' is already used at {first.path}:{first.line}:{first.column}",
                "LP615",
            )
        )
    elif not problems:
        library.items[key] = item
        library.origins[key] = problem(("id",), "")
    return problems


def _valid_names(names: Any) -> bool:
    return isinstance(names, list) and all(
        isinstance(n, dict) and ("family" in n or "literal" in n) for n in names
    )


def _valid_date(value: Any) -> bool:
    parts = value.get("date-parts") if isinstance(value, dict) else None
    return (
        isinstance(parts, list)
        and 1 <= len(parts) <= 2  # a date, or a range of two
        and all(isinstance(p, list) and 1 <= len(p) <= 3 and _valid_parts(p) for p in parts)
    )


def _valid_parts(parts: list[Any]) -> bool:
    """[year], [year, month] or [year, month, day] as whole numbers in their ranges."""
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in parts):
        return False
    ranges = [(1, 9999), (1, 12), (1, 31)]
    return all(low <= n <= high for n, (low, high) in zip(parts, ranges, strict=False))


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


@dataclass(frozen=True)
class BibliographyEntry:
    number: int
    key: str
    html: Markup
    language: str = ""  # the language the entry is written in (its dates, its terms)


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
            text = _own_language(_linkify(texts[key]), item, language)
            entries.append(BibliographyEntry(number, key, Markup(text), language))
        return entries

    def entry_language(self, item: dict[str, Any]) -> str:
        """The language a reference is formatted in: the leaflet's, except in a right-to-left
        leaflet, where a reference keeps its own (CSL ``language``, English when not given)
        so that its dates and terms match its Latin-script text."""
        if profile(self.language).direction != "rtl":
            return self.language
        return profile(str(item.get("language") or "en")).language


def format_references(items: list[dict[str, Any]], language: str) -> list[str]:
    """Plain-text Vancouver entries for *items*, in the given order."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle(
        str(STYLE_FILE), locale=profile(language).csl_locale, validate=False
    )
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [_tidy(str(entry)) for entry in bibliography.bibliography()]


# Citing Medicine abbreviates every month to three letters ("Jun", "Jul", "Sep").
_ENGLISH_MONTHS = re.compile(r"\b(June|July|Sept)\b")


def _tidy(text: str) -> str:
    """Repair what citeproc-py gets wrong: doubled punctuation and spacing."""
    text = _ENGLISH_MONTHS.sub(lambda m: m.group(1)[:3], text)
    text = re.sub(r"\.\.(?!\.)", ".", text)
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _linkify(text: str) -> str:
    escaped = html.escape(text, quote=False)
    escaped = re.sub(
        r"doi:(10\.\S+?)(?=[.,;]?(?:\s|$))",
        lambda m: f'<a href="https://doi.org/{m.group(1)}">doi:{m.group(1)}</a>',
        escaped,
    )
    return re.sub(
        r"(?<![\"/])(https?://\S+?)(?=[.,;]?(?:\s|$))",
        lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>',
        escaped,
    )


# Fields whose text is the reference's own (not a term of the citation style).
OWN_FIELDS = ("title", "container-title", "container-title-short", "publisher")


def _own_language(entry: str, item: dict[str, Any], language: str) -> str:
    """*entry* (HTML) with the reference's own texts (its title, journal) marked with their
    language (CSL ``language``, English when not given) where the entry is formatted in
    another, so that they keep their own typography (no French space before a colon)."""
    own = str(item.get("language") or "en")
    if profile(own).language == profile(language).language:
        return entry
    for name in OWN_FIELDS:
        text = html.escape(str(item.get(name) or ""), quote=False)
        if text and text in entry and f">{text}<" not in entry:
            entry = entry.replace(text, f'<span lang="{html.escape(own)}">{text}</span>', 1)
    return entry


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
