"""The content model: what a leaflet, a translation and a brand may contain.

Every model rejects unknown keys, so a misspelt field is reported instead of
silently ignored. Markdown fields are plain strings here; they are rendered later.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _number_to_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _check_language(value: str) -> str:
    if not LANGUAGE_TAG.match(value):
        raise ValueError(f"'{value}' is not a language code such as 'nl', 'en' or 'pt-BR'")
    return value


Text = Annotated[str, Field(min_length=1)]
# A text that is the same in every language, or one text per language code.
Localized = Text | dict[Annotated[str, BeforeValidator(_check_language)], Text]


def in_language(value: str | dict[str, str], language: str) -> str:
    """*value* as printed in *language*; a per-language mapping without it (LP111) gives
    its first text."""
    if isinstance(value, str):
        return value
    return value.get(language) or next(iter(value.values()))


Version = Annotated[str, BeforeValidator(_number_to_text), Field(pattern=r"^\d+(\.\d+)*$")]
Language = Annotated[str, BeforeValidator(_check_language)]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Url = Annotated[str, Field(pattern=r"^https?://[^\s]+$")]
ColourValue = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
FormatName = Literal["a4", "a5", "booklet", "large-print", "press", "screen"]
CmykValue = Annotated[list[Annotated[float, Field(ge=0, le=1)]], Field(min_length=4, max_length=4)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- leaflet.yaml -----------------------------------------------------------------------------


class Person(Strict):
    name: Text
    role: Localized | None = None  # e.g. {nl: internist-oncoloog, en: medical oncologist}


class Approval(Strict):
    """A sign-off of one version: who approved it, in which role, and when."""

    version: Version
    role: Identifier  # e.g. clinical-reviewer, patient-reviewer, information-lead
    name: Text
    date: dt.date


class Change(Strict):
    """One entry of the change log: a version, its date, what changed and who approved it."""

    version: Version
    date: dt.date  # the day the version's text was settled; its sign-offs follow
    summary: Localized  # e.g. {nl: Nieuw stuk over bijwerkingen, en: New part on side effects}
    approved_by: Text


class Extension(Strict):
    """A recorded postponement of an overdue review (at most one year)."""

    by: Text
    reason: Text
    until: dt.date


class Withdrawal(Strict):
    """A leaflet taken out of use: no longer built, its PDFs archived, its web pages a
    notice that names the leaflet to use instead."""

    date: dt.date
    reason: Localized
    replaced_by: Identifier | None = None  # the slug of the leaflet that replaces it


class ImageFile(Strict):
    id: Identifier
    file: Text


class LeafletMeta(Strict):
    """``leaflets/<slug>/leaflet.yaml``: what all languages of a leaflet share."""

    code: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
    version: Version
    brand: Identifier
    source_language: Language
    languages: list[Language] = Field(min_length=1)
    published: dt.date
    reviewed: dt.date
    next_review: dt.date
    owner: Localized  # the department or team responsible for the leaflet
    authors: list[Person] = Field(min_length=1)
    reviewers: list[Person] = []
    approvals: list[Approval] = []
    changes: list[Change] = []  # the change log, one entry per version
    extension: Extension | None = None
    withdrawn: Withdrawal | None = None
    audience: Text | None = None
    editions: list[Identifier] = []
    contact: Identifier | None = None
    online_url: Url | None = None
    formats: list[FormatName] | None = None
    images: list[ImageFile] = []
    references: list[dict[str, Any]] = []

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, languages: list[str]) -> list[str]:
        doubles = sorted({tag for tag in languages if languages.count(tag) > 1})
        if doubles:
            raise ValueError(f"language listed twice: {', '.join(doubles)}")
        return languages

    @model_validator(mode="after")
    def _consistent(self) -> LeafletMeta:
        if self.source_language not in self.languages:
            raise ValueError(
                f"source_language '{self.source_language}' must also be listed in languages"
            )
        if not self.published <= self.reviewed < self.next_review:
            raise ValueError(
                "dates must run published ≤ reviewed < next_review "
                f"(got {self.published}, {self.reviewed}, {self.next_review})"
            )
        return self

    def localized(self) -> list[tuple[tuple[str | int, ...], dict[str, str]]]:
        """The fields given per language, each with its place in the file."""
        fields: list[tuple[tuple[str | int, ...], str | dict[str, str] | None]] = [
            (("owner",), self.owner)
        ]
        for group, people in (("authors", self.authors), ("reviewers", self.reviewers)):
            fields += [((group, n, "role"), p.role) for n, p in enumerate(people)]
        fields += [(("changes", n, "summary"), c.summary) for n, c in enumerate(self.changes)]
        return [(loc, value) for loc, value in fields if isinstance(value, dict)]

    def owner_in(self, language: str) -> str:
        return in_language(self.owner, language)


# --- <lang>.yaml ------------------------------------------------------------------------------


class SourceRef(Strict):
    language: Language
    version: Version
    date: dt.date | None = None  # when the translation was last brought up to date


class Callout(Strict):
    title: Text | None = None
    body: Text
    kind: Literal["info", "tip", "warning", "urgent"] = "info"


def _reason(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(
            "say why this section may stay beyond the readability target, e.g. "
            'readability: {accept: "names the treatments one by one"}'
        )
    return value


class ReadabilityNote(Strict):
    """A known exception to the readability target, recorded with its reason."""

    accept: Annotated[Text, BeforeValidator(_reason)]  # why it may score beyond the target


class Section(Strict):
    heading: Text
    body: Text
    image: Identifier | None = None
    callouts: list[Callout] = []
    readability: ReadabilityNote | None = None  # {accept: "medical terms explained"}


class Question(Strict):
    question: Text
    answer: Text


class Link(Strict):
    title: Text
    url: Url
    description: Text | None = None


class ImageText(Strict):
    alt: Text
    caption: Text | None = None


class Translation(Strict):
    """``leaflets/<slug>/<lang>.yaml``: the text of one language."""

    translated_from: SourceRef | None = None
    title: Text
    subtitle: Text | None = None
    summary: Text
    key_points: list[Text] = []
    sections: list[Section] = Field(min_length=1)
    questions: list[Text] = []
    faq: list[Question] = []
    more_information: list[Link] = []
    images: dict[Identifier, ImageText] = {}


# --- styles/<brand>/brand.yaml ----------------------------------------------------------------


class Colours(Strict):
    primary: ColourValue
    accent: ColourValue
    text: ColourValue = "#1A1A1A"
    background: ColourValue = "#FFFFFF"
    tint: ColourValue


class Fonts(Strict):
    body: Text
    headings: Text
    scripts: dict[str, Text] = {}  # ISO 15924-ish name or language code → font family


class ReadabilitySettings(Strict):
    """``readability:`` in brand.yaml: targets per language and the plain-words window."""

    # language → target score; merged over the defaults (en/nl/fr/de 70, da/sv/nb 35),
    # null drops a language's target
    targets: dict[Language, float | None] = {}
    nearby_words: Annotated[int, Field(ge=0, le=50)] = 20  # plain word this close is enough
    min_words: Annotated[int, Field(ge=1)] = 100  # shorter parts get a score but no verdict


RuleLevel = Literal["error", "warning", "off"]
RuleCode = Annotated[str, Field(pattern=r"^[A-Z]{2}\d{3}$")]


class ReviewPolicy(Strict):
    """How often a brand's leaflets are reviewed."""

    max_years: Annotated[int, Field(ge=1, le=10)] = 3
    due_soon_months: Annotated[int, Field(ge=0, le=24)] = 3


class ApprovalPolicy(Strict):
    """The sign-offs a version needs before it is final."""

    required: list[Identifier] = []
    final: bool = False  # build final output (drafts refused) unless told otherwise


class ContactPolicy(Strict):
    """Which contact routes every leaflet must print (false: does not apply to this brand)."""

    urgent: bool = True
    feedback: bool = True


class PrintOptions(Strict):
    """``print:`` in brand.yaml: how the brand's leaflets are set."""

    digits: Literal["latin", "native"] = "latin"  # native: ٠١٢ in Arabic leaflets


class BrandMeta(Strict):
    """``styles/<brand>/brand.yaml``."""

    name: dict[Language, Text] = Field(min_length=1)
    kind: Literal["hospital", "patient-organisation"] = "hospital"
    colours: Colours
    logo: Text
    fonts: Fonts
    contact: Identifier
    base_url: Url
    fallback_language: Language = "en"
    citation_style: Literal["superscript", "brackets"] = "superscript"
    formats: list[FormatName] = ["a4"]
    body_size_pt: Annotated[float, Field(ge=11, le=14)] = 12
    press_profile: Text | None = None  # the print shop's CMYK ICC profile, relative path
    cmyk: dict[Literal["primary", "accent", "tint"], CmykValue] = {}  # press colours
    footer_contact: bool = False  # a short contact line in every page's footer
    vcard_qr: bool = False  # a QR code in the contact block that adds it to a phone
    large_print_size_pt: Annotated[float, Field(ge=16, le=18)] = 16
    readability: ReadabilitySettings = ReadabilitySettings()
    review: ReviewPolicy = ReviewPolicy()
    approvals: ApprovalPolicy = ApprovalPolicy()
    routes: ContactPolicy = ContactPolicy()
    rules: dict[RuleCode, RuleLevel] = {}  # a rule's level: error, warning or off
    print: PrintOptions = PrintOptions()
