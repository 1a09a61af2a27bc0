"""Editions: the same leaflet handed out by several clinics, each with its own contact.

Every leaflet has the brand's general edition (the brand's default contact, or the
leaflet's ``contact``); ``editions:`` in ``leaflet.yaml`` adds one edition per clinic
listed in the brand's ``contacts.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .brands import Brand
from .contacts import ResolvedClinic, ResolvedContact, ResolvedPhone, vcard_qr
from .content import Leaflet
from .errors import ContentError, LeafletError, Problem
from .formats import Format
from .resolve import Page

GENERAL_EDITION = "general"  # the brand's own edition, with its general contact


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
    contact = brand.contacts.resolve(edition.contact_id, language)
    clinic = brand.contacts.clinic(edition.id, language) if edition.id else None
    return contact, clinic


@dataclass(frozen=True)
class FooterContact:
    """The short contact line a brand may want at the foot of every page."""

    label: str  # "Contact"
    phone: ResolvedPhone
    urgent_label: str | None  # "Urgent"
    urgent: ResolvedPhone | None


def edition_extras(
    page: Page, brand: Brand, clinic: ResolvedClinic | None, fmt: Format
) -> dict[str, Any]:
    """What a clinic edition and the brand's contact options add to the page.

    ``edition_label`` and ``masthead`` name the clinic; ``co_logo`` is its logo
    (the masthead then shows both logos and no name); ``footer_contact`` is a
    :class:`FooterContact` (brand option ``footer_contact``); ``vcard`` a
    :class:`~leafprint.contacts.ContactCard` (brand option ``vcard_qr``, formats
    with QR codes only).
    """
    extras: dict[str, Any] = {}
    extras["edition_code"] = page.code
    if clinic is not None:
        extras["edition_label"] = clinic.name
        extras["edition_code"] = f"{page.code}-{clinic.id.upper()}"  # names the edition
        extras["masthead"] = clinic.name
        if clinic.logo is not None:
            extras["co_logo"] = clinic.logo.resolve().as_uri()
            extras["masthead"] = None  # the two logos say it
    contact = page.contact
    first = contact.first_phone
    if brand.meta.footer_contact and first is not None:
        urgent = contact.urgent if contact.urgent is not first else None
        extras["footer_contact"] = FooterContact(
            page.labels.contact, first, page.labels.urgent if urgent else None, urgent
        )
    if brand.meta.vcard_qr and fmt.qr_code:
        extras["vcard"] = vcard_qr(contact, page.label("save_contact"))
        extras["vcard_column"] = _shorter_column(contact)
    return extras


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
