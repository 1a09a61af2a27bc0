"""Resolve one leaflet language into everything its template shows.

This is where translations meet labels, Markdown becomes HTML (with citation
numbers in order of first use), the contact block is chosen and dates are
written the way the reader's language writes them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from markupsafe import Markup, escape

from leafprint.errors import ContentError, Problem
from leafprint.languages import direction, language_name, locale_for, profile
from leafprint.yamlsource import TextOrigin

from .brands import Brand
from .contacts import ResolvedContact, ResolvedPhone, phone_number
from .formats import FORMATS, SHORT_VERSION
from .labels import Labels, label_names
from .leaflets import LanguageVersion, Leaflet
from .lifecycle import effective_review, is_draft, version_key
from .markdown import MarkdownRenderer
from .models import Person, ShortVersion, Translation, in_language
from .translations import translation_state


@dataclass(frozen=True)
class Credit:
    """A person in the colophon, with their role in the page's language ("" if none)."""

    name: str
    role: str


@dataclass(frozen=True)
class ChangeView:
    """One version in the change log, in the page's language."""

    version: str
    date: str
    summary: str
    approved_by: str


@dataclass(frozen=True)
class MarkView:
    """The brand's quality mark as printed: its words and, if it has one, its image."""

    name: str
    image: str | None


@dataclass(frozen=True)
class Figure:
    src: str
    alt: str
    caption: Markup | None


@dataclass(frozen=True)
class CalloutView:
    kind: str
    title: Markup | None
    body: Markup
    number: ResolvedPhone | None = None  # an urgent callout's own number to call


@dataclass(frozen=True)
class SectionView:
    id: str
    heading: Markup
    body: Markup
    figure: Figure | None
    callouts: list[CalloutView]


@dataclass(frozen=True)
class QuestionView:
    question: Markup
    answer: Markup


@dataclass(frozen=True)
class LinkView:
    title: Markup
    url: str
    description: Markup | None


@dataclass(frozen=True)
class Page:
    """A leaflet in one language, resolved once and shared by its editions and formats."""

    slug: str
    language: str
    direction: str
    title: Markup
    plain_title: str
    description: str
    subtitle: Markup | None
    summary: Markup
    key_points: list[Markup]
    sections: list[SectionView]
    questions: list[Markup]
    faq: list[QuestionView]
    links: list[LinkView]
    labels: Labels
    brand_name: str
    brand_logo: str
    code: str
    version: str
    published: str
    reviewed: str
    next_review: str
    published_iso: str
    owner: str
    authors: list[str]
    keywords: list[str]
    online_url: str
    translated_from: str | None
    translation_updated: str | None = None  # when a translation was last brought up to date
    bibliography: list[Any] = field(default_factory=list)
    draft: bool = False  # lacks required sign-offs: watermarked on every page
    outdated: str | None = None  # notice on page 1 of an outdated translation
    author_credits: list[Credit] = field(default_factory=list)
    reviewer_credits: list[Credit] = field(default_factory=list)
    changes: list[ChangeView] = field(default_factory=list)  # the change log, newest first
    audience: str | None = None  # who the leaflet is for, near the top
    statements: list[str] = field(default_factory=list)  # disclaimer, funding, interests
    references_on_request: bool = False
    quality_mark: MarkView | None = None  # only while the brand is certified (as_printed)

    def label(self, name: str, **values: object) -> str:
        """An interface label with its ``{placeholders}`` filled in."""
        if name not in label_names():
            close = difflib.get_close_matches(name, label_names(), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise LookupError(f"no interface label '{name}'{hint}")
        return str(getattr(self.labels, name)).format(**values)


def resolve_page(
    leaflet: Leaflet,
    language: str,
    brand: Brand,
    labels: Labels,
    renderer: MarkdownRenderer | None = None,
    short: bool = False,
) -> Page:
    """Build the :class:`Page` of *leaflet* in *language*; *short*: its DL short version
    (``dl:``), whose key points and sections replace the leaflet's, without the leaflet's
    questions, answers and links."""
    version = leaflet.versions[language]
    text = version.text
    render = renderer or MarkdownRenderer()
    problems: list[Problem] = []
    part: ShortVersion | Translation = text.dl if short and text.dl else text
    place: tuple[str, ...] = (SHORT_VERSION,) if part is not text else ()
    if part is not text:
        text = text.model_copy(update={"questions": [], "faq": [], "more_information": []})

    def origin(*loc: str | int) -> TextOrigin:
        return TextOrigin(version.document, loc)

    # Markdown is rendered in the order the template shows it: citation numbers follow.
    title = render.inline(text.title, origin("title"))
    subtitle = render.inline(text.subtitle, origin("subtitle")) if text.subtitle else None
    summary = render.block(text.summary, origin("summary"))
    key_points = [
        render.inline(p, origin(*place, "key_points", i)) for i, p in enumerate(part.key_points)
    ]
    sections = [
        _section(leaflet, version, (*place, "sections", index), render, origin)
        for index in range(len(part.sections))
    ]
    questions = [render.inline(q, origin("questions", i)) for i, q in enumerate(text.questions)]
    faq = [
        QuestionView(
            render.inline(item.question, origin("faq", i, "question")),
            render.block(item.answer, origin("faq", i, "answer")),
        )
        for i, item in enumerate(text.faq)
    ]
    links = [
        LinkView(
            render.inline(link.title, origin("more_information", i, "title")),
            link.url,
            render.inline(link.description, origin("more_information", i, "description"))
            if link.description
            else None,
        )
        for i, link in enumerate(text.more_information)
    ]
    registry = render.env.get("citations")
    problems += render.problems + (registry.problems if registry else [])
    if problems:
        raise ContentError(problems)
    meta = leaflet.meta
    draft = is_draft(leaflet, brand)
    state = translation_state(leaflet, language)
    outdated = state is not None and state.outdated
    made_from = version.text.translated_from
    page = Page(
        slug=leaflet.slug,
        language=language,
        direction=direction(language),
        title=title,
        plain_title=text.title,
        description=_plain(text.summary),
        subtitle=subtitle,
        summary=summary,
        key_points=key_points,
        sections=sections,
        questions=questions,
        faq=faq,
        links=links,
        labels=labels,
        brand_name=brand.name(language),
        brand_logo=brand.logo.resolve().as_uri(),
        code=meta.code,
        version=meta.version,
        published=long_date(meta.published, language),
        reviewed=long_date(meta.reviewed, language),
        next_review=long_date(effective_review(leaflet), language),
        published_iso=meta.published.isoformat(),
        owner=meta.owner_in(language),
        authors=[person.name for person in meta.authors],
        keywords=[meta.code, leaflet.slug, *(s.heading for s in text.sections[:3])],
        online_url=online_url(leaflet, brand, language),
        translated_from=_translated_from(version, labels),
        translation_updated=long_date(made_from.date, language)
        if made_from and made_from.date
        else None,
        bibliography=registry.bibliography() if registry else [],
        draft=draft,
        author_credits=[_credit(person, language) for person in meta.authors],
        reviewer_credits=[_credit(person, language) for person in meta.reviewers],
        changes=[
            ChangeView(
                c.version,
                long_date(c.date, language),
                in_language(c.summary, language),
                c.approved_by,
            )
            for c in sorted(meta.changes, key=lambda c: version_key(c.version), reverse=True)
        ],
        audience=in_language(meta.audience, language) if meta.audience else None,
        statements=_statements(leaflet, brand, language, labels),
        references_on_request=meta.references == "on_request",
        quality_mark=_quality_mark(brand, language),
    )
    if draft:
        page = replace(
            page,
            keywords=[*page.keywords, labels.draft],
            description=f"{labels.draft}: {page.description}",
        )
    if outdated and made_from is not None:
        page = _mark_outdated(page, made_from.version, leaflet, labels)
    return page


def _statements(leaflet: Leaflet, brand: Brand, language: str, labels: Labels) -> list[str]:
    """What the colophon says about the leaflet's standing: the brand's disclaimer, who paid
    for it and any competing interests ("none" in leaflet.yaml gives the label's sentence)."""
    found = []
    if brand.meta.disclaimer:
        found.append(_localized(brand.meta.disclaimer, language, brand.meta.fallback_language))
    sponsorship = leaflet.meta.sponsorship
    if sponsorship:
        for value, label, none in (
            (sponsorship.funding, labels.funding, labels.no_funding),
            (sponsorship.competing_interests, labels.competing_interests,
             labels.no_competing_interests),
        ):  # fmt: skip
            text = in_language(value, language)
            found.append(none if text.lower() == "none" else f"{label}: {text}")
    return found


def _quality_mark(brand: Brand, language: str) -> MarkView | None:
    mark = brand.meta.quality_mark
    if mark is None:
        return None
    image = (brand.folder / mark.image).resolve().as_uri() if mark.image else None
    return MarkView(_localized(mark.name, language, brand.meta.fallback_language), image)


def _localized(value: str | dict[str, str], language: str, fallback: str) -> str:
    if isinstance(value, str):
        return value
    own = next((value[tag] for tag in profile(language).tags if tag in value), None)
    return own or value.get(fallback) or next(iter(value.values()))


def _credit(person: Person, language: str) -> Credit:
    return Credit(person.name, in_language(person.role, language) if person.role else "")


def _mark_outdated(page: Page, version: str, leaflet: Leaflet, labels: Labels) -> Page:
    """An outdated translation shows the version it follows, and says it is outdated; its
    review date stays the leaflet's clinical one."""
    notice = labels.outdated_translation.format(
        version=version,
        language=language_name(leaflet.meta.source_language, page.language),
    )
    return replace(page, outdated=notice, version=version)


def _section(
    leaflet: Leaflet,
    version: LanguageVersion,
    loc: tuple[str | int, ...],
    render: MarkdownRenderer,
    origin: Any,
) -> SectionView:
    """The section at *loc*: ``("sections", 2)``, or a short version's
    (``(SHORT_VERSION, "sections", 0)``)."""
    *_, index = loc
    assert isinstance(index, int)
    part = version.text.dl if loc[0] == SHORT_VERSION and version.text.dl else version.text
    section = part.sections[index]
    heading = render.inline(section.heading, origin(*loc, "heading"))
    body = render.block(section.body, origin(*loc, "body"))
    figure = None
    if section.image:
        image = next(i for i in leaflet.meta.images if i.id == section.image)
        words = version.text.images[section.image]
        figure = Figure(
            src=(leaflet.folder / image.file).resolve().as_uri(),
            alt=words.alt,
            caption=render.inline(words.caption, origin("images", section.image, "caption"))
            if words.caption
            else None,
        )
    callouts = [
        CalloutView(
            kind=callout.kind,
            title=render.inline(callout.title, origin(*loc, "callouts", n, "title"))
            if callout.title
            else None,
            body=render.block(callout.body, origin(*loc, "callouts", n, "body")),
            number=phone_number(callout.number, version.language) if callout.number else None,
        )
        for n, callout in enumerate(section.callouts)
    ]
    return SectionView(f"section-{index + 1}", heading, body, figure, callouts)


def availability(
    page: Page,
    languages: list[str],
    formats: Iterable[str],
    current_format: str,
    contact: ResolvedContact | None = None,
) -> Markup:
    """The "also available in …" statement, from what the build really makes, and the
    offer of braille, audio, easy read and other languages with how to ask for them (the
    contact's first phone number and e-mail address).

    Every format but the one in the reader's hands is named, the A4 leaflet too, except
    those not offered to readers (a print shop's file, :attr:`Format.offered`).
    """
    locale = locale_for(page.language)
    sentences = []
    if languages:
        names = [language_name(code, page.language) for code in languages]
        sentences.append(page.label("also_languages", languages=format_list(names, locale=locale)))
    others = [FORMATS[f] for f in formats if f != current_format and FORMATS[f].offered]
    if others:
        names = [page.labels.text(f.name_label) for f in others]
        sentences.append(page.label("also_formats", formats=format_list(names, locale=locale)))
    sentences.append(page.labels.other_formats_offer)
    phone = contact.phones[0] if contact and contact.phones else None
    email = contact.email if contact else None
    ltr = Markup('<bdi dir="ltr">{}</bdi>')
    route = {
        (True, True): page.labels.ask_by_phone_email,
        (True, False): page.labels.ask_by_phone,
        (False, True): page.labels.ask_by_email,
        (False, False): page.labels.ask_other_format,
    }[(phone is not None, email is not None)]
    parts = [escape(sentence) for sentence in sentences]
    parts.append(
        Markup(escape(route)).format(
            phone=ltr.format(phone.display if phone else ""), email=ltr.format(email or "")
        )
    )
    return Markup(" ").join(parts)


def _plain(markdown: str) -> str:
    """A one-line plain-text version of *markdown* for PDF metadata."""
    text = re.sub(r"\[\^[^\]]+\]|\s*\[@[^\]]+\]", "", markdown)
    return " ".join(re.sub(r"[*_`#>]", "", text).split())


def online_url(leaflet: Leaflet, brand: Brand, language: str, edition: str | None = None) -> str:
    """The leaflet's online version in *language*: brand base URL + slug + language, and
    a clinic edition's own page below it (``…/immunotherapy/nl/duinzicht``), so that the
    QR code of every edition opens a page with that edition's contact details."""
    if leaflet.meta.online_url:
        url = leaflet.meta.online_url.replace("{lang}", language)
    else:
        url = f"{brand.meta.base_url.rstrip('/')}/{leaflet.slug}/{language}"
    return f"{url.rstrip('/')}/{edition}" if edition else url


def long_date(value: dt.date, language: str) -> str:
    """*value* written out in *language* ("10 February 2026", "10 februari 2026")."""
    return format_date(value, format="long", locale=locale_for(language))


def _translated_from(version: LanguageVersion, labels: Labels) -> str | None:
    origin = version.text.translated_from
    if origin is None:
        return None
    return labels.translated_from.format(
        language=language_name(origin.language, version.language), version=origin.version
    )
