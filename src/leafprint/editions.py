"""Editions: the same leaflet handed out by several clinics, each with its own contact.

Every leaflet has the brand's general edition (the brand's default contact, or the
leaflet's ``contact``); ``editions:`` in ``leaflet.yaml`` adds one edition per clinic
listed in the brand's ``contacts.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .brands import Brand
from .contacts import ResolvedClinic, ResolvedContact
from .content import Leaflet
from .errors import ContentError, LeafletError, Problem

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


def resolve_edition(
    brand: Brand, edition: Edition, language: str
) -> tuple[ResolvedContact, ResolvedClinic | None]:
    """The contact (and clinic, for a clinic edition) of *edition* in *language*."""
    contact = brand.contacts.resolve(edition.contact_id, language)
    clinic = brand.contacts.clinic(edition.id, language) if edition.id else None
    return contact, clinic
