"""The reader's own text of a leaflet language, cut into parts and plain-text blocks.

Readability is measured on what a patient reads: title, summary, key points, each
section (heading, body and boxes), questions and FAQ. References, the contact block,
footers and links are not part of it. Markdown is reduced to text; citations and
footnote marks are dropped, footnote texts are kept. Every block (paragraph, list
item, heading, question) ends a sentence, even without a full stop.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from leafprint.content.models import Translation
from leafprint.yamlsource import Location


@dataclass(frozen=True)
class Part:
    """One row of the readability table: a section, or the summary, key points …"""

    name: str
    loc: Location  # the field reported for the whole part, e.g. ("sections", 2)
    anchor: Location  # where a warning points, e.g. ("sections", 2, "heading")
    texts: tuple[tuple[Location, str, bool], ...]  # (field, text, is Markdown)
    accepted: str | None = None  # why it may score beyond the target (a section's note)

    def blocks(self) -> list[str]:
        """Plain-text blocks; each one ends a sentence."""
        found: list[str] = []
        for _, text, markdown in self.texts:
            found += markdown_blocks(text) if markdown else [_tidy(text)]
        return [block for block in found if block]


def leaflet_parts(text: Translation) -> list[Part]:
    """The parts of one language's text, in reading order."""
    head: list[tuple[Location, str, bool]] = [(("title",), text.title, False)]
    if text.subtitle:
        head.append((("subtitle",), text.subtitle, False))
    head.append((("summary",), text.summary, True))
    parts = [Part("Title and summary", ("summary",), ("title",), tuple(head))]
    if text.key_points:
        points = tuple((("key_points", i), p, True) for i, p in enumerate(text.key_points))
        parts.append(Part("Key points", ("key_points",), ("key_points",), points))
    for index, section in enumerate(text.sections):
        loc: Location = ("sections", index)
        texts = [((*loc, "heading"), section.heading, False), ((*loc, "body"), section.body, True)]
        for number, callout in enumerate(section.callouts):
            if callout.title:
                texts.append(((*loc, "callouts", number, "title"), callout.title, False))
            texts.append(((*loc, "callouts", number, "body"), callout.body, True))
        note = section.readability.accept if section.readability else None
        parts.append(Part(section.heading, loc, (*loc, "heading"), tuple(texts), note))
    if text.questions:
        asked = tuple((("questions", i), q, False) for i, q in enumerate(text.questions))
        parts.append(Part("Questions", ("questions",), ("questions",), asked))
    if text.faq:
        answers: list[tuple[Location, str, bool]] = []
        for index, item in enumerate(text.faq):
            answers.append((("faq", index, "question"), item.question, False))
            answers.append((("faq", index, "answer"), item.answer, True))
        parts.append(Part("FAQ", ("faq",), ("faq",), tuple(answers)))
    return parts


def reader_groups(text: Translation) -> Iterator[list[Location]]:
    """The fields of every text a patient reads, in reading order, grouped as the
    parts are (a heading with its section), then each image and link description."""
    for part in leaflet_parts(text):
        yield [loc for loc, _, _ in part.texts]
    for image_id, image in text.images.items():
        fields: list[Location] = [("images", image_id, "alt")]
        if image.caption:
            fields.append(("images", image_id, "caption"))
        yield fields
    for index, link in enumerate(text.more_information):
        if link.description:
            yield [("more_information", index, "description")]


def markdown_blocks(text: str) -> list[str]:
    """The paragraphs, list items, headings and footnotes of a Markdown text, as text."""
    tokens = _markdown().parse(text, {})
    return [_tidy(_inline_text(token)) for token in tokens if token.type == "inline"]


@cache
def _markdown() -> MarkdownIt:
    from leafprint.content.markdown import make_markdown

    return make_markdown()


def _inline_text(token: Token) -> str:
    pieces: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            pieces.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            pieces.append(" ")
        elif child.type == "citation" and pieces:  # "works [@key]." reads "works."
            pieces[-1] = pieces[-1].rstrip()
    return "".join(pieces)


def _tidy(text: str) -> str:
    return " ".join(text.split())
