"""Contact points and clinics: who a patient can call or write to, kept once per brand.

``styles/<brand>/contacts.yaml`` holds named contact points and the clinics that
hand out the brand's leaflets. Labels, hours and other words are given per
language; phone numbers are validated with ``phonenumbers`` and shown in the
national form when the reader's language belongs to the number's country
("020 555 0140" for a Dutch reader) and in international form otherwise
("+31 20 555 0140").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import phonenumbers
from babel.core import get_global
from pydantic import Field, field_validator

from .errors import ContentError, Problem
from .models import Identifier, Language, Strict, Text, Url
from .validate import validate
from .yamlsource import Location, YamlDocument, load_yaml

Localised = Text | dict[Language, Text]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]


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


class Contact(Strict):
    organisation: Localised
    department: Localised | None = None
    phones: list[Phone] = []
    urgent: Phone | None = None
    email: Email | None = None
    web: Url | None = None
    visiting_address: Localised | None = None
    postal_address: Localised | None = None
    feedback: Localised | None = None


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
    display: str
    international: str
    tel: str
    hours: str | None


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
    visiting_address: str | None
    postal_address: str | None
    feedback: str | None

    @property
    def first_phone(self) -> ResolvedPhone | None:
        return self.phones[0] if self.phones else self.urgent


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

    def resolve(self, contact_id: str, language: str) -> ResolvedContact:
        """*contact_id* in *language*; a missing translation is a located error."""
        contact = self.book.contacts[contact_id]
        texts = _Texts(self.document, ("contacts", contact_id), language)

        def phone(entry: Phone, *loc: str | int) -> ResolvedPhone:
            parsed = phonenumbers.parse(entry.number, None)
            international = phonenumbers.format_number(
                parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
            national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
            home = phonenumbers.region_code_for_number(parsed) == _country(language)
            return ResolvedPhone(
                label=texts.get(entry.label, *loc, "label") or "",
                display=national if home else international,
                international=international,
                tel=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966),
                hours=texts.get(entry.hours, *loc, "hours"),
            )

        resolved = ResolvedContact(
            id=contact_id,
            organisation=texts.get(contact.organisation, "organisation") or "",
            department=texts.get(contact.department, "department"),
            phones=[phone(entry, "phones", i) for i, entry in enumerate(contact.phones)],
            urgent=phone(contact.urgent, "urgent") if contact.urgent else None,
            email=contact.email,
            web=contact.web,
            visiting_address=texts.get(contact.visiting_address, "visiting_address"),
            postal_address=texts.get(contact.postal_address, "postal_address"),
            feedback=texts.get(contact.feedback, "feedback"),
        )
        texts.raise_problems()
        return resolved

    def clinic(self, clinic_id: str, language: str) -> ResolvedClinic:
        clinic = self.book.clinics[clinic_id]
        texts = _Texts(self.document, ("clinics", clinic_id), language)
        name = texts.get(clinic.name, "name") or clinic_id
        texts.raise_problems()
        return ResolvedClinic(clinic_id, name, self.folder / clinic.logo if clinic.logo else None)


class _Texts:
    """Picks the text of one language from localised values, noting what is missing."""

    def __init__(self, document: YamlDocument, base: Location, language: str) -> None:
        self.document, self.base, self.language = document, base, language
        self.problems: list[Problem] = []

    def get(self, value: Localised | None, *loc: str | int) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if self.language in value:
            return value[self.language]
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


def _country(language: str) -> str | None:
    """The country a language is most likely read in: 'nl' → 'NL', 'da' → 'DK'."""
    parts = language.replace("-", "_").split("_")
    if len(parts) > 1 and parts[-1].isupper():
        return parts[-1]
    likely = get_global("likely_subtags").get(parts[0], "")
    return likely.split("_")[-1] if likely else None


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
