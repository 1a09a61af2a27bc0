"""The content model: what a leaflet, a translation and a brand may contain.

Every model rejects unknown keys, so a misspelt field is reported instead of
silently ignored. Markdown fields are plain strings here; they are rendered later.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from leafprint.languages import profile

from .formats import DEFAULT_FORMAT, FORMATS

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _number_to_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _check_language(value: str) -> str:
    if not LANGUAGE_TAG.match(value):
        raise ValueError(f"'{value}' is not a language code such as 'nl', 'en' or 'pt-BR'")
    return value


def _check_phone(value: str) -> str:
    try:
        valid = phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        raise ValueError(
            f"'{value}' is not a phone number in international form, e.g. '+31 20 555 0140'"
        )
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


def _block_reference(value: Any) -> Any:
    """``body: {block: id}`` (a YAML mapping) is the text ``{block: id}``, which stands for
    a shared block (see :mod:`leafprint.content.blocks`)."""
    if isinstance(value, dict) and set(value) == {"block"} and isinstance(value["block"], str):
        return f"{{block: {value['block']}}}"
    return value


# A Markdown body: text, or {block: id} for a shared block.
Body = Annotated[
    str,
    BeforeValidator(_block_reference),
    Field(min_length=1, json_schema_extra={"description": "Markdown, or {block: id}"}),
]
Version = Annotated[str, BeforeValidator(_number_to_text), Field(pattern=r"^\d+(\.\d+)*$")]
Language = Annotated[str, BeforeValidator(_check_language)]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Url = Annotated[str, Field(pattern=r"^https?://[^\s]+$")]
ColourValue = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


def _check_format(value: str) -> str:
    if value not in FORMATS:
        known = [f"'{name}'" for name in FORMATS]
        allowed = f"{', '.join(known[:-1])} or {known[-1]}"
        raise ValueError(f"'{value}' is not allowed; input should be {allowed}")
    return value


def _format_enum(schema: JsonDict) -> None:
    schema["enum"] = list(FORMATS)


# A format of the registry (leafprint.content.formats), read when a file is validated
FormatName = Annotated[str, AfterValidator(_check_format), Field(json_schema_extra=_format_enum)]
PressColour = Literal["primary", "accent", "tint", "alert", "alert_text", "alert_tint"]
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


class UserTest(Strict):
    """A test of the leaflet with readers: when, with whom, how, and what changed."""

    version: Version
    date: dt.date
    participants: Annotated[int, Field(ge=1)]  # how many people took part
    who: Text  # e.g. "patients of the day unit and two carers"
    method: Text  # e.g. "read-aloud interviews, one at a time"
    changed: Text  # what was changed because of it ("none" is an answer too)


class TranslationCheck(Strict):
    """A quality check of one language: by whom, how and when, for which version."""

    language: Language
    version: Version  # the source version the checked translation follows
    by: Text
    method: Literal["review", "back-translation", "clinical-review"]
    date: dt.date


class Sponsorship(Strict):
    """Who paid for the leaflet and any competing interests; "none" says there are none."""

    funding: Localized
    competing_interests: Localized


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
    renamed_from: list[Identifier] = []  # earlier slugs: their web addresses redirect here
    audience: Localized | None = None  # who the leaflet is for, printed near the top
    decision: bool = False  # helps the reader decide about a treatment: balanced, LP117
    user_testing: list[UserTest] = []
    translation_checks: list[TranslationCheck] = []
    sponsorship: Sponsorship | None = None
    editions: list[Identifier] = []
    contact: Identifier | None = None
    online_url: Url | None = None
    formats: list[FormatName] | None = None
    images: list[ImageFile] = []
    references: list[dict[str, Any]] | Literal["on_request"] = []

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
        fields.append((("audience",), self.audience))
        if self.sponsorship:
            fields.append((("sponsorship", "funding"), self.sponsorship.funding))
            fields.append(
                (("sponsorship", "competing_interests"), self.sponsorship.competing_interests)
            )
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
    body: Body
    kind: Literal["info", "tip", "warning", "urgent"] = "info"
    number: Annotated[str, AfterValidator(_check_phone)] | None = None  # urgent: whom to call


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


# What a leaflet that helps the reader decide (``decision: true``) must weigh, section by
# section: what the treatment can do, what it can cost, the other options, doing nothing.
DecisionTopic = Literal["benefits", "risks", "options", "no-treatment"]
DECISION_TOPICS: tuple[str, ...] = get_args(DecisionTopic)


class Section(Strict):
    heading: Text
    body: Body
    image: Identifier | None = None
    callouts: list[Callout] = []
    readability: ReadabilityNote | None = None  # {accept: "medical terms explained"}
    covers: list[DecisionTopic] = []  # in a decision leaflet: e.g. [benefits, risks]


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


class ShortVersion(Strict):
    """``dl:`` in a language file: the shorter text a DL tri-fold prints when the whole
    leaflet does not fit its six panels: the key points, the sections that matter most
    (the one with the urgent box) and, on the back, a QR code to the full leaflet."""

    key_points: list[Text] = []
    sections: list[Section] = Field(min_length=1)


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
    dl: ShortVersion | None = None  # the DL tri-fold's text, when the leaflet is too long


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

    max_years: Annotated[int, Field(ge=1, le=5)] = 3  # standards: 3 years, 5 at most
    due_soon_months: Annotated[int, Field(ge=0, le=24)] = 3
    contacts_months: Annotated[int, Field(ge=1, le=36)] = 12  # contact details checked this often
    source_years: Annotated[int, Field(ge=1, le=50)] = 10  # older sources are a warning (LP612)


class ApprovalPolicy(Strict):
    """The sign-offs a version needs before it is final."""

    required: list[Identifier] = []
    final: bool = False  # build final output (drafts refused) unless told otherwise


class ContactPolicy(Strict):
    """Which contact routes every leaflet must print (false: does not apply to this brand)."""

    urgent: bool = True
    feedback: bool = True


RecordName = Literal["user_testing", "translation_checks", "sponsorship", "disclaimer"]


class RecordPolicy(Strict):
    """The quality records a leaflet needs before final output (LP601–LP604)."""

    required: list[RecordName] = []


class PrintOptions(Strict):
    """``print:`` in brand.yaml: how the brand's leaflets are set."""

    digits: Literal["latin", "native"] = "latin"  # native: ٠١٢ in Arabic leaflets
    # language → body size as a factor of the Latin size, over its profile's factor: a
    # script with a small x-height (Naskh) is set larger to read as the same size
    script_sizes: dict[Language, Annotated[float, Field(ge=1, le=1.5)]] = {}
    # the paper's thickness: a booklet's pages move toward the fold by this much for every
    # sheet folded around theirs (creep)
    paper_mm: Annotated[float, Field(ge=0, le=0.5)] = 0.1

    def script_size(self, language: str) -> float:
        """The factor for *language*'s body size: the brand's for its tag or base language,
        else its script's (1 for Latin scripts, 1.125 for Arabic)."""
        known = profile(language)
        tag = next((tag for tag in known.tags if tag in self.script_sizes), None)
        return self.script_sizes[tag] if tag else known.size_factor


class QualityMark(Strict):
    """A quality mark the brand is certified for: printed in the colophon and on the web page
    only until ``certified_until`` (LP630 warns before, LP631 once it has passed)."""

    name: Localized  # what the mark says, e.g. "Certified member of …"
    image: Text | None = None  # the mark's image, a file in the brand folder
    certified_until: dt.date


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
    formats: list[FormatName] = [DEFAULT_FORMAT]
    body_size_pt: Annotated[float, Field(ge=11, le=14)] = 12
    press_profile: Text | None = None  # the print shop's CMYK ICC profile, relative path
    # press colours: the brand's own and the alert colours of urgent boxes (formats.py)
    cmyk: dict[PressColour, CmykValue] = {}
    footer_contact: bool = False  # a short contact line in every page's footer
    vcard_qr: bool = False  # a QR code in the contact block that adds it to a phone
    large_print_size_pt: Annotated[float, Field(ge=16, le=18)] = 16
    readability: ReadabilitySettings = ReadabilitySettings()
    review: ReviewPolicy = ReviewPolicy()
    approvals: ApprovalPolicy = ApprovalPolicy()
    routes: ContactPolicy = ContactPolicy()
    records: RecordPolicy = RecordPolicy()
    disclaimer: Localized | None = None  # printed in every leaflet's colophon
    quality_mark: QualityMark | None = None  # printed while the certification lasts
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None  # for the emergency number
    rules: dict[RuleCode, RuleLevel] = {}  # a rule's level: error, warning or off
    print: PrintOptions = PrintOptions()
