"""A contact point as a vCard, and the QR code that adds it to a phone's address book."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .contacts import ResolvedContact
from .qr import print_size_mm, qr_svg


@dataclass(frozen=True)
class ContactCard:
    """A vCard QR code as inline SVG and the printed width (mm) it needs."""

    svg: Markup
    size_mm: float


def vcard_data(contact: ResolvedContact) -> str:
    """A vCard that adds *contact* to a phone's address book (numbers in E.164)."""
    from segno import helpers  # imported when a card is made

    name = contact.department or contact.organisation
    numbers = [phone.e164 for phone in contact.phones]
    if contact.urgent:
        numbers.append(contact.urgent.e164)
    address = contact.visiting_address
    return str(
        helpers.make_vcard_data(
            name=name.replace(";", ","),
            displayname=name,
            org=contact.organisation,
            email=contact.email,
            phone=numbers or None,
            url=contact.web,
            memo=f"{contact.urgent.label}: {contact.urgent.international}"
            if contact.urgent
            else None,
            street=address.street if address else None,
            zipcode=address.postcode if address else None,
            city=address.city if address else None,
            country=address.country if address else None,
        )
    )


def vcard_qr(contact: ResolvedContact, title: str) -> ContactCard:
    """A QR code with *contact*'s vCard, sized to scan well in print.

    The symbol is at least 20 mm across (modules at least 0.5 mm, easy for older phones) and keeps a
    quiet zone of four modules on every side, part of the returned size.
    """
    data = vcard_data(contact)
    return ContactCard(qr_svg(data, title), print_size_mm(data))
