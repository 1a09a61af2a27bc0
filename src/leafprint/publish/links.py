"""``leafprint links``: ask every web address of the project whether it still answers.

The addresses are those a reader or an assessor follows: links in the texts (and in
the shared blocks a text uses), ``more_information`` addresses, the web addresses and
DOIs of references (each leaflet's own and the project's library) and the web addresses
of the contact points a leaflet prints. The leaflets' own online addresses
(``online_url``, the brand's ``base_url``) are not asked: they point at the site the
build makes.

Each address is asked once, however often it is used, several at a time: ``HEAD``
first, ``GET`` when a server answers ``HEAD`` with an error (many refuse it). Redirects
are followed; a permanent one (301, 308) is a warning naming the new address. A DOI is
asked of the DOI resolver only: a redirect means the DOI is registered (publishers'
sites often refuse automated requests).
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from markdown_it import MarkdownIt

from leafprint import __version__
from leafprint.checks.check import Checker
from leafprint.checks.rules.contacts import printed_contacts
from leafprint.content.brands import Brand
from leafprint.content.citations import find_citations, walk_strings
from leafprint.content.leaflets import Leaflet, discover, load_leaflet
from leafprint.content.references import ReferenceLibrary, project_library
from leafprint.content.typography import URL
from leafprint.errors import LeafletError, Problem
from leafprint.findings import Finding, Level, leveled
from leafprint.yamlsource import Location, TextOrigin, YamlDocument

DOI_RESOLVER = "https://doi.org/"
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 10
LIBRARY = "(library)"  # the group of library references no leaflet cites
WEB = re.compile(URL)
HEADERS = {"User-Agent": f"leafprint/{__version__} (link check)", "Accept": "*/*"}
_md = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Use:
    """A web address written at a place (*where*: path, line, column and field)."""

    url: str
    leaflet: str  # the slug, or LIBRARY
    where: Problem


@dataclass(frozen=True)
class Answer:
    """What asking for an address gave."""

    url: str
    status: int | None = None  # the last HTTP status; None: no answer
    reason: str = ""  # the status's phrase, or why there was no answer
    moved_to: str | None = None  # where its permanent redirects lead

    @property
    def result(self) -> str:
        if self.status is None:
            return "unreachable"
        if self.status >= 400:
            return "broken"
        return "moved" if self.moved_to else "ok"


@dataclass(frozen=True)
class Checked:
    """One use of an address with its answer, and the finding when it is not fine."""

    use: Use
    answer: Answer
    finding: Finding | None

    def as_dict(self) -> dict[str, object]:
        where = self.use.where
        return {
            "leaflet": self.use.leaflet,
            "path": where.path,
            "line": where.line,
            "column": where.column,
            "field": where.field,
            "url": self.use.url,
            "result": self.answer.result,
            "status": self.answer.status,
            "moved_to": self.answer.moved_to,
            "level": self.finding.level if self.finding else "",
            "code": self.finding.problem.code if self.finding else "",
            "message": self.finding.problem.message if self.finding else "",
        }


# --- where addresses are written ------------------------------------------------------------


@dataclass
class Collected:
    """The uses of web addresses found, the rule levels each leaflet's brand sets, and the
    problems of the leaflets that do not load."""

    uses: list[Use] = dataclasses.field(default_factory=list)
    levels: dict[str, dict[str, Level]] = dataclasses.field(default_factory=dict)
    problems: list[Problem] = dataclasses.field(default_factory=list)


def collect(root: Path, slugs: Iterable[str] = ()) -> Collected:
    """Every use of a web address in the leaflets (all, or *slugs*) and, for the whole
    project, in the library references no leaflet cites."""
    slugs, checker, found = list(slugs), Checker(root), Collected()
    uses = found.uses
    cited: set[str] = set()
    for folder in discover(root / "leaflets", slugs):
        try:
            leaflet = load_leaflet(folder)
            brand = checker.brand(leaflet)
        except LeafletError as error:
            found.problems += error.problems
            continue
        found.levels[leaflet.slug] = dict(brand.meta.rules)
        keys = _cited(leaflet)
        cited |= keys
        uses += [Use(url, leaflet.slug, where) for url, where in _leaflet_urls(leaflet, keys)]
        uses += [Use(url, leaflet.slug, where) for url, where in _contact_urls(leaflet, brand)]
    if not slugs:
        try:
            library = project_library(root / "leaflets")
        except LeafletError:  # reported with the leaflets that cite it
            return found
        unused = [key for key in library.items if key not in cited]
        uses += [Use(url, LIBRARY, where) for url, where in _reference_urls(library, unused)]
    return found


def _leaflet_urls(leaflet: Leaflet, cited: set[str]) -> Iterator[tuple[str, Problem]]:
    for language in sorted(leaflet.versions):
        version = leaflet.versions[language]
        yield from _document_urls(version.document)
        for block in version.blocks:
            yield from _text_urls(block.origin(language), block.meta.text[language])
    library = leaflet.references
    keys = [key for key in library.items if key not in library.shared or key in cited]
    yield from _reference_urls(library, keys)


def _document_urls(document: YamlDocument) -> Iterator[tuple[str, Problem]]:
    """The links in the Markdown texts of a language file, and its fields that are a web
    address (``more_information``)."""
    for loc, text in walk_strings(document.data):
        if re.fullmatch(r"https?://\S+", text.strip()):
            yield text.strip(), document.problem(loc, "")
        else:
            yield from _text_urls(TextOrigin(document, loc), text)


def _text_urls(origin: TextOrigin, text: str) -> Iterator[tuple[str, Problem]]:
    """The web links of one Markdown text, each at its place."""
    for token in _md.parse(text):
        for child in token.children or []:
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if urlsplit(href).scheme.lower() in {"http", "https"}:
                yield href, origin.problem("", href)


def _cited(leaflet: Leaflet) -> set[str]:
    """The reference keys a leaflet cites in any language (blocks included)."""
    keys: set[str] = set()
    for language, version in leaflet.versions.items():
        texts = [text for _, text in walk_strings(version.document.data)]
        texts += [block.meta.text[language] for block in version.blocks]
        for text in texts:
            keys.update(item.key for _, items in find_citations(text) for item in items)
    return keys


def _reference_urls(
    library: ReferenceLibrary, keys: Iterable[str]
) -> Iterator[tuple[str, Problem]]:
    """The web address and DOI of each reference in *keys*, at the line that gives it."""
    for key in keys:
        item, origin = library.items[key], library.origins[key]
        for name, url in (("URL", item.get("URL")), ("DOI", item.get("DOI"))):
            if not url:
                continue
            written = str(url).strip()
            field = re.sub(r"\.id$", f".{name}", origin.field) or name
            line, column = _find_after(origin, written)
            where = dataclasses.replace(origin, field=field, line=line, column=column)
            yield (DOI_RESOLVER + written if name == "DOI" else written), where


def _find_after(origin: Problem, needle: str) -> tuple[int, int]:
    """The place of *needle* in *origin*'s file at or after its line (else *origin*'s)."""
    try:
        text = Path(origin.path).read_text(encoding="utf-8")
    except OSError:
        return origin.line, origin.column
    start = 0
    for _ in range(origin.line - 1):
        start = text.find("\n", start) + 1
    index = text.find(needle, start)
    if index < 0:
        return origin.line, origin.column
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _contact_urls(leaflet: Leaflet, brand: Brand) -> Iterator[tuple[str, Problem]]:
    """The web addresses (``web``, and those in ``feedback``) of every contact point the
    leaflet prints, in its general and clinic editions."""
    document = brand.contacts.document
    for contact_id in dict.fromkeys(contact for _, contact in printed_contacts(leaflet, brand)):
        entry = document.data["contacts"][contact_id]
        base: Location = ("contacts", contact_id)
        for loc, text in walk_strings(entry, base):
            for match in WEB.finditer(text):
                line, column = document.text_position(loc, match.group(0))
                where = document.problem(loc, "")
                yield match.group(0), dataclasses.replace(where, line=line, column=column)


# --- asking -----------------------------------------------------------------------------------


class _Stay(urllib.request.HTTPRedirectHandler):
    """Hands a redirect back as an answer, so that each step is seen."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _ask(url: str, method: str, timeout: float) -> tuple[int, str, str | None]:
    """(status, phrase, Location) of one request; errors other than HTTP ones are raised."""
    opener = urllib.request.build_opener(_Stay())
    request = urllib.request.Request(url, method=method, headers=HEADERS)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.reason, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, str(error.reason), error.headers.get("Location")


def check_url(url: str, timeout: float) -> Answer:
    """Ask for *url*, following redirects (a DOI's only at the resolver)."""
    moved_to: str | None = None
    permanent = True  # every step so far was permanent
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, phrase, location = _ask(current, "HEAD", timeout)
            if status >= 400:  # HEAD refused (405, 501, even 403 or 404): ask properly
                status, phrase, location = _ask(current, "GET", timeout)
            if status not in REDIRECTS or not location:
                return Answer(url, status, phrase, moved_to)
            if url.startswith(DOI_RESOLVER):  # a registered DOI; the publisher is not asked
                return Answer(url, status, phrase)
            target = urljoin(current, location)
            permanent = permanent and status in PERMANENT
            moved_to = target if permanent else moved_to
            if urlsplit(target).scheme not in {"http", "https"}:
                return Answer(url, None, f"redirected to {target}, not a web address")
            current = target
    except urllib.error.URLError as error:
        return Answer(url, None, _why(error.reason, timeout))
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Answer(url, None, _why(error, timeout))
    return Answer(url, None, f"more than {MAX_REDIRECTS} redirects")


def _why(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "the server's name is not known"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    return str(reason) or type(reason).__name__


def check_all(
    urls: Iterable[str],
    timeout: float,
    jobs: int,
    done: Callable[[str], None] = lambda url: None,
) -> dict[str, Answer]:
    """Every distinct address of *urls* asked once, *jobs* at a time; *done* is told of
    each as its answer comes."""
    distinct = list(dict.fromkeys(urls))
    answers: dict[str, Answer] = {}

    def ask(url: str) -> None:
        answers[url] = check_url(url, timeout)
        done(url)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(ask, distinct))
    return answers


# --- judging ----------------------------------------------------------------------------------


def judge(
    uses: Iterable[Use], answers: dict[str, Answer], levels: dict[str, dict[str, Level]]
) -> list[Checked]:
    """Each use with its answer, and a finding (LP620–LP622) at the brand's level (*levels*
    by leaflet) when the address is broken, unreachable or moved; sorted by leaflet and
    place."""
    checked = []
    for use in uses:
        answer = answers[use.url]
        problem = _problem(use, answer)
        found = leveled([problem], levels.get(use.leaflet)) if problem else []
        checked.append(Checked(use, answer, found[0] if found else None))
    return sorted(checked, key=lambda c: (c.use.leaflet, c.use.where, c.use.url))


def _problem(use: Use, answer: Answer) -> Problem | None:
    url = use.url
    if answer.result == "broken":
        message = f"{url} answers {answer.status} {answer.reason}: correct or remove it"
        code = "LP620"
    elif answer.result == "unreachable":
        message = f"{url} cannot be reached: {answer.reason}"
        code = "LP621"
    elif answer.result == "moved":
        message = f"{url} has moved permanently to {answer.moved_to}: write the new address"
        code = "LP622"
    else:
        return None
    return dataclasses.replace(use.where, message=message, code=code)


def as_json(checked: Iterable[Checked]) -> str:
    return json.dumps([c.as_dict() for c in checked], ensure_ascii=False, indent=2) + "\n"
