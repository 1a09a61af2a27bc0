"""The references a leaflet cites: CSL-JSON items inline in ``leaflet.yaml`` under
``references``, in ``references.json``, ``references.yaml`` or ``references.bib`` beside
it, and the project's shared library (``leaflets/references.*``), each checked with its
place."""

from __future__ import annotations

import functools
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leafprint.errors import ContentError, Problem
from leafprint.textfile import read_text
from leafprint.yamlsource import Location, YamlDocument, load_yaml

# [@key], [@a; @b], [@key, p. 12]: keys as pandoc allows them.
KEY = r"[\w][\w:.#$%&+?<>~/-]*(?<![.:?])"

CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "book", "chapter",
    "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "legislation",
    "manuscript", "pamphlet", "paper-conference", "post", "post-weblog", "report", "review",
    "software", "speech", "standard", "thesis", "webpage",
}  # fmt: skip


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
