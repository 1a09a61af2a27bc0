"""Contact points and clinics: who a patient can call or write to, kept once per brand.

``styles/<brand>/contacts.yaml`` holds the brand's named contact points and the
clinics that hand out its leaflets. It is data, not part of any leaflet: one
phone number changes in one place, every leaflet and clinic edition follows,
and each contact point is checked once (phone numbers, translations).

Words (labels, opening hours, directions) are given per language; numbers are
validated with ``phonenumbers`` and written for the reader:

* a reader whose language belongs to the number's country sees the national
  form ("020 555 0140" for a Dutch reader of a Dutch hospital's leaflet), and for
  the urgent line the international form as well, for calls from abroad;
* any other reader sees the international form ("+31 20 555 0140"), which can be
  dialled from anywhere;
* ``tel:`` links and the vCard always use the international (E.164) number.

The reader's country is the likely country of the leaflet's language ('nl' → NL,
'da' → DK, 'fr' → FR); a language tag with a region ('fr-BE') names it exactly.
The same rule decides whether an address shows its country.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import phonenumbers
from markupsafe import Markup
from pydantic import BeforeValidator, Field, field_validator

from leafprint.errors import ContentError, Problem
from leafprint.languages import locale_for, profile, reader_country
from leafprint.yamlsource import Location, YamlDocument, field_path, load_yaml

from .models import LANGUAGE_TAG, Identifier, Language, Strict, Text, Url
from .typography import EMAIL, linkify
from .validate import validate

Localised = Text | dict[Language, Text]
Email = Annotated[str, Field(pattern=f"^{EMAIL}$")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


def _quoted_postcode(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            f'write the postcode in quotes, e.g. "{value}" (a bare number loses leading zeros)'
        )
    return value


Postcode = Annotated[str, BeforeValidator(_quoted_postcode), Field(min_length=1)]

# The general emergency number of a country (ambulance, fire, police), printed beside a
# leaflet's urgent route: 112 in the European Union and many other countries.
EU_112 = (
    "AT BE BG CH CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK"
)
EMERGENCY_NUMBERS = {
    **dict.fromkeys(EU_112.split(" "), "112"),
    **{"GB": "999", "US": "911", "CA": "911", "AU": "000", "NZ": "111"},
}

# Countries that write the city before the postcode ("London SW1A 1AA").
CITY_FIRST = {"GB", "IE", "US", "CA", "AU", "NZ"}
# A printed QR code: at least 20 mm across without its quiet zone, modules at least 0.4 mm.


class Phone(Strict):
    label: Localised
    number: Text
    hours: Localised | None = None

    @field_validator("number")
    @classmethod
    def _valid_number(cls, number: str) -> str:
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            raise ValueError(
                f"'{number}' is not a phone number in international form, e.g. '+31 20 555 0140'"
            ) from None
        if not phonenumbers.is_valid_number(parsed):
            raise ValueError(f"'{number}' is not a valid phone number")
        return number


class Address(Strict):
    street: Text  # "Havenlaan 12" or "Postbus 9000": as written on letters and signs
    postcode: Postcode | None = None
    city: Text
    country: CountryCode  # ISO 3166 code; its name is written in the reader's language
    directions: Localised | None = None  # "Entrance B, route 42"

    @field_validator("country")
    @classmethod
    def _known_country(cls, code: str) -> str:
        if code not in locale_for("en").territories:
            raise ValueError(f"'{code}' is not an ISO 3166 country code such as 'NL' or 'DK'")
        return code


def _address_mapping(value: object) -> object:
    if isinstance(value, str):
        raise ValueError(
            "write the address as a mapping: street, postcode, city and country, e.g. "
            "{street: Havenlaan 12, postcode: 1099 ZZ, city: Westerhaven, country: NL}"
        )
    return value


AddressField = Annotated[Address, BeforeValidator(_address_mapping)]


class Contact(Strict):
    organisation: Localised
    department: Localised | None = None
    phones: list[Phone] = []
    urgent: Phone | None = None  # the urgent or after-hours line, shown most prominently
    email: Email | None = None
    web: Url | None = None
    visiting_address: AddressField | None = None
    postal_address: AddressField | None = None
    feedback: Localised | None = None  # how to give compliments or complain
    verified: dt.date | None = None  # when the numbers and addresses were last checked


class Clinic(Strict):
    """A clinic that hands out leaflets: its own edition with its own contact."""

    name: Localised
    contact: Identifier
    logo: Text | None = None  # co-branding: a second logo, relative to the brand folder


class ContactBook(Strict):
    """``styles/<brand>/contacts.yaml``."""

    contacts: dict[Identifier, Contact] = Field(min_length=1)
    clinics: dict[Identifier, Clinic] = {}


@dataclass(frozen=True)
class ResolvedPhone:
    label: str
    national: str  # "020 555 0140"
    international: str  # "+31 20 555 0140"
    e164: str  # "+31205550140"
    tel: str  # "tel:+31-20-555-0140"
    hours: str | None
    home: bool  # the reader lives in the number's country

    @property
    def display(self) -> str:
        """The form this reader dials: national at home, international otherwise."""
        return self.national if self.home else self.international


@dataclass(frozen=True)
class ResolvedAddress:
    street: str
    postcode: str | None
    city: str
    country: str  # ISO code
    country_name: str | None  # in the reader's language; None when the reader lives there
    directions: str | None

    @property
    def lines(self) -> list[str]:
        place = [self.postcode, self.city]
        if self.country in CITY_FIRST:
            place.reverse()
        # the postcode and city make one unit, never broken over two lines
        town = "\u00a0".join(p.replace(" ", "\u00a0") for p in place if p)
        lines = [self.street, town]
        return lines + ([self.country_name] if self.country_name else [])

    @property
    def directed_lines(self) -> list[tuple[str, str]]:
        """Each line with its own direction: a Dutch street stays left-to-right in Arabic."""
        return [(line, text_direction(line)) for line in self.lines]


@dataclass(frozen=True)
class ResolvedContact:
    """A contact point with every text in one language and numbers formatted."""

    id: str
    organisation: str
    department: str | None
    phones: list[ResolvedPhone]
    urgent: ResolvedPhone | None
    email: str | None
    web: str | None
    visiting_address: ResolvedAddress | None
    postal_address: ResolvedAddress | None
    feedback: str | None

    @property
    def first_phone(self) -> ResolvedPhone | None:
        return self.phones[0] if self.phones else self.urgent

    @property
    def feedback_html(self) -> Markup | None:
        """The feedback text with e-mail and web addresses as links."""
        return linkify(self.feedback) if self.feedback else None


@dataclass(frozen=True)
class ResolvedClinic:
    id: str
    name: str
    logo: Path | None


@dataclass(frozen=True)
class LoadedContacts:
    book: ContactBook
    document: YamlDocument
    folder: Path
    _resolved: dict[tuple[str, str, str | None], ResolvedContact] = field(
        default_factory=dict, compare=False, repr=False
    )

    def resolve(
        self, contact_id: str, language: str, fallback: str | None = None
    ) -> ResolvedContact:
        """*contact_id* in *language* (else *fallback*); a text in neither is a located error.

        Each contact is resolved once per language (every leaflet and edition shares it).
        """
        key = (contact_id, language, fallback)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(contact_id, language, fallback)
        return self._resolved[key]

    def _resolve(self, contact_id: str, language: str, fallback: str | None) -> ResolvedContact:
        contact = self.book.contacts[contact_id]
        texts = _Texts(self.document, ("contacts", contact_id), language, fallback)
        country = reader_country(language)

        def phone(entry: Phone, *loc: str | int) -> ResolvedPhone:
            parsed = phonenumbers.parse(entry.number, None)
            fmt = phonenumbers.PhoneNumberFormat
            return ResolvedPhone(
                label=texts.get(entry.label, *loc, "label") or "",
                national=phonenumbers.format_number(parsed, fmt.NATIONAL),
                international=phonenumbers.format_number(parsed, fmt.INTERNATIONAL),
                e164=phonenumbers.format_number(parsed, fmt.E164),
                tel=phonenumbers.format_number(parsed, fmt.RFC3966),
                hours=texts.get(entry.hours, *loc, "hours"),
                home=phonenumbers.region_code_for_number(parsed) == country,
            )

        def address(entry: Address | None, name: str) -> ResolvedAddress | None:
            if entry is None:
                return None
            return ResolvedAddress(
                street=entry.street,
                postcode=entry.postcode,
                city=entry.city,
                country=entry.country,
                country_name=None
                if entry.country == country
                else locale_for(language).territories.get(entry.country, entry.country),
                directions=texts.get(entry.directions, name, "directions"),
            )

        resolved = ResolvedContact(
            id=contact_id,
            organisation=texts.get(contact.organisation, "organisation") or "",
            department=texts.get(contact.department, "department"),
            phones=[phone(entry, "phones", i) for i, entry in enumerate(contact.phones)],
            urgent=phone(contact.urgent, "urgent") if contact.urgent else None,
            email=contact.email,
            web=contact.web,
            visiting_address=address(contact.visiting_address, "visiting_address"),
            postal_address=address(contact.postal_address, "postal_address"),
            feedback=texts.get(contact.feedback, "feedback"),
        )
        texts.raise_problems()
        return resolved

    def clinic(self, clinic_id: str, language: str, fallback: str | None = None) -> ResolvedClinic:
        clinic = self.book.clinics[clinic_id]
        texts = _Texts(self.document, ("clinics", clinic_id), language, fallback)
        name = texts.get(clinic.name, "name") or clinic_id
        texts.raise_problems()
        return ResolvedClinic(clinic_id, name, self.folder / clinic.logo if clinic.logo else None)

    def untranslated(self, base: Location, language: str) -> list[str]:
        """Field paths below *base* whose per-language texts lack *language*."""
        found: list[str] = []
        _untranslated(_at(self.document.data, base), base, language, found)
        return found


def _at(data: Any, loc: Location) -> Any:
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _untranslated(data: Any, loc: Location, language: str, found: list[str]) -> None:
    if (
        isinstance(data, dict)
        and data
        and all(
            isinstance(k, str) and LANGUAGE_TAG.match(k) and isinstance(v, str)
            for k, v in data.items()
        )
    ):
        if not any(tag in data for tag in profile(language).tags):
            found.append(field_path(loc))
    elif isinstance(data, dict):
        for key, value in data.items():
            _untranslated(value, (*loc, key), language, found)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _untranslated(value, (*loc, index), language, found)


class _Texts:
    """Picks the text of one language from localised values, noting what is missing."""

    def __init__(
        self, document: YamlDocument, base: Location, language: str, fallback: str | None = None
    ) -> None:
        self.document, self.base, self.language = document, base, language
        self.fallback = fallback
        self.problems: list[Problem] = []

    def get(self, value: Localised | None, *loc: str | int) -> str | None:
        if value is None or isinstance(value, str):
            return value
        wanted = (*profile(self.language).tags, self.fallback)  # 'fr-BE', 'fr'
        for language in wanted:
            if language is not None and language in value:
                return value[language]
        self.problems.append(
            self.document.problem(
                (*self.base, *loc),
                f"no text for language '{self.language}' (has {', '.join(value)})",
            )
        )
        return next(iter(value.values()))

    def raise_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def phone_number(number: str, language: str, label: str = "") -> ResolvedPhone:
    """A number given in the content (an urgent callout's), written for a reader of
    *language*."""
    parsed = phonenumbers.parse(number, None)
    fmt = phonenumbers.PhoneNumberFormat
    return ResolvedPhone(
        label=label,
        national=phonenumbers.format_number(parsed, fmt.NATIONAL),
        international=phonenumbers.format_number(parsed, fmt.INTERNATIONAL),
        e164=phonenumbers.format_number(parsed, fmt.E164),
        tel=phonenumbers.format_number(parsed, fmt.RFC3966),
        hours=None,
        home=phonenumbers.region_code_for_number(parsed) == reader_country(language),
    )


def text_direction(text: str) -> str:
    """'rtl' or 'ltr': the direction of the first strongly directional character."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in {"R", "AL"}:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def load_contacts(brand_dir: Path) -> LoadedContacts:
    """Read and validate ``contacts.yaml`` of a brand; report every problem at once."""
    document = load_yaml(brand_dir / "contacts.yaml")
    book = validate(document, ContactBook)
    problems = [
        document.problem(("contacts", name), "a contact needs at least one phone number or e-mail")
        for name, contact in book.contacts.items()
        if not contact.phones and not contact.urgent and not contact.email
    ]
    for name, clinic in book.clinics.items():
        if clinic.contact not in book.contacts:
            problems.append(
                document.problem(
                    ("clinics", name, "contact"),
                    f"no contact '{clinic.contact}' under contacts "
                    f"(known: {', '.join(book.contacts)})",
                )
            )
        if clinic.logo and not (brand_dir / clinic.logo).is_file():
            problems.append(
                document.problem(("clinics", name, "logo"), f"file not found: {clinic.logo}")
            )
    if problems:
        raise ContentError(problems)
    return LoadedContacts(book, document, brand_dir)
