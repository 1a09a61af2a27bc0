"""Content and structure: codes, images, headings, links, empty text, addresses (LP1xx)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from leafprint.checks.advertising import advertising_problems
from leafprint.checks.formulas import split_sentences
from leafprint.content.brands import Brand
from leafprint.content.codes import code_uses
from leafprint.content.leaflets import LanguageVersion, Leaflet, all_sections, text_fields
from leafprint.content.models import DECISION_TOPICS
from leafprint.content.typography import EMAIL
from leafprint.errors import Problem, display_path
from leafprint.yamlsource import Location

from . import CheckContext, located

VAGUE_LINKS = {
    "click here", "here", "read more", "more", "link", "this link",  # en
    "hier", "klik hier", "lees meer", "meer",  # nl
    "her", "klik her", "læs mere",  # da
    "ici", "cliquez ici", "en savoir plus",  # fr
    "hier klicken", "mehr",  # de
}  # fmt: skip
PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME|XXX)\b|lorem ipsum", re.I)
MAYBE_EMAIL = re.compile(r"[\w.+-]+@[\w.-]*")  # meant as an address, if not one
GOOD_EMAIL = re.compile(f"^{EMAIL}$")
PHONE = re.compile(r"(?<![\w+])\+\d[\d\s().-]{5,}\d")
GOOD_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?$", re.I)
MAX_SUMMARY_SENTENCES = 3
_md = MarkdownIt("commonmark").enable("table").use(footnote_plugin)

# The words of the new leaflet that only say what to write: refused by LP113.
PLACEHOLDERS = (
    "Department name",
    "Your name",
    "Your role",
    "Who this leaflet is for",
    "Title of the leaflet",
    "One to three short sentences that say what this leaflet is about.",
    "The most important thing to remember.",
    "First section",
    "Write short sentences. Use **bold** for what matters most.",
)


def unique_code(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    own = leaflet.document.path.resolve()
    others = [
        use
        for use in context.codes.get(leaflet.meta.code, [])
        if use.language is None and use.path.resolve() != own
    ]
    if not others:
        return []
    where = ", ".join(f"{display_path(use.path)}:{use.line}" for use in others)
    return [
        located(
            leaflet.document,
            ("code",),
            f"code {leaflet.meta.code} is also used by {where}; every leaflet needs its own code",
            "LP101",
        )
    ]


def unique_printed_codes(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """A code printed on one language and edition is nobody else's: neither printed on
    another nor another leaflet's code (two leaflets' codes are LP101)."""
    meta, own = leaflet.meta, leaflet.document.path.resolve()
    problems = []
    for code, use in code_uses(own, 0, meta.code, meta.languages, meta.editions):
        others = [
            other
            for other in context.codes.get(code, [])
            if (other.path.resolve(), other.language, other.edition)
            != (own, use.language, use.edition)
            and (use.language or other.language)
        ]
        if not others:
            continue
        subject = f"printed code {code} ({use.what})" if use.language else f"code {code}"
        message = (
            f"{subject} is also {', '.join(map(str, others))}; every leaflet, language and "
            "edition needs its own code"
        )
        problems.append(located(leaflet.document, ("code",), message, "LP114"))
    return problems


def texts(version: LanguageVersion) -> Iterator[tuple[Location, str, bool]]:
    """Every Markdown text of a language file: (location, text, is a block text)."""
    return text_fields(version.text)


def markdown(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    problems: list[Problem] = []
    for version in leaflet.versions.values():
        for loc, text, block in texts(version):
            tokens = _md.parse(text) if block else _md.parseInline(text)
            problems += _headings(version, loc, tokens)
            for token in tokens:
                if token.children:
                    problems += _links(version, loc, token)
            problems += _plain_text(version, loc, text)
    return problems


def _headings(version: LanguageVersion, loc: Location, tokens: list[Token]) -> list[Problem]:
    problems, previous = [], 2  # a text sits under its section's level-2 heading
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        title = tokens[index + 1].content
        needle = f"{token.markup} {title}" if token.markup.startswith("#") else title
        if level <= 2:
            problems.append(
                located(
                    version.document,
                    loc,
                    f"heading '{title}' is level {level}, as high as the leaflet's own headings; "
                    "headings in a text start at level 3: ### heading",
                    "LP103",
                    needle=needle,
                )
            )
        elif level > previous + 1:
            problems.append(
                located(
                    version.document,
                    loc,
                    f"heading '{title}' jumps from level {previous} to level {level}; "
                    f"use level {previous + 1} ({'#' * (previous + 1)})",
                    "LP104",
                    needle=needle,
                )
            )
        previous = max(level, 2)
    return problems


def _links(version: LanguageVersion, loc: Location, token: Token) -> list[Problem]:
    problems: list[Problem] = []
    children = token.children or []
    for index, child in enumerate(children):
        if child.type == "image":
            src = str(child.attrs.get("src", ""))
            if not child.content.strip():
                problems.append(
                    located(
                        version.document,
                        loc,
                        f"image {src} has no alternative text: write ![what it shows]({src})",
                        "LP102",
                        needle=f"![{child.content}]({src}",
                    )
                )
        if child.type != "link_open":
            continue
        href = str(child.attrs.get("href", ""))
        label = ""
        for inner in children[index + 1 :]:
            if inner.type == "link_close":
                break
            label += inner.content
        if child.markup != "autolink" and label.strip().lower().rstrip(".") in VAGUE_LINKS:
            problems.append(
                located(
                    version.document,
                    loc,
                    f"link text '{label}' says nothing out of context; name where it leads",
                    "LP105",
                    needle=f"[{label}]",
                )
            )
        problems += _address(version, loc, href, label)
    return problems


def _address(version: LanguageVersion, loc: Location, href: str, label: str) -> list[Problem]:
    scheme, _, rest = href.partition(":")
    needle = href if href else label
    if scheme == "mailto":
        return _email(version, loc, rest)
    if scheme == "tel":
        return _phone(version, loc, rest)
    host = rest.removeprefix("//").split("/")[0].split("?")[0]
    if scheme in {"http", "https"} and rest.startswith("//") and GOOD_HOST.match(host):
        return []
    return [
        located(
            version.document,
            loc,
            f"'{href}' is not a web address such as https://www.example.org/page",
            "LP108",
            needle=needle,
        )
    ]


def _email(version: LanguageVersion, loc: Location, address: str) -> list[Problem]:
    if GOOD_EMAIL.match(address):
        return []
    return [
        located(
            version.document,
            loc,
            f"'{address}' is not an e-mail address such as name@example.org",
            "LP109",
            needle=address,
        )
    ]


def _phone(version: LanguageVersion, loc: Location, number: str) -> list[Problem]:
    try:
        valid = phonenumbers.is_valid_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        valid = False
    if valid:
        return []
    return [
        located(
            version.document,
            loc,
            f"'{number}' is not a valid phone number in international form, e.g. +31 20 555 0140",
            "LP110",
            needle=number,
        )
    ]


def _plain_text(version: LanguageVersion, loc: Location, text: str) -> list[Problem]:
    bare = re.sub(r"\]\([^)]*\)|<[^>]*>", "]", text)  # link targets are checked as links
    problems: list[Problem] = []
    for match in MAYBE_EMAIL.finditer(bare):
        problems += _email(version, loc, match.group(0).rstrip("."))
    for match in PHONE.finditer(bare):
        problems += _phone(version, loc, match.group(0).strip())
    return problems


def empty_sections(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    problems = []
    for version in leaflet.versions.values():
        for place, section in all_sections(version.text):
            words = re.sub(r"\[[@^][^\]]*\]|[#*_>`\-]", " ", section.body)
            if not re.search(r"\w", words):
                problems.append(
                    located(
                        version.document,
                        (*place, "body"),
                        f"section '{section.heading}' has no text",
                        "LP106",
                    )
                )
        for loc, text, _ in texts(version):
            match = PLACEHOLDER.search(text)
            if match:
                problems.append(
                    located(
                        version.document,
                        loc,
                        f"placeholder '{match.group(0)}' left in the text",
                        "LP107",
                        needle=match.group(0),
                    )
                )
    return problems


def per_language(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """A text given per language (owner, a role) covers every language of the leaflet."""
    languages = leaflet.meta.languages
    problems = []
    for loc, texts in leaflet.meta.localized():
        missing = [language for language in languages if language not in texts]
        if missing:
            message = (
                f"no text in {', '.join(missing)}: give one per language "
                f"({', '.join(languages)}), or one text for all"
            )
            problems.append(located(leaflet.document, loc, message, "LP111"))
    return problems


def short_summary(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """The summary says what the leaflet is about in one to three sentences."""
    problems = []
    for version in leaflet.versions.values():
        plain = re.sub(r"\[[@^][^\]]*\]|[*_`#>]", "", version.text.summary)
        count = sum(len(split_sentences(block)) for block in plain.split("\n\n"))
        if count > MAX_SUMMARY_SENTENCES:
            message = (
                f"the summary has {count} sentences; say what the leaflet is about in at most "
                f"{MAX_SUMMARY_SENTENCES} and move the rest to a section"
            )
            problems.append(located(version.document, ("summary",), message, "LP112"))
    return problems


def balanced_decision(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """A leaflet that helps the reader decide weighs benefits, risks, the other options and
    doing nothing, each in a section that says so (``covers:``)."""
    if not leaflet.meta.decision:
        return []
    problems = []
    for version in leaflet.versions.values():
        covered = {topic for _, section in all_sections(version.text) for topic in section.covers}
        missing = [topic for topic in DECISION_TOPICS if topic not in covered]
        if missing:
            message = (
                f"a decision leaflet weighs {', '.join(DECISION_TOPICS)}; no section covers "
                f"{', '.join(missing)}: write it, and mark the section that does with "
                f"covers: [{missing[0]}]"
            )
            problems.append(located(version.document, ("sections",), message, "LP117"))
    return problems


def audience(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """The leaflet says who it is for (printed under the title)."""
    if leaflet.meta.audience is not None:
        return []
    message = (
        "the leaflet does not say who it is for: add audience: (for example 'Adults who are "
        "offered …, and their families'); it is printed under the title"
    )
    return [located(leaflet.document, ("audience",), message, "LP115")]


def scaffold_words(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """The example words of ``leafprint new`` are replaced before the leaflet is used."""
    problems = []
    documents = [leaflet.document, *(v.document for v in leaflet.versions.values())]
    for document in documents:
        for loc, text in _strings(document.data, ()):
            found = next((p for p in PLACEHOLDERS if p in text), None)
            if found:
                message = f"'{found}' is an example from leafprint new: write the real text"
                problems.append(located(document, loc, message, "LP113"))
    return problems


def _strings(data: object, loc: Location) -> Iterator[tuple[Location, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))


def advertising(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Trademark signs, prices, selling words and shop links in the text (LP116)."""
    return [p for v in leaflet.versions.values() for p in advertising_problems(v, brand)]


RULES = [
    unique_code,
    unique_printed_codes,
    markdown,
    empty_sections,
    per_language,
    short_summary,
    audience,
    balanced_decision,
    scaffold_words,
    advertising,
]
