"""Contact points: who a patient can call or write to, kept once per brand.

``styles/<brand>/contacts.yaml`` holds named contact points. Labels, hours and
other words are given per language; phone numbers are validated and formatted
for their country with ``phonenumbers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import phonenumbers
from pydantic import Field, field_validator

from .errors import ContentError, Problem
from .models import Identifier, Language, Strict, Text, Url
from .validate import validate
from .yamlsource import YamlDocument, load_yaml

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
    address: Localised | None = None
    feedback: Localised | None = None


class ContactBook(Strict):
    """``styles/<brand>/contacts.yaml``."""

    contacts: dict[Identifier, Contact] = Field(min_length=1)


@dataclass(frozen=True)
class ResolvedPhone:
    label: str
    display: str
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
    address: str | None
    feedback: str | None


@dataclass(frozen=True)
class LoadedContacts:
    book: ContactBook
    document: YamlDocument

    def resolve(self, contact_id: str, language: str) -> ResolvedContact:
        """*contact_id* in *language*; a missing translation is a located error."""
        contact = self.book.contacts[contact_id]
        problems: list[Problem] = []
        base = ("contacts", contact_id)

        def text(value: Localised | None, *loc: str | int) -> str | None:
            if value is None or isinstance(value, str):
                return value
            if language in value:
                return value[language]
            problems.append(
                self.document.problem(
                    (*base, *loc), f"no text for language '{language}' (has {', '.join(value)})"
                )
            )
            return next(iter(value.values()))

        def phone(entry: Phone, *loc: str | int) -> ResolvedPhone:
            parsed = phonenumbers.parse(entry.number, None)
            return ResolvedPhone(
                label=text(entry.label, *loc, "label") or "",
                display=phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL
                ),
                tel=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966),
                hours=text(entry.hours, *loc, "hours"),
            )

        resolved = ResolvedContact(
            id=contact_id,
            organisation=text(contact.organisation, "organisation") or "",
            department=text(contact.department, "department"),
            phones=[phone(entry, "phones", i) for i, entry in enumerate(contact.phones)],
            urgent=phone(contact.urgent, "urgent") if contact.urgent else None,
            email=contact.email,
            web=contact.web,
            address=text(contact.address, "address"),
            feedback=text(contact.feedback, "feedback"),
        )
        if problems:
            raise ContentError(problems)
        return resolved


def load_contacts(brand_dir: Path) -> LoadedContacts:
    """Read and validate ``contacts.yaml`` of a brand."""
    document = load_yaml(brand_dir / "contacts.yaml")
    book = validate(document, ContactBook)
    problems = [
        document.problem(("contacts", name), "a contact needs at least one phone number or e-mail")
        for name, contact in book.contacts.items()
        if not contact.phones and not contact.urgent and not contact.email
    ]
    if problems:
        raise ContentError(problems)
    return LoadedContacts(book, document)
