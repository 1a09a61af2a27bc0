"""Editions: the same leaflet handed out by several clinics, each with its own contact.

Every leaflet has the brand's general edition (the brand's default contact, or the
leaflet's ``contact``); ``editions:`` in ``leaflet.yaml`` adds one edition per clinic
listed in the brand's ``contacts.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leafprint.errors import ContentError, LeafletError, Problem

from .brands import Brand
from .codes import GENERAL_EDITION as GENERAL_EDITION  # named where codes are made
from .codes import code_suffix
from .contacts import EMERGENCY_NUMBERS, ResolvedClinic, ResolvedContact, ResolvedPhone
from .labels import Labels
from .leaflets import Leaflet
from .vcard import ContactCard, vcard_qr


@dataclass(frozen=True)
class Edition:
    id: str | None  # None: the general edition
    contact_id: str

    @property
    def name(self) -> str:
        return self.id or GENERAL_EDITION


def editions_of(leaflet: Leaflet, brand: Brand) -> list[Edition]:
    """The general edition and one per clinic; every contact checked in every language.

    Problems are found here, once per leaflet, rather than once per PDF.
    """
    book = brand.contacts.book
    problems: list[Problem] = []
    general = leaflet.meta.contact or brand.meta.contact
    if general not in book.contacts:
        problems.append(
            leaflet.document.problem(
                ("contact",),
                f"no contact '{general}' in {brand.id}'s contacts.yaml "
                f"(known: {', '.join(book.contacts)})",
            )
        )
    editions = [Edition(None, general)]
    for index, clinic_id in enumerate(leaflet.meta.editions):
        if clinic_id not in book.clinics:
            known = ", ".join(book.clinics) or "none"
            problems.append(
                leaflet.document.problem(
                    ("editions", index), f"unknown clinic '{clinic_id}' (known: {known})"
                )
            )
        else:
            editions.append(Edition(clinic_id, book.clinics[clinic_id].contact))
    if problems:
        raise ContentError(problems)
    for edition in editions:
        for language in leaflet.versions:
            try:
                resolve_edition(brand, edition, language)
            except LeafletError as error:
                problems += [p for p in error.problems if p not in problems]
    if problems:
        raise ContentError(problems)
    return editions


def unknown_editions(requested: list[str], clinics: set[str], where: Path) -> list[Problem]:
    """Problems for ``--edition`` names that no leaflet built has (typos, mostly)."""
    known = ", ".join([GENERAL_EDITION, *sorted(clinics)])
    return [
        Problem.at(where, "--edition", f"no leaflet has the edition '{name}' (editions: {known})")
        for name in requested
        if name != GENERAL_EDITION and name not in clinics
    ]


def resolve_edition(
    brand: Brand, edition: Edition, language: str
) -> tuple[ResolvedContact, ResolvedClinic | None]:
    """The contact (and clinic, for a clinic edition) of *edition* in *language*."""
    fallback = brand.meta.fallback_language
    contact = brand.contacts.resolve(edition.contact_id, language, fallback)
    clinic = brand.contacts.clinic(edition.id, language, fallback) if edition.id else None
    return contact, clinic


@dataclass(frozen=True)
class FooterContact:
    """The short contact line a brand may want at the foot of every page."""

    label: str  # "Contact"
    phone: ResolvedPhone
    urgent_label: str | None  # "Urgent"
    urgent: ResolvedPhone | None


@dataclass(frozen=True)
class EditionView:
    """What an edition shows in one language: its contact block, and a clinic's name and logo.

    ``masthead`` names the clinic or department (None when a co-logo says it);
    ``footer_contact`` is the brand option ``footer_contact``; ``vcard`` the brand
    option ``vcard_qr``, placed under the shorter column of the contact block.
    """

    contact: ResolvedContact
    label: str | None  # the clinic's name on a clinic edition
    code_suffix: str  # added to the leaflet code to name language and edition: "-NL-OOSTMEER"
    masthead: str | None
    co_logo: str | None
    footer_contact: FooterContact | None
    vcard: ContactCard | None
    vcard_column: str
    emergency: str | None = None  # "In a life-threatening emergency, call 112."


def edition_view(brand: Brand, edition: Edition, language: str, labels: Labels) -> EditionView:
    """The :class:`EditionView` of *edition* in *language*."""
    contact, clinic = resolve_edition(brand, edition, language)
    masthead: str | None = contact.department or contact.organisation
    co_logo = None
    if clinic is not None:
        masthead = clinic.name
        if clinic.logo is not None:
            co_logo = clinic.logo.resolve().as_uri()
            masthead = None  # the two logos say it
    footer = None
    first = contact.first_phone
    if brand.meta.footer_contact and first is not None:
        urgent = contact.urgent if contact.urgent is not first else None
        footer = FooterContact(labels.contact, first, labels.urgent if urgent else None, urgent)
    vcard = vcard_qr(contact, labels.save_contact) if brand.meta.vcard_qr else None
    return EditionView(
        contact=contact,
        label=clinic.name if clinic else None,
        code_suffix=code_suffix(language, edition.id),
        masthead=masthead,
        co_logo=co_logo,
        footer_contact=footer,
        vcard=vcard,
        vcard_column=_shorter_column(contact),
        emergency=_emergency(brand, contact, labels),
    )


def _emergency(brand: Brand, contact: ResolvedContact, labels: Labels) -> str | None:
    """The emergency sentence of the contact's country (its visiting address, else the
    brand's ``country``): printed with the urgent route and urgent callouts."""
    address = contact.visiting_address
    country = address.country if address else brand.meta.country
    number = EMERGENCY_NUMBERS.get(country or "")
    return labels.emergency.format(number=number) if number else None


def _shorter_column(contact: ResolvedContact) -> str:
    """Which column of the contact block has room for the vCard: 'numbers' or 'addresses'.

    A rough count of lines (a column holds about 30 characters): the QR code goes
    under the shorter column, so that the block stays short enough for an A5 page.
    """

    def rows(text: str | None) -> int:
        return -(-len(text) // 30) if text else 0

    numbers = sum(rows(p.label) + 1.3 + rows(p.hours) for p in contact.phones)
    addresses = sum(
        1 + len(address.lines) + rows(address.directions)
        for address in (contact.visiting_address, contact.postal_address)
        if address is not None
    )
    return "numbers" if numbers < addresses or not addresses else "addresses"
